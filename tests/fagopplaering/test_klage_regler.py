"""Klage (fagopplaering.regler.klage, domene §5): deadline, instance, validation, outcomes and their consequences.
Pure unit tests, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from fagopplaering.regler import klage as k

D = dt.date


def test_klagefrist_tre_uker():
    assert k.klagefrist(D(2026, 6, 1)) == D(2026, 6, 22)
    assert k.klagefrist(D(2026, 12, 20)) == D(2027, 1, 10)


@pytest.mark.parametrize(
    "type,provetype,instans",
    [("karakter", "fag", "klagenemnd"), ("karakter", "svenne", "klagenemnd"),
     ("karakter", "praksisbrev", "fylkeskommunen"), ("karakter", "kompetanse", "fylkeskommunen"),
     ("formelle_feil", "fag", "fylkeskommunen"), ("formelle_feil", "kompetanse", "fylkeskommunen")],
)  # fmt: skip
def test_instans(type, provetype, instans):
    assert k.instans_for(type, provetype) == instans


def test_instans_ukjent():
    with pytest.raises(ValueError):
        k.instans_for("annet", "fag")


def _kl(**kw):
    data = dict(resultat="IB", mottatt=D(2026, 6, 10), resultatbrev_dato=D(2026, 6, 1), type="karakter")
    data.update(kw)
    return k.valider_klage(**data)


def test_klage_i_orden():
    v = _kl()
    assert v.ok and "22.06.2026" in v.forklaring[0]
    assert _kl(mottatt=D(2026, 6, 22)).ok


def test_klage_bare_pa_ikke_bestatt():
    v = _kl(resultat="B")
    assert "Bare «Ikke bestått»" in v.feil["resultat"]
    assert not _kl(resultat=None).ok


def test_klage_uten_resultatbrev():
    assert "resultatbrev_dato" in _kl(resultatbrev_dato=None).feil


def test_klage_for_sent():
    v = _kl(mottatt=D(2026, 6, 23))
    assert "22.06.2026" in v.feil["mottatt"]


def test_klage_ukjent_type():
    assert "type" in _kl(type="x").feil


def test_klage_mottatt_for_brevet_er_varsel():
    v = _kl(mottatt=D(2026, 5, 30))
    assert v.ok and v.varsler


@pytest.mark.parametrize(
    "utfall,nytt,instans",
    [("stadfestet", None, "klagenemnd"), ("endret", "B", "klagenemnd"), ("endret", "BM", "fylkeskommunen"),
     ("ny_prove", None, "fylkeskommunen"), ("annullert", "", "fylkeskommunen")],
)  # fmt: skip
def test_lovlige_utfall(utfall, nytt, instans):
    assert k.valider_utfall(utfall=utfall, nytt_resultat=nytt, instans=instans).ok


@pytest.mark.parametrize(
    "utfall,nytt,instans,felt",
    [("endret", None, "klagenemnd", "nytt_resultat"), ("endret", "IB", "klagenemnd", "nytt_resultat"),
     ("stadfestet", "B", "klagenemnd", "nytt_resultat"), ("ny_prove", None, "klagenemnd", "utfall"),
     ("annullert", None, "klagenemnd", "utfall"), ("ukjent", None, "klagenemnd", "utfall"),
     ("endret", "B", "departementet", "instans")],
)  # fmt: skip
def test_ulovlige_utfall(utfall, nytt, instans, felt):
    v = k.valider_utfall(utfall=utfall, nytt_resultat=nytt, instans=instans)
    assert felt in v.feil


def test_konsekvens_endret():
    c = k.konsekvens("endret", "B")
    assert c.nytt_resultat == "B" and c.nye_dokumenter and c.annuller_nvb and not c.ny_prove
    assert c.avslutningskode == "AB" and c.annulleringsarsak == "KLA"
    assert "KLA" in c.forklaring[0]


def test_konsekvens_endret_krever_bestatt():
    with pytest.raises(ValueError):
        k.konsekvens("endret", "IB")


def test_konsekvens_stadfestet_endrer_ingenting():
    c = k.konsekvens("stadfestet", None)
    assert (c.nytt_resultat, c.nye_dokumenter, c.annuller_nvb, c.ny_prove, c.avslutningskode) == (
        None, False, False, False, None)  # fmt: skip


def test_konsekvens_ny_prove_og_annullert():
    assert k.konsekvens("ny_prove", None).ny_prove
    a = k.konsekvens("annullert", None)
    assert not a.ny_prove and not a.nye_dokumenter and a.forklaring
    with pytest.raises(ValueError):
        k.konsekvens("x", None)
