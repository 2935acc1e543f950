"""§ 4-6 quotas (inntak/motor/kvote.py): up to half of the places by inntaksprøve, the rest by points."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inntak.motor import FormatFeil, les_snapshot, snapshot_til_json, verifiser
from inntak.motor.kvote import kjor_med_kvoter, kvote_id, kvoteplasser, tilbud_og_kvote
from inntak.motor.motor import kjor


def _snapshot(plasser: int, kvote: int, sokere: list[dict[str, Any]], andre: dict[str, int] | None = None):
    tilbud = [{"id": "T", "plasser": plasser - kvote, "inntakskrav": "inntaksprove"}]
    if kvote:
        tilbud.append({"id": "T/prove", "plasser": kvote, "kvote_av": "T", "inntakskrav": "inntaksprove"})
    tilbud += [{"id": tid, "plasser": n} for tid, n in (andre or {}).items()]
    return les_snapshot({"format": "inntak-snapshot/1", "seed": 3, "tilbud": tilbud, "sokere": sokere})


def _soker(sid: str, poeng: str, prove: str | None = None, videre: tuple[str, ...] = ()) -> dict[str, Any]:
    onsker: list[Any] = [{"tilbud": "T/prove", "poeng": prove}] if prove is not None else []
    return {"id": sid, "poeng": poeng, "onsker": [*onsker, "T", *videre]}


def test_kvoten_tar_de_beste_pa_proven_og_resten_gar_etter_poeng():
    # 4 places, 2 by test. A and B have the best tests but the lowest points; C and D the best points.
    sokere = [_soker("A", "30.00", "95.00"), _soker("B", "31.00", "90.00"), _soker("C", "50.00", "10.00"),
              _soker("D", "49.00"), _soker("E", "48.00", "20.00")]  # fmt: skip
    snap, res, merknader = kjor_med_kvoter(_snapshot(4, 2, sokere))
    plass = {sid: t.tilbud if t else None for sid, t in res.tildelinger.items()}
    assert plass == {"A": "T/prove", "B": "T/prove", "C": "T", "D": "T", "E": None}
    assert res.tildelinger["C"].onske_nr == 2  # tried in the quota first, then by points
    assert res.poenggrenser["T"].poeng == 4900 and res.poenggrenser["T/prove"].poeng == 9000
    assert merknader == [] and verifiser(snap, res) == []


def test_ledige_kvoteplasser_gar_til_poengkonkurransen():
    # 4 places, 2 reserved for the test, but only one applicant took it: the other place goes by points.
    sokere = [_soker("A", "30.00", "80.00"), _soker("C", "50.00"), _soker("D", "49.00"), _soker("E", "48.00")]
    snap, res, merknader = kjor_med_kvoter(_snapshot(4, 2, sokere))
    assert {t.tilbud for t in res.tildelinger.values() if t} == {"T", "T/prove"}
    assert [sid for sid, t in res.tildelinger.items() if t is None] == []
    assert {t.id: t.plasser for t in snap.tilbud} == {"T": 3, "T/prove": 1}
    assert merknader == [
        "Tilbud T: 1 ledige plasser i kvoten for inntaksprøve er fordelt etter poeng (§ 4-6)."
    ]
    assert verifiser(snap, res) == []
    # The stored (final) snapshot replays to the same result in one pass.
    snap2, res2, merknader2 = kjor_med_kvoter(les_snapshot(snapshot_til_json(snap)))
    assert res2 == res and merknader2 == [] and snap2 == snap


def test_kvotesoker_som_far_hoyere_onske_frigjor_kvoteplassen():
    # A prefers U; once U has room, A leaves T's quota and the freed quota place goes to points.
    sokere = [{"id": "A", "poeng": "30.00", "onsker": ["U", {"tilbud": "T/prove", "poeng": "99.00"}, "T"]},
              _soker("C", "50.00"), _soker("D", "49.00")]  # fmt: skip
    snap, res, _ = kjor_med_kvoter(_snapshot(2, 1, sokere, andre={"U": 1}))
    assert res.tildelinger["A"].tilbud == "U"
    assert {res.tildelinger["C"].tilbud, res.tildelinger["D"].tilbud} == {"T"}
    assert verifiser(snap, res) == []


def test_verifiseringen_avviser_mer_enn_halvparten_og_ledig_kvoteplass():
    snap = _snapshot(4, 3, [_soker("A", "30.00", "80.00")])
    brudd = verifiser(snap, kjor(snap))
    assert any("mer enn halvparten" in b for b in brudd)
    assert any("ledige plasser som skulle vært fordelt etter poeng" in b for b in brudd)


def test_formatet_avviser_kvote_av_ukjent_tilbud_og_kvote_av_kvote():
    with pytest.raises(FormatFeil, match="kvote_av"):
        les_snapshot({"format": "inntak-snapshot/1", "seed": 0, "sokere": [],
                      "tilbud": [{"id": "K", "plasser": 1, "kvote_av": "X"}]})  # fmt: skip
    with pytest.raises(FormatFeil, match="ikke selv er en kvote"):
        les_snapshot({"format": "inntak-snapshot/1", "seed": 0, "sokere": [],
                      "tilbud": [{"id": "T", "plasser": 1}, {"id": "K", "plasser": 1, "kvote_av": "T"},
                                 {"id": "K2", "plasser": 1, "kvote_av": "K"}]})  # fmt: skip


def test_hjelpere():
    assert kvote_id("12") == "12/prove"
    assert tilbud_og_kvote("12/prove") == ("12", "inntaksprove")
    assert tilbud_og_kvote("12") == ("12", "")
    assert kvoteplasser(15, 50) == 7 and kvoteplasser(15, 0) == 0
    with pytest.raises(ValueError, match="§ 4-6"):
        kvoteplasser(10, 60)


def test_uten_kvoter_er_det_en_vanlig_kjoring():
    snap = les_snapshot({"format": "inntak-snapshot/1", "seed": 1, "tilbud": [{"id": "T", "plasser": 1}],
                         "sokere": [{"id": "A", "onsker": ["T"]}]})  # fmt: skip
    snap2, res, merknader = kjor_med_kvoter(snap)
    assert snap2 is snap and res == kjor(snap) and merknader == []


@st.composite
def _instans(draw):
    plasser = draw(st.integers(0, 6))
    kvote = draw(st.integers(0, plasser // 2))
    sokere = []
    for i in range(draw(st.integers(0, 10))):
        prove = draw(st.one_of(st.none(), st.integers(0, 100).map(lambda p: f"{p}.00"))) if kvote else None
        u = draw(st.sampled_from(["ingen", "foran", "etter"]))  # U above the quota, below T, or not wished
        s = _soker(f"s{i}", f"{draw(st.integers(0, 60))}.00", prove, ("U",) if u == "etter" else ())
        if u == "foran":
            s["onsker"].insert(0, "U")
        sokere.append(s)
    return _snapshot(plasser, kvote, sokere, andre={"U": draw(st.integers(0, 3))})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_instans())
def test_egenskap_kvoten_er_full_eller_tom_og_resultatet_verifisert(snap):
    slutt, res, _ = kjor_med_kvoter(snap)
    assert verifiser(slutt, res) == []
    totalt = {t.id: t.plasser for t in snap.tilbud}
    etter = {t.id: t.plasser for t in slutt.tilbud}
    assert sum(etter.values()) == sum(totalt.values())  # places only move between the two quotas
    if "T/prove" in etter:
        assert etter["T/prove"] <= totalt["T/prove"]
        inntatt = sum(1 for t in res.tildelinger.values() if t and t.tilbud == "T/prove")
        assert inntatt == etter["T/prove"]
