"""Søkere med tallkarakter i færre enn halvparten av fagene får ingen poengsum (docs/regler/regler-2006.md §1.5)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from inntak.regler import Karakter
from inntak.regler import beregn_poeng as _beregn_poeng

# These tests describe the rules of forskrift 2006 (docs/regler/regler-2006.md), so they name a 2006 rule set;
# the standard rule set follows opplæringsforskrifta 2024 from 2025-2026 (tests/regler/test_forskrift_2024.py).
beregn_poeng = partial(_beregn_poeng, regelsett="2024-2025")

D = Decimal
NORSK = ("NOR0214", "NOR0215", "NOR0216")


def test_faerre_enn_halvparten_gir_individuell_behandling(lag):
    rader = [*lag.enkle("5", "5"), lag.st("X0001", "F"), lag.st("X0002", "F"), lag.st("X0003", "F")]
    r = beregn_poeng(rader, "VG1")
    assert r.individuell_behandling is True
    assert r.poeng is None and r.gjennomsnitt is None
    assert (r.antall_fag, r.antall_fag_med_karakter) == (5, 2)
    assert any("færre enn halvparten: individuell behandling" in linje for linje in r.forklaring)
    # telte og utelatte karakterer forklares likevel
    assert r.antall_karakterer == 2 and len(r.utelatt) == 3


def test_akkurat_halvparten_gir_poeng(lag):
    rader = [*lag.enkle("5", "5"), lag.st("X0001", "F"), lag.st("X0002", "F")]
    r = beregn_poeng(rader, "VG1")
    assert r.individuell_behandling is False
    assert r.poeng == D("50.00")


def test_norsk_teller_som_tre_fag(lag):
    # Fire tallkarakterer, fritak i de tre norskfagene og i to andre fag: 4 av 9 → individuell behandling.
    # Ble norsk talt som ett fag, ville det vært 4 av 7, altså poeng.
    rader = [
        *lag.enkle("4", "4", "5", "5"),
        *(lag.st(fag, "F") for fag in NORSK),
        lag.st("X0001", "F"),
        lag.st("X0002", "F"),
    ]
    r = beregn_poeng(rader, "VG1")
    assert (r.antall_fag, r.antall_fag_med_karakter) == (9, 4)
    assert r.individuell_behandling is True


def test_iv_regnes_som_manglende_karakter_i_halvparttesten(lag):
    rader = [*lag.enkle("5", "5"), lag.st("X0001", "IV"), lag.st("X0002", "IV"), lag.st("X0003", "IV")]
    r = beregn_poeng(rader, "VG1")
    assert (r.antall_fag, r.antall_fag_med_karakter) == (5, 2)
    assert r.individuell_behandling is True


def test_eksamen_og_fag_uten_tallkarakter_er_ikke_fag_i_testen(lag):
    rader = [
        *lag.enkle("5", "5"),
        lag.st("X0001", "F"),
        lag.st("X0002", "F"),
        lag.st("X0003", "D"),
        lag.st("X0004", "B"),
        Karakter("FAG0000", "eksamen_skriftlig", "4"),
        Karakter("FAG0001", "eksamen_muntlig", "IM", dokumentert_fravaer=True),
    ]
    r = beregn_poeng(rader, "VG1")
    assert (r.antall_fag, r.antall_fag_med_karakter) == (4, 2)
    assert r.poeng == D("46.70")  # (5 + 5 + 4) / 3 = 4,666… → 4,67


def test_ingen_tellende_karakterer_gir_individuell_behandling(lag):
    for rader in ([], [lag.st("ORDEN", "G")], [lag.st("X0001", "D")]):
        r = beregn_poeng(rader, "VG1")
        assert r.individuell_behandling is True and r.poeng is None
        assert r.antall_karakterer == 0
        assert any("Ingen karakterer teller" in linje for linje in r.forklaring)


def test_bare_fritak_gir_individuell_behandling(lag):
    r = beregn_poeng([lag.st(fag, "F") for fag in NORSK], "VG1")
    assert r.individuell_behandling is True
