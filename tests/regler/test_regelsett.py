"""Versjonerte regelsett per skoleår (docs/regler/regler-2006.md, innledning og §9)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from inntak.regler import (
    STANDARD_REGELSETT_ID,
    UkjentRegelsett,
    alle_regelsett,
    beregn_poeng,
    hent_regelsett,
    registrer_regelsett,
)
from inntak.regler import regelsett as regelsett_modul


@pytest.mark.parametrize("nokkel", ["2024-2025", "2024/2025", " 2024 - 2025 ", "2024", 2024])
def test_hent_regelsett_godtar_id_og_skolear(nokkel):
    assert hent_regelsett(nokkel).id == "2024-2025"


@pytest.mark.parametrize("nokkel", ["2019-2020", "2024-2026", "neste år", 2040])
def test_ukjent_regelsett_gir_feil_med_gyldige_verdier(nokkel):
    with pytest.raises(UkjentRegelsett, match=r"Ukjent regelsett «.*»\. Gyldige verdier: 2021-2022, "):
        hent_regelsett(nokkel)


def test_standard_er_nyeste_og_bruker_lesemate_a():
    standard = hent_regelsett()
    assert standard.id == STANDARD_REGELSETT_ID == alle_regelsett()[-1].id
    assert all(rs.avrunding == "A" for rs in alle_regelsett())


def test_gammel_forskrift_til_og_med_inntaket_2024_ny_lov_etterpa():
    assert hent_regelsett("2024-2025").regime == "forskrift-2006"
    assert hent_regelsett("2024-2025").verifisert is True
    ny = hent_regelsett("2025-2026")
    assert ny.regime == "forskrift-2024"
    assert ny.verifisert is True  # the points rules are read in opplæringsforskrifta (regler-2024.md §1)
    assert "§ 4-19" in ny.hjemler.poeng_vg1 and "videreført" not in ny.hjemler.poeng_vg1


def test_uverifisert_regelsett_sier_fra_i_forklaringen(lag):
    gammel = beregn_poeng(lag.enkle("4"), "VG1", regelsett="2023-2024")
    ny = beregn_poeng(lag.enkle("4"), "VG1", regelsett="2025-2026")
    uverifisert = beregn_poeng(
        lag.enkle("4"), "VG1", regelsett=replace(hent_regelsett("2023-2024"), verifisert=False)
    )
    merk = "Merk: regelsettet er ikke verifisert mot ny forskrift til opplæringslova (2024)."
    assert merk in uverifisert.forklaring and merk not in gammel.forklaring
    assert not any(linje.startswith("Merk: regelsettet er ikke verifisert") for linje in ny.forklaring)
    assert (gammel.regelsett, ny.regelsett) == ("2023-2024", "2025-2026")
    assert gammel.poeng == ny.poeng


def test_avrunding_b_kan_settes_i_regelsettet(eks1):
    rs_b = replace(hent_regelsett("2024-2025"), avrunding="B")
    r = beregn_poeng(eks1, "VG1", regelsett=rs_b)
    assert (r.avrunding, r.poeng) == ("B", Decimal("45.59"))
    # og forespørselen kan overstyre regelsettet
    assert beregn_poeng(eks1, "VG1", regelsett=rs_b, avrunding="A").poeng == Decimal("45.60")


def test_ugyldig_avrunding_avvises():
    with pytest.raises(ValueError, match="Ugyldig avrunding «C»"):
        replace(hent_regelsett(), avrunding="C")
    with pytest.raises(ValueError, match="Ugyldig avrunding"):
        hent_regelsett().med_avrunding("C")


def test_registrer_lokal_variant(monkeypatch, eks1):
    monkeypatch.setattr(regelsett_modul, "_REGISTER", dict(regelsett_modul._REGISTER))
    # Reading B only in a 2006 rule set: a 2024-regime rule set refuses it (test_forskrift_2024.py).
    lokal = replace(hent_regelsett("2024-2025"), id="2024-2025-vestland", avrunding="B")
    registrer_regelsett(lokal)
    assert hent_regelsett("2024-2025-vestland") is lokal
    assert beregn_poeng(eks1, "VG1", regelsett="2024-2025-vestland").poeng == Decimal("45.59")
    with pytest.raises(ValueError, match="finnes allerede"):
        registrer_regelsett(lokal)


def test_regelsett_id_ma_passe_med_skoleaaret():
    with pytest.raises(ValueError, match="passer ikke"):
        replace(hent_regelsett("2025-2026"), id="2024-2025")
