"""Working days in Norway: Monday to Friday that is not a public holiday (lov om helligdager, 1 and 17 May).

Framework-free, shared by the årshjul (deadlines moved off holidays) and the intake (a søknadsfrist on a weekend or
holiday runs to the next working day, opplæringsforskrifta § 4-9, docs/regler/regler-2024.md §4.1).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _helligdager(ar: int) -> holidays.HolidayBase:
    return holidays.Norway(years=ar, language="no")


def helligdag(d: date) -> str | None:
    """Navnet på norsk helligdag (lov om helligdager + 1. og 17. mai), ellers None."""
    return _helligdager(d.year).get(d)


def er_virkedag(d: date) -> bool:
    """Mandag–fredag som ikke er helligdag. Jul- og nyttårsaften regnes som virkedager."""
    return d.weekday() < 5 and helligdag(d) is None


def neste_virkedag(d: date) -> date:
    """``d`` selv om den er virkedag, ellers første virkedag etter."""
    while not er_virkedag(d):
        d += timedelta(days=1)
    return d
