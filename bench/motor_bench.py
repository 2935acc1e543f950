"""Benchmarks for the intake engine: ``python -m bench.motor_bench [--sokere N] [--uten-matching]``.

1. A synthetic national snapshot (200 000 søkere, ~700 000 ønsker, 5 000 tilbud; seeded, so every run sees
   the same data): times reading, the engine and the verification separately, and reports peak memory (RSS).
   Target: engine < 5 s on a 2-core machine with CPython 3.11.
2. A cross-check against the PyPI ``matching`` package (HospitalResident, resident-optimal) on 5 000 søkere
   with distinct points (no ties, so both must give the same assignment).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import threading
import time
import warnings
from itertools import accumulate
from typing import Any

from inntak.motor import kjor, les_snapshot, resultat_til_json, til_json_tekst, verifiser

GRUPPER = (2, 3, 4, 5, 6)
GRUPPE_VEKTER = (88, 4, 2, 3, 3)
ANTALL_ONSKER = (1, 2, 3, 4, 5, 6)
ONSKE_VEKTER = (10, 15, 25, 25, 15, 10)  # mean 3.5 wishes


def _poeng(hundredeler: int) -> str:
    return f"{hundredeler // 100}.{hundredeler % 100:02d}"


def lag_nasjonalt_snapshot(
    antall_sokere: int = 200_000, antall_tilbud: int = 5_000, seed: int = 2025, kapasitet: float = 1.1
) -> dict[str, Any]:
    """Deterministic synthetic national snapshot with skewed popularity, ties, overrides, fixed and kept places."""
    rng = random.Random(seed)
    tilbud_ids = [f"T{j:05d}" for j in range(antall_tilbud)]
    vekter = [1.0 / (1 + j) ** 0.7 for j in range(antall_tilbud)]
    rng.shuffle(vekter)
    kum = list(accumulate(vekter))
    total = kum[-1]
    tilbud = []
    for j, tid in enumerate(tilbud_ids):
        plasser = round(vekter[j] / total * antall_sokere * kapasitet * rng.uniform(0.4, 1.6))
        rad: dict[str, Any] = {"id": tid, "plasser": plasser}
        if j % 97 == 0:
            rad["inntakskrav"] = "dokumentasjon" if j % 2 else "inntaksprove"
        tilbud.append(rad)
    sokere = []
    for i in range(antall_sokere):
        k = rng.choices(ANTALL_ONSKER, ONSKE_VEKTER)[0]
        valgt: list[str] = []
        while len(valgt) < k:
            for j in rng.choices(range(antall_tilbud), cum_weights=kum, k=k):
                tid = tilbud_ids[j]
                if tid not in valgt and len(valgt) < k:
                    valgt.append(tid)
        poeng = max(0, min(6000, int(rng.gauss(4200, 800))))
        onsker: list[Any] = list(valgt)
        if rng.random() < 0.02:
            onsker[-1] = {"tilbud": valgt[-1], "gruppe": 5, "poeng": _poeng(max(0, poeng - 500))}
        soker: dict[str, Any] = {
            "id": f"S{i:07d}",
            "gruppe": rng.choices(GRUPPER, GRUPPE_VEKTER)[0],
            "poeng": _poeng(poeng),
            "onsker": onsker,
        }
        u = rng.random()
        if u < 0.005:
            soker["fast_plass"] = valgt[0] if rng.random() < 0.7 else tilbud_ids[rng.randrange(antall_tilbud)]
        elif u < 0.015 and k > 1:
            soker["beholdt"] = valgt[rng.randrange(1, k)]
        sokere.append(soker)
    return {"format": "inntak-snapshot/1", "seed": seed, "tilbud": tilbud, "sokere": sokere}


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def bench_nasjonal(antall_sokere: int, kapasitet: float = 1.1) -> float:
    t0 = time.perf_counter()
    data = lag_nasjonalt_snapshot(antall_sokere, kapasitet=kapasitet)
    t1 = time.perf_counter()
    snapshot = les_snapshot(data)
    t2 = time.perf_counter()
    resultat = kjor(snapshot)
    t3 = time.perf_counter()
    brudd = verifiser(snapshot, resultat)
    t4 = time.perf_counter()
    tekst = til_json_tekst(resultat_til_json(resultat))
    t5 = time.perf_counter()
    onsker = sum(len(s.onsker) for s in snapshot.sokere)
    print(
        f"motor: {len(snapshot.sokere)} søkere, {onsker} ønsker, {len(snapshot.tilbud)} tilbud: {t3 - t2:.2f} s "
        f"(verifisering {t4 - t3:.2f} s), topp minne {_topp_minne_mb():.0f} MB"
    )
    plassert = sum(1 for t in resultat.tildelinger.values() if t is not None)
    forste = sum(1 for t in resultat.tildelinger.values() if t is not None and t.onske_nr == 1)
    venter = sum(len(v) for v in resultat.ventelister.values())
    print(
        f"  kapasitet {kapasitet:.2f} × søkere: plassert {plassert} ({forste} på 1. ønske), {venter} venteplasser, "
        f"overfylte tilbud {len(resultat.overfylt)}, brudd {len(brudd)}\n"
        f"  generering {t1 - t0:.2f} s, les_snapshot {t2 - t1:.2f} s, JSON-tekst {t5 - t4:.2f} s "
        f"({len(tekst) / 1e6:.1f} MB)"
    )
    if brudd:
        print("  FEIL: verifiseringen fant brudd:", *brudd[:5], sep="\n    ")
    return t3 - t2


def lag_uten_likhet(antall_sokere: int = 5_000, antall_tilbud: int = 200, seed: int = 7) -> dict[str, Any]:
    """Instance without ties (distinct points, one group); every tilbud has at least one seat."""
    rng = random.Random(seed)
    tilbud_ids = [f"T{j:03d}" for j in range(antall_tilbud)]
    poeng = rng.sample(range(100_000), antall_sokere)
    sokere = []
    for i in range(antall_sokere):
        k = rng.randint(1, 5)
        sokere.append({"id": f"S{i:05d}", "poeng": _poeng(poeng[i]), "onsker": rng.sample(tilbud_ids, k)})
    tilbud = [
        {"id": tid, "plasser": rng.randint(1, 2 * antall_sokere // antall_tilbud)} for tid in tilbud_ids
    ]
    return {"format": "inntak-snapshot/1", "seed": seed, "tilbud": tilbud, "sokere": sokere}


def bench_matching(antall_sokere: int = 5_000) -> None:
    try:
        from matching.games import HospitalResident
    except ImportError:
        print("matching: pakken er ikke installert, hopper over")
        return
    data = lag_uten_likhet(antall_sokere)
    snapshot = les_snapshot(data)
    t0 = time.perf_counter()
    vart = kjor(snapshot)
    t1 = time.perf_counter()

    poeng = {s.id: s.poeng for s in snapshot.sokere}
    resident_prefs = {s.id: [o.tilbud for o in s.onsker] for s in snapshot.sokere}
    hospital_prefs: dict[str, list[str]] = {t.id: [] for t in snapshot.tilbud}
    for sid, prefs in resident_prefs.items():
        for tid in prefs:
            hospital_prefs[tid].append(sid)
    for liste in hospital_prefs.values():
        liste.sort(key=lambda sid: -poeng[sid])
    kapasitet = {t.id: t.plasser for t in snapshot.tilbud}

    ut: dict[str, Any] = {}

    def los() -> None:  # matching 1.4.3 deep-copies recursively: needs a deep stack
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = time.perf_counter()
                spill = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, kapasitet)
                matching = spill.solve(optimal="resident")
                ut["tid"] = time.perf_counter() - t
                ut["plass"] = {r.name: h.name for h, rs in matching.items() for r in rs}
        except BaseException as exc:  # noqa: BLE001 - reported below
            ut["feil"] = exc

    gammel_grense, gammel_stakk = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    try:
        traad = threading.Thread(target=los)
        traad.start()
        traad.join()
    finally:
        threading.stack_size(gammel_stakk)
        sys.setrecursionlimit(gammel_grense)
    if "feil" in ut:
        print(f"matching: feilet: {ut['feil']!r}")
        return
    var_plass = {sid: t.tilbud for sid, t in vart.tildelinger.items() if t is not None}
    lik = var_plass == ut["plass"]
    print(
        f"matching: {antall_sokere} søkere uten likhet: motor {t1 - t0:.3f} s, matching.HospitalResident "
        f"{ut['tid']:.2f} s, samme tildeling: {'ja' if lik else 'NEI'} ({len(var_plass)} plassert)"
    )
    if not lik:
        ulike = sorted(set(var_plass.items()) ^ set(ut["plass"].items()))[:10]
        print("  forskjeller:", ulike)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sokere", type=int, default=200_000)
    parser.add_argument(
        "--kapasitet", type=float, default=1.1, help="total plasser / søkere (lavere = hardere)"
    )
    parser.add_argument("--uten-matching", action="store_true")
    args = parser.parse_args(argv)
    bench_nasjonal(args.sokere, args.kapasitet)
    if not args.uten_matching:
        bench_matching()


if __name__ == "__main__":
    main()
