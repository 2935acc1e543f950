"""Property tests: the engine against the naive reference, stability, capacity, floors, round trips."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inntak.motor import (
    Tildeling,
    forklar,
    kjor,
    les_resultat,
    les_snapshot,
    resultat_til_json,
    snapshot_til_json,
    til_json_tekst,
    verifiser,
)
from inntak.motor.referanse import kjor_referanse

INNSTILLINGER = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
POENG = ["38.00", "40.00", "42.50", "45.60", "50"]  # few values: many ties for the lottery


@st.composite
def snapshot_data(draw: st.DrawFn, maks_sokere: int = 10) -> dict[str, Any]:
    nt = draw(st.integers(1, 4))
    tids = [f"T{j}" for j in range(nt)]
    tilbud = []
    for tid in tids:
        rad: dict[str, Any] = {"id": tid, "plasser": draw(st.integers(0, 3))}
        krav = draw(st.sampled_from([None, None, None, "dokumentasjon", "inntaksprove"]))
        if krav:
            rad["inntakskrav"] = krav
        tilbud.append(rad)
    sokere = []
    for i in range(draw(st.integers(0, maks_sokere))):
        valgte = draw(st.permutations(tids))[: draw(st.integers(0, nt))]
        onsker: list[Any] = []
        for tid in valgte:
            if draw(st.integers(0, 4)) == 0:
                onsker.append(
                    {"tilbud": tid, "gruppe": draw(st.integers(1, 3)), "poeng": draw(st.sampled_from(POENG))}
                )
            else:
                onsker.append(tid)
        soker: dict[str, Any] = {
            "id": f"S{i}",
            "gruppe": draw(st.integers(1, 3)),
            "poeng": draw(st.sampled_from(POENG)),
            "onsker": onsker,
        }
        ekstra = draw(st.sampled_from([None] * 6 + ["fast_plass", "beholdt"]))
        if ekstra:
            soker[ekstra] = draw(st.sampled_from(tids))
        sokere.append(soker)
    seed = draw(st.integers(0, 2**40))
    return {"format": "inntak-snapshot/1", "seed": seed, "tilbud": tilbud, "sokere": sokere}


@INNSTILLINGER
@given(snapshot_data())
def test_lik_referansen_og_verifisert(data):
    snapshot = les_snapshot(data)
    resultat = kjor(snapshot)
    assert resultat == kjor_referanse(snapshot)
    assert verifiser(snapshot, resultat) == []
    # Capacity: ordinary admissions never exceed what fixed and kept places leave over.
    for t in snapshot.tilbud:
        faste = sum(1 for s in snapshot.sokere if s.fast_plass == t.id)
        alle = sum(1 for p in resultat.tildelinger.values() if p is not None and p.tilbud == t.id)
        beholdte = sum(
            1
            for s in snapshot.sokere
            if s.beholdt == t.id and resultat.tildelinger[s.id] == Tildeling(t.id, s.onske_nr(t.id))
        )
        assert alle - faste - beholdte <= max(0, t.plasser - faste - beholdte)
        assert resultat.overfylt.get(t.id, 0) == max(0, alle - t.plasser)


@INNSTILLINGER
@given(snapshot_data(), st.randoms(use_true_random=False))
def test_rekkefolge_og_json_runde(data, rng):
    snapshot = les_snapshot(data)
    resultat = kjor(snapshot)
    tekst = til_json_tekst(resultat_til_json(resultat))
    assert les_resultat(json.loads(tekst)) == resultat
    assert les_snapshot(json.loads(json.dumps(snapshot_til_json(snapshot)))) == snapshot
    stokket = dict(data, sokere=rng.sample(data["sokere"], len(data["sokere"])), tilbud=data["tilbud"][::-1])
    assert til_json_tekst(resultat_til_json(kjor(les_snapshot(stokket)))) == tekst


@INNSTILLINGER
@given(snapshot_data(), st.lists(st.tuples(st.sampled_from(POENG), st.integers(0, 3)), max_size=5))
def test_senere_runde_tar_aldri_fra_noen_beholdt_plass(data, nye):
    """Round 2 keeps each round-1 place as ``beholdt``; new (possibly stronger) søkere join."""
    for s in data["sokere"]:
        s.pop("beholdt", None)
    forste = kjor(les_snapshot(data))
    tids = [t["id"] for t in data["tilbud"]]
    runde2 = []
    for s in data["sokere"]:
        ny = dict(s)
        plass = forste.tildelinger[s["id"]]
        if plass is not None and "fast_plass" not in s:
            ny["beholdt"] = plass.tilbud
        runde2.append(ny)
    for k, (poeng, ant) in enumerate(nye):
        runde2.append({"id": f"NY{k}", "gruppe": 1, "poeng": poeng, "onsker": tids[:ant]})
    snapshot = les_snapshot(dict(data, sokere=runde2))
    andre = kjor(snapshot)
    assert verifiser(snapshot, andre) == []
    assert andre == kjor_referanse(snapshot)
    for s in snapshot.sokere:
        for_ = forste.tildelinger.get(s.id)
        if s.beholdt is None or for_ is None:
            continue
        etter = andre.tildelinger[s.id]
        assert etter is not None
        assert etter.tilbud == for_.tilbud or (0 < etter.onske_nr < for_.onske_nr or for_.onske_nr == 0)


@INNSTILLINGER
@given(snapshot_data(), st.data())
def test_verifisering_oppdager_endret_tildeling(data, trekk):
    snapshot = les_snapshot(data)
    if not snapshot.sokere:
        return
    resultat = kjor(snapshot)
    soker = trekk.draw(st.sampled_from(snapshot.sokere))
    mal = trekk.draw(st.sampled_from([None, *[t.id for t in snapshot.tilbud]]))
    gammel = resultat.tildelinger[soker.id]
    ny = None if mal is None else Tildeling(mal, soker.onske_nr(mal))
    if ny == gammel:
        return
    endret = type(resultat)(
        {**resultat.tildelinger, soker.id: ny}, resultat.ventelister, resultat.poenggrenser, resultat.overfylt
    )
    assert verifiser(snapshot, endret) != []


@settings(max_examples=100, deadline=None, database=None)
@given(snapshot_data(maks_sokere=6))
def test_forklar_stemmer_med_ventelistene(data):
    snapshot = les_snapshot(data)
    resultat = kjor(snapshot)
    for s in snapshot.sokere:
        linjer = forklar(snapshot, resultat, s.id)
        for linje in linjer:
            assert linje["tekst"]
            if linje.get("venteplass"):
                assert resultat.ventelister[linje["tilbud"]][linje["venteplass"] - 1] == s.id
        assert [x["onske_nr"] for x in linjer if x["onske_nr"]] == list(range(1, len(s.onsker) + 1))
