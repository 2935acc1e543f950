from django.urls import path

from vigo.idporten import views

app_name = "idporten"
urlpatterns = [
    path("", views.innlogging, name="innlogging"),
    path("start/", views.start, name="start"),
    path("tilbake/", views.tilbake, name="tilbake"),
    path("testid/", views.testid, name="testid"),
    path("logg-ut/", views.logg_ut, name="logg_ut"),
    path("utlogget/", views.utlogget, name="utlogget"),
]
