"""Privatister: registration per fag and exam period, declared status transitions, and the result landing in the
register as a fag line with fagstatus P, all through the service with history and a Norwegian error for bad input."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inntak.elev.models import Elevfag, Privatistmelding
from inntak.elev.services import privatist as tjeneste
from kodeverk import models as km
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def oppsett(kodeverk, brukere):
    km.Skolear.objects.create(
        kode="2026-2027", startdato=datetime.date(2026, 8, 1), sluttdato=datetime.date(2027, 7, 31)
    )
    km.Fagstatus.objects.create(kode="P", navn="Privatist")
    fag = km.Fag.objects.create(kode="NOR1267", navn="Norsk hovedmål")
    person = PersonFactory(fylke=kodeverk["A"])
    return {"fag": fag, "person": person, "skole": kodeverk["skole_a"], "inntak": brukere["A"][Rolle.INNTAK],
            "lese": brukere["A"][Rolle.LESE], "inntak_b": brukere["B"][Rolle.INNTAK]}  # fmt: skip


def _meld(o, **kw):
    args = {"person": o["person"], "fag": o["fag"], "eksamensperiode": "V2027", "eksamensform": "skriftlig",
            "eksamensskole": o["skole"]} | kw  # fmt: skip
    return tjeneste.meld_opp(o["inntak"], **args)


def test_oppmelding_og_resultat_gir_fagrad_med_fagstatus_p(oppsett):
    melding = _meld(oppsett)
    assert melding.status == "meldt" and melding.fylke == oppsett["skole"].fylke
    tjeneste.registrer_resultat(oppsett["inntak"], melding, karakter="4", grunn="Sensur V2027")
    melding.refresh_from_db()
    linje = Elevfag.objects.get(pk=melding.elevfag_id)
    assert (melding.status, melding.karakter) == ("avlagt", "4")
    assert (linje.fagstatus.kode, linje.skriftlig, linje.termin, linje.skolear.kode) == (
        "P",
        "4",
        "V",
        "2026-2027",
    )
    assert linje.history.first().history_change_reason == "Sensur V2027"
    assert [h.status for h in melding.history.order_by("history_date")] == ["meldt", "avlagt"]


def test_muntlig_resultat_i_samme_fag_gir_samme_linje(oppsett):
    skriftlig, muntlig = _meld(oppsett), _meld(oppsett, eksamensform="muntlig")
    tjeneste.registrer_resultat(oppsett["inntak"], skriftlig, karakter="3")
    tjeneste.registrer_resultat(oppsett["inntak"], muntlig, karakter="5")
    linje = Elevfag.objects.get()
    assert (linje.skriftlig, linje.muntlig) == ("3", "5")


def test_ugyldig_inndata_gir_norske_feil_per_felt_og_ingenting_lagres(oppsett):
    with pytest.raises(ValidationError) as feil:
        _meld(oppsett, eksamensperiode="2027V", eksamensform="tegning")
    assert set(feil.value.message_dict) == {"eksamensperiode", "eksamensform"}
    assert "for eksempel V2027" in feil.value.message_dict["eksamensperiode"][0]
    assert not Privatistmelding.objects.exists()


def test_dobbel_oppmelding_avvises(oppsett):
    _meld(oppsett)
    with pytest.raises(ValidationError, match="allerede meldt opp"):
        _meld(oppsett)


def test_overgangene_er_erklaert_resultat_bare_en_gang(oppsett):
    melding = _meld(oppsett)
    tjeneste.registrer_resultat(oppsett["inntak"], melding, karakter="2")
    with pytest.raises(ValidationError, match="kan ikke bli"):
        tjeneste.registrer_resultat(oppsett["inntak"], melding, karakter="5")
    with pytest.raises(ValidationError, match="kan ikke bli"):
        tjeneste.endre_status(oppsett["inntak"], melding, status="trukket", grunn="Angret")
    assert Elevfag.objects.get().skriftlig == "2"


def test_ugyldig_karakter_avvises_uten_endring(oppsett):
    melding = _meld(oppsett)
    with pytest.raises(ValidationError, match="ikke en gyldig karakter"):
        tjeneste.registrer_resultat(oppsett["inntak"], melding, karakter="9")
    assert not Elevfag.objects.exists()
    melding.refresh_from_db()
    assert melding.status == "meldt"


def test_tilgang_rolle_og_fylke(oppsett):
    with pytest.raises(PermissionDenied):
        tjeneste.meld_opp(oppsett["lese"], person=oppsett["person"], fag=oppsett["fag"], eksamensperiode="V2027",
                          eksamensform="skriftlig", eksamensskole=oppsett["skole"])  # fmt: skip
    melding = _meld(oppsett)
    with pytest.raises(PermissionDenied):
        tjeneste.registrer_resultat(oppsett["inntak_b"], melding, karakter="4")


def test_sidene(client, oppsett):
    melding = _meld(oppsett)
    client.force_login(oppsett["inntak"])
    side = client.get("/elev/privatister/?eksamensperiode=v2027")
    assert side.status_code == 200 and "Norsk hovedmål (NOR1267)" in side.text and "Meld opp" in side.text
    assert Innsyn.objects.filter(hva="Privatistliste").exists()
    svar = client.post(f"/elev/privatister/{melding.pk}/", {"handling": "resultat", "karakter": "X"})
    assert svar.status_code == 200 and "ikke en gyldig karakter" in svar.text
    svar = client.post(f"/elev/privatister/{melding.pk}/", {"handling": "resultat", "karakter": "5"})
    assert svar.status_code == 302
    ny = client.post("/elev/privatister/", {"fodselsnummer": oppsett["person"].fodselsnummer, "fagkode": "nor1267",
                                            "eksamensperiode": "H2026", "eksamensform": "muntlig"})  # fmt: skip
    assert ny.status_code == 302 and Privatistmelding.objects.count() == 2
    feil = client.post("/elev/privatister/", {"fodselsnummer": oppsett["person"].fodselsnummer, "fagkode": "XXX9999",
                                              "eksamensperiode": "H2026", "eksamensform": "muntlig"})  # fmt: skip
    assert feil.status_code == 200 and "finnes ikke i kodeverket" in feil.text


def test_lesetilgang_ser_men_kan_ikke_endre(client, oppsett):
    melding = _meld(oppsett)
    client.force_login(oppsett["lese"])
    side = client.get(f"/elev/privatister/{melding.pk}/")
    assert side.status_code == 200 and "Registrer resultat" not in side.text
    assert (
        client.post(f"/elev/privatister/{melding.pk}/", {"handling": "resultat", "karakter": "5"}).status_code
        == 403
    )
    client.force_login(oppsett["inntak_b"])
    assert client.get(f"/elev/privatister/{melding.pk}/").status_code == 404
