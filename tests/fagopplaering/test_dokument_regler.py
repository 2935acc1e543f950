"""Which documents a kandidat gets (fagopplaering.regler.dokument, domene §0.7, §6). Pure unit tests, no
database."""

from __future__ import annotations

import datetime as dt

import pytest

from fagopplaering.regler import dokument as d


def _valg(kandidattype, provetype, resultat, fullfort=True):
    return d.dokumenter_for(
        kandidattype=kandidattype, provetype=provetype, resultat=resultat, laeretid_fullfort=fullfort
    )


@pytest.mark.parametrize(
    "kandidattype,provetype,resultat,fullfort,typer",
    [
        ("laerling", "fag", "B", True, ["vitnemal", "fagbrev", "resultatbrev"]),
        ("elev", "svenne", "BM", True, ["vitnemal", "svennebrev", "resultatbrev"]),
        ("laerling", "fag", "B", False, ["fagbrev", "kompetansebevis", "resultatbrev"]),
        ("praksiskandidat", "svenne", "B", False, ["kompetansebevis", "svennebrev", "resultatbrev"]),
        ("fagbrev_pa_jobb", "fag", "BM", True, ["kompetansebevis", "fagbrev", "resultatbrev"]),
        ("laerekandidat", "kompetanse", "B", True, ["kompetansebevis", "kompetansebrev", "resultatbrev"]),
        ("praksisbrevkandidat", "praksisbrev", "B", True, ["kompetansebevis", "praksisbrev", "resultatbrev"]),
        ("laerling", "fag", "IB", True, ["kompetansebevis", "resultatbrev"]),
        ("laerekandidat", "kompetanse", "IB", True, ["kompetansebevis", "resultatbrev"]),
        ("laerling", "fag", None, True, ["kompetansebevis"]),
    ],
)
def test_dokumenter_for(kandidattype, provetype, resultat, fullfort, typer):
    valg = _valg(kandidattype, provetype, resultat, fullfort)
    assert valg.typer == typer
    assert valg.forklaring and all("docs/fagopplaering/domene.md §" in f for f in valg.forklaring)


def test_uten_fullfort_laeretid_forklares():
    valg = _valg("laerling", "fag", "B", False)
    assert "Vitnemål gis bare når læretiden er fullført" in valg.forklaring[0]
    assert valg.navn == ["fagbrev", "kompetansebevis", "resultatbrev"]


def test_ukjente_verdier():
    with pytest.raises(ValueError):
        _valg("turist", "fag", "B")
    with pytest.raises(ValueError):
        _valg("laerling", "fag", "X")


def test_nvb_type_og_navn():
    assert d.NVB_TYPE == {"vitnemal": "VM", "kompetansebevis": "KB"}
    assert d.DOKUMENTNAVN[d.VITNEMAL] == "vitnemål"
    assert set(d.DOKUMENTNAVN) == {
        "fagbrev", "svennebrev", "kompetansebrev", "praksisbrev", "kompetansebevis", "vitnemal", "resultatbrev",
        "oppnevningsbrev",
    }  # fmt: skip


def test_vmm31():
    assert d.vmm31_tekst(dt.date(2014, 8, 12)) == "Bestått fagopplæring 12.08.2014"
