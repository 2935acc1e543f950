"""Routes of the ad-hoc lists, included in ``rapporter.urls`` (namespace «rapporter:»)."""

from django.urls import path

from rapporter.adhoc import views

urlpatterns: list = [
    path("lister/", views.liste, name="lister"),
    path("lister/csv/", views.liste_csv, name="lister_csv"),
    path("lister/xlsx/", views.liste_xlsx, name="lister_xlsx"),
]
