"""URLs of the intake API under /api/v1/ (included through ``vigo.api.domener``)."""

from django.urls import path

from inntak.api import soknader, views

urlpatterns = [
    path("tilbud", views.Tilbudliste.as_view(), name="api_tilbud"),
    path("inntak/resultater", views.Inntaksresultater.as_view(), name="api_inntaksresultater"),
    path("elevfag", views.Elevfagliste.as_view(), name="api_elevfagliste"),
    path("elevfag/<str:pk>", views.Elevfag.as_view(), name="api_elevfag"),
    path("karakterer", views.Karakterer.as_view(), name="api_karakterer"),
    path("karakterer/<str:pk>", views.Karakter.as_view(), name="api_karakter"),
    path("grunnskolekarakterer", views.Grunnskolekarakterer.as_view(), name="api_grunnskolekarakterer"),
    path("soknader", soknader.Soknadliste.as_view(), name="api_soknader"),
    path("soknader/<int:pk>", soknader.SoknadDetalj.as_view(), name="api_soknad"),
    path("soknader/<int:pk>/onsker", soknader.SoknadOnsker.as_view(), name="api_soknad_onsker"),
]
