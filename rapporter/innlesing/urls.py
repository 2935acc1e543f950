from django.urls import path

from rapporter.innlesing import views

# Included in the «rapporter:» namespace by rapporter/urls.py.
urlpatterns = [
    path("leveranser/<int:pk>/tilbakemeldinger/", views.tilbakemeldinger, name="tilbakemeldinger"),
    path("leveranser/<int:pk>/tilbakemeldinger/ny/", views.last_opp, name="tilbakemelding_last_opp"),
    path("innlesing/privatskoler/", views.privatskole, name="privatskoleimport"),
]
