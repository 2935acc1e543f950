from django.urls import path

from kodeverk import views

app_name = "kodeverk"
urlpatterns = [
    path("", views.index, name="index"),
]
