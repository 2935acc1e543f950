from django.urls import path

from fagopplaering import views

app_name = "fagopplaering"
urlpatterns = [
    path("", views.index, name="index"),
]
