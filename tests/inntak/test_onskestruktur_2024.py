"""Wish structure per county (issue 12 item 4): max utdanningsprogram / programområder per søknad, the Vg1
three-programme rule of opplæringsforskrifta § 4-7 andre ledd for every applicant from 2025-2026 (with the county's
relaxation), the 2006 scope for older years, the parameter page, and Oslo's and Rogaland's demo configuration."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inntak import demodata
from inntak.models import Tilbud
from inntak.validering import valider_onsker
from kodeverk import models as km
from tests.fabrikker import SkoleFactory
from vigo.models import Rolle, Systemparameter
from vigo.parametere.selectors import parameter
from vigo.parametere.services import sett_parametere

pytestmark = pytest.mark.django_db


def _tilbud(skole, po, skolear, **kw) -> Tilbud:
    return Tilbud.objects.create(
        fylke=skole.fylke, skole=skole, programomrade=po, skolear=skolear, plasser=30, **kw
    )


def _valider(fylke, skolear, tilbud, niva="VG1", rettstatus="ungdomsrett", kategori="ORD") -> list[str]:
    return valider_onsker(fylke=fylke, skolear=skolear, niva=niva, rettstatus=rettstatus, tilbud=tilbud,
                          behandlingskategori=kategori)  # fmt: skip


def _fa(brukere):
    return brukere["A"][Rolle.FYLKESADMIN]


# --- § 4-7 andre ledd: three utdanningsprogram for every Vg1 applicant from 2025-2026 -------------------------------


@pytest.mark.parametrize("rett", ["uten_rett", "voksenrett", "ungdomsrett"])
def test_ny_forskrift_krever_tre_utdanningsprogram_av_alle_vg1_sokere(inntak, rett):
    t = inntak.t
    feil = _valider(inntak.A, inntak.ar, [t["st"], t["st2"], t["hs"]], rettstatus=rett)
    assert feil == [
        "Søkere til Vg1 må søke minst tre ulike utdanningsprogram (opplæringsforskrifta § 4-7 andre ledd). "
        "Søknaden har 2."
    ]
    assert _valider(inntak.A, inntak.ar, [t["st"], t["hs"], t["el"]], rettstatus=rett) == []
    # Fortrinn to one particular programme (FOR615: § 4-21, formerly § 6-15) stays exempt.
    assert _valider(inntak.A, inntak.ar, [t["st"], t["st2"]], rettstatus=rett, kategori="FOR615") == []
    # Vg2/Vg3 applicants list programområder; the rule is for Vg1 only.
    assert _valider(inntak.A, inntak.ar, [t["rea"]], niva="VG2", rettstatus=rett) == []


def test_fylket_kan_beholde_kravet_bare_for_ungdomsrett(inntak, brukere):
    sett_parametere(inntak.A, inntak.ar, {"inntak.tre_utdanningsprogram_for_alle_vg1": "nei"}, _fa(brukere))
    t = inntak.t
    assert _valider(inntak.A, inntak.ar, [t["st"], t["st2"]], rettstatus="uten_rett") == []
    assert _valider(inntak.A, inntak.ar, [t["st"], t["st2"]], rettstatus="voksenrett") == []
    assert _valider(inntak.A, inntak.ar, [t["st"], t["st2"]]) == [
        "Søkere til Vg1 med ungdomsrett må søke minst tre ulike utdanningsprogram (opplæringsforskrifta § 4-7 "
        "andre ledd; Trøndelag krever det bare av søkere med ungdomsrett). Søknaden har 1."
    ]
    # The other county keeps the national default.
    assert "§ 4-7" in _valider(inntak.B, inntak.ar, [t["b_st"]], rettstatus="uten_rett")[0]


def test_eldre_skolear_beholder_2006_regelen(inntak):
    gammel = km.Skolear.objects.create(
        kode="2024-2025", startdato=datetime.date(2024, 8, 1), sluttdato=datetime.date(2025, 7, 31)
    )
    a = inntak.kv["skole_a"]
    st, hs = _tilbud(a, inntak.po["ST"], gammel), _tilbud(a, inntak.po["HS"], gammel)
    assert _valider(inntak.A, gammel, [st, hs]) == [
        "Søkere til Vg1 med ungdomsrett må søke minst tre ulike utdanningsprogram, fordi retten gjelder ett av tre "
        "(forskrift til opplæringslova § 6-14). Søknaden har 2."
    ]
    assert _valider(inntak.A, gammel, [st, hs], rettstatus="uten_rett") == []
    assert _valider(inntak.A, gammel, [st], rettstatus="voksenrett") == []
    assert _valider(inntak.A, gammel, [st, hs], kategori="FOR615") == []


# --- max utdanningsprogram (Vg1) / programområder (Vg2/Vg3) per søknad ----------------------------------------------


def test_maks_utdanningsprogram_vg1_og_programomrader_vg2(inntak, brukere):
    t, a = inntak.t, inntak.kv["skole_a"]
    fire = [t["st"], t["hs"], t["el"], t["tp"]]
    assert _valider(inntak.A, inntak.ar, fire) == []  # 0 = no limit (the default)
    sett_parametere(inntak.A, inntak.ar, {"inntak.maks_utdanningsprogram": 3}, _fa(brukere))
    assert _valider(inntak.A, inntak.ar, fire) == [
        "Søknaden har 4 ulike utdanningsprogram, men Trøndelag tillater høyst 3 utdanningsprogram per søknad på Vg1 "
        "(fylkets lokale forskrift, systemparameter «Maks antall utdanningsprogram (Vg1) / programområder "
        "(Vg2/Vg3)»)."
    ]
    assert _valider(inntak.A, inntak.ar, [t["st"], t["st2"], t["hs"], t["hs2"], t["el"]]) == []

    up = inntak.po["ST"].utdanningsprogram
    vg2 = [t["rea"]] + [
        _tilbud(
            a,
            km.Programomrade.objects.create(kode=kode, navn=kode, niva="VG2", utdanningsprogram=up),
            inntak.ar,
        )
        for kode in ("STSSA2----", "STSPR2----", "STMED2----")
    ]
    assert _valider(inntak.A, inntak.ar, vg2[:3], niva="VG2") == []
    feil = _valider(inntak.A, inntak.ar, vg2, niva="VG2", rettstatus="uten_rett")
    assert feil == [
        "Søknaden har 4 ulike programområder, men Trøndelag tillater høyst 3 programområder per søknad på Vg2 og "
        "Vg3 (fylkets lokale forskrift, systemparameter «Maks antall utdanningsprogram (Vg1) / programområder "
        "(Vg2/Vg3)»)."
    ]


def test_kontrollen_pa_tvers(inntak, brukere):
    with pytest.raises(ValidationError) as e:
        sett_parametere(inntak.A, inntak.ar, {"inntak.maks_onsker": 4, "inntak.maks_utdanningsprogram": 5},
                        _fa(brukere))  # fmt: skip
    assert e.value.message_dict == {
        "inntak.maks_utdanningsprogram": ["Kan ikke være større enn maks antall ønsker per søker (4)."]
    }
    with pytest.raises(ValidationError) as e:
        sett_parametere(inntak.A, inntak.ar, {"inntak.maks_utdanningsprogram": 2}, _fa(brukere))
    assert "Må være minst 3" in e.value.message_dict["inntak.maks_utdanningsprogram"][0]
    assert "§ 4-7 andre ledd" in e.value.message_dict["inntak.maks_utdanningsprogram"][0]
    assert not Systemparameter.objects.exists()  # all or nothing


def test_parametersiden_viser_og_lagrer_de_nye_parameterne(client, inntak, brukere):
    url = reverse("systemparametere")
    client.force_login(_fa(brukere))
    svar = client.get(url, {"skolear": inntak.ar.kode})
    assert svar.status_code == 200
    html = svar.content.decode()
    assert (
        '<label for="id_inntak__maks_utdanningsprogram">Maks antall utdanningsprogram (Vg1) / programområder '
        "(Vg2/Vg3):</label>" in html
    )
    assert "<legend>Alle Vg1-søkere må søke tre utdanningsprogram</legend>" in html
    skjema = svar.context["skjema"]
    data = {navn: skjema[navn].value() for navn in skjema.fields}
    feil = client.post(f"{url}?skolear={inntak.ar.kode}", {**data, "inntak__maks_utdanningsprogram": "2"})
    assert feil.status_code == 200 and "Må være minst 3" in feil.content.decode()
    data.update({"inntak__maks_utdanningsprogram": "3", "inntak__tre_utdanningsprogram_for_alle_vg1": "nei"})
    svar = client.post(f"{url}?skolear={inntak.ar.kode}", data)
    assert svar.status_code == 302
    assert parameter(inntak.A, inntak.ar, "inntak.maks_utdanningsprogram") == 3
    assert parameter(inntak.A, inntak.ar, "inntak.tre_utdanningsprogram_for_alle_vg1") is False


# --- the demo: Oslo (03) and Rogaland (11) ---------------------------------------------------------------------------


def test_demoen_setter_oslo_og_rogaland_og_onskene_valideres_etter_dem(inntak, brukere, monkeypatch):
    oslo = inntak.B
    rogaland = km.Fylke.objects.create(nummer="11", navn="Rogaland")
    monkeypatch.setattr(demodata, "intaksar", lambda: 2026)
    meldinger: list[str] = []
    demodata.lag_onskestruktur_demo(inntak.A, random.Random(0), meldinger.append)
    demodata.lag_onskestruktur_demo(inntak.A, random.Random(0), meldinger.append)  # idempotent
    assert Systemparameter.objects.filter(skolear_id="2026-2027").count() == 6
    assert Systemparameter.history.count() == 6
    for fylke, verdier in ((oslo, (18, 3, 6)), (rogaland, (9, 3, 3))):
        assert (
            parameter(fylke, inntak.ar, "inntak.maks_onsker"),
            parameter(fylke, inntak.ar, "inntak.maks_utdanningsprogram"),
            parameter(fylke, inntak.ar, "inntak.maks_skoler_per_programomrade"),
        ) == verdier
    assert not Systemparameter.objects.filter(fylke=inntak.A).exists()  # the demo county keeps its defaults
    assert "Ønskestruktur i Oslo 2026-2027: 3 utdanningsprogram × 6 skoler, høyst 18 ønsker." in meldinger

    po = inntak.po
    # Oslo: four programmes are refused, three are fine.
    t = inntak.t
    tp = _tilbud(inntak.kv["skole_b"], po["TP"], inntak.ar)
    feil = _valider(oslo, inntak.ar, [t["b_st"], t["b_hs"], t["b_el"], tp])
    assert feil == [
        "Søknaden har 4 ulike utdanningsprogram, men Oslo tillater høyst 3 utdanningsprogram per søknad på Vg1 "
        "(fylkets lokale forskrift, systemparameter «Maks antall utdanningsprogram (Vg1) / programområder "
        "(Vg2/Vg3)»)."
    ]
    # Oslo: seven schools for Studiespesialisering are refused, six are fine (3 × 6 = 18 wishes at most).
    st = [t["b_st"]] + [
        _tilbud(SkoleFactory(fylke=oslo, skolenummer=f"03{n:03d}"), po["ST"], inntak.ar)
        for n in range(101, 107)
    ]
    assert _valider(oslo, inntak.ar, st[:6] + [t["b_hs"], t["b_el"]]) == []
    feil = _valider(oslo, inntak.ar, st + [t["b_hs"], t["b_el"]])
    assert feil == [
        "Søknaden har 7 skoler for programområdet Studiespesialisering, men Oslo tillater høyst 6 skoler per "
        "programområde (fylkets lokale forskrift, systemparameter «Maks antall skoler per programområde»)."
    ]
    # Rogaland: four schools for one programme are refused, three are fine.
    skoler = [SkoleFactory(fylke=rogaland, skolenummer=f"11{n:03d}") for n in range(1, 5)]
    st = [_tilbud(s, po["ST"], inntak.ar) for s in skoler]
    andre = [_tilbud(skoler[0], po["HS"], inntak.ar), _tilbud(skoler[0], po["EL"], inntak.ar)]
    assert _valider(rogaland, inntak.ar, st[:3] + andre) == []
    feil = _valider(rogaland, inntak.ar, st + andre)
    assert feil == [
        "Søknaden har 4 skoler for programområdet Studiespesialisering, men Rogaland tillater høyst 3 skoler per "
        "programområde (fylkets lokale forskrift, systemparameter «Maks antall skoler per programområde»)."
    ]


def test_demoen_hopper_over_uten_systemadministrator(inntak, monkeypatch):
    monkeypatch.setattr(demodata, "intaksar", lambda: 2026)
    meldinger: list[str] = []
    demodata.lag_onskestruktur_demo(inntak.A, random.Random(0), meldinger.append)
    assert "hopper over" in meldinger[-1] and not Systemparameter.objects.exists()
