"""Fiktive fødselsnumre kjennes igjen før kontrollsifrene; andre numre klassifiseres med python-stdnum
(docs/elev.md §6)."""

from __future__ import annotations

import datetime

import pytest
from stdnum.no import fodselsnummer as stdnum_fnr

from inntak.elev.regler.fodselsnummer import er_fiktivt, klassifiser


@pytest.mark.parametrize(
    ("nummer", "fodt", "kjonn", "fylke"),
    [
        ("42059199202", datetime.date(1991, 5, 2), "K", "02"),
        ("55049199119", datetime.date(1991, 4, 15), "M", "19"),
    ],
)
def test_de_publiserte_eksemplene_er_fiktive(nummer, fodt, kjonn, fylke):
    assert not stdnum_fnr.is_valid(nummer)  # de feiler mod-11, derfor mønsteret først
    svar = klassifiser(nummer)
    assert (svar.type, svar.fodselsdato, svar.kjonn, svar.fylkesnummer) == ("fiktivt", fodt, kjonn, fylke)
    assert svar.advarsel == "Fødselsnummeret er fiktivt; vitnemål sendes ikke til NVB."
    assert all(linje.endswith("(docs/elev.md §6)") for linje in svar.forklaring)


def test_lavere_lopenummer_nar_99_er_tatt():
    assert er_fiktivt("42059198202") and er_fiktivt("42059197103")
    assert not er_fiktivt("42059189202")  # løpenummer 89 er under 90


def test_gyldige_numre_er_ikke_fiktive():
    assert klassifiser("15108695088").type == "F"
    assert klassifiser("55108695071").type == "D"  # løpenummer 95, men 71 er ikke et fylkesnummer
    assert klassifiser("15508695060").type == "H"
    assert klassifiser("01010750160").fodselsdato == datetime.date(2007, 1, 1)


@pytest.mark.parametrize(
    ("nummer", "melding"),
    [("15108695077", "feil kontrollsiffer"), ("123", "11 siffer"), ("4205919920x", "bare inneholde siffer")],
)
def test_ugyldige_numre_far_norsk_melding(nummer, melding):
    svar = klassifiser(nummer)
    assert svar.type == "ugyldig" and melding in svar.forklaring[0]
