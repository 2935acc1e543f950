from django.urls import path

from arshjul import views

app_name = "arshjul"
urlpatterns = [
    path("", views.index, name="index"),
]
