"""Virkedager og kopiering av årshjulet til neste skoleår."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshjul.kjerne import (
    Datotype,
    Hendelse,
    Hendelsestype,
    Kategori,
    Tidspunkt,
    er_virkedag,
    flytt_alle,
    flytt_til_neste_ar,
    les_innebygd,
    neste_virkedag,
)
from arshjul.kjerne.datoer import FLYTTBARE_TYPER


@pytest.fixture(autouse=True)
def _media():
    """Kjernen er rammeverksfri: overstyrer den Django-avhengige autouse-fixturen i tests/conftest.py."""


def hendelse(
    tid: Tidspunkt, type_: Hendelsestype = Hendelsestype.FRIST, skolear: str = "2023-2024"
) -> Hendelse:
    return Hendelse(
        skolear=skolear,
        tid=tid,
        fra="Fylkene",
        hva="Søknadsfrist ordinære søkere",
        til="",
        kommentar="",
        kategori=Kategori.INTERNE,
        kategori_regel="fallback-interne",
        type=type_,
        type_regel="frist",
    )


@pytest.mark.parametrize(
    ("dag", "forventet"),
    [
        (date(2025, 3, 3), date(2025, 3, 3)),  # mandag er virkedag
        (date(2025, 3, 1), date(2025, 3, 3)),  # lørdag
        (date(2025, 3, 2), date(2025, 3, 3)),  # søndag
        (date(2025, 4, 17), date(2025, 4, 22)),  # skjærtorsdag → over hele påsken
        (date(2025, 4, 18), date(2025, 4, 22)),  # langfredag
        (date(2025, 4, 21), date(2025, 4, 22)),  # andre påskedag
        (date(2025, 5, 1), date(2025, 5, 2)),  # arbeidernes dag
        (date(2029, 5, 17), date(2029, 5, 18)),  # grunnlovsdag på torsdag
        (date(2025, 5, 17), date(2025, 5, 19)),  # grunnlovsdag på lørdag
        (date(2025, 5, 29), date(2025, 5, 30)),  # Kristi himmelfartsdag
        (date(2025, 6, 9), date(2025, 6, 10)),  # andre pinsedag
        (date(2026, 12, 25), date(2026, 12, 28)),  # jul på fredag
        (date(2025, 12, 31), date(2025, 12, 31)),  # nyttårsaften er virkedag
    ],
)
def test_neste_virkedag(dag, forventet):
    assert neste_virkedag(dag) == forventet


@pytest.mark.parametrize(
    ("fra", "til", "merknad"),
    [
        (date(2024, 3, 1), date(2025, 3, 3), "1. mars 2025 er lørdag – flyttet til mandag 3. mars"),
        (
            date(2024, 4, 17),
            date(2025, 4, 22),
            "17. april 2025 er skjærtorsdag – flyttet til tirsdag 22. april",
        ),
        (date(2025, 4, 3), date(2026, 4, 7), "3. april 2026 er langfredag – flyttet til tirsdag 7. april"),
        (
            date(2024, 4, 21),
            date(2025, 4, 22),
            "21. april 2025 er andre påskedag – flyttet til tirsdag 22. april",
        ),
        (date(2028, 5, 17), date(2029, 5, 18), "17. mai 2029 er grunnlovsdag – flyttet til fredag 18. mai"),
        (
            date(2024, 5, 17),
            date(2025, 5, 19),
            "17. mai 2025 er lørdag og grunnlovsdag – flyttet til mandag 19. mai",
        ),
        (
            date(2024, 5, 29),
            date(2025, 5, 30),
            "29. mai 2025 er Kristi himmelfartsdag – flyttet til fredag 30. mai",
        ),
        (
            date(2024, 6, 9),
            date(2025, 6, 10),
            "9. juni 2025 er andre pinsedag – flyttet til tirsdag 10. juni",
        ),
        (
            date(2024, 2, 29),
            date(2025, 2, 28),
            "29. februar 2024 finnes ikke i 2025 – satt til 28. februar 2025",
        ),
        (date(2024, 3, 4), date(2025, 3, 4), None),
    ],
)
def test_flytt_enkeltdato(fra, til, merknad):
    ny, tekst = flytt_til_neste_ar(hendelse(Tidspunkt.dato(fra, "x")))
    assert ny.tid.start == ny.tid.slutt == til
    assert tekst == merknad
    assert ny.skolear == "2024-2025"
    assert ny.nokkel != hendelse(Tidspunkt.dato(fra, "x")).nokkel


def test_ny_datotekst_i_kildeformat():
    ny, _ = flytt_til_neste_ar(hendelse(Tidspunkt.dato(date(2024, 3, 1), "01.mar")))
    assert ny.tid.tekst == "03.mar"


def test_ferie_flyttes_ikke_og_uke_beholder_ukenummer():
    uke40 = hendelse(Tidspunkt.uke(2022, (40,), "uke 40"), Hendelsestype.FERIE, "2022-2023")
    ny, merknad = flytt_til_neste_ar(uke40)
    assert ny.tid.uker == (40,) and merknad is None
    assert (ny.tid.start, ny.tid.slutt) == (date(2023, 10, 2), date(2023, 10, 8))
    inntak = hendelse(Tidspunkt.uke(2023, (31, 32), "Uke 31/32"), Hendelsestype.LEVERANSE, "2022-2023")
    ny, _ = flytt_til_neste_ar(inntak)
    assert (ny.tid.start, ny.tid.slutt) == (date(2024, 7, 29), date(2024, 8, 11))
    assert ny.tid.tekst == "Uke 31/32"


def test_uke_53_finnes_ikke_alltid():
    ny, merknad = flytt_til_neste_ar(hendelse(Tidspunkt.uke(2020, (53,), "uke 53"), Hendelsestype.FERIE))
    assert ny.tid.uker == (52,)
    assert merknad == "2021 har ikke uke 53 – satt til uke 52"


def test_periode_flyttes_ett_ar_og_fridager_merkes():
    ny, merknad = flytt_til_neste_ar(hendelse(Tidspunkt.periode(date(2018, 6, 18), date(2018, 6, 20), "x")))
    assert (ny.tid.start, ny.tid.slutt, merknad) == (date(2019, 6, 18), date(2019, 6, 20), None)
    ny, merknad = flytt_til_neste_ar(hendelse(Tidspunkt.periode(date(2024, 6, 19), date(2024, 6, 21), "x")))
    assert ny.tid.slutt == date(2025, 6, 21)
    assert merknad and "lørdag" in merknad and "ikke flyttet" in merknad


def test_gjentakende_regel_flytter_starten():
    tid = Tidspunkt.gjentakende(
        date(2022, 9, 1), "FREQ=MONTHLY;COUNT=12", "En gang pr. måned etter 1.sept", "x"
    )
    ny, merknad = flytt_til_neste_ar(hendelse(tid, Hendelsestype.LEVERANSE, "2022-2023"))
    assert ny.tid.type is Datotype.GJENTAKENDE
    assert ny.tid.start == date(2023, 9, 1) and ny.tid.rrule == "FREQ=MONTHLY;COUNT=12"
    assert merknad is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_neste_virkedag_egenskaper(dag):
    ny = neste_virkedag(dag)
    assert er_virkedag(ny)
    assert dag <= ny <= dag + timedelta(days=5)  # lengste fri: skjærtorsdag–andre påskedag
    assert neste_virkedag(ny) == ny


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)).filter(
        lambda d: (d.month, d.day) != (2, 29)
    ),
    st.sampled_from(sorted(FLYTTBARE_TYPER)),
)
def test_flyttbare_typer_havner_alltid_pa_virkedag(dag, type_):
    ny, merknad = flytt_til_neste_ar(hendelse(Tidspunkt.dato(dag, "x"), type_))
    samme_dag = dag.replace(year=dag.year + 1)
    assert er_virkedag(ny.tid.start)
    assert ny.tid.start == neste_virkedag(samme_dag)
    assert (merknad is None) == (ny.tid.start == samme_dag)


@pytest.mark.parametrize("skolear", ["2017-2018", "2022-2023"])
def test_hele_hjulet_kopieres(skolear):
    r = les_innebygd(skolear)
    kopi = flytt_alle(r.hendelser)
    assert len(kopi) == len(r.hendelser)
    for gammel, (ny, _) in zip(r.hendelser, kopi, strict=True):
        if ny.tid.type is Datotype.DATO and ny.type in FLYTTBARE_TYPER:
            assert er_virkedag(ny.tid.start)
            assert 0 <= (ny.tid.start - gammel.tid.start.replace(year=gammel.tid.start.year + 1)).days <= 5
    nye_nokler = {ny.nokkel for ny, _ in kopi}
    assert len(nye_nokler) == len(kopi)
    assert nye_nokler.isdisjoint(h.nokkel for h in r.hendelser)


def test_kjent_flytting_i_2017_hjulet():
    r = les_innebygd("2017-2018")
    (skjaertorsdag,) = [flytt_til_neste_ar(h) for h in r.hendelser if h.linje_fra == 103]
    ny, merknad = skjaertorsdag
    assert ny.tid.start == date(2019, 4, 23)
    assert merknad == "18. april 2019 er skjærtorsdag – flyttet til tirsdag 23. april"
