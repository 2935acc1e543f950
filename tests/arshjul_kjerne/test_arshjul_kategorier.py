"""Kategori- og typeregler på et utvalg rader fra begge dokumentene."""

from functools import cache

import pytest

from arshjul.kjerne import KATEGORIREGLER, TYPEREGLER, Hendelsestype, Kategori, kategoriser, les_innebygd
from arshjul.kjerne.kategorier import LEGENDETEKSTER, regelbeskrivelse


@pytest.fixture(autouse=True)
def _media():
    """Kjernen er rammeverksfri: overstyrer den Django-avhengige autouse-fixturen i tests/conftest.py."""


@cache
def etter_linje(skolear: str) -> dict:
    return {h.linje_fra: h for h in les_innebygd(skolear).hendelser}


@pytest.mark.parametrize(
    ("skolear", "linje", "kategori", "regel"),
    [
        ("2017-2018", 11, Kategori.UDIR_FAGOPPLAERING, "fagopplaeringsfil"),
        ("2017-2018", 12, Kategori.HJERNEN_HJERTET_PULS, "hjernen-hjertet-puls"),
        ("2017-2018", 13, Kategori.VILBLI, "vilbli"),
        ("2017-2018", 18, Kategori.LANEKASSEN, "lanekassen"),
        ("2017-2018", 21, Kategori.UDIR_PRIVATSKOLE, "privatskole"),
        ("2017-2018", 23, Kategori.OPPFOLGINGSTJENESTEN, "oppfolgingstjenesten"),
        ("2017-2018", 24, Kategori.UDIR_SOKER_INNTAK, "soker-inntaksfil"),
        ("2017-2018", 31, Kategori.SSB_UDIR, "ssb-tekst"),
        ("2017-2018", 57, Kategori.OPPFOLGINGSTJENESTEN, "oppfolgingstjenesten"),  # OT-data til Udir (WIS)
        ("2017-2018", 62, Kategori.INTERNE, "fallback-interne"),  # «Bring og SSB» er ikke SSB-statistikk
        ("2017-2018", 94, Kategori.UDIR_SOKER_INNTAK, "soker-inntaksfil"),
        ("2017-2018", 96, Kategori.SSB_UDIR, "ssb-tekst"),
        ("2017-2018", 92, Kategori.INTERNE, "fallback-interne"),
        ("2022-2023", 40, Kategori.FPVS, "fpvs"),
        ("2022-2023", 160, Kategori.LANEKASSEN, "lanekassen"),
        ("2022-2023", 326, Kategori.SSB_UDIR, "ssb-tekst"),  # nevner Lånekassen bare i kommentaren
        ("2022-2023", 646, Kategori.HJERNEN_HJERTET_PULS, "hjernen-hjertet-puls"),
        ("2022-2023", 664, Kategori.VILBLI, "vilbli"),
        ("2022-2023", 727, Kategori.SSB_UDIR, "ssb-tekst"),
        ("2022-2023", 1016, Kategori.UDIR_PRIVATSKOLE, "privatskole"),
        ("2022-2023", 1240, Kategori.OPPFOLGINGSTJENESTEN, "oppfolgingstjenesten"),
        ("2022-2023", 363, Kategori.INTERNE, "fallback-interne"),
    ],
)
def test_kategori_for_utvalgte_rader(skolear, linje, kategori, regel):
    h = etter_linje(skolear)[linje]
    assert (h.kategori, h.kategori_regel) == (kategori, regel)


@pytest.mark.parametrize(
    ("skolear", "linje", "type_"),
    [
        ("2017-2018", 15, Hendelsestype.SISTE_DATO),
        ("2017-2018", 19, Hendelsestype.FORSTE_DATO),  # «Fra denne dato …»
        ("2017-2018", 25, Hendelsestype.ANBEFALT_DATO),
        ("2017-2018", 28, Hendelsestype.FRIST),  # «Siste frist …»
        ("2017-2018", 83, Hendelsestype.FRIST),  # «Søknadsfrist …»
        ("2017-2018", 18, Hendelsestype.LEVERANSE),  # innsending, selv om teksten nevner en frist
        ("2017-2018", 33, Hendelsestype.ANNET),
        ("2022-2023", 365, Hendelsestype.FERIE),
        ("2022-2023", 846, Hendelsestype.FERIE),  # «Vinerferie» (skrivefeil i kilden)
    ],
)
def test_type_for_utvalgte_rader(skolear, linje, type_):
    assert etter_linje(skolear)[linje].type is type_


def test_alle_fargekoder_brukes_og_finnes_i_forklaringen():
    brukt = {h.kategori for s in ("2017-2018", "2022-2023") for h in les_innebygd(s).hendelser}
    assert brukt == set(Kategori)
    assert set(LEGENDETEKSTER.values()) == set(Kategori)
    assert Kategori.FPVS.etikett == "Forsvarets personell- og vernepliktssenter (FPVS)"


def test_regeltabellene_er_lesbare_og_har_fallback():
    for tabell in (KATEGORIREGLER, TYPEREGLER):
        ider = [r.id for r in tabell]
        assert len(ider) == len(set(ider))
        assert tabell[-1].monster is None  # siste regel fanger alt
        assert all(regelbeskrivelse(i) for i in ider)


def test_forste_regel_vinner():
    # Rambøll i mottaker slår «privatskole» i teksten fordi regelen står før i tabellen.
    assert kategoriser("VIGO (IST)", "Privatskoledata", "Rambøll", "") == (
        Kategori.HJERNEN_HJERTET_PULS,
        "hjernen-hjertet-puls",
    )
    assert kategoriser("", "Noe helt annet", "", "") == (Kategori.INTERNE, "fallback-interne")
