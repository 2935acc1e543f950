"""Prøve statistics as SSB counts them (docs/fagopplaering/domene.md §10.2): avlagte prøver and how many were bestått,
per lærefag and school year, where the school year runs 1 October–30 September and a prøve belongs to the year of
its ``resultat_dato``.

A prøve is avlagt when its result is registered (status vurdert). A prøve annulled after its result (status
annullert) is not counted, nor is one that was utsatt or trukket. Bestått is result B or BM. Everything is one
``GROUP BY`` in the database, scoped with ``vigo.scoping.avgrens``; no prøve row is read into Python, and the result
holds counts only (no person)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from fagopplaering.models import Prove, Resultat
from vigo.scoping import avgrens

DOK = "docs/fagopplaering/domene.md"
START_MANED = 10
"""SSB's school year for fag- og yrkesopplæring starts 1 October (domene §10.2)."""
STANDARD_ANTALL_AR = 5
BESTATT = (Resultat.BESTATT, Resultat.BESTATT_MEGET_GODT)

FORKLARING = (
    f"Avlagte prøver er prøver med registrert resultat (status «Resultat registrert»), talt i skoleåret "
    f"1. oktober–30. september som resultatdatoen faller i, slik SSB teller ({DOK} §10.2). Prøver som er annullert "
    f"etter resultatet, utsatt eller trukket, er ikke med. Bestått er resultat «Bestått» eller «Bestått meget godt»."
)


def ssb_skolear(dato: datetime.date) -> int:
    """The start year of the SSB school year (1 Oct–30 Sep) that contains ``dato``."""
    return dato.year if dato.month >= START_MANED else dato.year - 1


def skolear_navn(ar: int) -> str:
    return f"{ar}-{ar + 1}"


def standard_periode(idag: datetime.date) -> tuple[int, int]:
    """The last five school years up to and including the running one."""
    til = ssb_skolear(idag)
    return til - STANDARD_ANTALL_AR + 1, til


def andel(bestatt: int, avlagt: int) -> Decimal | None:
    """Bestått share in percent with one decimal (half up), None when nothing was avlagt."""
    if not avlagt:
        return None
    return (Decimal(bestatt) * 100 / Decimal(avlagt)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rad:
    ar: int
    laerefag_kode: str
    laerefag_navn: str
    avlagt: int
    bestatt: int

    @property
    def skolear(self) -> str:
        return skolear_navn(self.ar)

    @property
    def andel(self) -> Decimal | None:
        return andel(self.bestatt, self.avlagt)


@dataclass
class Arssum:
    ar: int
    avlagt: int = 0
    bestatt: int = 0

    @property
    def skolear(self) -> str:
        return skolear_navn(self.ar)

    @property
    def andel(self) -> Decimal | None:
        return andel(self.bestatt, self.avlagt)


@dataclass
class Statistikk:
    fra_ar: int
    til_ar: int
    rader: list[Rad]
    per_ar: list[Arssum]
    sum: Arssum
    forklaring: list[str] = field(default_factory=list)


def ar_uttrykk() -> Case:
    """The SSB start year of ``resultat_dato`` in SQL: the calendar year from October, the year before otherwise."""
    return Case(
        When(resultat_dato__month__gte=START_MANED, then=ExtractYear("resultat_dato")),
        default=ExtractYear("resultat_dato") - Value(1),
        output_field=IntegerField(),
    )


def grunnlag(bruker, *, fra_ar: int, til_ar: int, laerefag=None, kandidattype: str | None = None) -> QuerySet:
    """The counted prøver (scoped): avlagt inside the school years ``fra_ar``–``til_ar`` (start years)."""
    qs = avgrens(Prove.objects.all(), bruker).filter(
        status=Prove.Status.VURDERT,
        resultat_dato__gte=datetime.date(fra_ar, START_MANED, 1),
        resultat_dato__lt=datetime.date(til_ar + 1, START_MANED, 1),
    )
    if laerefag is not None:
        qs = qs.filter(programomrade=laerefag)
    if kandidattype:
        qs = qs.filter(kandidattype=kandidattype)
    return qs


def statistikk(
    bruker, *, fra_ar: int, til_ar: int, laerefag=None, kandidattype: str | None = None
) -> Statistikk:
    """Counts per lærefag and school year (one query), the totals per year (every year in the range, also those
    without prøver, so the chart shows a gap as zero) and the total."""
    rader_db = (
        grunnlag(bruker, fra_ar=fra_ar, til_ar=til_ar, laerefag=laerefag, kandidattype=kandidattype)
        .annotate(ar=ar_uttrykk())
        .values("ar", "programomrade__kode", "programomrade__navn")
        .annotate(avlagt=Count("pk"), bestatt=Count("pk", filter=Q(resultat__in=BESTATT)))
        .order_by("ar", "programomrade__navn", "programomrade__kode")
    )
    rader = [Rad(ar=r["ar"], laerefag_kode=r["programomrade__kode"], laerefag_navn=r["programomrade__navn"],
                 avlagt=r["avlagt"], bestatt=r["bestatt"]) for r in rader_db]  # fmt: skip
    per_ar = {ar: Arssum(ar) for ar in range(fra_ar, til_ar + 1)}
    total = Arssum(til_ar)
    for r in rader:
        s = per_ar[r.ar]
        s.avlagt += r.avlagt
        s.bestatt += r.bestatt
        total.avlagt += r.avlagt
        total.bestatt += r.bestatt
    forklaring = [FORKLARING]
    if kandidattype:
        forklaring.append("Bare prøver for den valgte kandidattypen er talt.")
    return Statistikk(fra_ar=fra_ar, til_ar=til_ar, rader=rader, per_ar=list(per_ar.values()), sum=total,
                      forklaring=forklaring)  # fmt: skip
