"""Routes of «Inntak av voksne», included in the inntak namespace (``inntak:voksne`` …)."""

from django.urls import path

from inntak.voksen import views

urlpatterns = [
    path("voksne/", views.oversikt, name="voksne"),
    path("voksne/tildel/", views.tildel_ledige, name="voksne_tildel"),
    path("voksne/soknad/<int:pk>/tildel/", views.tildel, name="voksne_tildel_en"),
    path("voksne/plass/<int:pk>/status/", views.endre_status, name="voksne_status"),
]
