"""Import av årshjul 2017-2018 (tabulatorseparert). Tallene er talt for hånd i dokumentet."""

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
    return les_innebygd("2017-2018")


def rad(linje: int):
    (h,) = [h for h in resultat().hendelser if h.linje_fra == linje]
    return h


# Talt under hver månedsoverskrift i dokumentet; den gjentakende regelen («Hver måned etter
# 1. september») telles i startmåneden september 2017 (15 + 1).
FORVENTET_PER_MANED = {
    "2017-08": 5,
    "2017-09": 16,
    "2017-10": 16,
    "2017-11": 15,
    "2017-12": 5,
    "2018-01": 7,
    "2018-02": 7,
    "2018-03": 8,
    "2018-04": 5,
    "2018-05": 2,
    "2018-06": 10,
    "2018-07": 7,
    "2018-08": 2,
}


def test_metadata():
    r = resultat()
    assert r.skolear == "2017-2018"
    assert r.format == "tsv"
    assert r.per_dato == date(2017, 7, 31)
    assert r.maneder[0] == (2017, 8) and r.maneder[-1] == (2018, 8)


def test_antall_per_maned():
    assert resultat().per_maned == FORVENTET_PER_MANED
    assert len(resultat().hendelser) == 105


def test_ingenting_forsvinner_stille():
    tekst = innebygd_sti("2017-2018").read_text(encoding="utf-8")
    daterte = [
        linje
        for linje in tekst.split("\n")
        if "\t" in linje and re.match(r"^(\d{2}\.[a-z]{3}|En gang)", linje.split("\t")[0])
    ]
    r = resultat()
    assert len(daterte) == 105 == r.antall_daterte_rader
    assert len(r.hendelser) + len(r.ikke_plassert) == len(daterte)
    assert r.ikke_plassert == []


def test_forste_og_siste_august_far_riktig_ar():
    assert rad(11).tid.start == date(2017, 8, 1)
    assert rad(130).tid.start == date(2018, 8, 1)
    assert rad(130).hva.startswith("Fagopplæringsfil (formidling, kontrakter og prøver) pr 01. august.")


def test_ssbresultat_29_september():
    h = rad(31)
    assert h.tid.start == date(2017, 9, 29)
    assert h.fra == "VIGO Sentralbasen (IST)"
    assert h.til == "Udir (inkl SSB)"
    assert h.hva.startswith("Elevdata ssbResultat, ssbResultatfag og ssbVoksensoker (skoleåret 2016-2017)")
    # 1L010 by its words (rapporter.apps.TEKSTKOBLINGER, registered when the apps are ready)
    assert h.jobbkoder == {
        "5A019": "Oppdater rett",
        "9A004": "Lokal SSB-statistikk",
        "1L010": "Elevdata ssbResultat og ssbResultatfag",
    }
    assert h.kategori is Kategori.SSB_UDIR
    assert h.type is Hendelsestype.LEVERANSE


def test_rad_utenfor_rekkefolge_08_sep_for_07_sep():
    assert rad(20).tid.start == date(2017, 9, 8)
    assert rad(20).jobbkoder == {"8A011": "Oppdatering av ajourhold"}
    assert rad(20).type is Hendelsestype.FRIST
    assert rad(21).tid.start == date(2017, 9, 7)


def test_html_rester_fjernes_og_feilskrevet_kode_varsles():
    h = rad(44)
    assert h.tid.start == date(2017, 10, 19)
    assert "<i>" not in h.hva and "Frist for registrering i VIGO Lokalbase er 18. oktober." in h.hva
    assert h.jobbkoder == {"5A019": "Oppdater rett", "1L010": "Elevdata ssbResultat og ssbResultatfag"}
    assert [(a.linje, a.tekst) for a in resultat().advarsler] == [(44, "9A0004")]


def test_periode_fellessensur():
    h = rad(112)
    assert h.tid.type is Datotype.PERIODE
    assert (h.tid.start, h.tid.slutt) == (date(2018, 6, 18), date(2018, 6, 20))
    assert h.fra == "Fylkesmennene"
    assert h.hva == "Fellessensur skriftlig eksamen for grunnskolen."


def test_soknadsfrist_1_mars():
    h = rad(92)
    assert h.tid.start == date(2018, 3, 1)
    assert h.hva == "Søknadsfrist ordinære søkere (skole og læreplass)."
    assert h.fra == "" and h.til == ""
    assert "§ 6-8" in h.kommentar
    assert h.type is Hendelsestype.FRIST


def test_gjentakende_overforing_til_otto():
    h = rad(134)
    assert h.tid.type is Datotype.GJENTAKENDE
    assert h.tid.start == date(2017, 9, 1)
    assert h.tid.rrule == "FREQ=MONTHLY;COUNT=12"
    assert h.tid.regeltekst == "En gang pr. måned etter 1. september 2017"
    assert h.til == "OTTO"
    assert h.jobbkoder == {
        "6A015": "Utlasting til OT",
        "5A018": "Utvid kvoter for rett",
        "5A019": "Oppdater rett",
    }
    assert h.kategori is Kategori.OPPFOLGINGSTJENESTEN


def test_tilleggsinfo_og_fargeforklaring_er_ikke_hendelser():
    r = resultat()
    assert [t.linje for t in r.tilleggsinfo] == [136, 137, 139, 140]
    assert r.tilleggsinfo[0].tekst == "Rutiner for overføring fra søker til elev og videre til OT"
    assert sorted(n for n, s in r.strukturlinjer.items() if s == "fargeforklaring") == list(range(142, 152))


def test_jobbkatalog():
    katalog = resultat().jobbkatalog
    assert katalog["5A001"] == "Oppdater elev fra søker"
    assert katalog["6A015"] == "Utlasting til OT"
    assert katalog["1S001"] == "Klasseordning"
    assert katalog["1O001"] is None  # OTTO-rapport uten navn
    assert "9A0004" not in katalog
