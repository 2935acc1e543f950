"""The tilskudd rule (fagopplaering.regler.tilskudd) on its own: no database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from fagopplaering.regler import tilskudd as r

D = datetime.date
SATSER = r.Satser(Decimal("183093"), Decimal("5963"), Decimal("12000"), skolear="2025-2026")


def k(**kw) -> r.Kontraktgrunnlag:
    grunn = {"laeretid_fra": D(2025, 8, 15), "laeretid_til": D(2027, 8, 14), "netto_laeretid_mnd": 24,
             "status": "godkjent", "godkjent_dato": D(2025, 9, 20)}  # fmt: skip
    return r.Kontraktgrunnlag(**{**grunn, **kw})


H2 = (D(2025, 7, 1), D(2025, 12, 31))


def linjer(kontrakt, periode=H2, start=r.FRA_LAERETID):
    fra, til = periode
    return {li.maned.month: li for li in r.beregn(kontrakt, fra, til, lambda m: SATSER, start).linjer}


def test_bt1_fra_laeretid_fra_med_delmaned():
    ut = linjer(k())
    assert sorted(ut) == [8, 9, 10, 11, 12]
    aug = ut[8]
    assert (aug.ordning, aug.dager, aug.dager_i_maned, aug.sats) == ("BT1", 17, 31, Decimal("15257.75"))
    assert aug.belop == Decimal("8367.15")
    assert ut[9].belop == Decimal("15257.75")
    tekst = " ".join(aug.forklaring)
    assert "August 2025: kontrakten gir tilskudd 17 av 31 dager (tilskudd fra 15.08.2025)" in tekst
    assert "183 093,00 kr per år / 12 = 15 257,75 kr per måned" in tekst
    assert "15 257,75 kr × 17/31 dager = 8 367,15 kr" in tekst
    assert r.DOK in tekst and r.KILDE in tekst


def test_godkjenning_flytter_ikke_start_men_maned_for_godkjenning_kan():
    assert sorted(linjer(k())) == [8, 9, 10, 11, 12]  # § 7-2 (3): from læretid fra, approved in September
    ut = linjer(k(godkjent_dato=D(2025, 11, 3)), start=r.FRA_MANED_FOR_GODKJENNING)
    assert sorted(ut) == [10, 11, 12] and ut[10].dager == 31
    # Never before læretid fra.
    ut = linjer(k(godkjent_dato=D(2025, 8, 20)), start=r.FRA_MANED_FOR_GODKJENNING)
    assert ut[8].dager == 17


def test_bt2_uten_ungdomsrett_og_for_fagbrev_pa_jobb():
    assert linjer(k(ungdomsrett=False))[9].ordning == "BT2"
    assert linjer(k(ungdomsrett=False))[9].sats == Decimal("5963.00")
    fj = linjer(k(kandidattype="fagbrev_pa_jobb", kontraktstype="FJ"))[9]
    assert fj.ordning == "BT2" and "fagbrev på jobb" in " ".join(fj.forklaring)


def test_laerekandidat_far_tillegg():
    li = linjer(k(kandidattype="laerekandidat", kontraktstype="OK"))[9]
    assert li.ordning == "LK"
    assert li.sats == Decimal("15257.75") + Decimal("1000.00")
    assert "Tillegg for lærekandidat" in " ".join(li.forklaring)
    li = linjer(k(kandidattype="laerekandidat", kontraktstype="OK", ungdomsrett=False))[9]
    assert li.sats == Decimal("5963.00") + Decimal("1000.00")


def test_bt1_fordeles_over_laeretiden_nar_opplaeringstid_er_kortere():
    # 12 months of opplæring spread over 24 months in bedrift: 183 093 × 12 / (12 × 24) = 7 628,875 → 7 628,88.
    li = linjer(k(netto_opplaeringstid_mnd=12))[9]
    assert li.sats == Decimal("7628.88")
    assert "fordelt jevnt over 24 måneder" in " ".join(li.forklaring)
    # Godskriving shortens the læretid in bedrift: 12 over 18 months.
    assert linjer(k(netto_opplaeringstid_mnd=12, godskriving_mnd=6))[9].sats == Decimal("10171.83")
    # Opplæringstid as long as the læretid: the plain yearly / 12.
    assert linjer(k(netto_opplaeringstid_mnd=24))[9].sats == Decimal("15257.75")


def test_avbrudd_trekkes_fra_og_overlapp_teller_en_gang():
    kontrakt = k(avbrudd=((D(2025, 10, 10), D(2025, 10, 19)), (D(2025, 10, 15), D(2025, 10, 24)),
                          (D(2025, 12, 30), D(2026, 1, 20))))  # fmt: skip
    ut = linjer(kontrakt)
    assert ut[10].dager == 16 and ut[12].dager == 29
    assert "15 dager i avbrudd (10.10.2025–24.10.2025) trukket fra" in " ".join(ut[10].forklaring)


def test_apent_avbrudd_stopper_tilskuddet():
    ut = linjer(k(avbrudd=((D(2025, 11, 11), None),)))
    assert sorted(ut) == [8, 9, 10, 11] and ut[11].dager == 10
    assert any("uten sluttdato" in s for s in r.beregn(k(avbrudd=((D(2025, 11, 11), None),)), D(2025, 7, 1),
                                                      D(2025, 12, 31), lambda m: SATSER).forklaring)  # fmt: skip


def test_avsluttet_kontrakt_til_og_med_avsluttet_dato():
    ut = linjer(k(status="avsluttet", avsluttet_dato=D(2025, 11, 10)))
    assert sorted(ut) == [8, 9, 10, 11] and ut[11].dager == 10
    assert ut[11].belop == Decimal("5085.92")  # 15 257,75 × 10/30


@pytest.mark.parametrize(
    "endring, ord",
    [
        ({"status": "til_godkjenning", "godkjent_dato": None}, "ikke godkjent"),
        ({"status": "annullert"}, "ikke godkjent"),
        ({"gir_tilskudd": False, "kontraktstype": "VG3"}, "VG3 gir ikke"),
        ({"tilskudd": False}, "uten tilskudd"),
    ],
)
def test_ingen_tilskudd(endring, ord):
    res = r.beregn(k(**endring), D(2025, 7, 1), D(2025, 12, 31), lambda m: SATSER)
    assert res.linjer == [] and ord in res.forklaring[0]


def test_halvar_og_periode():
    assert r.halvar(2026, 1) == (D(2026, 1, 1), D(2026, 6, 30))
    assert r.halvar(2025, 2) == (D(2025, 7, 1), D(2025, 12, 31))
    with pytest.raises(ValueError):
        r.halvar(2025, 3)
    assert r.sjekk_periode(D(2025, 7, 1), D(2025, 12, 31)) == []
    assert len(r.sjekk_periode(D(2025, 7, 2), D(2025, 12, 30))) == 2
    assert r.sjekk_periode(D(2025, 1, 1), D(2026, 6, 30)) == ["En beregning kan omfatte høyst 12 måneder."]


def test_kr_og_avrunding():
    assert r.kr(Decimal("183093")) == "183 093,00 kr"
    assert r.kr(Decimal("0.5")) == "0,50 kr"
    assert r.rund(Decimal("0.005")) == Decimal("0.01")
    assert r.rund(Decimal("2.675")) == Decimal("2.68")  # half up, not banker's rounding
