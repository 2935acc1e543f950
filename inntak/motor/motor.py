"""The engine: applicant-proposing deferred acceptance on integer rank keys.

Speed matters (national run: 200 000 søkere, ~700 000 ønsker, 5 000 tilbud in < 5 s on CPython), so:

* every (tilbud, søker) rank (gruppe asc, poeng desc, lodd asc, id) is packed once into one int
  ``gruppe << (PB+RB) | (maxpoeng - poeng) << RB | lotteryrank``; the lottery rank (position when sorting by
  (lodd, id)) is unique, so keys never tie and the low bits identify the søker;
* each tilbud holds its tentatively admitted søkere in a heap of negated keys (root = the worst held);
* free søkere sit on a stack; order does not matter because the DA outcome is unique.

A ``beholdt`` floor is modelled as a last entry below the truncated wish list that always accepts; while held
it reduces the tilbud's ordinary capacity, evicting the worst ordinary holders if needed.
"""

from __future__ import annotations

from hashlib import sha256
from heapq import heappop, heappush, heapreplace

from .modell import (
    STATUS_ALLE_INNTATT,
    STATUS_DOKUMENTASJON,
    STATUS_FORTRINN,
    STATUS_POENG,
    Poenggrense,
    Resultat,
    Snapshot,
    Tildeling,
    uten_gc,
)

__all__ = ["kjor", "kjor_verifisert", "VerifiseringFeil"]


class VerifiseringFeil(RuntimeError):
    """A run failed the independent verification and must not be published."""

    def __init__(self, brudd: list[str]) -> None:
        self.brudd = brudd
        super().__init__("\n".join(brudd))


def kjor(snapshot: Snapshot) -> Resultat:
    """Compute the unique assignment, waitlists and thresholds for ``snapshot``."""
    with uten_gc():
        return _kjor(snapshot)


def _kjor(snapshot: Snapshot) -> Resultat:
    tilbud = snapshot.tilbud
    sokere = snapshot.sokere
    nt, ns = len(tilbud), len(sokere)
    tindeks = {t.id: i for i, t in enumerate(tilbud)}
    ids = [s.id for s in sokere]

    # Lottery rank: inlined lodd() (identical definition, see lodd.py) because it runs once per søker.
    prefiks = f"{snapshot.seed}:"
    lodd = [int.from_bytes(sha256((prefiks + sid).encode()).digest()[:8], "big") for sid in ids]
    etter_r = sorted(range(ns), key=lodd.__getitem__)  # lottery rank -> søker index
    if len(set(lodd)) < ns:  # two equal 64-bit tickets (practically never): break the tie by søker-id
        etter_r.sort(key=lambda i: (lodd[i], ids[i]))
    rang = [0] * ns
    for r, i in enumerate(etter_r):
        rang[i] = r

    maxp = max(
        max((s.poeng for s in sokere), default=0), max((o[2] for s in sokere for o in s.onsker), default=0)
    )
    rb = max(1, ns.bit_length())
    pb = max(1, maxp.bit_length())
    gs = pb + rb
    rmask = (1 << rb) - 1
    pmask = (1 << pb) - 1

    # Flat wish arrays (tilbud index, negated key) for ordinary søkere, built by comprehensions (C loops).
    # A beholdt søker's list is cut just above the kept tilbud by ``slutt``; entries past it are never read.
    faste = [0] * nt
    for s in sokere:
        if s.fast_plass is not None:
            faste[tindeks[s.fast_plass]] += 1
    ordinaere = [i for i, s in enumerate(sokere) if s.fast_plass is None]
    ord_sokere = [sokere[i] for i in ordinaere]
    ord_rang = [rang[i] for i in ordinaere]
    tg = tindeks.__getitem__
    wt = [tg(o[0]) for s in ord_sokere for o in s.onsker]
    wn = [
        -((g << gs) | ((maxp - p) << rb) | r)
        for s, r in zip(ord_sokere, ord_rang, strict=True)
        for _, g, p in s.onsker
    ]
    start = [0] * ns
    slutt = [0] * ns
    behold = [-1] * ns
    behold_nr = [0] * ns
    q = 0
    for i, s in zip(ordinaere, ord_sokere, strict=True):
        start[i] = q
        q += len(s.onsker)
        slutt[i] = q
        if s.beholdt is not None:
            behold[i] = tindeks[s.beholdt]
            nr = behold_nr[i] = s.onske_nr(s.beholdt)
            if nr:
                slutt[i] = start[i] + nr - 1

    ledig = [t.plasser - faste[j] for j, t in enumerate(tilbud)]  # ordinary seats; may go <= 0
    holdt: list[list[int]] = [[] for _ in range(nt)]
    pos = start[:]
    beholdt_hos = [0] * nt
    holder_beholdt = bytearray(ns)
    stabel = ordinaere[::-1]
    pop = stabel.pop
    push = stabel.append
    while stabel:
        s = pop()
        p = pos[s]
        e = slutt[s]
        while p < e:
            t = wt[p]
            h = holdt[t]
            if len(h) < ledig[t]:
                heappush(h, wn[p])
                break
            if h and wn[p] > h[0]:  # better (smaller key) than the worst held: evict the worst
                s2 = etter_r[-heapreplace(h, wn[p]) & rmask]
                pos[s2] += 1
                push(s2)
                break
            p += 1
        pos[s] = p
        if p == e and behold[s] >= 0:
            b = behold[s]
            holder_beholdt[s] = 1
            beholdt_hos[b] += 1
            ledig[b] -= 1
            h = holdt[b]
            while h and len(h) > ledig[b]:
                s2 = etter_r[-heappop(h) & rmask]
                pos[s2] += 1
                push(s2)

    plass = [-1] * ns
    for t, h in enumerate(holdt):
        for n in h:
            plass[etter_r[-n & rmask]] = t

    tildelinger: dict[str, Tildeling | None] = dict.fromkeys(ids)
    delt: dict[int, Tildeling] = {}  # one shared (immutable) Tildeling per (tilbud, wish number)
    for i in ordinaere:
        t = plass[i]
        if t >= 0:
            nokkel = (pos[i] - start[i] + 1) * nt + t
            tl = delt.get(nokkel)
            if tl is None:
                tl = delt[nokkel] = Tildeling(tilbud[t].id, pos[i] - start[i] + 1)
            tildelinger[ids[i]] = tl
        elif holder_beholdt[i]:
            tildelinger[ids[i]] = Tildeling(sokere[i].beholdt, behold_nr[i])  # type: ignore[arg-type]
    for s in sokere:
        if s.fast_plass is not None:
            tildelinger[s.id] = Tildeling(s.fast_plass, s.onske_nr(s.fast_plass))

    # Waitlists: every wish above the placed one (pos[s] is the placed wish, or slutt[s] when not placed).
    vente: list[list[int]] = [[] for _ in range(nt)]
    for s in ordinaere:
        for q in range(start[s], pos[s]):
            vente[wt[q]].append(wn[q])
    ventelister: dict[str, tuple[str, ...]] = {}
    poenggrenser: dict[str, Poenggrense] = {}
    overfylt: dict[str, int] = {}
    for j, t in enumerate(tilbud):
        v = vente[j]
        v.sort(reverse=True)  # negated keys: best first
        ventelister[t.id] = tuple([ids[etter_r[-n & rmask]] for n in v])
        h = holdt[j]
        if t.inntakskrav == STATUS_DOKUMENTASJON:
            poenggrenser[t.id] = Poenggrense(STATUS_DOKUMENTASJON, None)
        elif not v:
            poenggrenser[t.id] = Poenggrense(STATUS_ALLE_INNTATT, None)
        elif not h:
            poenggrenser[t.id] = Poenggrense(STATUS_FORTRINN, None)
        else:
            poenggrenser[t.id] = Poenggrense(STATUS_POENG, maxp - ((-h[0] >> rb) & pmask))
        totalt = faste[j] + beholdt_hos[j] + len(h)
        if totalt > t.plasser:
            overfylt[t.id] = totalt - t.plasser
    return Resultat(tildelinger, ventelister, poenggrenser, overfylt)


def kjor_verifisert(snapshot: Snapshot) -> Resultat:
    """Run and verify; raise :class:`VerifiseringFeil` so an unverified result can never be published."""
    from .verifiser import verifiser

    resultat = kjor(snapshot)
    brudd = verifiser(snapshot, resultat)
    if brudd:
        raise VerifiseringFeil(brudd)
    return resultat
