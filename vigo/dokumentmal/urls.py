"""URLs of the standard-document tool under /dokumentmaler/ (vigo/urls.py)."""

from django.urls import path

from vigo.dokumentmal import views

app_name = "dokumentmal"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("<str:kode>/", views.rediger, name="rediger"),
    path("<str:kode>/forhandsvis/", views.forhandsvis, name="forhandsvis"),
    path("<str:kode>/publiser/", views.publiser, name="publiser"),
    path("<str:kode>/versjoner/", views.versjoner, name="versjoner"),
    path("<str:kode>/versjoner/<int:versjon>/gjenopprett/", views.gjenopprett, name="gjenopprett"),
]
