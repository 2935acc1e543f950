"""Elevstatus (B08) etter Vedlegg 1: hver regel med minst ett tilfelle, i rekkefølge, uten database
(docs/elev.md §2)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inntak.elev.regler.elevstatus import (
    ELEVSTATUS,
    FAGSTATUS,
    KATEGORIER_K,
    KATEGORIER_L,
    Elevkurs,
    Elevstatusregler,
    elevstatus,
)


def kode(**felt) -> str:
    return elevstatus(Elevkurs(**felt))[0]


def test_regel_1_manuell_vinner_over_alt():
    kurs = Elevkurs(manuell="D", sluttdato=datetime.date(2026, 10, 1), voksen=True, fagstatuser=("E",))
    status, forklaring = elevstatus(kurs)
    assert status == "D"
    assert forklaring[-1].startswith(
        "Regel 1: manuell elevstatus er satt og brukes. Elevstatus D (Deltidselev)."
    )
    assert forklaring[-1].endswith("(docs/elev.md §2.3)")


def test_regel_2_sluttdato_gir_s():
    status, forklaring = elevstatus(
        Elevkurs(sluttdato=datetime.date(2026, 10, 15), voksen=True, fagstatuser=("E",))
    )
    assert status == "S"
    assert "sluttdato 15.10.2026" in forklaring[-1] and forklaring[-1].endswith("§2.4)")


def test_regel_3_voksenkurs_gir_v():
    assert kode(voksen=True, skolenummer="50000", reform="R94", fagstatuser=("E",)) == "V"


@pytest.mark.parametrize("kategori", KATEGORIER_L)
def test_regel_4_kunnskapsloftet_l_kategorier(kategori):
    assert kode(skolenummer="50000", reform="KL", kategori=kategori, fagstatuser=("E",)) == "L"


@pytest.mark.parametrize("kategori", KATEGORIER_K)
def test_regel_4_kunnskapsloftet_k_kategorier(kategori):
    assert kode(skolenummer="50000", reform="KL", kategori=kategori, fagstatuser=()) == "K"


def test_regel_4_reform_94_og_ellers_x():
    assert kode(skolenummer="03000", reform="R94", fagstatuser=("E",)) == "L"
    assert kode(skolenummer="03000", reform="KL", kategori="Z9", fagstatuser=("E",)) == "X"
    assert kode(skolenummer="03000", reform=None, fagstatuser=("E",)) == "X"


def test_regel_4_lk20_leses_som_kunnskapsloftet():
    status, forklaring = elevstatus(
        Elevkurs(skolenummer="50000", reform="LK20", kategori="K1", fagstatuser=("E",))
    )
    assert status == "K"
    assert any("LK20 leses som Kunnskapsløftet" in linje for linje in forklaring)


def test_regel_4_gjelder_bare_skolenummer_som_slutter_pa_000():
    assert kode(skolenummer="50012", reform="KL", kategori="--", fagstatuser=("E",)) == "E"


def test_regel_5_ingen_karakterlinjer_gir_x():
    status, forklaring = elevstatus(Elevkurs(skolenummer="50012", fagstatuser=()))
    assert status == "X" and forklaring[-1].startswith("Regel 5")


@pytest.mark.parametrize(
    ("fagstatus", "forventet"),
    [("E", "E"), ("F", "E"), ("N", "E"), ("A", "A"), ("U", "U"), ("P", "P"), ("V", "V"), ("R", "V"),
     ("O", "O"), ("S", "S"), ("H", "H"), ("I", "I")],
)  # fmt: skip
def test_regel_6_bare_en_fagstatus(fagstatus, forventet):
    status, forklaring = elevstatus(Elevkurs(fagstatuser=(fagstatus, fagstatus)))
    assert status == forventet
    assert forklaring[-1].startswith(f"Regel 6: alle karakterlinjer har fagstatus {fagstatus}.")


@pytest.mark.parametrize(
    ("fagstatuser", "forventet"),
    [(("F", "P"), "P"), (("S", "F"), "S"), (("S", "P"), "P"), (("S", "F", "P", "P"), "P")],
)
def test_regel_7_kombinasjoner(fagstatuser, forventet):
    status, forklaring = elevstatus(Elevkurs(fagstatuser=fagstatuser))
    assert status == forventet and forklaring[-1].startswith("Regel 7")


@pytest.mark.parametrize(
    ("fagstatuser", "forventet"),
    [(("A", "E", "S"), "A"), (("E", "F"), "E"), (("N", "P"), "E"), (("E", "V"), "E"), (("N", "A"), "A")],
)
def test_regel_8_a_e_n(fagstatuser, forventet):
    status, forklaring = elevstatus(Elevkurs(fagstatuser=fagstatuser))
    assert status == forventet and forklaring[-1].startswith("Regel 8: minst én karakterlinje")


@pytest.mark.parametrize(
    ("fagstatuser", "forventet"),
    [(("O", "S"), "O"), (("V", "O"), "V"), (("R", "U"), "V"), (("M", "F"), "M"), (("G", "O"), "E"),
     (("U", "O"), "X"), (("B",), "X")],
)  # fmt: skip
def test_regel_8_fortsettelse_lesemate_b08(fagstatuser, forventet):
    status, forklaring = elevstatus(Elevkurs(fagstatuser=fagstatuser))
    assert status == forventet
    assert "Lesemåte regel8_fortsettelse=b08" in forklaring[-1] and forklaring[-1].endswith("§2.10)")


def test_regel_8_fortsettelse_lesemate_x():
    regler = Elevstatusregler(regel8_fortsettelse="x")
    assert elevstatus(Elevkurs(fagstatuser=("O", "S")), regler)[0] == "X"
    assert elevstatus(Elevkurs(fagstatuser=("E", "S")), regler)[0] == "E"


def test_eksempelet_fra_oppgaven():
    kurs = Elevkurs(skolenummer="50012", reform="KL", kategori="--", fagstatuser=("E", "F"))
    assert elevstatus(kurs)[0] == "E"


def test_kodene_har_norske_navn():
    assert (
        ELEVSTATUS["S"] == "Avbrutt hele programområdet"
        and ELEVSTATUS["K"] == "Lærekandidat i programområdet"
    )
    assert set("EABNUVOSFPRMGHI") == set(FAGSTATUS)


kurs_strategi = st.builds(
    Elevkurs,
    fagstatuser=st.lists(st.sampled_from(sorted(FAGSTATUS)), max_size=6).map(tuple),
    manuell=st.none() | st.sampled_from(sorted(ELEVSTATUS)),
    sluttdato=st.none() | st.dates(datetime.date(2015, 8, 1), datetime.date(2030, 7, 31)),
    voksen=st.booleans(),
    skolenummer=st.none() | st.sampled_from(["50012", "50000", "03000", "03123"]),
    reform=st.none() | st.sampled_from(["R94", "KL", "LK20"]),
    kategori=st.none() | st.sampled_from([*KATEGORIER_L, *KATEGORIER_K, "Z9"]),
)


@given(kurs_strategi)
def test_ren_funksjon_med_kjent_kode_og_kilder(kurs):
    forste = elevstatus(kurs)
    assert forste == elevstatus(kurs)  # samme inndata, samme svar
    status, forklaring = forste
    assert status in ELEVSTATUS
    assert all("(docs/elev.md §2." in linje for linje in forklaring)


@given(kurs_strategi, st.permutations(range(6)))
def test_rekkefolgen_pa_fagene_spiller_ingen_rolle(kurs, rekkefolge):
    fag = kurs.fagstatuser
    stokket = tuple(fag[i] for i in rekkefolge if i < len(fag))
    assert elevstatus(kurs)[0] == elevstatus(Elevkurs(**{**kurs.__dict__, "fagstatuser": stokket}))[0]
