"""POST /api/v1/grunnskolekarakterer: persons created from the fødselsnummer, batches replace, points follow."""

from __future__ import annotations

import json

import pytest

from inntak.models import Karakter
from tests.fabrikker import PersonFactory, bare_ungdomsrett_krever_tre_utdanningsprogram, syntetisk_fnr
from vigo.models import Person, UkjentNavn

pytestmark = pytest.mark.django_db
URL = "/api/v1/grunnskolekarakterer"


def vitnemal(fnr: str, karakter: str = "4") -> dict:
    return {"fodselsnummer": fnr, "karakterer": [
        {"fag": "NOR0214", "vurdering": "standpunkt", "karakter": karakter},
        {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "5"},
        {"fag": "MAT0010", "vurdering": "eksamen_skriftlig", "karakter": "IM", "dokumentert_fravaer": True},
        {"fag": "VAL0001", "vurdering": "standpunkt", "karakter": "6"},
    ]}  # fmt: skip


def test_ukjent_person_opprettes_med_ukjent_navn_eller_fra_folkeregisteret(api_a, settings):
    kjent, ukjent = syntetisk_fnr(), syntetisk_fnr()
    with open(settings.FOLKEREGISTER_FIL, "w", encoding="utf-8") as fh:
        json.dump({kjent: {"fornavn": "Ola", "etternavn": "Fra Registeret", "postnummer": "7030",
                           "kommunenummer": "5001"}}, fh)  # fmt: skip
    svar = api_a.post(URL, [vitnemal(kjent), vitnemal(ukjent)])
    assert svar.status_code == 200, svar.content
    assert svar.json() == {"antall_personer": 2, "antall_karakterer": 8, "nye_personer": 2, "ukjent_navn": 1}
    ola = Person.objects.get(fodselsnummer=kjent)
    assert (ola.fornavn, ola.etternavn, ola.kommune.nummer, ola.fylke.nummer) == (
        "Ola",
        "Fra Registeret",
        "5001",
        "50",
    )
    anonym = Person.objects.get(fodselsnummer=ukjent)
    assert (anonym.fornavn, anonym.etternavn) == ("Ukjent", "Ukjent")
    assert list(UkjentNavn.objects.values_list("person_id", flat=True)) == [anonym.pk]
    assert list(anonym.history.values_list("history_type", "fornavn")) == [("+", "Ukjent")]
    rader = Karakter.objects.filter(person=anonym).order_by("fag_id", "vurdering")
    assert [(k.fag_id, k.vurdering, k.karakter, k.kilde, k.fagtype) for k in rader] == [
        ("MAT0010", "eksamen_skriftlig", "IM", "api", "fellesfag"),
        ("MAT0010", "standpunkt", "5", "api", "fellesfag"),
        ("NOR0214", "standpunkt", "4", "api", "fellesfag"),
        ("VAL0001", "standpunkt", "6", "api", "valgfag"),
    ]


def test_ny_liste_erstatter_og_poeng_beregnes(api_a, sas_kodeverk):
    from inntak.models import Poeng, Tilbud
    from inntak.services import registrer_soknad
    from kodeverk import koder
    from kodeverk.models import Behandlingskategori, Programomrade, Skolear

    Behandlingskategori.objects.bulk_create([Behandlingskategori(kode=k, navn=n, gruppe=g, hjemmel=h, niva=nv)
                                             for k, n, g, h, nv in koder.BEHANDLINGSKATEGORIER])  # fmt: skip
    tilbud = Tilbud.objects.create(skole=sas_kodeverk["skole_a"], programomrade=Programomrade.objects.get(),
                                   skolear=Skolear.objects.get(), plasser=30)  # fmt: skip
    person = PersonFactory(fylke=sas_kodeverk["A"])
    bare_ungdomsrett_krever_tre_utdanningsprogram(sas_kodeverk["A"], tilbud.skolear)  # one programme, no rett
    soknad = registrer_soknad(person=person, skolear=tilbud.skolear, fylke=sas_kodeverk["A"], niva="VG1",
                              rettstatus="uten_rett", onsker=[tilbud])  # fmt: skip
    assert api_a.post(URL, [vitnemal(person.fodselsnummer, "4")]).status_code == 200
    forste = Poeng.objects.get(soknad=soknad).poeng
    assert api_a.post(URL, [vitnemal(person.fodselsnummer, "6")]).status_code == 200
    assert Karakter.objects.filter(person=person).count() == 4
    assert Karakter.objects.get(person=person, fag_id="NOR0214").karakter == "6"
    assert Poeng.objects.get(soknad=soknad).poeng > forste
    historikk = Karakter.history.filter(person_id=person.pk, fag_id="NOR0214").order_by("history_id")
    assert list(historikk.values_list("history_type", "karakter")) == [("+", "4"), ("-", "4"), ("+", "6")]
    assert soknad.logg.filter(handling="karakterer").count() == 2


def test_ugyldige_karakterer_navngis_og_ingenting_lagres(api_a, sas_kodeverk):
    fnr = syntetisk_fnr()
    poster = [
        vitnemal(fnr),
        {"fodselsnummer": syntetisk_fnr(), "karakterer": [
            {"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "7"},
            {"fag": "XXX9999", "vurdering": "standpunkt", "karakter": "4"},
            {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "IM"},
            {"fag": "NOR1211", "vurdering": "standpunkt", "karakter": "4"},
            {"fag": "NOR0215", "vurdering": "halvar", "karakter": "4"},
            {"fag": "MAT0010", "vurdering": "eksamen_muntlig", "karakter": "4"},
            {"fag": "MAT0010", "vurdering": "eksamen_muntlig", "karakter": "5"},
        ]},
        {"fodselsnummer": "12345678901", "karakterer": []},
        vitnemal(fnr),
    ]  # fmt: skip
    svar = api_a.post(URL, poster)
    assert svar.status_code == 400
    feil = {(f["index"], f["felt"], f["kode"]) for f in svar.json()["feil"]}
    assert feil == {
        (1, "karakterer[0].karakter", "ugyldig"),
        (1, "karakterer[1].fag", "ukjent_kode"),
        (1, "karakterer[2].karakter", "ugyldig"),
        (1, "karakterer[3]", "ugyldig"),
        (1, "karakterer[4]", "ugyldig"),
        (1, "karakterer[6].fag", "duplikat"),
        (2, "fodselsnummer", "ugyldig_fodselsnummer"),
        (2, "karakterer", "mangler"),
        (3, "fodselsnummer", "duplikat"),
    }
    melding = {f["felt"]: f["melding"] for f in svar.json()["feil"] if f["index"] == 1}
    assert "Ugyldig karakter «7»" in melding["karakterer[0].karakter"]
    assert not Person.objects.exists() and not Karakter.objects.exists()


def test_karakterer_fra_annet_fylke_erstattes_ikke(api_a, api_b):
    """Another county's person, outside A's view: answered as an unknown number, and B's grades stay."""
    fnr = syntetisk_fnr()
    assert api_b.post(URL, [vitnemal(fnr)]).status_code == 200
    svar = api_a.post(URL, [vitnemal(fnr, "2")])
    assert svar.status_code == 200
    assert svar.json() == {"antall_personer": 1, "antall_karakterer": 4, "nye_personer": 1, "ukjent_navn": 1}
    assert set(Karakter.objects.values_list("fylke__nummer", flat=True)) == {"03"}
    assert Karakter.objects.get(fag_id="NOR0214").karakter == "4"
    assert Person.objects.count() == 1
