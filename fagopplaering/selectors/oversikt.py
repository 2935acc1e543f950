"""Reads for fagopplæringens landing page, the dashboard panel and the person section (docs/fagopplaering/README.md).

Counts only (no personal data), each one aggregate query, always scoped with ``vigo.scoping.avgrens``. «Løpende på
dato D» is Udir's extraction rule (docs/fagopplaering/domene.md §0.4): approved, læretid fra ≤ D ≤ læretid til, no avbrudd
covering D (an open avbrudd covers every later day) and no avslutningskode. The contract helper's
``fagopplaering.selectors.kontrakt.lopende_q`` is used when it exists; the fallback here is the same rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from fagopplaering.models import Avbrudd, Formidling, Kontrakt
from fagopplaering.regler import formidling as regel
from fagopplaering.regler.datoer import legg_til_maneder
from kodeverk.models import Skolear
from kodeverk.skolear import neste_inntaksar
from vigo.scoping import avgrens

# Formidling statuses in the counts (the states are H2's transition table; here only which bucket a state is in).
S = Formidling.Status
AKTIVE_SOKERE = sorted(regel.IKKE_PLASSERT | regel.PLASSERT | {S.TILBUD, S.VG3_SKOLE})
"""«Søker til læreplass» as the formidling board counts it (still in the formidling or placed): not withdrawn,
passive, unqualified, living elsewhere, admitted on another wish or having declined."""
FORMIDLET_TIL_BEDRIFT = [S.FORMIDLET, S.INTERVJU, S.TILBUD, S.AKSEPTERT, S.IKKE_SVART, S.AVSLATT, S.KONTRAKT]
"""Sent to at least one company (whatever came of it)."""
FATT_LAEREPLASS = [S.AKSEPTERT, S.KONTRAKT]
"""Accepted a læreplass, or already has the contract."""
VENTER_PA_FORMIDLING = [S.SOKT]
"""Qualified applicants not yet sent to any company."""

UBEHANDLEDE_KONTRAKTER = [Kontrakt.Status.OPPRETTET, Kontrakt.Status.TIL_GODKJENNING]

SNART_SLUTT_MANEDER = 4
"""«Slutter snart»: læretid til within this many months (the oppmelding reminder of job 5A112 uses the same)."""


def lopende_q(dato: datetime.date) -> Q:
    """The Q for «løpende på ``dato``» on Kontrakt (docs/fagopplaering/domene.md §0.4)."""
    try:
        from fagopplaering.selectors.kontrakt import lopende_q as kontraktens
    except ImportError:
        kontraktens = None
    if kontraktens is not None:
        return kontraktens(dato)
    dekkende = Avbrudd.objects.filter(kontrakt_id=OuterRef("pk"), fra__lte=dato).filter(
        Q(til__isnull=True) | Q(til__gte=dato)
    )
    return (
        Q(status=Kontrakt.Status.GODKJENT, godkjent_dato__isnull=False, avslutningskode__isnull=True)
        & Q(laeretid_fra__lte=dato, laeretid_til__gte=dato)
        & ~Q(Exists(dekkende))
    )


def kontrakter_for(bruker) -> QuerySet[Kontrakt]:
    return avgrens(Kontrakt.objects.all(), bruker)


def formidlinger_for(bruker) -> QuerySet[Formidling]:
    return avgrens(Formidling.objects.all(), bruker)


def standard_skolear(bruker) -> Skolear | None:
    """The school year formidling works on: the latest with formidlinger in the user's scope, else the one the
    next intake is for (applicants for læreplass apply with the intake, by 1 February / 1 March)."""
    kode = formidlinger_for(bruker).order_by("-skolear__kode").values_list("skolear__kode", flat=True).first()
    if kode:
        return Skolear.objects.filter(kode=kode).first()
    neste = Skolear.objects.filter(kode=neste_inntaksar(timezone.localdate()).kode).first()
    return neste or Skolear.objects.order_by("-kode").first()


@dataclass(frozen=True)
class Formidlingstall:
    skolear: Skolear | None
    sokere: int = 0
    venter: int = 0
    formidlet: int = 0
    fatt_laereplass: int = 0
    ungdomsrett_uten_plass: int = 0


@dataclass(frozen=True)
class Kontraktstall:
    dato: datetime.date
    lopende: int = 0
    slutter_snart: int = 0
    til_godkjenning: int = 0
    avsluttet_i_ar: int = 0
    med_avbrudd: int = 0


def formidlingstall(bruker, skolear: Skolear | None) -> Formidlingstall:
    """Applicants for læreplass in ``skolear`` by bucket (one query)."""
    if skolear is None:
        return Formidlingstall(skolear=None)
    tall = (
        formidlinger_for(bruker)
        .filter(skolear=skolear)
        .aggregate(
            sokere=Count("pk", filter=Q(status__in=AKTIVE_SOKERE)),
            venter=Count("pk", filter=Q(status__in=VENTER_PA_FORMIDLING)),
            formidlet=Count("pk", filter=Q(status__in=FORMIDLET_TIL_BEDRIFT)),
            fatt_laereplass=Count("pk", filter=Q(status__in=FATT_LAEREPLASS)),
            ungdomsrett_uten_plass=Count(
                "pk",
                filter=Q(ungdomsrett=True, status__in=[s for s in AKTIVE_SOKERE if s not in FATT_LAEREPLASS]),
            ),
        )
    )
    return Formidlingstall(skolear=skolear, **tall)


def kontraktstall(bruker, dato: datetime.date | None = None) -> Kontraktstall:
    """Contracts running on ``dato`` (default today), ending within ``SNART_SLUTT_MANEDER`` months, awaiting
    approval, ended this calendar year and interrupted today (one query)."""
    dato = dato or timezone.localdate()
    grense = legg_til_maneder(dato, SNART_SLUTT_MANEDER)
    lopende = lopende_q(dato)
    avbrutt = Exists(
        Avbrudd.objects.filter(kontrakt_id=OuterRef("pk"), fra__lte=dato).filter(
            Q(til__isnull=True) | Q(til__gte=dato)
        )
    )
    tall = kontrakter_for(bruker).aggregate(
        lopende=Count("pk", filter=lopende),
        slutter_snart=Count("pk", filter=lopende & Q(laeretid_til__lte=grense)),
        til_godkjenning=Count("pk", filter=Q(status__in=UBEHANDLEDE_KONTRAKTER)),
        avsluttet_i_ar=Count(
            "pk", filter=Q(status=Kontrakt.Status.AVSLUTTET, avsluttet_dato__year=dato.year)
        ),
        med_avbrudd=Count(
            "pk",
            filter=Q(status=Kontrakt.Status.GODKJENT, avslutningskode__isnull=True) & Q(avbrutt),
        ),
    )
    return Kontraktstall(dato=dato, **tall)


def lopende_per_fag(bruker, dato: datetime.date | None = None, antall: int = 10) -> list[dict]:
    """The lærefag with most running contracts on ``dato``: ``{"kode", "navn", "lopende"}`` (one query)."""
    dato = dato or timezone.localdate()
    return list(
        kontrakter_for(bruker)
        .filter(lopende_q(dato))
        .values("programomrade__kode", "programomrade__navn")
        .annotate(lopende=Count("pk"))
        .order_by("-lopende", "programomrade__navn")[:antall]
    )


def formidling_per_fag(bruker, skolear: Skolear | None, antall: int = 10) -> list[dict]:
    """Per lærefag in ``skolear``: søkere, formidlet and fått læreplass, the largest first (one query)."""
    if skolear is None:
        return []
    return list(
        formidlinger_for(bruker)
        .filter(skolear=skolear)
        .values("programomrade__kode", "programomrade__navn")
        .annotate(
            sokere=Count("pk", filter=Q(status__in=AKTIVE_SOKERE)),
            formidlet=Count("pk", filter=Q(status__in=FORMIDLET_TIL_BEDRIFT)),
            fatt_laereplass=Count("pk", filter=Q(status__in=FATT_LAEREPLASS)),
        )
        .order_by("-sokere", "programomrade__navn")[:antall]
    )


# --- The person section -----------------------------------------------------------------------------------------
def kontrakter_for_person(bruker, person) -> list[Kontrakt]:
    """The person's contracts the user may see, newest start first, with names and avbrudd (three queries)."""
    return list(
        kontrakter_for(bruker)
        .filter(person=person)
        .select_related(
            "kontraktstype",
            "programomrade",
            "bedrift",
            "medlemsbedrift",
            "avslutningskode",
            "hevet_av",
            "fylke",
        )
        .prefetch_related(Prefetch("avbrudd", Avbrudd.objects.order_by("fra")))
        .order_by("-laeretid_fra", "-pk")
    )


def formidlinger_for_person(bruker, person) -> list[Formidling]:
    """The person's formidlinger the user may see, newest school year first (one query)."""
    return list(
        formidlinger_for(bruker)
        .filter(person=person)
        .select_related("skolear", "programomrade", "bedrift", "fylke")
        .order_by("-skolear__kode", "onskenr", "programomrade__navn")
    )
