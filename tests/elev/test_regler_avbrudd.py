"""Avbruddskaskaden (B04) rører ikke fag med H2-, standpunkt- eller eksamenskarakter; fullførtkode ved skoleslutt
(blank → X). Uten database (docs/elev.md §4)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inntak.elev.regler.avbrudd import Elevfag, Ugyldig, avbryt, fullfortkode_ved_skoleslutt

AVBRUDD = datetime.date(2027, 1, 20)


def test_kaskaden_setter_s_og_dato_men_ikke_pa_vurderte_fag():
    fag = [
        Elevfag("NOR1260", startdato=datetime.date(2026, 8, 19)),
        Elevfag("MAT1019", h1="4"),  # bare H1: ikke vernet
        Elevfag("KRO1017", standpunkt="5"),  # avsluttet høsten: røres ikke
        Elevfag("ENG1007", h2="3"),
        Elevfag("NAT1007", skriftlig="IM"),
        Elevfag("SAF1001", fagstatus="F"),
    ]
    svar = avbryt(AVBRUDD, fag, forste_skoledag=datetime.date(2026, 8, 19))
    assert (svar.elevstatus, svar.fullfortkode) == ("S", "S")
    assert svar.endret == ("NOR1260", "MAT1019", "SAF1001")
    assert svar.urort == ("KRO1017", "ENG1007", "NAT1007")
    etter = {f.fagkode: f for f in svar.fag}
    assert etter["NOR1260"].fagstatus == "S" and etter["NOR1260"].avbruddsdato == AVBRUDD
    assert etter["NOR1260"].startdato == datetime.date(2026, 8, 19)
    assert etter["KRO1017"] == fag[2] and etter["ENG1007"] == fag[3] and etter["NAT1007"] == fag[4]
    assert "KRO1017: har standpunkt-karakter og røres ikke. (docs/elev.md §4.1)" in svar.forklaring
    assert "MAT1019: fagstatus E → S, avbruddsdato 20.01.2027. (docs/elev.md §4.1)" in svar.forklaring
    assert fag[0].fagstatus == "E"  # inndata er uendret (frosne dataklasser)


def test_fag_som_allerede_er_sluttet_beholder_sin_dato():
    tidligere = Elevfag("MAT1019", fagstatus="S", avbruddsdato=datetime.date(2026, 10, 1))
    svar = avbryt(AVBRUDD, [tidligere])
    assert svar.fag == (tidligere,) and svar.endret == ()
    assert "§4.2" in svar.forklaring[1]


def test_avbruddsdato_for_forste_skoledag_avvises():
    with pytest.raises(Ugyldig, match="før første skoledag"):
        avbryt(datetime.date(2026, 8, 1), [Elevfag("NOR1260")], forste_skoledag=datetime.date(2026, 8, 19))


def test_fullfortkode_blank_fra_sas_blir_x():
    assert fullfortkode_ved_skoleslutt(None)[0] == "X"
    kode, forklaring = fullfortkode_ved_skoleslutt("  ")
    assert kode == "X" and forklaring == [
        "Fullførtkode er blank fra SAS og lagres som X. (docs/elev.md §4.3)"
    ]


@pytest.mark.parametrize("kode", list("BIMAHLKS"))
def test_fullfortkoder_som_importen_godtar(kode):
    assert fullfortkode_ved_skoleslutt(kode.lower())[0] == kode


def test_ukjent_kode_x_fra_sas_og_grunnskole():
    for kode in ("Q", "X"):
        with pytest.raises(Ugyldig, match="Ukjent fullførtkode"):
            fullfortkode_ved_skoleslutt(kode)
    assert fullfortkode_ved_skoleslutt("B", grunnskole=True)[0] == "B"
    with pytest.raises(Ugyldig, match="Grunnskoler kan bare"):
        fullfortkode_ved_skoleslutt("I", grunnskole=True)


def test_avbrutt_kurs_beholder_s():
    assert fullfortkode_ved_skoleslutt("B", avbrutt=True)[0] == "S"
    assert fullfortkode_ved_skoleslutt(None, avbrutt=True)[0] == "S"


karakter = st.none() | st.sampled_from(["", "1", "4", "IV", "IM"])
fagliste = st.lists(
    st.builds(
        Elevfag,
        fagkode=st.from_regex(r"[A-Z]{3}[0-9]{4}", fullmatch=True),
        fagstatus=st.sampled_from(list("EAFSPV")),
        avbruddsdato=st.none() | st.dates(datetime.date(2026, 8, 19), datetime.date(2027, 6, 20)),
        h1=karakter,
        h2=karakter,
        standpunkt=karakter,
        skriftlig=karakter,
        muntlig=karakter,
        annen=karakter,
    ),  # fmt: skip
    max_size=10,
)


@given(fagliste, st.dates(datetime.date(2026, 8, 19), datetime.date(2027, 6, 20)))
def test_vurderte_fag_rores_aldri_og_resten_er_s(fag, dato):
    svar = avbryt(dato, fag)
    assert len(svar.fag) == len(fag)
    for for_, etter in zip(fag, svar.fag, strict=True):
        if for_.vurdert():
            assert etter == for_
        else:
            assert etter.fagstatus == "S" and etter.avbruddsdato is not None and etter.avbruddsdato <= dato
