from django.urls import path

from rapporter.statistikk import views

# Included in rapporter/urls.py (namespace «rapporter:»).
urlpatterns = [
    path("statistikk/", views.index, name="statistikk"),
    path("statistikk/<slug:kode>/", views.figur, name="statistikk_figur"),
]
