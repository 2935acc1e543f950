"""Import av årshjul 2022-2023 (tekst fra PDF). Tallene er talt for hånd i dokumentet."""

import re
from datetime import date
from functools import cache

import pytest

from arshjul.kjerne import Datotype, Hendelsestype, Kategori, ParseResultat, les_innebygd
from arshjul.kjerne.kilder import innebygd_sti


@pytest.fixture(autouse=True)
def _media():
    """Kjernen er rammeverksfri: overstyrer den Django-avhengige autouse-fixturen i tests/conftest.py."""


@cache
def resultat() -> ParseResultat:
    return les_innebygd("2022-2023")


def rad(linje: int):
    (h,) = [h for h in resultat().hendelser if h.linje_fra == linje]
    return h


# Uker telles i måneden der ukas mandag ligger (uke 40/41 → oktober, uke 8/9 → februar,
# uke 10 → mars, uke 31/32 → juli 2023); den gjentakende regelen i september 2022.
FORVENTET_PER_MANED = {
    "2022-07": 9,
    "2022-08": 3,
    "2022-09": 16,
    "2022-10": 14,
    "2022-11": 17,
    "2022-12": 6,
    "2023-01": 8,
    "2023-02": 10,
    "2023-03": 9,
    "2023-04": 3,
    "2023-05": 0,
    "2023-06": 9,
    "2023-07": 11,
    "2023-08": 0,
}


def test_metadata():
    r = resultat()
    assert r.skolear == "2022-2023"
    assert r.format == "pdf-tekst"
    assert r.per_dato == date(2022, 6, 7)
    assert r.maneder[0] == (2022, 7) and r.maneder[-1] == (2023, 8)


def test_antall_per_maned():
    assert resultat().per_maned == FORVENTET_PER_MANED
    assert len(resultat().hendelser) == 115


def test_ingenting_forsvinner_stille():
    linjer = [linje.strip() for linje in innebygd_sti("2022-2023").read_text(encoding="utf-8").split("\n")]
    ikke_blanke = [linje for linje in linjer if linje]
    starter = [
        i
        for i, linje in enumerate(ikke_blanke)
        if re.match(r"^(\d{2}\.[a-z]{3}\b|\d\.sept\b|[Uu]ke \d|En gang)", linje)
        # «19.jun ⏎ til ⏎ 21.jun» og «… etter ⏎ 1.sept» fortsetter raden over
        and not (i > 0 and ikke_blanke[i - 1] in ("til", "etter"))
    ]
    r = resultat()
    assert len(starter) == 115 == r.antall_daterte_rader
    assert len(r.hendelser) + len(r.ikke_plassert) == len(starter)
    assert r.ikke_plassert == [] and r.advarsler == []


def test_anbefalt_dato_3_juli():
    h = rad(8)
    assert h.tid.start == date(2022, 7, 3)
    assert h.fra == "VIGO (Inntakskontoret)"
    assert h.hva == "Anbefalt dato for å stoppe overføring av sluttere fra skolene"
    assert h.kommentar.startswith("5S001, mappekort SAS.")
    assert h.jobbkoder == {"5S001": None}
    assert h.type is Hendelsestype.ANBEFALT_DATO


def test_fpvs_med_mottaker_over_fire_linjer():
    h = rad(40)
    assert h.tid.start == date(2022, 7, 5)
    assert h.til == "Forsvarets personell- og vernepliktssenter (FPVS)"
    assert h.hva == "Datalevering - Fullført videregående opplæring skoleårene 2020-2021 og 2021-2022."
    assert h.kommentar == "Dato for uttrekket kan bli noe justert."
    assert h.kategori is Kategori.FPVS


def test_ssbresultat_27_september():
    h = rad(326)
    assert h.tid.start == date(2022, 9, 27)
    assert h.fra == "VIGO (IST)" and h.til == "Udir"
    assert "(Rapport i VIGO: 5A019 - Oppdater rett) senest 26. september." in h.hva
    assert h.kommentar.startswith("Grunnlag for publisering av utdanningsstatistikk og KOSTRA.")
    assert h.jobbkoder == {"5A019": "Oppdater rett", "1L010": "Elevdata ssbResultat og ssbResultatfag"}


def test_import_fra_skoler_10_oktober():
    h = rad(425)
    assert h.tid.start == date(2022, 10, 10)
    assert h.fra == "Skolene/ Fylkesansvarlig SAS VIGO (Inntak)"
    assert h.jobbkoder == {"6A001": "Import fra skoler", "6S002": "SAS-konsoll"}
    assert h.type is Hendelsestype.FRIST


def test_uker_som_iso_uker():
    hostferie = rad(363)
    assert hostferie.tid.type is Datotype.UKE and hostferie.tid.uker == (40,)
    assert (hostferie.tid.start, hostferie.tid.slutt) == (date(2022, 10, 3), date(2022, 10, 9))
    assert hostferie.type is Hendelsestype.FERIE
    troms = rad(856)
    assert (troms.tid.start, troms.tid.slutt) == (date(2023, 3, 6), date(2023, 3, 12))
    assert (troms.type, troms.type_regel) == (Hendelsestype.FERIE, "ferie-uke-forbehold")
    inntakslister = rad(1236)
    assert inntakslister.tid.uker == (31, 32)
    assert (inntakslister.tid.start, inntakslister.tid.slutt) == (date(2023, 7, 31), date(2023, 8, 13))
    assert inntakslister.fra == "Inntakskontorene"


def test_periode_over_flere_linjer():
    h = rad(1041)
    assert h.tid.type is Datotype.PERIODE and h.tid.tekst == "19.jun til 21.jun"
    assert (h.tid.start, h.tid.slutt) == (date(2023, 6, 19), date(2023, 6, 21))
    assert h.hva == "Fellessensur skriftlig eksamen for grunnskolen."


def test_juli_i_begge_ender_av_hjulet():
    assert rad(60).tid.start == date(2022, 7, 14)
    assert rad(1174).tid.start == date(2023, 7, 14)
    assert rad(1141).tid.start == date(2023, 7, 1)
    assert rad(801).tid.start == date(2023, 1, 12)  # står etter 13.jan på ny side


def test_lanekassen_som_mottaker_er_ikke_fargeforklaring():
    h = rad(941)
    assert h.tid.start == date(2023, 3, 1)
    assert h.til == "Lånekassen" and h.kategori is Kategori.LANEKASSEN


def test_gjentakende_over_fire_linjer():
    h = rad(1240)
    assert h.tid.type is Datotype.GJENTAKENDE
    assert h.tid.start == date(2022, 9, 1) and h.tid.rrule == "FREQ=MONTHLY;COUNT=12"
    assert h.til == "VIGO OT"
    assert set(h.jobbkoder) == {"6A015", "5A018", "5A019"}


def test_sidetopp_overskrifter_og_tilleggsinfo():
    r = resultat()
    assert r.strukturlinjer[258] == "sidetopp"
    assert r.strukturlinjer[260] == "månedsoverskrift"
    assert r.strukturlinjer[1312] == "fargeforklaring"
    assert r.tilleggsinfo[0].linje == 1270
    assert r.tilleggsinfo[-1].tekst == "Troms og Finnmark."
