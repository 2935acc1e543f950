"""Independent check of a result against its snapshot; a run with any violation must not be published.

Written without the engine's packed integer keys: ranks here are plain tuples
``(gruppe, -poeng, lodd, id)``, so a packing or heap bug in ``motor.py`` shows up as a violation. Checks:

* completeness: every søker and tilbud has exactly one entry, nothing unknown;
* fixed places and kept (``beholdt``) floors are honoured, ordinary søkere only get places they wished,
  ``onske_nr`` matches the wish list;
* capacity: ordinary admissions <= plasser - fixed - kept, and ``overfylt`` is exactly the excess;
* nobody holds two places: the result maps each søker to at most one tilbud, and no søker is on a waitlist
  for the tilbud they got or for a wish below it;
* stability: no søker wished a tilbud above their own place that still has a free ordinary seat, or where
  they outrank someone admitted in ordinary competition;
* waitlists and poenggrenser are exactly those implied by the placements;
* a § 4-6 quota (``kvote_av``) has at most half of its tilbud's places and no free place.

How it stays linear and cheap (a national run: 200 000 søkere, 700 000 wishes), with the same checks:

* one pass over the søkere: the claimed ``onske_nr`` is checked by looking at that one wish (a search only
  when it is wrong), and the wishes above the place are read once each, as waitlist candidates with their rank;
* the result's waitlist is accepted as the expected one when it has as many entries as there are candidates,
  every entry is a candidate, and the ranks strictly increase along it: ranks are unique (they end in the id),
  so that is the same as equalling the candidates sorted by rank, without sorting. Only a wrong waitlist is
  sorted, to report what is wrong with it;
* stability needs one comparison per tilbud: in rank order the candidates that outrank the weakest admitted
  form a prefix, so comparing the best candidate suffices (violators, if any, are read off the front);
* the lottery is drawn only where it can decide: for the candidates and for admitted søkere tied on group and
  points with the weakest admitted one (see ``_svakest``).
"""

from __future__ import annotations

from itertools import islice
from operator import lt
from typing import Any

from .lodd import lodd
from .modell import (
    STATUS_ALLE_INNTATT,
    STATUS_DOKUMENTASJON,
    STATUS_FORTRINN,
    STATUS_POENG,
    Poenggrense,
    Resultat,
    Snapshot,
    poeng_til_tekst,
    uten_gc,
)

__all__ = ["verifiser"]

MAKS_BRUDD = 200

Rang = tuple[int, int, int, str]  # (gruppe, -poeng, lodd, søker-id): smaller is better


def verifiser(snapshot: Snapshot, resultat: Resultat) -> list[str]:
    """Return Norwegian violation messages (at most ``MAKS_BRUDD`` plus a count line); empty list = OK."""
    with uten_gc():
        return _verifiser(snapshot, resultat)


def _kvotefeil(tid: str, plasser: int, hoved, inntatt: int) -> list[str]:
    """§ 4-6 (docs/regler.md, «Kvote etter § 4-6»): a quota has at most half of the tilbud's places, and none of them is left free
    (free quota places go to the points competition, ``kvote.kjor_med_kvoter``)."""
    brudd = []
    if hoved is not None and plasser * 2 > plasser + hoved.plasser:
        brudd.append(f"Kvoten «{tid}» har {plasser} av {plasser + hoved.plasser} plasser, mer enn halvparten "
                     "(§ 4-6).")  # fmt: skip
    if inntatt < plasser:
        brudd.append(f"Kvoten «{tid}» har {plasser - inntatt} ledige plasser som skulle vært fordelt etter poeng "
                     "(§ 4-6).")  # fmt: skip
    return brudd


def _verifiser(snapshot: Snapshot, resultat: Resultat) -> list[str]:
    brudd: list[str] = []
    tilbud = snapshot.tilbud_etter_id
    tild = resultat.tildelinger

    faste = dict.fromkeys(tilbud, 0)
    beholdte = dict.fromkeys(tilbud, 0)
    # Ordinary admissions per tilbud: (gruppe, -poeng) and the søker-id, in two lists (see _svakest).
    inntatt: dict[str, tuple[list[tuple[int, int]], list[str]]] = {tid: ([], []) for tid in tilbud}
    kandidater: dict[str, dict[str, Rang]] = {tid: {} for tid in tilbud}  # waitlist candidates: id -> rank
    seed = snapshot.seed
    mangler = object()
    manglende = 0
    hent_tildeling, hent_inntatt = tild.get, inntatt.get
    for sid, gruppe, poeng, onsker, fast_plass, beholdt in snapshot.sokere:
        t = hent_tildeling(sid, mangler)
        if t is None:
            plass, nr = None, 0
        elif t is mangler:
            brudd.append(f"Søker «{sid}» mangler i tildelingene.")
            manglende += 1
            continue
        else:
            plass, nr = t  # nr: the placed wish's number; 0 for a place outside the wishes
            inn = hent_inntatt(plass)  # None: unknown tilbud (one lookup serves the check and the record)
            if inn is None:
                brudd.append(f"Søker «{sid}» er tildelt ukjent tilbud «{plass}».")
                continue
            # The claimed number is checked in O(1); wish ids are unique (les_snapshot), so a wish that
            # matches is the only one. Otherwise search, for the message.
            if not (0 < nr <= len(onsker) and onsker[nr - 1][0] == plass):
                nr = _onske_nr(onsker, plass)
                if t.onske_nr != nr:
                    brudd.append(
                        f"Søker «{sid}» har ønske_nr {t.onske_nr} for «{plass}», men det er ønske nr. {nr}."
                    )
        if fast_plass is not None:
            if plass != fast_plass:
                brudd.append(
                    f"Søker «{sid}» har vedtak om fast plass på «{fast_plass}», men er tildelt {_navn(t)}."
                )
            else:
                faste[plass] += 1
            continue
        if beholdt is not None and plass == beholdt:
            beholdte[plass] += 1
            over = nr - 1 if nr else len(onsker)  # wishes above the kept place (all if it is not a wish)
        elif nr:
            over = nr - 1
            if beholdt is not None and nr >= (_onske_nr(onsker, beholdt) or len(onsker) + 1):
                brudd.append(f"Søker «{sid}» har mistet beholdt plass på «{beholdt}» (tildelt {_navn(t)}).")
                continue
            o = onsker[over]
            inn[0].append((o[1], -o[2]))
            inn[1].append(sid)
        elif plass is not None:
            brudd.append(f"Søker «{sid}» er tildelt «{plass}», som ikke er blant ønskene.")
            continue
        elif beholdt is not None:
            brudd.append(f"Søker «{sid}» har mistet beholdt plass på «{beholdt}» (tildelt {_navn(t)}).")
            continue
        else:
            over = len(onsker)
        if over:
            lo = lodd(seed, sid)
            egen = (gruppe, -poeng, lo, sid)  # shared by every wish without its own group/points
            for tid, og, op in onsker[:over]:
                kandidater[tid][sid] = egen if og == gruppe and op == poeng else (og, -op, lo, sid)

    for tid, tb in tilbud.items():
        ledig = max(0, tb.plasser - faste[tid] - beholdte[tid])
        rader, ids = inntatt[tid]
        n = len(rader)
        if n > ledig:
            brudd.append(
                f"Kapasitet overskredet for «{tid}»: {n} inntatt i ordinært inntak, men bare {ledig} "
                f"plasser igjen etter {faste[tid]} faste og {beholdte[tid]} beholdte."
            )
        ekstra = max(0, faste[tid] + beholdte[tid] + n - tb.plasser)
        if resultat.overfylt.get(tid, 0) != ekstra:
            brudd.append(f"«overfylt» for «{tid}» er {resultat.overfylt.get(tid, 0)}, skulle vært {ekstra}.")
        if tb.kvote_av is not None:
            brudd += _kvotefeil(tid, tb.plasser, tilbud.get(tb.kvote_av), faste[tid] + beholdte[tid] + n)
        svakest = _svakest(seed, rader, ids) if rader else None

        venter = kandidater[tid]
        faktisk = resultat.ventelister.get(tid)
        if faktisk is not None and _i_rangordning(faktisk, venter):
            rekke = faktisk  # exactly the candidates in rank order (see the module docstring)
        else:
            rekke = tuple(sorted(venter, key=venter.__getitem__))
            if faktisk is not None:
                brudd += _ventelistefeil(tid, faktisk, rekke, tild)

        if rekke and n < ledig:
            for sid in rekke:
                nr = _onske_nr(snapshot.sokere_etter_id[sid].onsker, tid)
                brudd.append(
                    f"Ustabilt: søker «{sid}» ønsket «{tid}» (ønske nr. {nr}) over sin plass, "
                    f"og «{tid}» har ledig plass."
                )
        elif rekke and svakest is not None and venter[rekke[0]] < svakest:
            for sid in rekke:
                rang = venter[sid]
                if not rang < svakest:
                    break
                nr = _onske_nr(snapshot.sokere_etter_id[sid].onsker, tid)
                brudd.append(
                    f"Ustabilt: søker «{sid}» (gruppe {rang[0]}, {poeng_til_tekst(-rang[1])} poeng) ønsket "
                    f"«{tid}» (ønske nr. {nr}) over sin plass og rangeres foran «{svakest[3]}» (gruppe "
                    f"{svakest[0]}, {poeng_til_tekst(-svakest[1])} poeng), som er tatt inn der."
                )

        grense = _poenggrense(tb.inntakskrav, bool(rekke), svakest)
        faktisk_grense = resultat.poenggrenser.get(tid)
        if faktisk_grense is not None and faktisk_grense != grense:
            brudd.append(
                f"Poenggrensen for «{tid}» er {_grense_tekst(faktisk_grense)}, skulle vært {_grense_tekst(grense)}."
            )
    for tid in sorted(set(resultat.overfylt) - set(tilbud)):
        brudd.append(f"«overfylt» nevner ukjent tilbud «{tid}».")

    # Checks of the result's keys, reported first. Søker-ids are unique, so every entry of ``tild`` belongs to a
    # søker unless more entries exist than søkere found in it (no id -> søker map needed for the common case).
    innledning: list[str] = []
    if len(tild) != len(snapshot.sokere) - manglende:
        for sid in sorted(tild.keys() - {s.id for s in snapshot.sokere}):
            innledning.append(f"Resultatet har tildeling for ukjent søker «{sid}».")
    for navn, dikt in (("ventelister", resultat.ventelister), ("poenggrenser", resultat.poenggrenser)):
        for tid in sorted(set(dikt) ^ set(tilbud)):
            hva = "ukjent tilbud" if tid not in tilbud else "mangler tilbud"
            innledning.append(f"«{navn}» {hva} «{tid}».")
    brudd = innledning + brudd

    if len(brudd) > MAKS_BRUDD:
        brudd = [*brudd[:MAKS_BRUDD], f"… og {len(brudd) - MAKS_BRUDD} brudd til."]
    return brudd


def _svakest(seed: int, rader: list[tuple[int, int]], ids: list[str]) -> Rang:
    """Rank of the weakest ordinary admission: the largest (gruppe, -poeng), then among those tied on both the
    largest (lodd, id). Drawing only the tied tickets gives the same maximum as ranking everyone by the full
    tuple, and spares a SHA-256 per admitted søker (the lottery is otherwise a third of the verification)."""
    gp = max(rader)
    if rader.count(gp) == 1:
        sid = ids[rader.index(gp)]
        return (*gp, lodd(seed, sid), sid)
    return max((*gp, lodd(seed, sid), sid) for rad, sid in zip(rader, ids, strict=True) if rad == gp)


def _i_rangordning(faktisk: Any, venter: dict[str, Rang]) -> bool:
    """True iff ``faktisk`` lists exactly the keys of ``venter`` in strictly increasing rank (C-level loops)."""
    if len(faktisk) != len(venter):
        return False
    ranger = list(map(venter.get, faktisk))
    return None not in ranger and all(map(lt, ranger, islice(ranger, 1, None)))


def _ventelistefeil(tid: str, faktisk: Any, forventet: tuple[str, ...], tild: dict[str, Any]) -> list[str]:
    brudd = []
    for sid in sorted(set(faktisk) - set(forventet)):
        t = tild.get(sid)
        if t is not None and t.tilbud == tid:
            brudd.append(f"Søker «{sid}» har plass på «{tid}» og står samtidig på ventelisten der.")
        else:
            brudd.append(
                f"Søker «{sid}» står på ventelisten til «{tid}» uten å ha ønsket det over sin plass."
            )
    for sid in sorted(set(forventet) - set(faktisk)):
        brudd.append(f"Søker «{sid}» mangler på ventelisten til «{tid}».")
    if len(faktisk) != len(set(faktisk)):
        brudd.append(f"Ventelisten til «{tid}» har samme søker flere ganger.")
    elif set(faktisk) == set(forventet):
        brudd.append(f"Ventelisten til «{tid}» står ikke i rangeringsrekkefølge.")
    return brudd


def _poenggrense(inntakskrav: str | None, venteliste: bool, svakest: Rang | None) -> Poenggrense:
    if inntakskrav == STATUS_DOKUMENTASJON:
        return Poenggrense(STATUS_DOKUMENTASJON, None)
    if not venteliste:
        return Poenggrense(STATUS_ALLE_INNTATT, None)
    if svakest is None:
        return Poenggrense(STATUS_FORTRINN, None)
    return Poenggrense(STATUS_POENG, -svakest[1])


def _onske_nr(onsker: tuple[Any, ...], tilbud_id: str) -> int:
    for nr, onske in enumerate(onsker, 1):
        if onske[0] == tilbud_id:
            return nr
    return 0


def _grense_tekst(g: Poenggrense) -> str:
    return g.status if g.poeng is None else f"{g.status} {poeng_til_tekst(g.poeng)}"


def _navn(t: object) -> str:
    return "ingen plass" if t is None else f"«{t.tilbud}»"  # type: ignore[attr-defined]
