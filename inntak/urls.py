from django.urls import path

from inntak import views

app_name = "inntak"
urlpatterns = [
    path("", views.index, name="index"),
]
