"""Public points calculator page (no login). Views: inntak/kalkulator_views.py."""

from django.urls import path

from inntak import kalkulator_views

urlpatterns = [path("", kalkulator_views.side, name="poengkalkulator")]
