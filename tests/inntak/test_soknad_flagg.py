"""Caseworkers set the søknad's priority flags (§ 4-14 tredje ledd, § 4-8) and see them on the søknad page; the
service writes the case log and history rows, and refuses users who may not change søknader or do not see it.
``Tilbud.statlig`` (§ 4-15) is set through the klasseordning service and shown on the tilbud page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inntak import services
from inntak.models import Soknad
from vigo.models import Rolle

pytestmark = pytest.mark.django_db

FLAGG = (
    "Særlige grunner (§ 4-14 tredje ledd)",
    "Samisk (§ 4-14 tredje ledd)",
    "Dokumentert flytting (§ 4-8)",
)


def test_tjenesten_skriver_logg_og_historikk(lag_soknad, brukere):
    s = lag_soknad()
    bruker = brukere["A"][Rolle.INNTAK]
    historikk = s.history.count()
    services.soknad.sett_prioritetsflagg(s, bruker=bruker, saerlige_grunner=True, flytting_dokumentert=True)
    s.refresh_from_db()
    assert (s.saerlige_grunner, s.samisk, s.flytting_dokumentert) == (True, False, True)
    assert s.history.count() == historikk + 1
    rad = s.logg.order_by("-pk").first()
    assert rad.handling == "endret" and rad.bruker == bruker
    assert "Særlige grunner (§ 4-14 tredje ledd): ja" in rad.tekst
    assert "Dokumentert flytting (§ 4-8): ja" in rad.tekst
    antall = s.logg.count()
    services.soknad.sett_prioritetsflagg(s, bruker=bruker, saerlige_grunner=True)  # no change: no rows
    assert s.logg.count() == antall and s.history.count() == historikk + 1


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE, Rolle.FYLKESADMIN])
def test_tjenesten_nekter_roller_uten_endringsrett(lag_soknad, brukere, rolle):
    s = lag_soknad()
    with pytest.raises(PermissionDenied):
        services.soknad.sett_prioritetsflagg(s, bruker=brukere["A"][rolle], samisk=True)
    s.refresh_from_db()
    assert not s.samisk and not s.logg.filter(handling="endret").exists()


def test_tjenesten_nekter_saksbehandler_i_annet_fylke(lag_soknad, brukere):
    s = lag_soknad()
    with pytest.raises(PermissionDenied):
        services.soknad.sett_prioritetsflagg(s, bruker=brukere["B"][Rolle.INNTAK], samisk=True)


def test_trukket_soknad_kan_ikke_endres(lag_soknad, brukere):
    s = lag_soknad()
    services.endre_status(s, "trukket")
    with pytest.raises(ValidationError):
        services.soknad.sett_prioritetsflagg(s, bruker=brukere["A"][Rolle.INNTAK], samisk=True)


def test_registrering_tar_med_flaggene_i_loggen(lag_soknad):
    s = lag_soknad(samisk=True)
    assert Soknad.objects.get(pk=s.pk).samisk
    assert "Samisk (§ 4-14 tredje ledd)" in s.logg.get(handling="registrert").tekst


def test_soknadssiden_viser_flaggene_bare_naar_de_er_satt(client, lag_soknad, brukere):
    s = lag_soknad()
    client.force_login(brukere["A"][Rolle.LESE])
    html = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert not any(f in html for f in FLAGG)  # neither shown nor offered as a form to a read-only user
    Soknad.objects.filter(pk=s.pk).update(saerlige_grunner=True, samisk=True, flytting_dokumentert=True)
    html = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert all(f in html for f in FLAGG)
    assert "Endre prioritet" not in html


def test_saksbehandler_endrer_flaggene_fra_soknadssiden(client, lag_soknad, brukere):
    s = lag_soknad()
    client.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("inntak:soknad", args=[s.pk])
    html = client.get(url).content.decode()
    assert "Endre prioritet" in html and 'name="flytting_dokumentert"' in html
    svar = client.post(url, {"handling": "prioritetsflagg", "flytting_dokumentert": "on"}, follow=True)
    assert svar.status_code == 200
    s.refresh_from_db()
    assert s.flytting_dokumentert and not s.saerlige_grunner
    assert "Prioriteten er lagret." in svar.content.decode()
    assert "Dokumentert flytting (§ 4-8)" in svar.content.decode()


def test_lesebruker_faar_403_ved_post(client, lag_soknad, brukere):
    s = lag_soknad()
    client.force_login(brukere["A"][Rolle.LESE])
    url = reverse("inntak:soknad", args=[s.pk])
    assert client.post(url, {"handling": "prioritetsflagg", "samisk": "on"}).status_code == 403
    assert client.post(url, {"handling": "noe-annet"}).status_code == 405
    s.refresh_from_db()
    assert not s.samisk


def test_statlig_tilbud_settes_i_klasseordningen_og_vises(client, inntak, brukere):
    t = inntak.t["hs"]
    services.endre_tilbud(t, bruker=brukere["A"][Rolle.INNTAK], statlig=True)
    t.refresh_from_db()
    assert t.statlig
    kopi = services.kopier_klasseordning(inntak.A, inntak.ar, inntak.neste)
    assert kopi["kopiert"] > 0
    assert type(t).objects.get(skolear=inntak.neste, skole=t.skole, programomrade=t.programomrade).statlig
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:tilbud", args=[t.pk])).content.decode()
    assert "Statlig skole" in html and "(§ 4-15)" in html
    assert "Landslinje" in html
