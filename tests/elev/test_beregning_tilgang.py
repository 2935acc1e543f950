"""Who may start the jobs of the computed columns (5A020–5A022): those who may change elevkurs."""

from __future__ import annotations

import pytest

from vigo import jobber
from vigo.jobber import tilgang
from vigo.models import Rolle

KODER = ("5A020", "5A021", "5A022")
KAN = {Rolle.INNTAK, Rolle.SYSADMIN}


@pytest.mark.parametrize("rolle", list(Rolle))
def test_bare_de_som_kan_endre_elevkurs_kan_starte(rolle, brukere):
    bruker = brukere["A"][rolle]
    for kode in KODER:
        jt = jobber.hent(kode)
        assert jt.omrade == "Elevdatabasen" and "egen" in jt.beskrivelse
        assert tilgang.kan_starte(bruker, jt) == (rolle in KAN), (kode, rolle)
        assert bruker.has_perm("elev.change_elevforhold") == (rolle in KAN)
