"""Felles parseregler: linjeregnskap, stabile nøkler og ærlig rapportering av det som ikke passer."""

from datetime import date

import pytest

from arshjul.kjerne import les_arshjul, les_innebygd, oppdag_format, parse_2017, parse_2022
from arshjul.kjerne.kilder import INNEBYGDE, innebygd_sti
from arshjul.kjerne.parser_pdf import del_kolonner


@pytest.fixture(autouse=True)
def _media():
    """Kjernen er rammeverksfri: overstyrer den Django-avhengige autouse-fixturen i tests/conftest.py."""


SKOLEAR = list(INNEBYGDE)


@pytest.mark.parametrize("skolear", SKOLEAR)
def test_hver_ikke_blank_linje_er_gjort_rede_for(skolear):
    r = les_innebygd(skolear)
    linjer = innebygd_sti(skolear).read_text(encoding="utf-8").split("\n")
    dekket = set(r.strukturlinjer) | {t.linje for t in r.tilleggsinfo} | {x.linje for x in r.ikke_plassert}
    for h in r.hendelser:
        dekket |= set(range(h.linje_fra, h.linje_til + 1))
    assert [nr for nr, linje in enumerate(linjer, 1) if linje.strip() and nr not in dekket] == []


@pytest.mark.parametrize("skolear", SKOLEAR)
def test_reimport_gir_identiske_og_unike_nokler(skolear):
    tekst = innebygd_sti(skolear).read_text(encoding="utf-8")
    forste = [h.nokkel for h in les_arshjul(tekst).hendelser]
    andre = [h.nokkel for h in les_arshjul(tekst).hendelser]
    assert forste == andre
    assert len(set(forste)) == len(forste)
    assert all(len(n) == 32 for n in forste)
    # Nøkkelen avhenger ikke av linjenummer eller CRLF: ekstra blanklinjer øverst endrer ingenting.
    flyttet = les_arshjul("\r\n\r\n" + tekst.replace("\n", "\r\n"))
    assert [h.nokkel for h in flyttet.hendelser] == forste


def test_formatgjenkjenning_og_snarveier():
    tekst_2017 = innebygd_sti("2017-2018").read_text(encoding="utf-8")
    tekst_2022 = innebygd_sti("2022-2023").read_text(encoding="utf-8")
    assert oppdag_format(tekst_2017) == "tsv"
    assert oppdag_format(tekst_2022) == "pdf-tekst"
    assert len(parse_2017(tekst_2017).hendelser) == 105
    assert len(parse_2022(tekst_2022).hendelser) == 115


def test_feil_skolear_avvises():
    tekst = innebygd_sti("2017-2018").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="2017-2018"):
        les_arshjul(tekst, skolear="2018-2019")


TSV_HODE = "ÅRSHJUL VIGO OPPLÆRING, skoleåret 2017-2018\nMåned\tFra\tHva\tTil\tKommentar\n"


def test_tsv_ugyldige_rader_rapporteres_ikke_gjettes():
    tekst = TSV_HODE + (
        "August 2017\t\t\t\t\n"
        "01.aug\tVIGO\tGyldig rad\tUdir\t\n"
        "32.aug\tVIGO\tUgyldig dag\t\t\n"
        "ca. aug\tVIGO\tUkjent dato\t\t\n"
        "\tVIGO\tRad uten dato\t\t\n"
        "Løs tekst midt i tabellen\n"
        "Juli 2018\t\t\t\t\n"
        "15.jul\tVIGO\tSiste rad\t\t\n"
        "Etterord uten tabulator\n"
    )
    r = les_arshjul(tekst)
    assert [h.hva for h in r.hendelser] == ["Gyldig rad", "Siste rad"]
    assert r.hendelser[1].tid.start == date(2018, 7, 15)
    assert [(x.linje, x.grunn) for x in r.ikke_plassert] == [
        (5, "Ugyldig dato: 32.8.2017"),
        (6, "Ukjent datoformat «ca. aug»"),
        (7, "Rad uten dato i første kolonne"),
        (8, "Linje uten kolonner inne i tabellen"),
    ]
    assert [t.tekst for t in r.tilleggsinfo] == ["Etterord uten tabulator"]


def test_maned_utenfor_hjulet_plasseres_ikke():
    tekst = TSV_HODE + "August 2017\t\t\t\t\nJuni 2018\t\t\t\t\n15.jul\tVIGO\tJuli finnes ikke\t\t\n"
    r = les_arshjul(tekst)
    assert r.hendelser == []
    assert r.antall_daterte_rader == 1
    assert "juli finnes ikke entydig" in r.ikke_plassert[0].grunn


def test_duplikatrader_far_egen_forekomst_og_nokkel():
    tekst = TSV_HODE + "August 2017\t\t\t\t\n" + "01.aug\tVIGO\tSamme\tUdir\t\n" * 2
    r = les_arshjul(tekst)
    a, b = r.hendelser
    assert (a.forekomst, b.forekomst) == (1, 2)
    assert a.nokkel != b.nokkel
    assert "Duplikat" in r.advarsler[0].grunn


def test_pdf_tekst_for_forste_rad_rapporteres():
    tekst = "ÅRSHJUL  VIGO OPPLÆRING, skoleåret 2022-2023\nUkjent innledning\n03.jul\nSkolene Siste dato for noe.\n"
    r = les_arshjul(tekst)
    assert [(x.linje, x.tekst) for x in r.ikke_plassert] == [(2, "Ukjent innledning")]
    assert r.hendelser[0].tid.start == date(2022, 7, 3)  # reserveperiode: juli–august


@pytest.mark.parametrize(
    ("rest", "forventet"),
    [
        (
            "VIGO (IST) Fil til Every. Vask av søkerdata og løpende kontrakter. Every",
            ("VIGO (IST)", "Fil til Every. Vask av søkerdata og løpende kontrakter. ", "Every", ""),
        ),
        (
            "Udir (inkl SSB) Tilbakemelding på ssbResultat. VIGO (IST) IST henter ut filene.",
            ("Udir (inkl SSB)", "Tilbakemelding på ssbResultat. ", "VIGO (IST)", " IST henter ut filene."),
        ),
        (
            "VIGO (Inntak) Siste dato for preutfylling Rapport i VIGO: 5A006 - Preutfylling.",
            ("VIGO (Inntak)", "Siste dato for preutfylling ", "", "Rapport i VIGO: 5A006 - Preutfylling."),
        ),
        ("Søknadsfrist fortrinn.", ("", "Søknadsfrist fortrinn.", "", "")),
    ],
)
def test_kolonnedeling_i_pdf_tekst(rest, forventet):
    assert del_kolonner(rest) == forventet


def test_uker_over_nyttar_og_ukjente_ukepar():
    tekst = TSV_HODE.replace("2017-2018", "2024-2025") + (
        "Desember 2024\t\t\t\t\nUke 52/1\t\tJuleferie\t\t\nJanuar 2025\t\t\t\t\nUke 3/5\t\tVinterferie\t\t\n"
    )
    r = les_arshjul(tekst)
    (jul,) = r.hendelser
    assert (jul.tid.start, jul.tid.slutt, jul.tid.uker) == (date(2024, 12, 23), date(2025, 1, 5), (52, 1))
    assert [(x.linje, x.grunn) for x in r.ikke_plassert] == [(6, "Ukene 3/5 henger ikke sammen")]
