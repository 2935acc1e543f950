"""Reads of contracts (docs/fagopplaering/kontrakt.md), always scoped with ``vigo.scoping.avgrens``.

``lopende_q`` is ``fagopplaering.regler.kontrakt.lopende_pa`` as a database filter (docs/fagopplaering/domene.md §0.4); the
tests compare the two on varied contracts. Lists load names in a fixed number of queries however long the page is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from fagopplaering.models import Avbrudd, Hendelse, Kontrakt, Kontraktendring
from fagopplaering.regler.datoer import legg_til_maneder
from vigo.scoping import avgrens

RELASJONER = ("person", "programomrade", "bedrift", "medlemsbedrift", "kontraktstype", "avslutningskode")


def avbrudd_dekker(dato: datetime.date, kontrakt_ref: str = "pk") -> QuerySet:
    """Avbrudd of the outer contract covering ``dato`` (an open one covers every day from its start)."""
    return Avbrudd.objects.filter(kontrakt_id=OuterRef(kontrakt_ref), fra__lte=dato).filter(
        Q(til__isnull=True) | Q(til__gte=dato)
    )


def lopende_q(dato: datetime.date, *, uttrekksdato: datetime.date | None = None, prefiks: str = "") -> Q:
    """Contracts løpende on ``dato``: approved (on or before ``uttrekksdato`` if given), læretid fra ≤ dato ≤
    læretid til, no avbrudd covering the date, no avslutningskode. ``prefiks`` («kontrakt__») for related models."""
    p = prefiks
    q = Q(**{f"{p}godkjent_dato__isnull": False, f"{p}laeretid_fra__lte": dato, f"{p}laeretid_til__gte": dato,
             f"{p}avslutningskode__isnull": True})  # fmt: skip
    if uttrekksdato is not None:
        q &= Q(**{f"{p}godkjent_dato__lte": uttrekksdato})
    ref = f"{p}pk" if p else "pk"
    return q & ~Q(Exists(avbrudd_dekker(dato, ref)))


def kontrakter_for(bruker) -> QuerySet:
    return avgrens(Kontrakt.objects.all(), bruker)


def _sok(qs: QuerySet, q: str) -> QuerySet:
    q = " ".join(q.split())
    if not q:
        return qs
    siffer = q.replace(" ", "")
    if siffer.isdigit():
        if len(siffer) == 11:
            return qs.filter(person__fodselsnummer=siffer)
        if len(siffer) == 9:
            return qs.filter(Q(bedrift__orgnr=siffer) | Q(medlemsbedrift__orgnr=siffer))
        return qs.filter(pk=int(siffer)) if len(siffer) < 10 else qs.none()
    filter_ = Q()
    for ord_ in q.split():
        filter_ &= (
            Q(person__fornavn__istartswith=ord_)
            | Q(person__etternavn__istartswith=ord_)
            | Q(bedrift__navn__icontains=ord_)
            | Q(medlemsbedrift__navn__icontains=ord_)
        )
    return qs.filter(filter_)


def kontrakter(
    bruker,
    *,
    q: str = "",
    status: str | None = None,
    programomrade=None,
    bedrift=None,
    lopende_pa: datetime.date | None = None,
    slutter_innen: int | None = None,
    idag: datetime.date | None = None,
) -> QuerySet:
    """The contract list. ``slutter_innen`` (months): løpende today with læretid til within that many months."""
    qs = kontrakter_for(bruker)
    if status:
        qs = qs.filter(status=status)
    if programomrade is not None:
        qs = qs.filter(programomrade=programomrade)
    if bedrift is not None:
        qs = qs.filter(Q(bedrift=bedrift) | Q(medlemsbedrift=bedrift))
    if lopende_pa is not None:
        qs = qs.filter(lopende_q(lopende_pa))
    if slutter_innen is not None:
        idag = idag or timezone.localdate()
        qs = qs.filter(lopende_q(idag), laeretid_til__lte=legg_til_maneder(idag, slutter_innen))
    qs = _sok(qs, q)
    return qs.select_related(*RELASJONER).order_by("-laeretid_fra", "pk")


def kontrakt_detalj(bruker, pk: int) -> Kontrakt | None:
    return (
        kontrakter_for(bruker)
        .filter(pk=pk)
        .select_related(
            *RELASJONER,
            "hjemfylke",
            "fylke",
            "faglig_leder",
            "godkjenning",
            "hevet_av",
            "godkjent_av",
            "formidling",
            "forrige__kontraktstype",
            "bedrift__kommune",
        )  # fmt: skip
        .prefetch_related(
            Prefetch("avbrudd", Avbrudd.objects.order_by("fra", "pk")),
            Prefetch("endringer", Kontraktendring.objects.select_related("foreslatt_av", "behandlet_av")),
            Prefetch("neste", Kontrakt.objects.select_related("kontraktstype")),
        )
        .first()
    )


def avbrudd_perioder(kontrakt) -> list[tuple[datetime.date, datetime.date | None]]:
    return [(a.fra, a.til) for a in kontrakt.avbrudd.all()]


def slutter_snart(fylke_id: int, idag: datetime.date, maneder: int) -> QuerySet:
    """Job 5A112: the county's contracts løpende today whose læretid til falls within ``maneder`` months."""
    grense = legg_til_maneder(idag, maneder)
    return (
        Kontrakt.objects.filter(fylke_id=fylke_id)
        .filter(lopende_q(idag), laeretid_til__lte=grense)
        .select_related(*RELASJONER, "faglig_leder")
        .order_by("laeretid_til", "bedrift__navn", "pk")
    )


@dataclass
class Tidspunkt:
    """One row of the contract's timeline."""

    tid: datetime.datetime
    slag: str  # "hendelse", "avbrudd", "endring"
    tittel: str
    tekst: str
    aktor: str = ""
    bare_dato: bool = False


def _som_tid(d: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time()))


def tidslinje(kontrakt) -> list[Tidspunkt]:
    """Hendelse rows, the avbrudd (at their start dates) and the proposed changes, oldest first."""
    from django.utils.translation import gettext as _

    rader: list[Tidspunkt] = []
    for h in Hendelse.objects.filter(kontrakt=kontrakt).order_by("tidspunkt", "pk"):
        rader.append(Tidspunkt(h.tidspunkt, "hendelse", h.get_type_display(), h.tekst, h.aktor))
    for a in kontrakt.avbrudd.all():
        til = a.til.strftime("%d.%m.%Y") if a.til else _("ikke avsluttet")
        rader.append(Tidspunkt(_som_tid(a.fra), "avbrudd", _("Avbrudd"),
                               f"{a.fra:%d.%m.%Y}–{til}: {a.get_arsak_display()}" + (f" ({a.merknad})" if a.merknad else ""),
                               bare_dato=True))  # fmt: skip
    for e in kontrakt.endringer.all():
        rader.append(Tidspunkt(e.foreslatt, "endring", _("Endring: %(status)s") % {"status": e.get_status_display()},
                               e.begrunnelse, e.foreslatt_av.get_username() if e.foreslatt_av else "system"))  # fmt: skip
    rader.sort(key=lambda r: r.tid)
    return rader
