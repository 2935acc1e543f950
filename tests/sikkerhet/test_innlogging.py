"""Login lockout (red-team finding 6): per (user name, IP) and per IP across user names, in the UI and the admin."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from vigo.models import Rolle

RIKTIG = "Test-passord-123"


def _logg_inn(ip: str, brukernavn: str, passord: str, sti: str = "/logg-inn/"):
    klient = Client(REMOTE_ADDR=ip)
    svar = klient.post(sti, {"username": brukernavn, "password": passord})
    return klient, svar


def _inne(klient: Client) -> bool:
    return "_auth_user_id" in klient.session


@pytest.mark.django_db
def test_angriper_som_bare_kan_navnet_sperrer_ikke_brukeren_ute(brukere):
    navn = brukere["A"][Rolle.INNTAK].username
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _logg_inn("203.0.113.9", navn, "feil-passord")
    # The attacker's own address is locked, even with the right password ...
    klient, svar = _logg_inn("203.0.113.9", navn, RIKTIG)
    assert not _inne(klient)
    assert svar.status_code == 429
    # ... but the real user at the office logs in.
    klient, _ = _logg_inn("198.51.100.20", navn, RIKTIG)
    assert _inne(klient)


@pytest.mark.django_db
def test_admin_innlogging_sperres_likt(brukere):
    navn = brukere["A"][Rolle.FYLKESADMIN].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _logg_inn("203.0.113.10", navn, "feil-passord", "/admin/login/")
    klient, _ = _logg_inn("203.0.113.10", navn, RIKTIG, "/admin/login/")
    assert not _inne(klient)
    klient, _ = _logg_inn("198.51.100.21", navn, RIKTIG, "/admin/login/")
    assert _inne(klient)


@pytest.mark.django_db
def test_ett_passord_over_mange_brukernavn_stoppes_per_ip(brukere, settings):
    settings.AXES_IP_FAILURE_LIMIT = 8
    # Fewer tries per name than the pair limit, but many names from one address.
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        _logg_inn("203.0.113.11", f"gjett{i}", "Sommer2026!")
    klient, svar = _logg_inn("203.0.113.11", brukere["A"][Rolle.LESE].username, RIKTIG)
    assert not _inne(klient)
    assert "sperret" in svar.content.decode()
    # Other addresses are not affected.
    klient, _ = _logg_inn("198.51.100.22", brukere["A"][Rolle.LESE].username, RIKTIG)
    assert _inne(klient)


@pytest.mark.django_db
def test_vellykket_innlogging_nullstiller_ikke_ip_telleren(brukere, settings):
    """An attacker with one valid account must not clear the per-IP count between rounds of guessing."""
    settings.AXES_IP_FAILURE_LIMIT = 6
    egen = brukere["A"][Rolle.LESE].username
    for i in range(4):
        _logg_inn("203.0.113.12", f"offer{i}", "feil")
    klient, _ = _logg_inn("203.0.113.12", egen, RIKTIG)
    assert _inne(klient)
    for i in range(4, 6):
        _logg_inn("203.0.113.12", f"offer{i}", "feil")
    klient, _ = _logg_inn("203.0.113.12", egen, RIKTIG)
    assert not _inne(klient)


@pytest.mark.django_db
def test_noen_tastefeil_fra_samme_kontor_sperrer_ikke_kontoret(brukere):
    # Three colleagues behind one NAT address each mistype twice: nobody is locked out.
    for rolle in (Rolle.INNTAK, Rolle.LESE, Rolle.SKOLE):
        for _ in range(2):
            _logg_inn("192.0.2.50", brukere["A"][rolle].username, "feil")
    klient, _ = _logg_inn("192.0.2.50", brukere["A"][Rolle.INNTAK].username, RIKTIG)
    assert _inne(klient)


@pytest.mark.django_db
def test_bak_proxy_teller_klientens_adresse_og_ikke_en_forfalsket(brukere, settings):
    """Behind one trusted proxy the client is the last X-Forwarded-For entry; what the client wrote before it
    (a forged address) is ignored, so rotating a forged header does not escape the lockout."""
    settings.TRUSTED_PROXY_COUNT = 1
    navn = brukere["A"][Rolle.INNTAK].username
    for i in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.30").post(
            "/logg-inn/", {"username": navn, "password": "feil"}
        )
    angriper = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.30")
    angriper.post("/logg-inn/", {"username": navn, "password": RIKTIG})
    assert not _inne(angriper)
    ekte = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.30")
    ekte.post("/logg-inn/", {"username": navn, "password": RIKTIG})
    assert _inne(ekte)
