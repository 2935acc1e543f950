"""The new fields of opplæringsforskrifta 2024 (``privatist``, ``program``, ``GK``) through all three entrances: the
page /poengkalkulator/, POST /api/v1/poengkalkulator and ``manage.py poengberegning --fil``. They share the parser
in ``inntak.regler.kalkulator`` and must give the same answer, and all three refuse reading B from 2025-2026."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from inntak.kalkulator_skjema import gjeldende_regelsett
from vigo.models import Rolle

URL = "/poengkalkulator/"
API = "/api/v1/poengkalkulator"
pytestmark = pytest.mark.django_db

# Vg2 after omval, with a privatist result, realkompetanse, IV and an IM with documented absence:
# ENG1007 5 (privatist, better than 3), NAT1007 5 (EL, better than ST's 4), SAK1001 GK (not a grade),
# KRO1005 IV = 0, ENG1007 exam IM = 0 also with documented absence: (5 + 5 + 0 + 0) / 4 = 2,50 → 25,00.
VG2 = {
    "niva": "VG2",
    "karakterer": [
        {"fag": "ENG1007", "vurdering": "standpunkt", "karakter": "3"},
        {"fag": "ENG1007", "vurdering": "standpunkt", "karakter": "5", "privatist": True},
        {"fag": "NAT1007", "vurdering": "standpunkt", "karakter": "4", "program": "ST"},
        {"fag": "NAT1007", "vurdering": "standpunkt", "karakter": "5", "program": "EL"},
        {"fag": "SAK1001", "vurdering": "standpunkt", "karakter": "GK"},
        {"fag": "KRO1005", "vurdering": "standpunkt", "karakter": "IV"},
        {"fag": "ENG1007", "vurdering": "eksamen_skriftlig", "karakter": "IM", "dokumentert_fravaer": True},
    ],
}
# Vg1 on an adult vitnemål: three of five subjects approved through realkompetansevurdering → § 4-20 d.
VG1_GK = {
    "niva": "VG1",
    "karakterer": [
        {"fag": fag, "vurdering": "standpunkt", "karakter": k}
        for fag, k in (
            ("NOR0214", "4"),
            ("NOR0215", "GK"),
            ("NOR0216", "GK"),
            ("ENG0012", "5"),
            ("MAT0010", "GK"),
        )
    ],
}


def skjemadata(foresporsel: dict, **innstillinger) -> dict:
    """The request as a filled-in form (free subject codes), with the privatist box and the programme field."""
    data = {"niva": foresporsel["niva"], **innstillinger}
    for i, rad in enumerate(foresporsel["karakterer"]):
        data |= {f"fag-{i}": "", f"kode-{i}": rad["fag"], f"vurdering-{i}": rad["vurdering"]}
        data |= {
            f"karakter-{i}": rad["karakter"],
            f"fagtype-{i}": "",
            f"program-{i}": rad.get("program") or "",
        }
        if rad.get("dokumentert_fravaer"):
            data[f"fravaer-{i}"] = "on"
        if rad.get("privatist"):
            data[f"privatist-{i}"] = "on"
    return data


def kommando(foresporsel: dict, tmp_path) -> dict:
    fil = tmp_path / "foresporsel.json"
    fil.write_text(json.dumps(foresporsel), encoding="utf-8")
    ut = io.StringIO()
    call_command("poengberegning", "--fil", str(fil), stdout=ut, stderr=io.StringIO())
    return json.loads(ut.getvalue())


SAMMENLIGN = ("poeng", "gjennomsnitt", "sum", "antall_karakterer", "antall_fag", "antall_fag_med_karakter",
              "individuell_behandling", "regelsett", "avrunding", "niva", "forklaring")  # fmt: skip


@pytest.mark.parametrize(("foresporsel", "poeng"), [(VG2, "25.00"), (VG1_GK, None)])
def test_side_api_og_kommando_gir_samme_svar(client, brukere, tmp_path, foresporsel, poeng):
    foresporsel = {**foresporsel, "regelsett": "2026-2027"}
    api = client.post(API, foresporsel, "application/json")
    assert api.status_code == 200, api.content
    api = api.json()
    assert api["poeng"] == poeng and api["regelsett"] == "2026-2027"
    assert kommando(foresporsel, tmp_path) == api
    client.force_login(brukere["A"][Rolle.INNTAK])  # a caseworker may name the rule set
    side = client.post(URL, skjemadata(foresporsel, regelsett="2026-2027", avrunding="A")).context["resultat"]
    for felt in SAMMENLIGN:
        assert side[felt] == api[felt], felt
    assert [(t["fag"], t["privatist"], t["program"]) for t in side["telte"]] == [
        (t["fag"], t["privatist"], t["program"]) for t in api["telte"]
    ]


def test_vg2_svaret_forklarer_de_nye_reglene(client):
    svar = client.post(API, {**VG2, "regelsett": "2026-2027"}, "application/json").json()
    telte = {(t["fag"], t["vurdering"]): t for t in svar["telte"]}
    assert (telte[("ENG1007", "standpunkt")]["karakter"], telte[("ENG1007", "standpunkt")]["privatist"]) == (
        "5",
        True,
    )
    assert (telte[("NAT1007", "standpunkt")]["karakter"], telte[("NAT1007", "standpunkt")]["program"]) == (
        "5",
        "EL",
    )
    assert telte[("ENG1007", "eksamen_skriftlig")]["verdi"] == "0.00"
    grunner = {(u["fag"], u["karakter"]): u["hjemmel"] for u in svar["utelatt"]}
    assert "§ 4-25 første ledd bokstav e" in grunner[("ENG1007", "3")]
    assert "§ 4-25 første ledd bokstav f" in grunner[("NAT1007", "4")]
    assert "§ 4-25 første ledd" in grunner[("SAK1001", "GK")]
    tekst = "\n".join(svar["forklaring"])
    assert "lesemåte «fag for fag»" in tekst and "også med dokumentert fravær" in tekst and "§ 4-26" in tekst


def test_offentlig_side_regner_med_gjeldende_regelsett_og_nye_felt(client):
    """The public page (no choice of rule set) gives what the API gives for the current rule set."""
    gjeldende = gjeldende_regelsett().id
    api = client.post(API, {**VG2, "regelsett": gjeldende}, "application/json").json()
    side = client.post(URL, skjemadata(VG2)).context["resultat"]
    assert (side["poeng"], side["regelsett"], side["forklaring"]) == (
        api["poeng"],
        gjeldende,
        api["forklaring"],
    )
    html = client.get(URL).content.decode()
    assert 'id="kol-privatist"' in html and 'id="kol-program"' in html
    assert 'name="privatist-0"' in html and 'name="program-0"' in html


def test_lesemate_b_avvises_pa_alle_tre_innganger(client, brukere, tmp_path):
    foresporsel = {**VG2, "regelsett": "2026-2027", "avrunding": "B"}
    svar = client.post(API, foresporsel, "application/json")
    assert svar.status_code == 400
    melding = svar.json()["avrunding"][0]
    assert melding.startswith("Lesemåte B tilbys ikke for regelsett etter opplæringsforskrifta 2024")
    fil = tmp_path / "b.json"
    fil.write_text(json.dumps(foresporsel), encoding="utf-8")
    feil = io.StringIO()
    with pytest.raises(CommandError, match="Ugyldig forespørsel"):
        call_command("poengberegning", "--fil", str(fil), stdout=io.StringIO(), stderr=feil)
    assert json.loads(feil.getvalue()) == {"avrunding": [melding]}
    client.force_login(brukere["A"][Rolle.INNTAK])
    side = client.post(URL, skjemadata(VG2, regelsett="2026-2027", avrunding="B"))
    assert side.context["resultat"] is None
    assert melding in side.content.decode()


def test_feil_i_de_nye_feltene_vises_ved_feltet(client):
    data = skjemadata({"niva": "VG1", "karakterer": [
        {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "4", "privatist": True, "program": "ST"}]})  # fmt: skip
    svar = client.post(URL, data)
    assert svar.context["resultat"] is None
    html = svar.content.decode()
    assert (
        'id="privatist-0" name="privatist-0" aria-labelledby="kol-privatist radnr-0" checked aria-invalid="true"'
        in html
    )
    assert '<a href="#privatist-0">Rad 1, privatist: Privatistresultat regnes for seg bare' in html
    assert '<a href="#program-0">Rad 1, program: Program oppgis bare ved inntak til Vg2 og Vg3' in html
