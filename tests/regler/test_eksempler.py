"""Regnestykkene i docs/regler/regler-2006.md §8, under begge lesemåtene av avrundingen (A og B)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest

from inntak.regler import beregn_poeng as _beregn_poeng
from inntak.regler.poeng import VALGFAG_KODE

# These tests describe the rules of forskrift 2006 (docs/regler/regler-2006.md), so they name a 2006 rule set;
# the standard rule set follows opplæringsforskrifta 2024 from 2025-2026 (tests/regler/test_forskrift_2024.py).
beregn_poeng = partial(_beregn_poeng, regelsett="2024-2025")

D = Decimal

# (karakterer, sum, n, A-poeng, B-poeng) for docs/regler/regler-2006.md §8 nr. 3–5
ENKLE_EKSEMPLER = [
    (("4", "4", "4", "5", "4", "4", "4", "4"), D("33"), 8, D("41.30"), D("41.25")),
    (("4", "5", "4"), D("13"), 3, D("43.30"), D("43.33")),
    (("4", "4", "4", "4", "4", "4", "5"), D("29"), 7, D("41.40"), D("41.43")),
]


@pytest.mark.parametrize(("avrunding", "poeng"), [("A", D("45.60")), ("B", D("45.59"))])
def test_eksempel_1(eks1, avrunding, poeng):
    r = beregn_poeng(eks1, "VG1", avrunding=avrunding)
    assert r.poeng == poeng
    assert str(r.poeng) == str(poeng)  # nøyaktig to desimaler
    assert r.sum_karakterer == D("77.50")
    assert r.antall_karakterer == 17
    assert r.gjennomsnitt == D("4.56")
    assert r.avrunding == avrunding
    assert not r.individuell_behandling
    valgfag = [t for t in r.telte if t.fag == VALGFAG_KODE]
    assert len(valgfag) == 1 and valgfag[0].verdi == D("4.50")
    assert {u.fag for u in r.utelatt} == {"ORDEN", "OPPFORSEL"}


@pytest.mark.parametrize(("avrunding", "poeng"), [("A", D("41.70")), ("B", D("41.67"))])
def test_eksempel_2_fritak_dokumentert_im_og_iv(eks2, avrunding, poeng):
    r = beregn_poeng(eks2, "VG1", avrunding=avrunding)
    assert r.poeng == poeng
    assert r.sum_karakterer == D("62.50")
    assert r.antall_karakterer == 15
    assert r.gjennomsnitt == D("4.17")
    utelatt = {(u.fag, u.vurdering): u.grunn for u in r.utelatt}
    assert "Fritak" in utelatt[("NOR0215", "standpunkt")]
    assert "dokumentert fravær" in utelatt[("MAT0010", "eksamen_muntlig")]
    iv = next(t for t in r.telte if t.fag == "KRO0020")
    assert iv.verdi == 0 and iv.karakter == "IV"


@pytest.mark.parametrize(("karakterer", "summen", "n", "poeng_a", "poeng_b"), ENKLE_EKSEMPLER)
@pytest.mark.parametrize("avrunding", ["A", "B"])
def test_eksempel_3_til_5(lag, karakterer, summen, n, poeng_a, poeng_b, avrunding):
    r = beregn_poeng(lag.enkle(*karakterer), "VG1", avrunding=avrunding)
    assert r.sum_karakterer == summen
    assert r.antall_karakterer == n
    assert r.poeng == (poeng_a if avrunding == "A" else poeng_b)


def test_eksempel_3_runder_halvt_opp_ikke_til_naermeste_partall(lag):
    # 33 / 8 = 4,125: bankers avrunding ville gitt 4,12 og 41,20.
    r = beregn_poeng(lag.enkle("4", "4", "4", "5", "4", "4", "4", "4"), "VG1", avrunding="A")
    assert r.gjennomsnitt == D("4.13")
    assert r.poeng == D("41.30")


def test_ung_no_eksempel_snitt_4_38_gir_43_8(lag):
    # 19 femmere og 31 firere: 219 / 50 = 4,38 nøyaktig
    r = beregn_poeng(lag.enkle(*(["5"] * 19 + ["4"] * 31)), "VG1")
    assert r.gjennomsnitt == D("4.38")
    assert r.poeng == D("43.80")


def test_standard_er_lesemate_a(eks1):
    assert beregn_poeng(eks1, "VG1").avrunding == "A"
    assert beregn_poeng(eks1, "VG1").poeng == D("45.60")


def test_forklaringen_viser_sum_divisor_og_avrundingstrinn(eks1):
    a = "\n".join(beregn_poeng(eks1, "VG1", avrunding="A").forklaring)
    assert "= 77,50; antall karakterer (divisor): 17" in a
    assert "77,50 / 17 = 4,5588… → 4,56" in a
    assert "4,56 × 10 = 45,60" in a
    assert "Valgfag: (5 + 4) / 2 = 4,50 → 4,50" in a
    assert "Orden og oppførsel teller ikke" in a
    b = "\n".join(beregn_poeng(eks1, "VG1", avrunding="B").forklaring)
    assert "77,50 × 10 / 17 = 45,5882… → 45,59" in b
