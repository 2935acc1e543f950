"""Egenskapstester (hypothesis) og en uavhengig heltallsmodell av algoritmen, slik SQL-batchen skal regne."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from hypothesis import given
from hypothesis import strategies as st

from inntak.regler import Karakter
from inntak.regler import beregn_poeng as _beregn_poeng

# These tests describe the rules of forskrift 2006 (docs/regler/regler-2006.md), so they name a 2006 rule set;
# the standard rule set follows opplæringsforskrifta 2024 from 2025-2026 (tests/regler/test_forskrift_2024.py).
beregn_poeng = partial(_beregn_poeng, regelsett="2024-2025")

TALL = ["1", "2", "3", "4", "5", "6"]


@st.composite
def rad(draw, indeks: int) -> Karakter:
    vurdering = draw(st.sampled_from(["standpunkt"] * 3 + ["eksamen_skriftlig", "eksamen_muntlig"]))
    andre = ["IV", "F", "D", "B", "GK"] + (["IM"] if vurdering != "standpunkt" else [])
    karakter = draw(st.sampled_from(TALL * 4 + andre))
    fagtype = draw(st.sampled_from([None] * 6 + ["valgfag", "orden"])) if vurdering == "standpunkt" else None
    fravaer = karakter == "IM" and draw(st.booleans())
    return Karakter(f"F{indeks:04d}", vurdering, karakter, fagtype=fagtype, dokumentert_fravaer=fravaer)


@st.composite
def vitnemal(draw, min_size: int = 0) -> list[Karakter]:
    n = draw(st.integers(min_value=min_size, max_value=25))
    return [draw(rad(i)) for i in range(n)]


def _nokkeltall(r):
    return (
        r.poeng,
        r.gjennomsnitt,
        r.sum_karakterer,
        r.antall_karakterer,
        r.individuell_behandling,
        r.antall_fag,
        r.antall_fag_med_karakter,
    )


@given(vitnemal(), st.sampled_from(["A", "B"]))
def test_poeng_mellom_0_og_60(rader, avrunding):
    r = beregn_poeng(rader, "VG1", avrunding=avrunding)
    if r.individuell_behandling:
        assert r.poeng is None and r.gjennomsnitt is None
    else:
        assert Decimal(0) <= r.poeng <= Decimal(60)
        assert Decimal(0) <= r.gjennomsnitt <= Decimal(6)
        assert r.poeng.as_tuple().exponent == -2
        if avrunding == "A":
            assert r.poeng == r.gjennomsnitt * 10


@given(st.data(), vitnemal(min_size=1), st.sampled_from(["A", "B"]))
def test_uavhengig_av_rekkefolgen(data, rader, avrunding):
    stokket = data.draw(st.permutations(rader))
    assert _nokkeltall(beregn_poeng(stokket, "VG1", avrunding=avrunding)) == _nokkeltall(
        beregn_poeng(rader, "VG1", avrunding=avrunding)
    )


@given(vitnemal(), st.sampled_from(["standpunkt", "eksamen_skriftlig"]), st.sampled_from(["A", "B"]))
def test_fritak_endrer_aldri_sum_divisor_eller_poeng(rader, vurdering, avrunding):
    for_ = beregn_poeng(rader, "VG1", avrunding=avrunding)
    etter = beregn_poeng([*rader, Karakter("FRITATT1", vurdering, "F")], "VG1", avrunding=avrunding)
    assert (etter.sum_karakterer, etter.antall_karakterer) == (for_.sum_karakterer, for_.antall_karakterer)
    if not etter.individuell_behandling:
        assert (etter.poeng, etter.gjennomsnitt) == (for_.poeng, for_.gjennomsnitt)
    elif not for_.individuell_behandling:
        # Eneste lovlige endring: et fritatt fag på vitnemålet er et fag uten karakter (§ 6-23), og det
        # kan vippe søkeren under halvparten. Fritak på eksamen er ikke et fag og endrer ingenting.
        assert vurdering == "standpunkt"
        assert 2 * etter.antall_fag_med_karakter < etter.antall_fag
        assert 2 * for_.antall_fag_med_karakter >= for_.antall_fag


@given(vitnemal(min_size=1))
def test_lesemate_a_og_b_skiller_hoyst_fem_hundredeler(rader):
    a = beregn_poeng(rader, "VG1", avrunding="A")
    b = beregn_poeng(rader, "VG1", avrunding="B")
    assert a.individuell_behandling == b.individuell_behandling
    if a.poeng is not None:
        assert abs(a.poeng - b.poeng) <= Decimal("0.05")
        assert a.gjennomsnitt == b.gjennomsnitt


def _div(teller: int, nevner: int) -> int:
    return teller // nevner


def heltallsmodell(rader: list[Karakter], avrunding: str) -> tuple[int | None, int, int]:
    """Steg 3–6 i poeng-modulens docstring, bare med heltall (som SQL-batchen): (poeng·100, s, n)."""
    vanlige: list[int] = []  # hundredeler
    valgfag: list[int] = []  # hele karakterer
    fag = med = 0
    for k in rader:
        if k.fagtype == "orden" or k.karakter in ("G", "NG", "LG"):
            continue
        if k.vurdering == "standpunkt" and k.karakter not in ("D", "B", "IB", "GK"):
            fag += 1
            med += k.karakter in TALL
        if k.karakter in TALL:
            verdi = int(k.karakter)
        elif k.karakter == "IV" or (k.karakter == "IM" and not k.dokumentert_fravaer):
            verdi = 0
        else:
            continue
        (valgfag if k.fagtype == "valgfag" else vanlige).append(
            verdi if k.fagtype == "valgfag" else verdi * 100
        )
    if len(valgfag) >= 2:
        vanlige.append(_div(200 * sum(valgfag) + len(valgfag), 2 * len(valgfag)))
    else:
        vanlige.extend(v * 100 for v in valgfag)
    s, n = sum(vanlige), len(vanlige)
    if n == 0 or 2 * med < fag:
        return None, s, n
    if avrunding == "A":
        return _div(2 * s + n, 2 * n) * 10, s, n
    return _div(20 * s + n, 2 * n), s, n


@given(vitnemal(), st.sampled_from(["A", "B"]))
def test_samme_tall_som_heltallsmodellen_for_sql(rader, avrunding):
    r = beregn_poeng(rader, "VG1", avrunding=avrunding)
    poeng100, s, n = heltallsmodell(rader, avrunding)
    assert (r.sum_karakterer * 100, r.antall_karakterer) == (s, n)
    assert (None if r.poeng is None else int(r.poeng * 100)) == poeng100
