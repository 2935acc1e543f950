"""JSON-kontrakten for CLI og REST-API: svarformat og norske feilmeldinger per felt."""

from __future__ import annotations

import io
import json

import pytest

from inntak.regler import UgyldigForesporsel, beregn_fra_json, valider_foresporsel
from inntak.regler.kalkulator import MAKS_KARAKTERER, main
from tests.eksempler_poeng import EKSEMPEL_1_STANDPUNKT


def rad(fag: str, karakter, vurdering: str = "standpunkt", **ekstra) -> dict:
    return {"fag": fag, "vurdering": vurdering, "karakter": karakter, **ekstra}


def eksempel_1_json() -> dict:
    # KRO0020 as a number: the JSON contract accepts integer grades too.
    standpunkt = [(f, 6 if f == "KRO0020" else k) for f, k in EKSEMPEL_1_STANDPUNKT]
    return {
        "niva": "VG1",
        "karakterer": [
            *(rad(f, k) for f, k in standpunkt),
            rad("VAL0001", "5", fagtype="valgfag"),
            rad("VAL0002", "4", fagtype="valgfag"),
            rad("NOR0214", "3", "eksamen_skriftlig"),
            rad("MAT0010", "5", "eksamen_muntlig", dokumentert_fravaer=False),
            rad("ORDEN", "G"),
        ],
    }


def feil_for(data) -> dict[str, list[str]]:
    foresporsel, feil = valider_foresporsel(data)
    assert foresporsel is None
    return feil


@pytest.mark.parametrize(
    ("avrunding", "poeng"), [(None, "45.60"), ("A", "45.60"), ("B", "45.59"), ("b", "45.59")]
)
def test_svar_for_eksempel_1(avrunding, poeng):
    # Reading B exists only in the 2006 rule sets (tests/regler/test_forskrift_2024.py for the refusal).
    data = eksempel_1_json() | {"regelsett": "2024-2025"} | ({"avrunding": avrunding} if avrunding else {})
    svar = beregn_fra_json(data)
    assert svar["poeng"] == poeng
    assert svar["gjennomsnitt"] == "4.56"
    assert svar["sum"] == "77.50"
    assert svar["antall_karakterer"] == 17
    assert svar["individuell_behandling"] is False
    assert svar["avrunding"] == (avrunding or "A").upper()
    assert svar["regelsett"] == "2024-2025"
    assert svar["utelatt"] == [
        {
            "fag": "ORDEN",
            "vurdering": "standpunkt",
            "karakter": "G",
            "trinn": None,
            "privatist": False,
            "program": None,
            "grunn": "Orden og oppførsel teller ikke",
            "hjemmel": svar["utelatt"][0]["hjemmel"],
        }
    ]
    valgfag = [t for t in svar["telte"] if t["fag"] == "VALGFAG"][0]
    assert valgfag["verdi"] == "4.50" and [d["fag"] for d in valgfag["deler"]] == ["VAL0001", "VAL0002"]
    assert all(t["verdi"].count(".") == 1 and len(t["verdi"].split(".")[1]) == 2 for t in svar["telte"])
    assert any("45,60" in linje or "45,59" in linje for linje in svar["forklaring"])
    json.dumps(svar)  # ingen Decimal igjen


def test_regelsett_i_foresporselen():
    svar = beregn_fra_json(eksempel_1_json() | {"regelsett": "2023-2024"})
    assert svar["regelsett"] == "2023-2024"


def test_individuell_behandling_gir_null():
    svar = beregn_fra_json(
        {"niva": "vg1", "karakterer": [rad("A0001", "4"), rad("A0002", "F"), rad("A0003", "F")]}
    )
    assert svar["individuell_behandling"] is True
    assert svar["poeng"] is None and svar["gjennomsnitt"] is None
    assert svar["antall_karakterer"] == 1


def test_ugyldig_karakter_gir_feil_pa_feltet():
    data = eksempel_1_json()
    data["karakterer"][3]["karakter"] = "7"
    feil = feil_for(data)
    assert list(feil) == ["karakterer[3].karakter"]
    assert feil["karakterer[3].karakter"] == [
        "Ugyldig karakter «7». Gyldige verdier: 1, 2, 3, 4, 5, 6, IV, IM, F, D, B, IB, GK, G, NG, LG."
    ]
    with pytest.raises(UgyldigForesporsel) as unntak:
        beregn_fra_json(data)
    assert unntak.value.feil == feil


def test_alle_feil_samles_pa_en_gang():
    feil = feil_for(
        {
            "niva": "VG4",
            "avrunding": "C",
            "regelsett": "1999-2000",
            "ekstra": 1,
            "karakterer": [
                rad("MAT0010", "4", "muntlig"),
                "ikke et objekt",
                {"vurdering": "standpunkt", "karakter": "4", "karakterr": "5"},
                rad("X0001", "4", fagtype="kjernefag", dokumentert_fravaer="ja", trinn="VG9"),
            ],
        }
    )
    assert feil["niva"] == ["Ugyldig nivå «VG4». Gyldige verdier: VG1, VG2, VG3."]
    assert feil["avrunding"] == ["Ugyldig avrunding «C». Gyldige verdier: A, B."]
    assert feil["regelsett"][0].startswith("Ukjent regelsett «1999-2000». Gyldige verdier: 2021-2022")
    assert feil["ekstra"][0].startswith("Ukjent felt.")
    assert feil["karakterer[0].vurdering"][0].startswith(
        "Ugyldig vurdering «muntlig». Gyldige verdier: standpunkt"
    )
    assert feil["karakterer[1]"] == ["Må være et objekt."]
    assert feil["karakterer[2].fag"] == ["Feltet er påkrevd."]
    assert feil["karakterer[2].karakterr"][0].startswith("Ukjent felt.")
    assert feil["karakterer[3].fagtype"] == [
        "Ugyldig fagtype «kjernefag». Gyldige verdier: valgfag, orden, oppforsel."
    ]
    assert feil["karakterer[3].dokumentert_fravaer"] == ["Må være true eller false."]
    assert feil["karakterer[3].trinn"] == ["Ugyldig trinn «VG9». Gyldige verdier: VG1, VG2."]


@pytest.mark.parametrize(
    ("data", "felt", "melding"),
    [
        ([], "non_field_errors", "Forespørselen må være et JSON-objekt."),
        ({"karakterer": []}, "niva", "Feltet er påkrevd."),
        ({"niva": "VG1"}, "karakterer", "Feltet er påkrevd."),
        ({"niva": "VG1", "karakterer": "NOR0214=4"}, "karakterer", "Må være en liste."),
        ({"niva": 1, "karakterer": []}, "niva", "Må være en tekst."),
        (
            {"niva": "VG1", "regelsett": True, "karakterer": []},
            "regelsett",
            "Må være en tekst, f.eks. «2024-2025».",
        ),
        (
            {"niva": "VG1", "karakterer": [rad("MAT0010", 4.5)]},
            "karakterer[0].karakter",
            "Må være en tekst eller et heltall.",
        ),
        (
            {"niva": "VG1", "karakterer": [rad("MAT0010", "IM")]},
            "karakterer[0].karakter",
            "IM (ikke møtt) kan bare gis til eksamen.",
        ),
        (
            {"niva": "VG1", "karakterer": [rad("MAT0010", "4", dokumentert_fravaer=True)]},
            "karakterer[0].dokumentert_fravaer",
            "Dokumentert fravær gjelder bare karakteren IM (ikke møtt).",
        ),
        (
            {"niva": "VG1", "karakterer": [rad("MAT0010", "G")]},
            "karakterer[0].karakter",
            "«G» hører til skalaen for orden og oppførsel og kan ikke gis i MAT0010.",
        ),
        ({"niva": "VG1", "karakterer": [rad("  ", "4")]}, "karakterer[0].fag", "Fagkode mangler."),
        (
            {"niva": "VG1", "karakterer": [rad("MAT0010", "4"), rad("mat0010", "5")]},
            "karakterer[1].fag",
            "Samme fag og vurdering er oppgitt flere ganger (se karakterer[0]).",
        ),
        (
            {"niva": "VG1", "karakterer": [rad("MAT0010", "4", trinn="VG1")]},
            "karakterer[0].trinn",
            "Trinn skal ikke oppgis ved inntak til Vg1; karakterene er fra grunnskolen.",
        ),
        (
            {"niva": "VG3", "regelsett": "2024-2025", "karakterer": [rad("NOR1264", "4", "halvar")]},
            "karakterer[0].trinn",
            "Trinn (VG1 eller VG2) må oppgis for halvårsvurdering ved inntak til Vg3 (§ 6-34).",
        ),
        (
            {"niva": "VG3", "karakterer": [rad("NOR1264", "4", "halvar")]},
            "karakterer[0].trinn",
            "Trinn (VG1 eller VG2) må oppgis for halvårsvurdering ved inntak til Vg3 (§ 4-25).",
        ),
        (
            {"niva": "VG1", "karakterer": [rad(f"F{i:04d}", "4") for i in range(MAKS_KARAKTERER + 1)]},
            "karakterer",
            f"Høyst {MAKS_KARAKTERER} karakterer per forespørsel.",
        ),
    ],
)
def test_feilmelding_per_felt(data, felt, melding):
    assert feil_for(data) == {felt: [melding]}


def test_gyldig_foresporsel_normaliseres():
    foresporsel, feil = valider_foresporsel(
        {"niva": "vg2", "regelsett": 2024, "karakterer": [rad(" nor1260 ", "iv", "halvår", trinn="vg1")]}
    )
    assert feil == {}
    assert (foresporsel.niva, foresporsel.regelsett, foresporsel.avrunding) == ("VG2", "2024-2025", "A")
    k = foresporsel.karakterer[0]
    assert (k.fag, k.vurdering, k.karakter, k.trinn) == ("NOR1260", "halvar", "IV", "VG1")


def test_fagtype_oppslag_brukes_i_json():
    data = {"niva": "VG1", "karakterer": [rad("A0001", "4"), rad("V0001", "6"), rad("V0002", "5")]}
    svar = beregn_fra_json(data, fagtype_oppslag={"V0001": "valgfag", "V0002": "valgfag"})
    assert (svar["antall_karakterer"], svar["sum"]) == (2, "9.50")


def test_cli_beregner_og_gir_feilkoder(tmp_path):
    fil = tmp_path / "foresporsel.json"
    fil.write_text(json.dumps(eksempel_1_json()), encoding="utf-8")
    ut = io.StringIO()
    assert main([str(fil)], stdout=ut) == 0
    assert json.loads(ut.getvalue())["poeng"] == "45.60"

    ut = io.StringIO()
    assert main(["-", "--forklaring"], stdin=io.StringIO(json.dumps(eksempel_1_json())), stdout=ut) == 0
    assert "Poeng: 4,56 × 10 = 45,60." in ut.getvalue()

    ut = io.StringIO()
    assert main(["-"], stdin=io.StringIO('{"niva": "VG7", "karakterer": []}'), stdout=ut) == 1
    assert json.loads(ut.getvalue()) == {"niva": ["Ugyldig nivå «VG7». Gyldige verdier: VG1, VG2, VG3."]}

    ut = io.StringIO()
    assert main(["-"], stdin=io.StringIO("{ikke json"), stdout=ut) == 2
    assert "Kunne ikke lese JSON" in json.loads(ut.getvalue())["non_field_errors"][0]
