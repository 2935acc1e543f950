"""JSON in/out for ``inntak-snapshot/1`` and ``inntak-resultat/1``.

``inntak-snapshot/1`` (frozen input of one run)::

    {"format": "inntak-snapshot/1", "seed": int >= 0,
     "tilbud": [{"id": str, "plasser": int >= 0,
                 "inntakskrav": "dokumentasjon" | "inntaksprove",       # optional (§ 6-11 / § 4-6)
                 "kvote_av": tilbud-id}],     # optional: this tilbud is that tilbud's § 4-6 quota (kvote.py)
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
Files are decoded and encoded with orjson (:func:`fra_json`, :func:`til_json_bytes`): a national snapshot is
30 MB and its result 15 MB, and the stdlib took longer over them than the engine over the intake. The bytes
written are the stdlib's.
"""

from __future__ import annotations

import json
from operator import itemgetter
from typing import Any

import orjson

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
    "til_json_bytes",
    "fra_json",
]

MAKS_GRUPPE = 999
_MAKS_MELDINGER = 50
_TILBUD_NOKLER = {"id", "plasser", "inntakskrav", "kvote_av"}
_SOKER_NOKLER = {"id", "gruppe", "poeng", "onsker", "fast_plass", "beholdt"}
_ONSKE_NOKLER = {"tilbud", "gruppe", "poeng"}
_ORJSON_KANONISK = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


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
        kvote_av = rad.get("kvote_av")
        if kvote_av is not None and not _er_id(kvote_av):
            feil(f"{hvor}: «kvote_av» må være en ikke-tom streng.")
            kvote_av = None
        tilbud.append(Tilbud(tid, plasser, krav, kvote_av))
    kvoter = {t.id for t in tilbud if t.kvote_av is not None}
    for t in tilbud:
        if t.kvote_av is not None and (t.kvote_av not in kjente or t.kvote_av in kvoter):
            feil(f"Tilbud «{t.id}»: «kvote_av» må vise til et kjent tilbud som ikke selv er en kvote, "
                 f"fikk {t.kvote_av!r}.")  # fmt: skip

    # Fast path for the common søker: all four keys a stored snapshot always has (snapshot_til_json), valid
    # values, wishes as plain distinct known ids. A national snapshot has 200 000 of them, and the general path
    # costs several times more per søker. Anything else (missing keys, wish objects, odd values, any error)
    # goes to the general path, which alone writes error messages, so the messages and their order are the
    # general path's by construction.
    sokere: list[Soker] = []
    sett: set[str] = set()
    poeng_av: dict[str, int] = {}  # point strings repeat: a few thousand distinct values in 200 000 søkere
    ny = tuple.__new__  # builds the NamedTuples without their Python-level __new__ (equal objects)
    hent = itemgetter("id", "gruppe", "poeng", "onsker")
    nokler = _SOKER_NOKLER
    for nr, rad in enumerate(sokere_rad, 1):
        try:
            sid, gruppe, tekst, onsker_rad = hent(rad)
            if len(rad) == 4:
                fast = beholdt = None
            elif rad.keys() <= nokler:
                fast, beholdt = rad.get("fast_plass"), rad.get("beholdt")
            else:
                raise KeyError  # an unknown key: the general path names it
            if type(tekst) is not str:
                raise TypeError  # points as a plain integer: the general path
            poeng = poeng_av.get(tekst)
            if poeng is None:
                poeng = poeng_av[tekst] = poeng_fra_tekst(tekst)  # ValueError if invalid
        except (KeyError, TypeError, ValueError):  # TypeError also when ``rad`` is not a dict
            pass
        else:
            if (
                type(sid) is str
                and sid
                and sid not in sett
                and type(gruppe) is int
                and 0 <= gruppe <= MAKS_GRUPPE
                and type(onsker_rad) is list
                and (fast is None or (beholdt is None and type(fast) is str and fast in kjente))
                and (beholdt is None or (type(beholdt) is str and beholdt in kjente))
            ):
                # Only str ids are members of ``kjente``; a smaller intersection means an unknown or repeated
                # wish. A wish object (dict) is unhashable: TypeError.
                try:
                    gyldige = len(kjente.intersection(onsker_rad)) == len(onsker_rad)
                except TypeError:
                    gyldige = False
                if gyldige:
                    sett.add(sid)
                    # A plain loop, not a comprehension: in CPython 3.11 a comprehension creates a function and a
                    # closure each time, which made this step a third slower.
                    onsker = []
                    for tid in onsker_rad:
                        onsker.append(ny(Onske, (tid, gruppe, poeng)))
                    sokere.append(ny(Soker, (sid, gruppe, poeng, tuple(onsker), fast, beholdt)))
                    continue
        soker = _les_soker(nr, rad, kjente, sett, feil)
        if soker is not None:
            sokere.append(soker)
    feil.kast()
    return Snapshot(seed, tuple(tilbud), tuple(sokere))


def _les_soker(nr: int, rad: Any, kjente: set[str], sett: set[str], feil: _Samler) -> Soker | None:
    """General (slow) path for one søker: validates everything and reports each problem."""
    if not isinstance(rad, dict):
        feil(f"Søker nr. {nr}: må være et objekt.")
        return None
    sid = rad.get("id")
    if not _er_id(sid):
        feil(f"Søker nr. {nr}: «id» må være en ikke-tom streng.")
        return None
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
        if not (type(tid) is str and tid in kjente):  # type check first: a list is unhashable
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
            if verdi is not None and not (type(verdi) is str and verdi in kjente):
                feil(f"{_hvor(nr, sid)}: «{navn}» viser til ukjent tilbud {verdi!r}.")
        if fast is not None and beholdt is not None:
            feil(f"{_hvor(nr, sid)}: kan ikke ha både «fast_plass» og «beholdt».")
    return Soker(sid, gruppe, poeng, tuple(onsker), fast, beholdt)


def snapshot_til_json(snapshot: Snapshot) -> dict[str, Any]:
    """Canonical ``inntak-snapshot/1`` dict; a wish is a plain id unless it overrides group or points."""
    with uten_gc():  # hundreds of thousands of new dicts/lists, see uten_gc
        return _snapshot_til_json(snapshot)


def _snapshot_til_json(snapshot: Snapshot) -> dict[str, Any]:
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
        if t.kvote_av is not None:
            trad["kvote_av"] = t.kvote_av
        tilbud.append(trad)
    return {"format": SNAPSHOT_FORMAT, "seed": snapshot.seed, "sokere": sokere, "tilbud": tilbud}


def resultat_til_json(resultat: Resultat) -> dict[str, Any]:
    """Canonical ``inntak-resultat/1`` dict (waitlists keep ranking order).

    Keys are in the result's order, not sorted: the order of an object's keys carries nothing, and the written
    form (:func:`til_json_tekst`) sorts them. Sorting the 200 000 søker-ids here as well cost as much again as
    building the dict.
    """
    with uten_gc():  # 200 000 new dicts in a national run, see uten_gc
        return {
            "format": RESULTAT_FORMAT,
            "overfylt": dict(resultat.overfylt),
            "poenggrenser": {
                tid: {"poeng": None if g.poeng is None else poeng_til_tekst(g.poeng), "status": g.status}
                for tid, g in resultat.poenggrenser.items()
            },
            "tildelinger": {
                sid: None if t is None else {"onske_nr": t.onske_nr, "tilbud": t.tilbud}
                for sid, t in resultat.tildelinger.items()
            },
            "ventelister": {tid: list(liste) for tid, liste in resultat.ventelister.items()},
        }


def til_json_tekst(dokument: dict[str, Any]) -> str:
    """The one serialisation used for stored snapshots and results (byte-identical on replay)."""
    try:
        return orjson.dumps(dokument, option=_ORJSON_KANONISK).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError, see til_json_bytes
        return _kanonisk_stdlib(dokument)


def til_json_bytes(dokument: dict[str, Any]) -> bytes:
    """:func:`til_json_tekst` as UTF-8 bytes, the form written to files.

    The canonical text is, and stays, exactly ``json.dumps(sort_keys=True, ensure_ascii=False, indent=2)`` plus
    a newline: every stored run was written that way. orjson writes the same bytes for what these documents
    hold (str keys sorted by code point, strings unescaped as UTF-8 with the same short escapes and ``\\u00XX``
    for other control characters, ints, null, booleans, lists, objects, empty ones as ``[]``/``{}``) about ten
    times faster, which matters for 15 MB national results (tests/motor/test_format.py pins the equality).
    Where orjson refuses (ints beyond 64 bits, non-str keys, lone surrogates, named tuples) the stdlib writes.
    The formats have no floats, where the two would differ (``1e+16`` against ``1e16``).
    """
    try:
        return orjson.dumps(dokument, option=_ORJSON_KANONISK)
    except TypeError:
        return _kanonisk_stdlib(dokument).encode("utf-8")


def _kanonisk_stdlib(dokument: dict[str, Any]) -> str:
    return json.dumps(dokument, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def fra_json(tekst: bytes | str) -> Any:
    """Decode a snapshot/result file (UTF-8 bytes or str) with orjson, the cyclic GC paused.

    Invalid input raises the stdlib's :class:`json.JSONDecodeError` (or :class:`UnicodeDecodeError`) with the
    stdlib's message, as before orjson was used: on failure the text is decoded again with ``json`` to report,
    which also keeps accepting what the stdlib accepts and orjson does not (``NaN``; such values fail the
    format checks afterwards anyway). One difference remains: orjson reads integers from 2**64 up as floats,
    so a ``seed`` that large is reported as not an integer (real seeds are below 2**63, see ``velg_seed``).
    """
    with uten_gc():
        try:
            return orjson.loads(tekst)
        except orjson.JSONDecodeError:
            pass
        return json.loads(tekst.decode("utf-8") if isinstance(tekst, bytes) else tekst)


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
