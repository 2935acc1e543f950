"""Immutable value types for one intake run: the frozen snapshot (input) and the result (output).

Points are kept as integer hundredths (``4560`` = "45.60") so the engine never touches Decimal or float in its
hot loop and two implementations cannot disagree through rounding. NamedTuples are used for the many small
records (hundreds of thousands per national run) because they are several times cheaper to build than frozen
dataclasses.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

__all__ = [
    "SNAPSHOT_FORMAT",
    "RESULTAT_FORMAT",
    "STANDARD_GRUPPE",
    "INNTAKSKRAV",
    "STATUS_POENG",
    "STATUS_ALLE_INNTATT",
    "STATUS_FORTRINN",
    "STATUS_DOKUMENTASJON",
    "Onske",
    "Tilbud",
    "Soker",
    "Snapshot",
    "Tildeling",
    "Poenggrense",
    "Resultat",
    "poeng_fra_tekst",
    "poeng_til_tekst",
    "uten_gc",
]

SNAPSHOT_FORMAT = "inntak-snapshot/1"
RESULTAT_FORMAT = "inntak-resultat/1"
STANDARD_GRUPPE = 2  # ordinary young applicant with rett, full time (see prioritet.py)
INNTAKSKRAV = ("dokumentasjon", "inntaksprove")

STATUS_POENG = "poeng"
STATUS_ALLE_INNTATT = "alle_inntatt"
STATUS_FORTRINN = "fortrinn"
STATUS_DOKUMENTASJON = "dokumentasjon"
STATUSER = (STATUS_POENG, STATUS_ALLE_INNTATT, STATUS_FORTRINN, STATUS_DOKUMENTASJON)


@contextmanager
def uten_gc() -> Iterator[None]:
    """Pause the cyclic GC while building hundreds of thousands of acyclic objects.

    Otherwise CPython repeatedly scans every fresh tuple/list (generation-2 passes), which costs up to half the
    time of reading or running a national snapshot. Nothing here creates reference cycles, so nothing is lost.
    """
    var_pa = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if var_pa:
            gc.enable()


def poeng_fra_tekst(verdi: object) -> int:
    """Parse "45.6"/"45.60"/45 into hundredths (4560); raise ValueError (Norwegian) for anything else."""
    if type(verdi) is str:  # fast path without regex: read once per søker/wish in a national snapshot
        heltall, punktum, desimaler = verdi.partition(".")
        if (
            0 < len(heltall) <= 7
            and heltall.isascii()
            and heltall.isdigit()
            and (not punktum or (0 < len(desimaler) <= 2 and desimaler.isascii() and desimaler.isdigit()))
        ):
            return int(heltall) * 100 + (int(desimaler.ljust(2, "0")) if punktum else 0)
    elif type(verdi) is int:
        if verdi < 0:
            raise ValueError(f"poeng kan ikke være negative ({verdi})")
        return verdi * 100
    raise ValueError(f'ugyldig poeng {verdi!r} (forventet streng som "45.60")')


def poeng_til_tekst(hundredeler: int) -> str:
    """Hundredths to the published two-decimal string: 4330 -> "43.30"."""
    return f"{hundredeler // 100}.{hundredeler % 100:02d}"


class Onske(NamedTuple):
    """One ranked wish with its effective group and points (the applicant's own unless the wish overrides them)."""

    tilbud: str
    gruppe: int
    poeng: int


class Tilbud(NamedTuple):
    id: str
    plasser: int
    inntakskrav: str | None = None  # None, "dokumentasjon" or "inntaksprove" (særskilt inntakskrav, § 6-11)
    # Set on the inntaksprøve quota of a tilbud (opplæringsforskrifta § 4-6): the id of the tilbud whose places it
    # shares. The quota is an ordinary tilbud to the engine; see kvote.py.
    kvote_av: str | None = None


class Soker(NamedTuple):
    id: str
    gruppe: int
    poeng: int
    onsker: tuple[Onske, ...]
    fast_plass: str | None = None  # vedtak (fortrinn / individuell behandling): placed first, final
    beholdt: str | None = None  # place accepted in an earlier round: a floor, never lost

    def onske_nr(self, tilbud_id: str) -> int:
        """1-based number of the wish for ``tilbud_id``; 0 when it is not among the wishes."""
        for nr, onske in enumerate(self.onsker, 1):
            if onske.tilbud == tilbud_id:
                return nr
        return 0


@dataclass(frozen=True)
class Snapshot:
    """Frozen input of one run. Order of ``tilbud``/``sokere`` does not affect the result."""

    seed: int
    tilbud: tuple[Tilbud, ...]
    sokere: tuple[Soker, ...]

    @cached_property
    def tilbud_etter_id(self) -> dict[str, Tilbud]:
        return {t.id: t for t in self.tilbud}

    @cached_property
    def sokere_etter_id(self) -> dict[str, Soker]:
        return {s.id: s for s in self.sokere}


class Tildeling(NamedTuple):
    tilbud: str
    onske_nr: int  # 1-based; 0 = fixed/kept place that is not among the wishes


class Poenggrense(NamedTuple):
    status: str  # one of STATUSER
    poeng: int | None  # hundredths, only for status "poeng"


@dataclass(frozen=True)
class Resultat:
    """Output of one run; every søker and every tilbud of the snapshot has an entry.

    ``overfylt`` flags tilbud where fixed (and kept) places exceed ``plasser``: tilbud-id -> places over.
    """

    tildelinger: dict[str, Tildeling | None]
    ventelister: dict[str, tuple[str, ...]]
    poenggrenser: dict[str, Poenggrense]
    overfylt: dict[str, int]
