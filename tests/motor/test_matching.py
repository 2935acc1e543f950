"""Cross-check against the PyPI ``matching`` package (HospitalResident, resident-optimal) without ties."""

from __future__ import annotations

import warnings

import pytest

from bench.motor_bench import lag_uten_likhet
from inntak.motor import kjor, les_snapshot

matching_games = pytest.importorskip("matching.games")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_samme_tildeling_som_matching_pakken(seed):
    snapshot = les_snapshot(lag_uten_likhet(antall_sokere=150, antall_tilbud=12, seed=seed))
    poeng = {s.id: s.poeng for s in snapshot.sokere}
    resident_prefs = {s.id: [o.tilbud for o in s.onsker] for s in snapshot.sokere}
    hospital_prefs = {
        t.id: sorted((sid for sid, p in resident_prefs.items() if t.id in p), key=lambda x: -poeng[x])
        for t in snapshot.tilbud
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spill = matching_games.HospitalResident.create_from_dictionaries(
            resident_prefs, hospital_prefs, {t.id: t.plasser for t in snapshot.tilbud}
        )
        deres = {r.name: h.name for h, rs in spill.solve(optimal="resident").items() for r in rs}
    vare = {sid: t.tilbud for sid, t in kjor(snapshot).tildelinger.items() if t is not None}
    assert vare == deres
