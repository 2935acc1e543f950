"""The school year: 1 August – 31 July, coded «2025-2026». The one home of the boundary.

Pure Python (no Django), so framework-free rule modules may use it too. ``kodeverk.Skolear`` rows carry the same
dates; this module is what code uses to find the school year of a date or of a code without a row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

START_MANED = 8
"""The school year starts 1 August and ends 31 July."""


@dataclass(frozen=True)
class Skolearsperiode:
    kode: str
    """«2025-2026»"""
    start: datetime.date
    """1 August of the first year."""
    slutt: datetime.date
    """31 July of the second year (inclusive)."""

    @property
    def startar(self) -> int:
        return self.start.year

    def inneholder(self, dato: datetime.date) -> bool:
        return self.start <= dato <= self.slutt

    def neste(self) -> Skolearsperiode:
        return skolear_som_starter(self.startar + 1)


def skolear_som_starter(ar: int) -> Skolearsperiode:
    """The school year that starts in August of ``ar``."""
    return Skolearsperiode(
        kode=f"{ar}-{ar + 1}",
        start=datetime.date(ar, START_MANED, 1),
        slutt=datetime.date(ar + 1, START_MANED, 1) - datetime.timedelta(days=1),
    )


def skolear_for_dato(dato: datetime.date) -> Skolearsperiode:
    """The school year running on ``dato``."""
    return skolear_som_starter(dato.year if dato.month >= START_MANED else dato.year - 1)


def skolear_for_kode(kode: str) -> Skolearsperiode:
    """The school year of a code «2025-2026» (only the first year is read)."""
    return skolear_som_starter(int(kode[:4]))


def neste_inntaksar(dato: datetime.date) -> Skolearsperiode:
    """The school year the next intake is for: the one starting the first 1 August after ``dato`` (on 1 August
    itself, the year after: that year has started and its intake is done)."""
    return skolear_for_dato(dato).neste()
