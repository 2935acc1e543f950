"""POST /api/v1/poengkalkulator (no auth, rate limited). Views: inntak/kalkulator_views.py."""

from django.urls import path

from inntak import kalkulator_views

urlpatterns = [path("", kalkulator_views.PoengkalkulatorApi.as_view(), name="poengkalkulator_api")]
