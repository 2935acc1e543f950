""" "Why not my first wish?": one explanation record per wish, for case workers and letters to applicants."""

from __future__ import annotations

from typing import Any

from .lodd import lodd
from .modell import STATUS_POENG, Resultat, Snapshot, poeng_til_tekst

__all__ = ["forklar"]


def forklar(snapshot: Snapshot, resultat: Resultat, soker_id: str) -> list[dict[str, Any]]:
    """Per wish: own group/points against the last admitted ordinary søker and threshold, waitlist position.

    Each dict has ``onske_nr``, ``tilbud``, ``utfall`` ("tildelt", "venteliste", "ikke_vurdert", "fast_plass"),
    ``gruppe``, ``poeng``, ``poenggrense`` (status, poeng), ``siste_inntatt`` (gruppe, poeng or None),
    ``venteplass`` (1-based or None) and a Norwegian sentence in ``tekst``. A fixed/kept place that is not among
    the wishes gets an extra record with ``onske_nr`` 0.
    """
    soker = snapshot.sokere_etter_id.get(soker_id)
    if soker is None:
        raise KeyError(f"Ukjent søker «{soker_id}».")
    plass = resultat.tildelinger.get(soker_id)
    siste = _siste_inntatt(snapshot, resultat, {o.tilbud for o in soker.onsker})
    mitt_lodd = lodd(snapshot.seed, soker_id)
    ut: list[dict[str, Any]] = []
    for nr, onske in enumerate(soker.onsker, 1):
        tid = onske.tilbud
        grense = resultat.poenggrenser[tid]
        venteliste = resultat.ventelister.get(tid, ())
        venteplass = venteliste.index(soker_id) + 1 if soker_id in venteliste else None
        sist = siste.get(tid)
        rad: dict[str, Any] = {
            "onske_nr": nr,
            "tilbud": tid,
            "gruppe": onske.gruppe,
            "poeng": poeng_til_tekst(onske.poeng),
            "poenggrense": {
                "status": grense.status,
                "poeng": None if grense.poeng is None else poeng_til_tekst(grense.poeng),
            },
            "siste_inntatt": None if sist is None else {"gruppe": sist[0], "poeng": poeng_til_tekst(sist[1])},
            "venteplass": venteplass,
        }
        hode = f"Ønske {nr} ({tid}): "
        if soker.fast_plass is not None:
            rad["utfall"] = "fast_plass" if tid == soker.fast_plass else "ikke_vurdert"
            rad["tekst"] = hode + (
                "fast plass etter vedtak."
                if tid == soker.fast_plass
                else "ikke vurdert – fast plass etter vedtak."
            )
        elif plass is not None and plass.tilbud == tid:
            rad["utfall"] = "tildelt"
            rad["tekst"] = hode + (
                "beholdt plass fra tidligere runde." if tid == soker.beholdt else "tildelt plass."
            )
        elif venteplass is not None:
            rad["utfall"] = "venteliste"
            tekst = f"du har gruppe {onske.gruppe} og {rad['poeng']} poeng"
            if sist is None and snapshot.tilbud_etter_id[tid].plasser == 0:
                tekst += "; tilbudet har ingen plasser i denne runden"
            elif sist is None:
                tekst += "; ingen plass var ledig i ordinært inntak (alle plassene gikk til faste eller beholdte plasser)"
            else:
                tekst += f"; siste inntatte hadde gruppe {sist[0]} og {poeng_til_tekst(sist[1])} poeng"
                if (onske.gruppe, onske.poeng) == sist:
                    tekst += f" – lik rangering, loddtrekningen avgjorde (ditt lodd {mitt_lodd})"
            if grense.status == STATUS_POENG:
                tekst += f"; poenggrense {rad['poenggrense']['poeng']}"
            rad["tekst"] = hode + tekst + f". Du står som nr. {venteplass} på ventelisten."
        else:
            rad["utfall"] = "ikke_vurdert"
            rad["tekst"] = hode + "ikke vurdert – du har fått plass på et høyere ønske."
        ut.append(rad)
    if plass is not None and plass.onske_nr == 0:
        grunn = (
            "fast plass etter vedtak" if soker.fast_plass is not None else "beholdt plass fra tidligere runde"
        )
        ut.append(
            {
                "onske_nr": 0,
                "tilbud": plass.tilbud,
                "utfall": "fast_plass" if soker.fast_plass else "tildelt",
                "tekst": f"Plass på {plass.tilbud} (ikke blant ønskene): {grunn}.",
            }
        )
    if not soker.onsker and plass is None:
        ut.append(
            {"onske_nr": 0, "tilbud": None, "utfall": "ikke_vurdert", "tekst": "Søkeren har ingen ønsker."}
        )
    return ut


def _siste_inntatt(snapshot: Snapshot, resultat: Resultat, aktuelle: set[str]) -> dict[str, tuple[int, int]]:
    """(gruppe, poeng) of the lowest-ranked søker admitted in ordinary competition, per tilbud in ``aktuelle``."""
    siste: dict[str, tuple[int, int, int, str]] = {}
    for s in snapshot.sokere:
        t = resultat.tildelinger.get(s.id)
        if t is None or t.tilbud not in aktuelle or s.fast_plass is not None or t.tilbud == s.beholdt:
            continue
        if t.onske_nr == 0:
            continue
        o = s.onsker[t.onske_nr - 1]
        forrige = siste.get(t.tilbud)
        if forrige is None or (o.gruppe, -o.poeng) >= forrige[:2]:
            rang = (o.gruppe, -o.poeng, lodd(snapshot.seed, s.id), s.id)
            if forrige is None or rang > forrige:
                siste[t.tilbud] = rang
    return {tid: (r[0], -r[1]) for tid, r in siste.items()}
