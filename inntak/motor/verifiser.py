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
* waitlists and poenggrenser are exactly those implied by the placements.
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
    poeng_til_tekst,
    uten_gc,
)

__all__ = ["verifiser"]

MAKS_BRUDD = 200


def verifiser(snapshot: Snapshot, resultat: Resultat) -> list[str]:
    """Return Norwegian violation messages (at most ``MAKS_BRUDD`` plus a count line); empty list = OK."""
    with uten_gc():
        return _verifiser(snapshot, resultat)


def _verifiser(snapshot: Snapshot, resultat: Resultat) -> list[str]:
    brudd: list[str] = []
    tilbud = snapshot.tilbud_etter_id
    sokere = snapshot.sokere_etter_id
    tild = resultat.tildelinger

    for sid in sorted(set(tild) - set(sokere)):
        brudd.append(f"Resultatet har tildeling for ukjent søker «{sid}».")
    for navn, dikt in (("ventelister", resultat.ventelister), ("poenggrenser", resultat.poenggrenser)):
        for tid in sorted(set(dikt) ^ set(tilbud)):
            hva = "ukjent tilbud" if tid not in tilbud else "mangler tilbud"
            brudd.append(f"«{navn}» {hva} «{tid}».")

    faste = dict.fromkeys(tilbud, 0)
    beholdte = dict.fromkeys(tilbud, 0)
    inntatt: dict[str, list[tuple]] = {tid: [] for tid in tilbud}  # ordinary admissions: (rank, søker-id)
    over: dict[str, int] = {}  # søker-id -> number of wishes above the place (waitlist candidates)
    lodd_av = {s.id: lodd(snapshot.seed, s.id) for s in snapshot.sokere if s.fast_plass is None}
    for s in snapshot.sokere:
        if s.id not in tild:
            brudd.append(f"Søker «{s.id}» mangler i tildelingene.")
            continue
        t = tild[s.id]
        if t is not None and t.tilbud not in tilbud:
            brudd.append(f"Søker «{s.id}» er tildelt ukjent tilbud «{t.tilbud}».")
            continue
        nr = s.onske_nr(t.tilbud) if t is not None else 0
        if t is not None and t.onske_nr != nr:
            brudd.append(
                f"Søker «{s.id}» har ønske_nr {t.onske_nr} for «{t.tilbud}», men det er ønske nr. {nr}."
            )
        if s.fast_plass is not None:
            if t is None or t.tilbud != s.fast_plass:
                brudd.append(
                    f"Søker «{s.id}» har vedtak om fast plass på «{s.fast_plass}», men er tildelt {_navn(t)}."
                )
            else:
                faste[t.tilbud] += 1
            continue
        if t is not None and t.tilbud == s.beholdt:
            beholdte[t.tilbud] += 1
            over[s.id] = nr - 1 if nr else len(s.onsker)
            continue
        if t is not None and nr == 0:
            brudd.append(f"Søker «{s.id}» er tildelt «{t.tilbud}», som ikke er blant ønskene.")
            continue
        if s.beholdt is not None:
            gulv = s.onske_nr(s.beholdt) or len(s.onsker) + 1
            if t is None or nr >= gulv:
                brudd.append(
                    f"Søker «{s.id}» har mistet beholdt plass på «{s.beholdt}» (tildelt {_navn(t)})."
                )
                continue
        over[s.id] = len(s.onsker) if t is None else nr - 1
        if t is not None:
            o = s.onsker[nr - 1]
            inntatt[t.tilbud].append(((o.gruppe, -o.poeng, lodd_av[s.id], s.id), s.id))

    ledig: dict[str, int] = {}
    for tid, tb in tilbud.items():
        ledig[tid] = max(0, tb.plasser - faste[tid] - beholdte[tid])
        n = len(inntatt[tid])
        if n > ledig[tid]:
            brudd.append(
                f"Kapasitet overskredet for «{tid}»: {n} inntatt i ordinært inntak, men bare {ledig[tid]} "
                f"plasser igjen etter {faste[tid]} faste og {beholdte[tid]} beholdte."
            )
        ekstra = faste[tid] + beholdte[tid] + n - tb.plasser
        if resultat.overfylt.get(tid, 0) != max(0, ekstra):
            brudd.append(
                f"«overfylt» for «{tid}» er {resultat.overfylt.get(tid, 0)}, skulle vært {max(0, ekstra)}."
            )
        inntatt[tid].sort()
    for tid in sorted(set(resultat.overfylt) - set(tilbud)):
        brudd.append(f"«overfylt» nevner ukjent tilbud «{tid}».")

    venter: dict[str, list[tuple]] = {tid: [] for tid in tilbud}
    for sid, antall in over.items():
        s = sokere[sid]
        for nr, o in enumerate(s.onsker[:antall], 1):
            rang = (o.gruppe, -o.poeng, lodd_av[sid], sid)
            venter[o.tilbud].append((rang, sid))
            liste = inntatt[o.tilbud]
            if len(liste) < ledig[o.tilbud]:
                brudd.append(
                    f"Ustabilt: søker «{sid}» ønsket «{o.tilbud}» (ønske nr. {nr}) over sin plass, "
                    f"og «{o.tilbud}» har ledig plass."
                )
            elif liste and rang < liste[-1][0]:
                svak = liste[-1][0]
                brudd.append(
                    f"Ustabilt: søker «{sid}» (gruppe {o.gruppe}, {poeng_til_tekst(o.poeng)} poeng) ønsket "
                    f"«{o.tilbud}» (ønske nr. {nr}) over sin plass og rangeres foran «{svak[3]}» (gruppe "
                    f"{svak[0]}, {poeng_til_tekst(-svak[1])} poeng), som er tatt inn der."
                )

    for tid, tb in tilbud.items():
        venter[tid].sort()
        forventet = tuple(sid for _, sid in venter[tid])
        faktisk = resultat.ventelister.get(tid)
        if faktisk is not None and faktisk != forventet:
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
        grense = _poenggrense(tb.inntakskrav, forventet, inntatt[tid])
        faktisk_grense = resultat.poenggrenser.get(tid)
        if faktisk_grense is not None and faktisk_grense != grense:
            brudd.append(
                f"Poenggrensen for «{tid}» er {_grense_tekst(faktisk_grense)}, skulle vært {_grense_tekst(grense)}."
            )

    if len(brudd) > MAKS_BRUDD:
        brudd = [*brudd[:MAKS_BRUDD], f"… og {len(brudd) - MAKS_BRUDD} brudd til."]
    return brudd


def _poenggrense(inntakskrav: str | None, venteliste: tuple[str, ...], inntatt: list[tuple]) -> Poenggrense:
    if inntakskrav == STATUS_DOKUMENTASJON:
        return Poenggrense(STATUS_DOKUMENTASJON, None)
    if not venteliste:
        return Poenggrense(STATUS_ALLE_INNTATT, None)
    if not inntatt:
        return Poenggrense(STATUS_FORTRINN, None)
    return Poenggrense(STATUS_POENG, -inntatt[-1][0][1])


def _grense_tekst(g: Poenggrense) -> str:
    return g.status if g.poeng is None else f"{g.status} {poeng_til_tekst(g.poeng)}"


def _navn(t: object) -> str:
    return "ingen plass" if t is None else f"«{t.tilbud}»"  # type: ignore[attr-defined]
