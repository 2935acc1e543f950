"""Læretid til (fagopplaering.regler.laeretid; docs/fagopplaering/kontrakt.md «Læretid til»)."""

from __future__ import annotations

import datetime as dt

import pytest

from fagopplaering.regler.laeretid import laeretid_til, slaa_sammen

D = dt.date


def test_uten_avbrudd_fra_pluss_maneder_minus_en_dag():
    r = laeretid_til(D(2025, 8, 15), 24)
    assert r.dato == D(2027, 8, 14)
    assert r.forelopig == r.dato and r.avbruddsdager == 0
    assert any("docs/fagopplaering/kontrakt.md" in s for s in r.forklaring)
    assert r.forklaring[-1] == "Læretid til (C06): 14.08.2027."


def test_maned_slutt_klemmes():
    # 31.01 + 1 month = 28.02 (clamped), minus one day
    assert laeretid_til(D(2025, 1, 31), 1).dato == D(2025, 2, 27)
    assert laeretid_til(D(2025, 9, 1), 12).dato == D(2026, 8, 31)


def test_uten_minus_en_dag_er_konfigurerbart():
    assert laeretid_til(D(2025, 8, 15), 24, minus_en_dag=False).dato == D(2027, 8, 15)


def test_godskriving_trekkes_fra():
    r = laeretid_til(D(2025, 8, 15), 24, godskriving_mnd=6)
    assert r.dato == D(2027, 2, 14)
    assert any("6 måneder er godskrevet" in s for s in r.forklaring)


def test_avbrudd_i_laeretiden_flytter_slutten_like_mange_dager():
    r = laeretid_til(D(2025, 8, 15), 24, [(D(2026, 3, 1), D(2026, 3, 31))])
    assert r.dato == D(2027, 8, 14) + dt.timedelta(days=31)
    assert r.avbruddsdager == 31
    assert any("14.08.2027 til 14.09.2027" in s for s in r.forklaring)


def test_overlappende_avbrudd_telles_en_gang():
    a = [(D(2026, 3, 1), D(2026, 3, 20)), (D(2026, 3, 10), D(2026, 3, 31)), (D(2026, 3, 5), D(2026, 3, 6))]
    r = laeretid_til(D(2025, 8, 15), 24, a)
    assert r.avbruddsdager == 31
    assert r.dato == D(2027, 9, 14)
    assert any("slått sammen" in s for s in r.forklaring)


def test_avbrudd_for_start_teller_bare_dagene_i_laeretiden():
    r = laeretid_til(D(2025, 8, 15), 12, [(D(2025, 8, 1), D(2025, 8, 20)), (D(2025, 1, 1), D(2025, 2, 1))])
    assert r.avbruddsdager == 6  # 15.–20. august
    assert r.dato == D(2026, 8, 14) + dt.timedelta(days=6)


def test_avbrudd_etter_slutt_flytter_ikke():
    r = laeretid_til(D(2025, 8, 15), 12, [(D(2026, 9, 1), D(2026, 9, 30))])
    assert r.dato == D(2026, 8, 14)
    assert any("etter at læretiden er slutt" in s for s in r.forklaring)


def test_forlengelse_trekker_inn_senere_avbrudd():
    # The first avbrudd moves the end past the start of the second, which then counts too.
    fra = D(2025, 1, 1)
    a = [(D(2025, 12, 1), D(2025, 12, 31)), (D(2026, 1, 10), D(2026, 1, 19))]
    r = laeretid_til(fra, 12, a)
    assert r.dato == D(2025, 12, 31) + dt.timedelta(days=31 + 10)


def test_apent_avbrudd_gir_ingen_dato():
    r = laeretid_til(D(2025, 8, 15), 24, [(D(2026, 1, 1), D(2026, 1, 10)), (D(2026, 3, 1), None)])
    assert r.dato is None and r.apent_avbrudd
    assert r.forelopig == D(2027, 8, 24)
    assert any("kan ikke beregnes mens avbruddet varer" in s for s in r.forklaring)


def test_apent_avbrudd_etter_slutt_gir_dato():
    r = laeretid_til(D(2025, 8, 15), 12, [(D(2026, 9, 1), None)])
    assert r.dato == D(2026, 8, 14)


@pytest.mark.parametrize("netto,gods", [(0, 0), (12, 12), (12, 13), (-1, 0)])
def test_ugyldig_laeretid(netto, gods):
    r = laeretid_til(D(2025, 8, 15), netto, godskriving_mnd=gods)
    assert r.dato is None and r.forelopig is None
    assert "minst én måned" in r.forklaring[0]


def test_slaa_sammen():
    assert slaa_sammen([(D(2026, 1, 5), D(2026, 1, 9)), (D(2026, 1, 10), D(2026, 1, 12))]) == [
        (D(2026, 1, 5), D(2026, 1, 12))
    ]
    assert slaa_sammen([(D(2026, 1, 5), None), (D(2026, 2, 1), D(2026, 2, 3))]) == [(D(2026, 1, 5), None)]
    with pytest.raises(ValueError):
        slaa_sammen([(D(2026, 1, 5), D(2026, 1, 1))])


def test_avbrudd_forlenger_kan_slas_av():
    r = laeretid_til(D(2025, 8, 15), 24, [(D(2026, 3, 1), D(2026, 3, 31))], avbrudd_forlenger=False)
    assert r.dato == D(2027, 8, 14)
