"""Crafted query strings and paths (red-team finding 7): 400/404 in Norwegian, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from vigo.models import Rolle


def _urler_uten_argumenter(resolver=None, prefiks="") -> list[str]:
    """Every URL pattern that takes no arguments (the pages a probe can reach without knowing an id)."""
    resolver = resolver or get_resolver()
    ut = []
    for p in resolver.url_patterns:
        rute = str(p.pattern)
        if "<" in rute or "(?P" in rute or rute.startswith("^"):
            continue
        if isinstance(p, URLResolver):
            ut += _urler_uten_argumenter(p, prefiks + rute)
        elif isinstance(p, URLPattern):
            ut.append("/" + prefiks + rute)
    return sorted(set(ut))


ONDE_SPORRINGER = [
    "q=%00",
    "fylke=%00",
    "side=99999999999999999999999",
    "start__year=99999999999999999999999",
    "skolear=-99999999999999999999",
    "q=a%01b",
    "%00=1",
]


@pytest.mark.django_db
@pytest.mark.parametrize("rolle", [None, Rolle.SYSADMIN, Rolle.INNTAK])
def test_ingen_side_gir_500_pa_ondsinnet_sporring(brukere, rolle):
    klient = Client(raise_request_exception=False)
    if rolle:
        klient.force_login(brukere["A"][rolle])
    urler = [u for u in _urler_uten_argumenter() if not u.startswith(("/logg-ut", "/static"))]
    assert "/personer/" in urler and "/inntak/poenggrenser/" in urler
    for url in urler:
        for sporring in ONDE_SPORRINGER:
            svar = klient.get(f"{url}?{sporring}")
            assert svar.status_code < 500, (url, sporring, svar.status_code)


@pytest.mark.django_db
def test_nul_byte_gir_400_med_norsk_melding(brukere):
    klient = Client()
    klient.force_login(brukere["A"][Rolle.INNTAK])
    svar = klient.get("/personer/?q=%00")
    assert svar.status_code == 400
    assert "ugyldige tegn" in svar.content.decode()
    assert Client().get("/inntak/poenggrenser/?fylke=%00").status_code == 400


@pytest.mark.django_db
def test_absurde_tall_gir_400(brukere):
    klient = Client()
    klient.force_login(brukere["A"][Rolle.SYSADMIN])
    svar = klient.get("/admin/arshjul/hendelse/?start__year=99999999999999999999999")
    assert svar.status_code == 400
    assert "gyldig tall" in svar.content.decode()


def test_api_far_json_feil():
    svar = Client().get("/api/v1/poengkalkulator?x=%00")
    assert svar.status_code == 400
    assert svar["Content-Type"].startswith("application/json")
    assert "ugyldige tegn" in svar.json()["detail"]


@pytest.mark.parametrize(
    "sti",
    ["/static/%2e%2e/vigo/settings/base.py", "/static/../manage.py", "/static/css/%2e%2e/%2e%2e/README.md"],
)
def test_traversering_under_static_gir_404(sti):
    svar = Client(raise_request_exception=False).get(sti)
    assert svar.status_code == 404


@pytest.mark.django_db
def test_vanlige_sok_slipper_gjennom(brukere):
    klient = Client()
    klient.force_login(brukere["A"][Rolle.INNTAK])
    assert klient.get("/personer/?q=Nordmann&side=2").status_code == 200
    assert klient.get("/personer/?q=12345678901").status_code == 200
