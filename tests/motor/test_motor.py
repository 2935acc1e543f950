"""Hand-made cases for the engine semantics (see inntak/motor/__init__.py)."""

from __future__ import annotations

import importlib
import random

from inntak.motor import Poenggrense, Snapshot, Tildeling, kjor, lodd, verifiser
from inntak.motor.referanse import kjor_referanse


def _kjor(snapshot: Snapshot):
    resultat = kjor(snapshot)
    assert verifiser(snapshot, resultat) == []
    assert resultat == kjor_referanse(snapshot)
    return resultat


def test_hoyest_poeng_vinner_og_poenggrense_er_siste_inntatte(lag):
    s = lag(
        {"A": 2, "B": 5},
        [
            {"id": "S1", "poeng": "50.00", "onsker": ["A", "B"]},
            {"id": "S2", "poeng": "43.30", "onsker": ["A", "B"]},
            {"id": "S3", "poeng": "40.10", "onsker": ["A", "B"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger == {"S1": Tildeling("A", 1), "S2": Tildeling("A", 1), "S3": Tildeling("B", 2)}
    assert r.ventelister == {"A": ("S3",), "B": ()}
    assert r.poenggrenser == {"A": Poenggrense("poeng", 4330), "B": Poenggrense("alle_inntatt", None)}


def test_likhet_avgjores_av_loddtrekning(lag):
    sokere = [{"id": sid, "poeng": "45.00", "onsker": ["A", "B"]} for sid in ("S1", "S2", "S3")]
    vinnere = set()
    for seed in range(20):
        r = _kjor(lag({"A": 1, "B": 5}, sokere, seed=seed))
        vinner = min(("S1", "S2", "S3"), key=lambda sid, seed=seed: lodd(seed, sid))
        assert r.tildelinger[vinner] == Tildeling("A", 1)
        assert r.ventelister["A"] == tuple(sorted({"S1", "S2", "S3"} - {vinner}, key=lambda x: lodd(seed, x)))
        vinnere.add(vinner)
    assert len(vinnere) > 1  # the seed really changes the draw


def test_gruppe_foran_poeng(lag):
    s = lag(
        {"A": 1},
        [
            {"id": "S1", "gruppe": 3, "poeng": "60.00", "onsker": ["A"]},
            {"id": "S2", "gruppe": 2, "poeng": "30.00", "onsker": ["A"]},
        ],
    )
    assert _kjor(s).tildelinger["S2"] == Tildeling("A", 1)


def test_faste_plasser_forst_og_kan_overfylle(lag):
    s = lag(
        {"A": 1, "B": 1},
        [
            {"id": "F1", "onsker": ["B", "A"], "fast_plass": "A"},
            {"id": "F2", "onsker": [], "fast_plass": "A"},
            {"id": "S1", "poeng": "60.00", "onsker": ["A", "B"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger["F1"] == Tildeling("A", 2)  # wish number of the fixed tilbud
    assert r.tildelinger["F2"] == Tildeling("A", 0)  # not among the wishes
    assert r.tildelinger["S1"] == Tildeling("B", 2)
    assert r.overfylt == {"A": 1}
    assert r.ventelister == {"A": ("S1",), "B": ()}  # fixed søkere are on no waitlist (F1 wished B higher)
    assert r.poenggrenser["A"] == Poenggrense("fortrinn", None)


def test_onske_kan_overstyre_gruppe_og_poeng(lag):
    s = lag(
        {"A": 1, "B": 1},
        [
            {"id": "S1", "poeng": "50.00", "onsker": [{"tilbud": "A", "gruppe": 6}, "B"]},
            {"id": "S2", "poeng": "40.00", "onsker": ["A", {"tilbud": "B", "poeng": "55.50"}]},
        ],
    )
    r = _kjor(s)
    # At A, S1 is group 6 and loses to S2; at B, S2 has 55.50 but only proposes there if rejected from A.
    assert r.tildelinger == {"S1": Tildeling("B", 2), "S2": Tildeling("A", 1)}
    assert r.ventelister["A"] == ("S1",)


def test_soker_optimal_ikke_tilbud_optimal(lag):
    # A prefers S2, B prefers S1, but each søker prefers the other tilbud: applicant-proposing DA gives
    # everyone their first wish (the tilbud-optimal stable matching would swap them).
    s = lag(
        {"A": 1, "B": 1},
        [
            {
                "id": "S1",
                "poeng": "10.00",
                "onsker": [{"tilbud": "A", "poeng": "10.00"}, {"tilbud": "B", "poeng": "90.00"}],
            },
            {
                "id": "S2",
                "poeng": "10.00",
                "onsker": [{"tilbud": "B", "poeng": "10.00"}, {"tilbud": "A", "poeng": "90.00"}],
            },
        ],
    )
    assert _kjor(s).tildelinger == {"S1": Tildeling("A", 1), "S2": Tildeling("B", 1)}


def test_soker_uten_onsker_og_kapasitet_null(lag):
    s = lag(
        {"A": 0, "B": 1},
        [
            {"id": "S0", "poeng": "70.00", "onsker": []},
            {"id": "S1", "poeng": "50.00", "onsker": ["A", "B"]},
            {"id": "S2", "poeng": "40.00", "onsker": ["A"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger == {"S0": None, "S1": Tildeling("B", 2), "S2": None}
    assert r.ventelister == {"A": ("S1", "S2"), "B": ()}
    assert r.poenggrenser["A"] == Poenggrense("fortrinn", None)  # no seat for ordinary intake
    assert r.overfylt == {}


def test_venteliste_bare_over_tildelt_onske(lag):
    s = lag(
        {"A": 1, "B": 1, "C": 1},
        [
            {"id": "S1", "poeng": "60.00", "onsker": ["A", "B", "C"]},
            {"id": "S2", "poeng": "50.00", "onsker": ["A", "B", "C"]},
            {"id": "S3", "poeng": "40.00", "onsker": ["C", "A", "B"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger == {"S1": Tildeling("A", 1), "S2": Tildeling("B", 2), "S3": Tildeling("C", 1)}
    assert r.ventelister == {"A": ("S2",), "B": (), "C": ()}


def test_dokumentasjon_har_egen_status(lag):
    s = lag(
        {"A": 1},
        [{"id": "S1", "poeng": "50", "onsker": ["A"]}, {"id": "S2", "poeng": "40", "onsker": ["A"]}],
        A="dokumentasjon",
    )
    r = _kjor(s)
    assert r.tildelinger["S1"] == Tildeling("A", 1)
    assert r.poenggrenser["A"] == Poenggrense("dokumentasjon", None)
    assert r.ventelister["A"] == ("S2",)


def test_beholdt_plass_tas_aldri_fra_soker(lag):
    # Round 2: S1 accepted B (wish 2) in round 1. A stronger new søker also wants B; B has one seat.
    s = lag(
        {"A": 1, "B": 1},
        [
            {"id": "S0", "poeng": "70.00", "onsker": ["A"]},
            {"id": "S1", "poeng": "40.00", "onsker": ["A", "B"], "beholdt": "B"},
            {"id": "NY", "poeng": "65.00", "onsker": ["A", "B"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger == {"S0": Tildeling("A", 1), "S1": Tildeling("B", 2), "NY": None}
    assert r.ventelister == {"A": ("NY", "S1"), "B": ("NY",)}
    assert r.poenggrenser["B"] == Poenggrense("fortrinn", None)


def test_beholdt_soker_rykker_opp_og_frigjor_plassen(lag):
    # S1 kept B, and A got a seat free: S1 moves up, and the freed B seat goes to S2 in the same run.
    s = lag(
        {"A": 1, "B": 1},
        [
            {"id": "S1", "poeng": "40.00", "onsker": ["A", "B"], "beholdt": "B"},
            {"id": "S2", "poeng": "30.00", "onsker": ["B"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger == {"S1": Tildeling("A", 1), "S2": Tildeling("B", 1)}


def test_beholdt_utenfor_onskene_og_overfylt(lag):
    s = lag(
        {"A": 1, "K": 1},
        [
            {"id": "S1", "poeng": "40.00", "onsker": ["A"], "beholdt": "K"},
            {"id": "S2", "poeng": "30.00", "onsker": ["A"], "beholdt": "K"},
            {"id": "S3", "poeng": "99.00", "onsker": ["A", "K"]},
        ],
    )
    r = _kjor(s)
    assert r.tildelinger == {"S1": Tildeling("K", 0), "S2": Tildeling("K", 0), "S3": Tildeling("A", 1)}
    assert r.overfylt == {"K": 1}
    assert r.ventelister == {"A": ("S1", "S2"), "K": ()}


def test_rekkefolge_i_snapshot_spiller_ingen_rolle(lag):
    rng = random.Random(3)
    tilbud = {f"T{j}": rng.randint(0, 3) for j in range(6)}
    sokere = [
        {
            "id": f"S{i}",
            "gruppe": rng.choice([2, 3]),
            "poeng": rng.choice(["40", "45.5", "50"]),
            "onsker": rng.sample(sorted(tilbud), rng.randint(0, 4)),
        }
        for i in range(40)
    ]
    forste = _kjor(lag(tilbud, sokere, seed=9))
    rng.shuffle(sokere)
    stokket = dict(sorted(tilbud.items(), reverse=True))
    assert _kjor(lag(stokket, sokere, seed=9)) == forste


def test_lodd_kollisjon_brytes_pa_id(lag, monkeypatch):
    # Force every ticket equal: the engine must fall back to søker-id order, like the reference.
    motor_modul, ref_modul, ver_modul = (
        importlib.import_module(f"inntak.motor.{navn}") for navn in ("motor", "referanse", "verifiser")
    )  # (the package re-exports functions under the same names as these submodules)

    class LikHash:
        def __init__(self, _data: bytes) -> None:
            pass

        def digest(self) -> bytes:
            return bytes(32)

    monkeypatch.setattr(motor_modul, "sha256", LikHash)
    for modul in (ref_modul, ver_modul):
        monkeypatch.setattr(modul, "lodd", lambda seed, sid: 0)
    sokere = [{"id": sid, "poeng": "45.00", "onsker": ["A"]} for sid in ("S3", "S1", "S2")]
    r = _kjor(lag({"A": 1}, sokere))
    assert r.tildelinger["S1"] == Tildeling("A", 1)
    assert r.ventelister["A"] == ("S2", "S3")
