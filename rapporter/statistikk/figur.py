"""The contract of a statistics page («nøkkeltall»): a declared figure computes a ``Tabell`` for a ``Filter``.

The page (``rapporter.statistikk.views``) builds the filter from the user, so scoping lives in one place: a county
user gets ``fylke_ider=(own county,)``, a school user also ``skole_ider=(own school,)``, the system administrator's
national view ``fylke_ider=None`` (every county) or one chosen county. ``beregn`` must apply both in SQL and return
counts only (no person). The same ``Tabell`` feeds the chart, the accessible table and the CSV/XLSX download.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Filter:
    # Skolear.kode, e.g. "2025-2026"; None = the figure's default (often several years)
    skolear: str | None = None
    skole_id: int | None = None  # chosen school (within the user's scope)
    utdanningsprogram: str | None = None  # Utdanningsprogram.kode
    fylke_ider: tuple[int, ...] | None = None  # None = every county (national view)
    skole_ider: tuple[int, ...] | None = None  # a school user's school(s); None = no school restriction


@dataclass(frozen=True)
class Tabell:
    kolonner: tuple[str, ...]  # column headings (Norwegian)
    rader: list[tuple[Any, ...]]  # values: str, int, Decimal or None
    diagram: str = "stolper"  # "stolper" (grouped bars), "stablet" (stacked) or "linje" (lines over years)
    kategori_kolonne: int = 0  # the column that gives the x-axis categories
    serie_kolonner: tuple[int, ...] = ()  # numeric columns drawn as series (empty: every numeric column)
    # For long-format data (one row per category × series): the column naming the series, and the value column.
    serie_fra_kolonne: int | None = None
    verdi_kolonne: int | None = None
    forklaring: str = ""  # how it is counted, citing docs/ (shown under the chart)
    enhet: str = ""  # e.g. "%" or "poeng"


@dataclass(frozen=True)
class Nokkeltall:
    kode: str  # URL slug, e.g. "sokere-per-program"
    tittel: str
    omrade: str  # "Inntak", "Elever" or "Fagopplæring"
    beregn: Callable[[Filter], Tabell]
    beskrivelse: str = ""
    filtre: tuple[str, ...] = ("skolear", "skole", "utdanningsprogram")  # which filters the page offers
    tillatelse: str = ""  # an extra permission the user must have (e.g. "fagopplaering.view_kontrakt")
    ekstra: dict[str, Any] = field(default_factory=dict)


_REGISTER: dict[str, Nokkeltall] = {}


def registrer(tall: Nokkeltall) -> Nokkeltall:
    if tall.kode in _REGISTER and _REGISTER[tall.kode] is not tall:
        raise ValueError(f"Nøkkeltallet {tall.kode} er allerede registrert.")
    _REGISTER[tall.kode] = tall
    return tall


def hent(kode: str) -> Nokkeltall:
    return _REGISTER[kode]


def finnes(kode: str) -> bool:
    return kode in _REGISTER


def alle() -> list[Nokkeltall]:
    return list(_REGISTER.values())
