"""Inntak til Vg2 og Vg3: standpunkt, eksamen og halvårsvurdering etter § 6-34 (docs/regler/regler-2006.md §2)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import partial

import pytest

from inntak.regler import Karakter, Valideringsfeil, hent_regelsett
from inntak.regler import beregn_poeng as _beregn_poeng

# These tests describe the rules of forskrift 2006 (docs/regler/regler-2006.md), so they name a 2006 rule set;
# the standard rule set follows opplæringsforskrifta 2024 from 2025-2026 (tests/regler/test_forskrift_2024.py).
beregn_poeng = partial(_beregn_poeng, regelsett="2024-2025")

D = Decimal


def vg(fag: str, vurdering: str, karakter: str, trinn: str | None) -> Karakter:
    return Karakter(fag, vurdering, karakter, trinn=trinn)


def vg1_karakterer() -> list[Karakter]:
    return [
        vg("ENG1007", "standpunkt", "4", "VG1"),
        vg("NAT1007", "standpunkt", "5", "VG1"),
        vg("MAT1019", "eksamen_skriftlig", "3", "VG1"),
        vg("NOR1260", "halvar", "6", "VG1"),  # norsk: bare halvårsvurdering på Vg1
    ]


def test_vg2_teller_halvarsvurdering_fra_vg1():
    r = beregn_poeng(vg1_karakterer(), "VG2")
    assert r.antall_karakterer == 4
    assert r.sum_karakterer == D(18)
    assert r.poeng == D("45.00")
    assert "§ 6-34" in r.forklaring[0]


def test_vg2_godtar_karakterer_uten_trinn():
    rader = [replace(k, trinn=None) for k in vg1_karakterer()]
    assert beregn_poeng(rader, "VG2").poeng == D("45.00")


def test_vg3_teller_ikke_halvarsvurdering_fra_vg1_men_fra_vg2():
    rader = [
        *vg1_karakterer(),
        vg("NOR1264", "halvar", "2", "VG2"),
        vg("HIS1009", "halvar", "4", "VG2"),
        vg("MAT1023", "standpunkt", "5", "VG2"),
    ]
    r = beregn_poeng(rader, "VG3")
    utelatt = [(u.fag, u.grunn) for u in r.utelatt]
    assert utelatt == [("NOR1260", "Halvårsvurdering fra Vg1 teller ikke ved inntak til Vg3")]
    # standpunkt og eksamen fra Vg1 teller fortsatt: 4 + 5 + 3 + 2 + 4 + 5 = 23 over 6
    assert r.antall_karakterer == 6
    assert r.poeng == D("38.30")  # 3,8333… → 3,83


def test_vg3_krever_trinn_pa_halvarsvurdering():
    with pytest.raises(Valideringsfeil, match="Trinn") as feil:
        beregn_poeng([vg("NOR1264", "halvar", "4", None)], "VG3")
    assert feil.value.felt == "karakterer[0].trinn"


def test_vg2_avviser_karakterer_fra_vg2():
    with pytest.raises(Valideringsfeil, match="Vg2 kan ikke telle"):
        beregn_poeng([vg("NOR1264", "halvar", "4", "VG2")], "VG2")


def test_vg1_avviser_trinn():
    with pytest.raises(Valideringsfeil, match="grunnskolen"):
        beregn_poeng([vg("NOR1264", "standpunkt", "4", "VG1")], "VG1")


def test_vg3_kun_vg2_kan_velges_i_regelsettet():
    """Mulig 2024-endring (vilbli.no: «from Vg2»), UNVERIFIED: konfigurerbar, ikke standard."""
    rader = [*vg1_karakterer(), vg("NOR1264", "halvar", "2", "VG2"), vg("MAT1023", "standpunkt", "5", "VG2")]
    standard = beregn_poeng(rader, "VG3")
    kun_vg2 = beregn_poeng(rader, "VG3", regelsett=replace(hent_regelsett("2025-2026"), vg3_kun_vg2=True))
    assert standard.antall_karakterer == 5
    assert kun_vg2.antall_karakterer == 2 and kun_vg2.poeng == D("35.00")
    assert {u.fag for u in kun_vg2.utelatt} == {"ENG1007", "NAT1007", "MAT1019", "NOR1260"}


def test_vg3_kun_vg2_krever_trinn_pa_alle_karakterer():
    rs = replace(hent_regelsett("2025-2026"), vg3_kun_vg2=True)
    with pytest.raises(Valideringsfeil, match="Trinn må oppgis"):
        beregn_poeng([vg("MAT1023", "standpunkt", "5", None)], "VG3", regelsett=rs)


def test_halvparttesten_teller_halvarsvurdering_som_fag_pa_vg2():
    rader = [
        vg("NOR1260", "halvar", "4", "VG1"),
        vg("ENG1007", "standpunkt", "F", "VG1"),
        vg("NAT1007", "standpunkt", "F", "VG1"),
    ]
    r = beregn_poeng(rader, "VG2")
    assert (r.antall_fag, r.antall_fag_med_karakter) == (3, 1)
    assert r.individuell_behandling is True
