"""Reads of the ad-hoc lists: the scoped, filtered, ordered queryset of a list definition and its rows as text.

Rows are read with ``values_list`` (never model objects), so a whole county streams in chunks (docs/adhoc.md)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone

from rapporter.adhoc.katalog import Kolonne, Populasjon, Utvalg

CHUNK = 2000


def filtrer(qs: QuerySet, populasjon: Populasjon, filtre: dict[str, Any]) -> QuerySet:
    for f in populasjon.filtre:
        verdi = filtre.get(f.nokkel)
        if verdi is None or verdi == "":
            continue
        qs = qs.filter(f.q(verdi))
    return qs


def utvalg_qs(utvalg: Utvalg, bruker) -> QuerySet:
    """The rows of the list the user may see: scoped by ``avgrens``, filtered, in a stable order."""
    p = utvalg.populasjon
    return filtrer(p.grunnlag(bruker), p, utvalg.filtre).order_by(*p.sortering)


def verdier(qs: QuerySet, kolonner: list[Kolonne], *ekstra: str) -> QuerySet:
    """``values_list`` of the columns (expressions are fresh per query), plus extra paths at the end."""
    return qs.values_list(*[k.uttrykk() for k in kolonner], *ekstra)


def tekst(kolonne: Kolonne, verdi: Any, *, desimalkomma: bool = True) -> str:
    """A value as the list shows it: names for codes, Ja/Nei, dd.mm.åååå, decimal comma."""
    if verdi is None:
        return ""
    if kolonne.valg is not None:
        return kolonne.valg().get(verdi, str(verdi))
    if isinstance(verdi, bool):
        return "Ja" if verdi else "Nei"
    if isinstance(verdi, datetime.datetime):
        return formats.date_format(
            timezone.localtime(verdi) if timezone.is_aware(verdi) else verdi, "d.m.Y H:i"
        )
    if isinstance(verdi, datetime.date):
        return verdi.strftime("%d.%m.%Y")
    if isinstance(verdi, Decimal) and desimalkomma:
        return str(verdi).replace(".", ",")
    return str(verdi)


class Tekstrader:
    """Turns raw rows into text rows; the code-to-name maps are read once per list, not per row."""

    def __init__(self, kolonner: list[Kolonne]):
        self.kolonner = kolonner
        self._valg = [k.valg() if k.valg is not None else None for k in kolonner]

    def rad(self, rad) -> list[str]:
        ut = []
        for k, valg, v in zip(self.kolonner, self._valg, rad, strict=False):
            ut.append(valg.get(v, "" if v is None else str(v)) if valg is not None else tekst(k, v))
        return ut


def tekstrader(qs: QuerySet, kolonner: list[Kolonne]) -> Iterator[list[str]]:
    """Every row of the list as text, streamed from a server-side cursor."""
    t = Tekstrader(kolonner)
    for rad in verdier(qs, kolonner).iterator(chunk_size=CHUNK):
        yield t.rad(rad)
