"""Rett per person: opplæringslova 2023 § 5-1/§ 5-5/§ 18-3 og gammel lov (§ 3-1, telledato, 1/3-regelen,
innføringsår), med lesemåtene synlige i forklaringen. Uten database (docs/elev.md §5)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inntak.elev.regler.rett import (
    GAMMEL_LOV,
    NY_LOV,
    Person,
    Rettskurs,
    Rettsregler,
    UkjentRegelsett,
    Utvidelse,
    rett,
)

D = datetime.date


def person(fodt: int = 2008, **felt) -> Person:
    return Person(fodselsdato=D(fodt, 6, 15), **felt)


# --- Ny lov: § 5-1 og § 18-3 -------------------------------------------------------------------------------------


def test_ungdomsrett_til_skolearet_som_starter_aret_personen_fyller_24():
    svar = rett(person(2002), 2026)  # fyller 24 i 2026
    assert (svar.regime, svar.rettstype, svar.rett_til) == (NY_LOV, "U", D(2027, 7, 31))
    assert svar.kvote is None and svar.ar_igjen is None
    assert any("ikke lenger enn ut skoleåret 2026-2027" in linje for linje in svar.forklaring)


def test_fra_aret_personen_fyller_25_er_det_voksenrett():
    svar = rett(person(2001), 2026)
    assert svar.rettstype == "V" and svar.rett_til is None
    assert any("§ 18-3" in linje and "§5.3" in linje for linje in svar.forklaring)


def test_voksenopplaering_kan_velges_fra_aret_personen_fyller_19():
    assert rett(person(2007), 2026).voksen_mulig  # fyller 19 i 2026
    assert rett(person(2007, voksen_valgt=True), 2026).rettstype == "V"
    under = rett(person(2008, voksen_valgt=True), 2026)  # fyller 18
    assert not under.voksen_mulig and under.rettstype == "U"
    assert any("under 19 år uten særlige grunner" in linje for linje in under.forklaring)
    assert rett(person(2008, voksen_valgt=True, saerlige_grunner=True), 2026).rettstype == "V"


def test_kompetanse_oppnadd_gir_ingen_rett_men_18_5_gir_fullforingsrett():
    ferdig = person(2005, kompetanse_oppnadd=D(2025, 6, 20))
    svar = rett(ferdig, 2026)
    assert svar.rettstype is None and any("ingen_rett_kode=tom" in linje for linje in svar.forklaring)
    assert rett(ferdig, 2026, Rettsregler(ingen_rett_kode="I")).rettstype == "I"
    assert (
        rett(person(2005, kompetanse_oppnadd=D(2025, 6, 20), inntatt_etter_18_5=True), 2026).rettstype == "F"
    )
    assert rett(ferdig, 2024).rettstype == "U"  # kompetansen kom etter 1. august 2024


def test_uten_grunnskole_ingen_rett():
    svar = rett(person(2009, grunnskole=False), 2026)
    assert svar.rettstype is None and "Har ikke fullført grunnskolen" in svar.forklaring[2]


def test_ny_lov_har_ingen_kvote_selv_med_mange_brukte_ar():
    kurs = tuple(Rettskurs(ar) for ar in (2024, 2025, 2026, 2027))
    svar = rett(person(2008, kurs=kurs), 2028)
    assert svar.ar_brukt == 4 and svar.rettstype == "U"
    utvidet = rett(person(2008, kurs=kurs, utvidelser=(Utvidelse("spesialundervisning", 2),)), 2028)
    assert utvidet.kvote is None and any(
        "ingen virkning etter ny lov" in linje for linje in utvidet.forklaring
    )


# --- Bruk av retten: telledato, 1/3, innføringsår ---------------------------------------------------------------


def test_telledato_1_november_er_standard():
    for_ = rett(person(2008, kurs=(Rettskurs(2024, avbruddsdato=D(2024, 10, 31)),)), 2025)
    pa = rett(person(2008, kurs=(Rettskurs(2024, avbruddsdato=D(2024, 11, 1)),)), 2025)
    assert (for_.ar_brukt, pa.ar_brukt) == (0, 1)
    assert "før telledato 01.11.2024" in for_.forklaring[2] and for_.forklaring[2].endswith(
        "(docs/elev.md §5.5)"
    )


def test_telledato_kan_sendes_inn():
    p = person(2008, kurs=(Rettskurs(2024, avbruddsdato=D(2024, 11, 15)),))
    assert rett(p, 2025, telledato=(12, 1)).ar_brukt == 0
    assert rett(p, 2025, Rettsregler(telledato=(12, 1))).ar_brukt == 0


@pytest.mark.parametrize(
    ("prosent", "brukt"),
    [
        (Decimal("33"), 0),
        (Decimal("33.33"), 0),
        (Decimal(100) / 3, 0),
        (Decimal("33.34"), 1),
        (Decimal(34), 1),
    ],
)
def test_en_tredjedel_eller_mindre_bruker_ikke_av_retten(prosent, brukt):
    assert rett(person(2008, kurs=(Rettskurs(2024, kursprosent=prosent),)), 2025).ar_brukt == brukt


def test_innforingsar_bruker_ikke_av_retten():
    svar = rett(person(2008, kurs=(Rettskurs(2024, innforingsar=True, kursprosent=Decimal(100)),)), 2025)
    assert svar.ar_brukt == 0 and "innføringsår" in svar.forklaring[2]


def test_to_kurs_samme_skolear_bruker_ett_ar_og_bare_tidligere_ar_teller():
    kurs = (Rettskurs(2024, programomrade="STSSA1----"), Rettskurs(2024, programomrade="ELELE1----"),
            Rettskurs(2025))  # fmt: skip
    svar = rett(person(2008, kurs=kurs), 2025)
    assert svar.ar_brukt == 1 and len(svar.kursbruk) == 2
    assert any("høyst ett år" in linje for linje in svar.forklaring)


def test_hedmark_eksempelet_avbrudd_etter_telledato_gir_ett_ars_forbruk():
    # «Elever som avbryter opplæringen etter denne dato blir registrert med ett års forbruk av retten.»
    svar = rett(person(2005, kurs=(Rettskurs(2021, avbruddsdato=D(2022, 2, 1)),)), 2022)
    assert svar.regime == GAMMEL_LOV and svar.ar_brukt == 1 and svar.ar_igjen == 2


# --- Gammel lov og overgangen -----------------------------------------------------------------------------------


def test_gammel_lov_for_2024_og_tre_ar():
    kurs = tuple(Rettskurs(ar) for ar in (2019, 2020, 2021))
    svar = rett(person(2003, kurs=kurs), 2022)
    assert (svar.regime, svar.kvote, svar.ar_brukt, svar.ar_igjen, svar.rettstype) == (
        GAMMEL_LOV,
        3,
        3,
        0,
        None,
    )
    assert any("brukt opp" in linje for linje in svar.forklaring)


def test_gammel_lov_alder_24_og_25():
    assert rett(person(1999), 2023).rettstype == "U"  # fyller 24 i 2023
    assert rett(person(1998), 2023).rettstype == "V"  # fyller 25: § 4A-3


def test_gammel_lov_utvidelser():
    kurs = tuple(Rettskurs(ar) for ar in (2018, 2019, 2020, 2021))
    p = person(2002, kurs=kurs, omval=(D(2019, 2, 1),),
               utvidelser=(Utvidelse("spesialundervisning", 2), Utvidelse("tegnsprak", 1), Utvidelse("laereplan", 1)))  # fmt: skip
    svar = rett(p, 2022)
    assert svar.kvote == 3 + 1 + 2 + 1 and svar.ar_igjen == 3 and svar.rettstype == "U"
    assert any("søkt 3, høyst 2" in linje for linje in svar.forklaring)


def test_overgang_startet_for_2024_folger_gammel_lov_som_standard():
    kurs = tuple(Rettskurs(ar) for ar in (2021, 2022, 2023))
    p = person(2005, kurs=kurs)
    gammel = rett(p, 2025)
    assert (gammel.regime, gammel.rettstype) == (GAMMEL_LOV, None)
    assert "overgang=gammel_for_tidligere_startet" in gammel.forklaring[0]
    ny = rett(p, 2025, Rettsregler(overgang="ny_for_alle"))
    assert (ny.regime, ny.rettstype) == (NY_LOV, "U") and "overgang=ny_for_alle" in ny.forklaring[0]


def test_skolear_for_2017_har_ingen_regler():
    with pytest.raises(UkjentRegelsett):
        rett(person(2000), 2016)


# --- Omval § 5-5 ------------------------------------------------------------------------------------------------


def test_omval_fritt_til_fristen_aret_personen_fyller_19_og_sa_ett():
    # fyller 19 i 2027: fristen er 1. mars 2027
    p = person(2008, omval=(D(2025, 2, 1), D(2026, 2, 1), D(2027, 3, 1)))
    svar = rett(p, 2027)
    assert [o.innenfor_retten for o in svar.omval] == [True, True, True]
    assert svar.omval_igjen is None  # søknadsfristen 1. mars 2027 er innen fristen
    etter = rett(person(2008, omval=(D(2026, 2, 1), D(2028, 2, 1))), 2028)
    assert [o.innenfor_retten for o in etter.omval] == [True, False]  # lovteksten: brukt før fristen
    assert etter.omval_igjen == 0
    ett = rett(
        person(2008, omval=(D(2026, 2, 1), D(2028, 2, 1))), 2028, Rettsregler(omval_etter_frist="alltid_ett")
    )
    assert [o.innenfor_retten for o in ett.omval] == [True, True] and ett.omval_igjen == 0


def test_ett_omval_etter_fristen_for_den_som_ikke_brukte_noe_for():
    svar = rett(person(2008, omval=(D(2028, 2, 1), D(2029, 2, 1))), 2029)
    assert [o.innenfor_retten for o in svar.omval] == [True, False]
    assert rett(person(2008), 2029).omval_igjen == 1
    assert any("det ene omvalet etter fristen" in linje for linje in svar.forklaring)


personer = st.builds(
    Person,
    fodselsdato=st.dates(D(1990, 1, 1), D(2012, 12, 31)),
    grunnskole=st.booleans(),
    kompetanse_oppnadd=st.none() | st.dates(D(2015, 1, 1), D(2030, 12, 31)),
    kurs=st.lists(
        st.builds(
            Rettskurs,
            skolear=st.integers(2014, 2030),
            avbruddsdato=st.none() | st.dates(D(2014, 8, 1), D(2031, 7, 31)),
            kursprosent=st.none() | st.decimals(0, 100, places=2),
            innforingsar=st.booleans(),
        ),
        max_size=5,
    ).map(tuple),
    omval=st.lists(st.dates(D(2015, 1, 1), D(2030, 12, 31)), max_size=3).map(tuple),
    voksen_valgt=st.booleans(),
    inntatt_etter_18_5=st.booleans(),
)


@given(personer, st.integers(2017, 2030))
def test_rett_er_ren_og_gir_kjent_kode(p, skolear):
    svar = rett(p, skolear)
    assert svar == rett(p, skolear)
    assert svar.rettstype in {"U", "V", "F", None}
    assert svar.ar_brukt <= len({k.skolear for k in p.kurs if k.skolear < skolear})
    assert all("(docs/elev.md §5." in linje for linje in svar.forklaring)
