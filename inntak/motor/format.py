"""JSON in/out for ``inntak-snapshot/1`` and ``inntak-resultat/1``.

``inntak-snapshot/1`` (frozen input of one run)::

    {"format": "inntak-snapshot/1", "seed": int >= 0,
     "tilbud": [{"id": str, "plasser": int >= 0,
                 "inntakskrav": "dokumentasjon" | "inntaksprove"}],     # inntakskrav optional (§ 6-11)
     "sokere": [{"id": str, "gruppe": int 0-999 (default 2), "poeng": "45.60" (default "0.00"),
                 "onsker": [tilbud-id | {"tilbud": id, "gruppe": int, "poeng": "…"}],  # best first
                 "fast_plass": tilbud-id,     # optional: vedtak, placed first, final
                 "beholdt": tilbud-id}]}      # optional: place accepted in an earlier round (floor)

``poeng`` is a string with at most two decimals (a plain integer is accepted too); a wish object overrides
only the keys it has. ``fast_plass`` and ``beholdt`` are mutually exclusive.

``inntak-resultat/1`` (output)::

    {"format": "inntak-resultat/1",
     "tildelinger": {søker-id: {"tilbud": id, "onske_nr": int} | null},   # onske_nr 0: not among wishes
     "ventelister": {tilbud-id: [søker-id, …]},                           # ranking order, every tilbud
     "poenggrenser": {tilbud-id: {"status": "poeng" | "alle_inntatt" | "fortrinn" | "dokumentasjon",
                                  "poeng": "43.30" | null}},
     "overfylt": {tilbud-id: int}}        # places over capacity caused by fixed/kept places; usually {}

Reading is strict (unknown keys, unknown tilbud, duplicates are errors) because a snapshot is an audit record:
a misspelt ``"fast_plas"`` silently ignored would change who gets a place. All problems are collected and
raised together in :class:`FormatFeil`, each message naming the bad item. Writing is canonical (sorted keys,
two-decimal strings, :func:`til_json_tekst`) so replaying a stored snapshot gives a byte-identical result file.
"""

from __future__ import annotations

import json
from typing import Any

from .modell import (
    INNTAKSKRAV,
    RESULTAT_FORMAT,
    SNAPSHOT_FORMAT,
    STANDARD_GRUPPE,
    STATUS_POENG,
    STATUSER,
    Onske,
    Poenggrense,
    Resultat,
    Snapshot,
    Soker,
    Tilbud,
    Tildeling,
    poeng_fra_tekst,
    poeng_til_tekst,
    uten_gc,
)

__all__ = [
    "FormatFeil",
    "les_snapshot",
    "snapshot_til_json",
    "les_resultat",
    "resultat_til_json",
    "til_json_tekst",
]

MAKS_GRUPPE = 999
_MAKS_MELDINGER = 50
_TILBUD_NOKLER = {"id", "plasser", "inntakskrav"}
_SOKER_NOKLER = {"id", "gruppe", "poeng", "onsker", "fast_plass", "beholdt"}
_ONSKE_NOKLER = {"tilbud", "gruppe", "poeng"}


class FormatFeil(ValueError):
    """Invalid snapshot/result; ``feil`` holds one Norwegian message per problem."""

    def __init__(self, feil: list[str]) -> None:
        self.feil = feil
        super().__init__("\n".join(feil))


class _Samler:
    """Collects messages; stops parsing after too many so a garbage file fails fast."""

    def __init__(self) -> None:
        self.feil: list[str] = []

    def __call__(self, melding: str) -> None:
        self.feil.append(melding)
        if len(self.feil) >= _MAKS_MELDINGER:
            raise FormatFeil([*self.feil, "… for mange feil, avbryter."])

    def kast(self) -> None:
        if self.feil:
            raise FormatFeil(self.feil)


def _er_int(verdi: object) -> bool:
    return isinstance(verdi, int) and not isinstance(verdi, bool)


def _er_id(verdi: object) -> bool:
    return isinstance(verdi, str) and verdi != ""


def _hvor(nr: int, sid: str, onske_nr: int = 0) -> str:
    sted = f"Søker nr. {nr} («{sid}»)"
    return f"{sted}, ønske nr. {onske_nr}" if onske_nr else sted


def _gruppe(verdi: object, nr: int, sid: str, onske_nr: int, feil: _Samler) -> int:
    if type(verdi) is int and 0 <= verdi <= MAKS_GRUPPE:
        return verdi
    feil(f"{_hvor(nr, sid, onske_nr)}: «gruppe» må være et heltall 0–{MAKS_GRUPPE}, fikk {verdi!r}.")
    return STANDARD_GRUPPE


def _poeng(verdi: object, nr: int, sid: str, onske_nr: int, feil: _Samler) -> int:
    try:
        return poeng_fra_tekst(verdi)
    except ValueError as exc:
        feil(f"{_hvor(nr, sid, onske_nr)}: {exc}.")
        return 0


def les_snapshot(data: Any) -> Snapshot:
    """Validate a decoded ``inntak-snapshot/1`` document and build the frozen :class:`Snapshot`."""
    with uten_gc():
        return _les_snapshot(data)


def _les_snapshot(data: Any) -> Snapshot:
    feil = _Samler()
    if not isinstance(data, dict):
        raise FormatFeil(["Snapshot må være et JSON-objekt."])
    if data.get("format") != SNAPSHOT_FORMAT:
        feil(f"Ukjent format {data.get('format')!r}, forventet «{SNAPSHOT_FORMAT}».")
    for nokkel in sorted(set(data) - {"format", "seed", "tilbud", "sokere"}):
        feil(f"Ukjent nøkkel «{nokkel}» i snapshot.")
    seed = data.get("seed")
    if not (_er_int(seed) and seed >= 0):
        feil(f"«seed» må være et ikke-negativt heltall, fikk {seed!r}.")
        seed = 0
    tilbud_rad = data.get("tilbud")
    sokere_rad = data.get("sokere")
    if not isinstance(tilbud_rad, list) or not isinstance(sokere_rad, list):
        feil("«tilbud» og «sokere» må være lister.")
        feil.kast()

    tilbud: list[Tilbud] = []
    kjente: set[str] = set()
    for nr, rad in enumerate(tilbud_rad, 1):
        hvor = f"Tilbud nr. {nr}"
        if not isinstance(rad, dict):
            feil(f"{hvor}: må være et objekt.")
            continue
        tid = rad.get("id")
        if not _er_id(tid):
            feil(f"{hvor}: «id» må være en ikke-tom streng.")
            continue
        hvor = f"Tilbud nr. {nr} («{tid}»)"
        for nokkel in sorted(set(rad) - _TILBUD_NOKLER):
            feil(f"{hvor}: ukjent nøkkel «{nokkel}».")
        if tid in kjente:
            feil(f"{hvor}: id-en finnes fra før.")
        kjente.add(tid)
        plasser = rad.get("plasser")
        if not (_er_int(plasser) and plasser >= 0):
            feil(f"{hvor}: «plasser» må være et ikke-negativt heltall, fikk {plasser!r}.")
            plasser = 0
        krav = rad.get("inntakskrav")
        if krav is not None and krav not in INNTAKSKRAV:
            feil(f"{hvor}: ukjent «inntakskrav» {krav!r} (tillatt: {', '.join(INNTAKSKRAV)}).")
            krav = None
        tilbud.append(Tilbud(tid, plasser, krav))

    sokere: list[Soker] = []
    sett: set[str] = set()
    for nr, rad in enumerate(sokere_rad, 1):
        # Location strings are built only on error: this loop runs 200 000 times in a national snapshot.
        if not isinstance(rad, dict):
            feil(f"Søker nr. {nr}: må være et objekt.")
            continue
        sid = rad.get("id")
        if not _er_id(sid):
            feil(f"Søker nr. {nr}: «id» må være en ikke-tom streng.")
            continue
        if not rad.keys() <= _SOKER_NOKLER:
            for nokkel in sorted(set(rad) - _SOKER_NOKLER):
                feil(f"{_hvor(nr, sid)}: ukjent nøkkel «{nokkel}».")
        if sid in sett:
            feil(f"{_hvor(nr, sid)}: id-en finnes fra før.")
        sett.add(sid)
        gruppe = _gruppe(rad["gruppe"], nr, sid, 0, feil) if "gruppe" in rad else STANDARD_GRUPPE
        poeng = _poeng(rad["poeng"], nr, sid, 0, feil) if "poeng" in rad else 0
        onsker_rad = rad.get("onsker", [])
        if not isinstance(onsker_rad, list):
            feil(f"{_hvor(nr, sid)}: «onsker» må være en liste.")
            onsker_rad = []
        onsker: list[Onske] = []
        brukt: set[str] = set()
        for onr, onske in enumerate(onsker_rad, 1):
            if type(onske) is str:
                tid, og, op = onske, gruppe, poeng
            elif isinstance(onske, dict):
                for nokkel in sorted(set(onske) - _ONSKE_NOKLER):
                    feil(f"{_hvor(nr, sid, onr)}: ukjent nøkkel «{nokkel}».")
                tid = onske.get("tilbud")
                og = _gruppe(onske["gruppe"], nr, sid, onr, feil) if "gruppe" in onske else gruppe
                op = _poeng(onske["poeng"], nr, sid, onr, feil) if "poeng" in onske else poeng
            else:
                feil(f"{_hvor(nr, sid, onr)}: må være en tilbud-id eller et objekt med «tilbud».")
                continue
            if tid not in kjente:
                feil(f"{_hvor(nr, sid, onr)}: ukjent tilbud {tid!r}.")
                continue
            if tid in brukt:
                feil(f"{_hvor(nr, sid, onr)}: tilbud «{tid}» er ønsket flere ganger.")
                continue
            brukt.add(tid)
            onsker.append(Onske(tid, og, op))
        fast, beholdt = rad.get("fast_plass"), rad.get("beholdt")
        if fast is not None or beholdt is not None:
            for navn, verdi in (("fast_plass", fast), ("beholdt", beholdt)):
                if verdi is not None and verdi not in kjente:
                    feil(f"{_hvor(nr, sid)}: «{navn}» viser til ukjent tilbud {verdi!r}.")
            if fast is not None and beholdt is not None:
                feil(f"{_hvor(nr, sid)}: kan ikke ha både «fast_plass» og «beholdt».")
        sokere.append(Soker(sid, gruppe, poeng, tuple(onsker), fast, beholdt))
    feil.kast()
    return Snapshot(seed, tuple(tilbud), tuple(sokere))


def snapshot_til_json(snapshot: Snapshot) -> dict[str, Any]:
    """Canonical ``inntak-snapshot/1`` dict; a wish is a plain id unless it overrides group or points."""
    sokere = []
    for s in snapshot.sokere:
        onsker: list[Any] = []
        for o in s.onsker:
            if o.gruppe == s.gruppe and o.poeng == s.poeng:
                onsker.append(o.tilbud)
            else:
                onsker.append({"gruppe": o.gruppe, "poeng": poeng_til_tekst(o.poeng), "tilbud": o.tilbud})
        rad: dict[str, Any] = {
            "gruppe": s.gruppe,
            "id": s.id,
            "onsker": onsker,
            "poeng": poeng_til_tekst(s.poeng),
        }
        if s.fast_plass is not None:
            rad["fast_plass"] = s.fast_plass
        if s.beholdt is not None:
            rad["beholdt"] = s.beholdt
        sokere.append(rad)
    tilbud = []
    for t in snapshot.tilbud:
        trad: dict[str, Any] = {"id": t.id, "plasser": t.plasser}
        if t.inntakskrav is not None:
            trad["inntakskrav"] = t.inntakskrav
        tilbud.append(trad)
    return {"format": SNAPSHOT_FORMAT, "seed": snapshot.seed, "sokere": sokere, "tilbud": tilbud}


def resultat_til_json(resultat: Resultat) -> dict[str, Any]:
    """Canonical ``inntak-resultat/1`` dict, keys inserted in sorted order (waitlists keep ranking order)."""
    tildelinger = {}
    for sid in sorted(resultat.tildelinger):
        t = resultat.tildelinger[sid]
        tildelinger[sid] = None if t is None else {"onske_nr": t.onske_nr, "tilbud": t.tilbud}
    grenser = {}
    for tid in sorted(resultat.poenggrenser):
        g = resultat.poenggrenser[tid]
        grenser[tid] = {"poeng": None if g.poeng is None else poeng_til_tekst(g.poeng), "status": g.status}
    return {
        "format": RESULTAT_FORMAT,
        "overfylt": {tid: resultat.overfylt[tid] for tid in sorted(resultat.overfylt)},
        "poenggrenser": grenser,
        "tildelinger": tildelinger,
        "ventelister": {tid: list(resultat.ventelister[tid]) for tid in sorted(resultat.ventelister)},
    }


def til_json_tekst(dokument: dict[str, Any]) -> str:
    """The one serialisation used for stored snapshots and results (byte-identical on replay)."""
    return json.dumps(dokument, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def les_resultat(data: Any) -> Resultat:
    """Read a stored ``inntak-resultat/1`` (shape only; use ``verifiser`` for the content)."""
    feil = _Samler()
    if not isinstance(data, dict) or data.get("format") != RESULTAT_FORMAT:
        raise FormatFeil([f"Resultat må være et objekt med format «{RESULTAT_FORMAT}»."])
    for nokkel in ("tildelinger", "ventelister", "poenggrenser"):
        if not isinstance(data.get(nokkel), dict):
            feil(f"«{nokkel}» mangler eller er ikke et objekt.")
    feil.kast()
    tildelinger: dict[str, Tildeling | None] = {}
    for sid, t in data["tildelinger"].items():
        if t is None:
            tildelinger[sid] = None
        elif (
            isinstance(t, dict)
            and _er_id(t.get("tilbud"))
            and _er_int(t.get("onske_nr"))
            and t["onske_nr"] >= 0
        ):
            tildelinger[sid] = Tildeling(t["tilbud"], t["onske_nr"])
        else:
            feil(f"Tildeling for søker «{sid}» er ugyldig: {t!r}.")
    ventelister: dict[str, tuple[str, ...]] = {}
    for tid, liste in data["ventelister"].items():
        if isinstance(liste, list) and all(_er_id(s) for s in liste):
            ventelister[tid] = tuple(liste)
        else:
            feil(f"Ventelisten for tilbud «{tid}» må være en liste av søker-id-er.")
    grenser: dict[str, Poenggrense] = {}
    for tid, g in data["poenggrenser"].items():
        if not isinstance(g, dict) or g.get("status") not in STATUSER:
            feil(f"Poenggrensen for tilbud «{tid}» har ugyldig status: {g!r}.")
            continue
        poeng = g.get("poeng")
        if (poeng is None) != (g["status"] != STATUS_POENG):
            feil(f"Poenggrensen for tilbud «{tid}»: «poeng» skal finnes bare ved status «{STATUS_POENG}».")
            continue
        if poeng is not None:
            try:
                poeng = poeng_fra_tekst(poeng)
            except ValueError as exc:
                feil(f"Poenggrensen for tilbud «{tid}»: {exc}.")
                continue
        grenser[tid] = Poenggrense(g["status"], poeng)
    overfylt_rad = data.get("overfylt", {})
    overfylt: dict[str, int] = {}
    if isinstance(overfylt_rad, dict) and all(_er_int(v) and v > 0 for v in overfylt_rad.values()):
        overfylt = dict(overfylt_rad)
    else:
        feil("«overfylt» må være et objekt med positive heltall.")
    feil.kast()
    return Resultat(tildelinger, ventelister, grenser, overfylt)
