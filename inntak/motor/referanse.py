"""Deliberately naive reference implementation, used only by the tests to cross-check ``motor.kjor``.

Textbook simultaneous-rounds deferred acceptance written as plainly as possible, with tuple ranks and sorted
lists, sharing nothing with the engine but the data types and ``lodd``: in each round every free søker proposes
to the best wish that has not rejected them; each tilbud sorts everyone it holds plus the new proposers and keeps
the best ``plasser - fixed - kept`` of them. A ``beholdt`` søker who runs out of higher wishes falls back to the
kept place, which always accepts. Quadratic and slow on purpose: it is for small test instances.
"""

from __future__ import annotations

from .lodd import lodd
from .modell import (
    STATUS_ALLE_INNTATT,
    STATUS_DOKUMENTASJON,
    STATUS_FORTRINN,
    STATUS_POENG,
    Poenggrense,
    Resultat,
    Snapshot,
    Tildeling,
)

__all__ = ["kjor_referanse"]

BEHOLDT = "beholdt"


def kjor_referanse(snapshot: Snapshot) -> Resultat:
    def rang(soker, onske):
        return (onske.gruppe, -onske.poeng, lodd(snapshot.seed, soker.id), soker.id)

    faste = {t.id: 0 for t in snapshot.tilbud}
    for s in snapshot.sokere:
        if s.fast_plass is not None:
            faste[s.fast_plass] += 1
    vanlige = [s for s in snapshot.sokere if s.fast_plass is None]

    # Preference list per søker: (tilbud, rank or BEHOLDT, wish number).
    lister = {}
    for s in vanlige:
        liste = []
        for nr, onske in enumerate(s.onsker, 1):
            if onske.tilbud == s.beholdt:
                break
            liste.append((onske.tilbud, rang(s, onske), nr))
        if s.beholdt is not None:
            liste.append((s.beholdt, BEHOLDT, s.onske_nr(s.beholdt)))
        lister[s.id] = liste

    neste = {s.id: 0 for s in vanlige}  # index of the next wish to propose to
    holder = {t.id: [] for t in snapshot.tilbud}  # (rank, søker-id) tentatively admitted
    beholder = {t.id: [] for t in snapshot.tilbud}  # søker-ids sitting on their kept place
    har_plass = set()
    while True:
        frie = [s.id for s in vanlige if s.id not in har_plass and neste[s.id] < len(lister[s.id])]
        if not frie:
            break
        for sid in frie:
            tid, r, _ = lister[sid][neste[sid]]
            if r == BEHOLDT:
                beholder[tid].append(sid)
            else:
                holder[tid].append((r, sid))
            har_plass.add(sid)
        for t in snapshot.tilbud:
            plasser = max(0, t.plasser - faste[t.id] - len(beholder[t.id]))
            alle = sorted(holder[t.id])
            holder[t.id] = alle[:plasser]
            for _, sid in alle[plasser:]:
                har_plass.discard(sid)
                neste[sid] += 1

    tildelinger = {}
    for s in snapshot.sokere:
        if s.fast_plass is not None:
            tildelinger[s.id] = Tildeling(s.fast_plass, s.onske_nr(s.fast_plass))
        elif s.id in har_plass:
            tid, _, nr = lister[s.id][neste[s.id]]
            tildelinger[s.id] = Tildeling(tid, nr)
        else:
            tildelinger[s.id] = None

    # Waitlists by definition: wishes numbered above the place (all wishes when none / not among the wishes).
    venter = {t.id: [] for t in snapshot.tilbud}
    for s in vanlige:
        plass = tildelinger[s.id]
        grense = plass.onske_nr if plass is not None and plass.onske_nr > 0 else len(s.onsker) + 1
        for onske in s.onsker[: grense - 1]:
            venter[onske.tilbud].append((rang(s, onske), s.id))

    ventelister = {}
    poenggrenser = {}
    overfylt = {}
    for t in snapshot.tilbud:
        ventelister[t.id] = tuple(sid for _, sid in sorted(venter[t.id]))
        inntatt = sorted(holder[t.id])
        if t.inntakskrav == "dokumentasjon":
            poenggrenser[t.id] = Poenggrense(STATUS_DOKUMENTASJON, None)
        elif not ventelister[t.id]:
            poenggrenser[t.id] = Poenggrense(STATUS_ALLE_INNTATT, None)
        elif not inntatt:
            poenggrenser[t.id] = Poenggrense(STATUS_FORTRINN, None)
        else:
            poenggrenser[t.id] = Poenggrense(STATUS_POENG, -inntatt[-1][0][1])
        antall = faste[t.id] + len(beholder[t.id]) + len(inntatt)
        if antall > t.plasser:
            overfylt[t.id] = antall - t.plasser
    return Resultat(tildelinger, ventelister, poenggrenser, overfylt)
