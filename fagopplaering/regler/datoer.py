"""Month arithmetic the fagopplæring rules share (framework-free; no dateutil in the product)."""

from __future__ import annotations

import calendar
import datetime


def legg_til_maneder(d: datetime.date, n: int) -> datetime.date:
    """``d`` moved ``n`` months; the day is clamped to the month's last (31 Jan + 1 month = 28/29 Feb)."""
    total = d.year * 12 + (d.month - 1) + n
    ar, mnd = divmod(total, 12)
    return datetime.date(ar, mnd + 1, min(d.day, calendar.monthrange(ar, mnd + 1)[1]))


def forste_i_maned(d: datetime.date) -> datetime.date:
    return d.replace(day=1)


def siste_i_maned(d: datetime.date) -> datetime.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def dager_i_maned(d: datetime.date) -> int:
    return calendar.monthrange(d.year, d.month)[1]


def maneder(fra: datetime.date, til: datetime.date) -> list[datetime.date]:
    """The first day of every month that overlaps [fra, til]."""
    ut, d = [], forste_i_maned(fra)
    while d <= til:
        ut.append(d)
        d = legg_til_maneder(d, 1)
    return ut


def overlapp_dager(
    a_fra: datetime.date, a_til: datetime.date, b_fra: datetime.date, b_til: datetime.date
) -> int:
    """Days in both [a_fra, a_til] and [b_fra, b_til], both ends included."""
    fra, til = max(a_fra, b_fra), min(a_til, b_til)
    return max((til - fra).days + 1, 0)
