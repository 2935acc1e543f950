"""Two quotas at one tilbud (opplæringsforskrifta § 4-6): up to half of the places by inntaksprøve or documented
skill, the rest by points. Source and the reading chosen: docs/regler.md, «Kvote etter § 4-6».

The quota is a tilbud of its own in the snapshot, ``"<id>/prove"`` with ``kvote_av = "<id>"``; the tilbud keeps the
remaining places. An applicant with a result wishes the quota just before the tilbud, with the result as the wish's
points, so the applicant is tried in the quota first and, if not admitted there, competes by points for the rest
(the order Samordna opptak uses for its quotas). The engine and the verifier see an ordinary instance.

Places of a quota that nobody takes go to the points competition: :func:`kjor_med_kvoter` runs the engine, moves
every quota's free places to its tilbud and runs again, until no quota has a free place (each pass moves at least
one place, so it ends; usually after one or two). The snapshot returned is the final one and is the one stored, so
a replay runs once and gives the same result, and the verifier checks the instance that was decided.
"""

from __future__ import annotations

from collections import Counter

from .modell import Resultat, Snapshot
from .motor import kjor

__all__ = [
    "KVOTE_SUFFIKS",
    "MAKS_ANDEL_PROSENT",
    "kjor_med_kvoter",
    "kvote_id",
    "kvoteplasser",
    "tilbud_og_kvote",
]

KVOTE_SUFFIKS = "/prove"
KVOTE_INNTAKSPROVE = "inntaksprove"
MAKS_ANDEL_PROSENT = 50  # «inntil halvparten av plassane» (§ 4-6 første ledd)


def kvote_id(tilbud_id: str) -> str:
    """The snapshot id of ``tilbud_id``'s inntaksprøve quota."""
    return tilbud_id + KVOTE_SUFFIKS


def tilbud_og_kvote(tid: str) -> tuple[str, str]:
    """``"12/prove"`` -> ``("12", "inntaksprove")``; ``"12"`` -> ``("12", "")``."""
    if tid.endswith(KVOTE_SUFFIKS):
        return tid[: -len(KVOTE_SUFFIKS)], KVOTE_INNTAKSPROVE
    return tid, ""


def kvoteplasser(plasser: int, prosent: int) -> int:
    """Places of the quota: ``prosent`` of ``plasser`` rounded down, never more than half (§ 4-6)."""
    if not 0 <= prosent <= MAKS_ANDEL_PROSENT:
        raise ValueError(f"Kvoten må være 0–{MAKS_ANDEL_PROSENT} % av plassene (§ 4-6), fikk {prosent} %.")
    return plasser * prosent // 100


def kjor_med_kvoter(snapshot: Snapshot, kjor=kjor) -> tuple[Snapshot, Resultat, list[str]]:
    """Run with the quotas' free places moved to the points competition; (final snapshot, result, notes).

    Without quotas this is one plain run and the snapshot is returned unchanged.
    """
    merknader: list[str] = []
    flyttet: Counter[str] = Counter()
    while True:
        resultat = kjor(snapshot)
        kvoter = [t for t in snapshot.tilbud if t.kvote_av is not None]
        if not kvoter:
            break
        inntatt = Counter(t.tilbud for t in resultat.tildelinger.values() if t is not None)
        ledige = {t.id: t.plasser - inntatt[t.id] for t in kvoter if inntatt[t.id] < t.plasser}
        if not ledige:
            break
        til_hoved: Counter[str] = Counter()
        etter_id = snapshot.tilbud_etter_id
        for kid, antall in ledige.items():
            til_hoved[etter_id[kid].kvote_av] += antall
            flyttet[etter_id[kid].kvote_av] += antall
        nye = tuple(
            t._replace(plasser=t.plasser - ledige[t.id]) if t.id in ledige
            else t._replace(plasser=t.plasser + til_hoved[t.id]) if t.id in til_hoved
            else t
            for t in snapshot.tilbud
        )  # fmt: skip
        snapshot = Snapshot(snapshot.seed, nye, snapshot.sokere)
    for tid, antall in sorted(flyttet.items()):
        merknader.append(
            f"Tilbud {tid}: {antall} ledige plasser i kvoten for inntaksprøve er fordelt etter poeng (§ 4-6)."
        )
    return snapshot, resultat, merknader
