"""Reads of the company register (docs/fagopplaering/bedrift.md). Every read that serves a user is scoped with
``vigo.scoping.avgrens``: a county sees the companies in its own kommuner and those it has approved, whose office it
has approved a member of, that train under its contracts or that it has registered (``fylkekobling_hendelser``),
and only its own approvals, memberships, contracts and timeline rows.

``godkjenning_pa`` and the Q helpers are not scoped: they answer a rule question for a county the caller names
(the formidling and contract services ask them with the county they already checked).
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from fagopplaering.models import (
    Avbrudd,
    Bedrift,
    Bedriftstype,
    Godkjenning,
    Hendelse,
    Kontrakt,
    Medlemskap,
    Opplaeringsansvarlig,
    Tilskuddsutbetaling,
)
from vigo.scoping import avgrens


# --- rule helpers (not scoped) ---------------------------------------------------------------------------------
def gyldig_q(dato: datetime.date, prefiks: str = "") -> Q:
    """Approvals that covered ``dato`` (regler.bedrift.gyldig_pa as a filter): within their period, and, when
    withdrawn, only before the withdrawal."""
    p = prefiks
    return (
        Q(**{f"{p}godkjent_fra__lte": dato})
        & (Q(**{f"{p}godkjent_til__isnull": True}) | Q(**{f"{p}godkjent_til__gte": dato}))
        & (
            Q(**{f"{p}status": Godkjenning.Status.GODKJENT})
            | Q(**{f"{p}status": Godkjenning.Status.TRUKKET, f"{p}trukket_dato__gt": dato})
        )
    )


def lopende_kontrakter_q(dato: datetime.date) -> Q:
    """Contracts running on ``dato`` (docs/fagopplaering/domene.md §0.4): approved, læretid fra ≤ D ≤ læretid til, no avbrudd
    covering D (an open avbrudd covers every later day), no avslutningskode. The contract module's own ``lopende_q``
    is used when it is there, so the two can never disagree."""
    try:
        from fagopplaering.selectors.kontrakt import lopende_q
    except ImportError:
        lopende_q = None
    if lopende_q is not None:
        return lopende_q(dato)
    avbrudd = Avbrudd.objects.filter(kontrakt=OuterRef("pk"), fra__lte=dato).filter(
        Q(til__isnull=True) | Q(til__gte=dato)
    )
    return Q(
        status=Kontrakt.Status.GODKJENT,
        godkjent_dato__isnull=False,
        laeretid_fra__lte=dato,
        laeretid_til__gte=dato,
        avslutningskode__isnull=True,
    ) & ~Q(Exists(avbrudd))


def godkjenning_pa(bedrift, fylke_id: int, programomrade, dato: datetime.date) -> Godkjenning | None:
    """The company's approval for the lærefag in the county that covered ``dato``, or None."""
    return (
        Godkjenning.objects.filter(
            gyldig_q(dato), bedrift=bedrift, fylke_id=fylke_id, programomrade=programomrade
        )
        .order_by("-godkjent_fra")
        .first()
    )


def fylkekobling_hendelser(fylke_id: int) -> QuerySet:
    """Scoping link (``legg_til_fylkekobling(Bedrift, …)`` in ``FagopplaeringConfig.ready``): a county sees the
    companies it has registered or acted on (a company in another county that it registered before approving)."""
    return Hendelse.objects.filter(fylke_id=fylke_id, bedrift__isnull=False).values("bedrift_id")


# --- lists -----------------------------------------------------------------------------------------------------
def _fylke(bruker) -> int | None:
    return None if bruker.er_systemadministrator and bruker.fylke_id is None else bruker.fylke_id


def bedrifter(
    bruker,
    *,
    q: str = "",
    kommune=None,
    fag=None,
    type: str | None = None,
    bare_godkjente: bool = False,
    dato: datetime.date | None = None,
) -> QuerySet:
    """The companies the user sees, searchable by name or organisasjonsnummer, filtered by kommune, lærefag (a valid
    approval in the user's county), type; annotated with ``antall_lopende`` (the county's contracts running today
    with the company as lærebedrift or medlemsbedrift) and ``antall_godkjent`` (valid approvals in the county)."""
    dato = dato or datetime.date.today()
    fylke_id = _fylke(bruker)
    qs = avgrens(Bedrift.objects.all(), bruker).select_related("kommune")
    q = (q or "").strip()
    if q:
        siffer = q.replace(" ", "").replace(".", "")
        if siffer.isdigit():
            qs = qs.filter(orgnr__startswith=siffer)
        else:
            for ord_ in q.split():
                qs = qs.filter(navn__icontains=ord_)
    if kommune is not None:
        qs = qs.filter(kommune=kommune)
    if type:
        qs = qs.filter(type=type)
    godkj = Godkjenning.objects.filter(gyldig_q(dato), bedrift=OuterRef("pk"))
    if fylke_id is not None:
        godkj = godkj.filter(fylke_id=fylke_id)
    if fag is not None:
        qs = qs.filter(Exists(godkj.filter(programomrade=fag)))
    if bare_godkjente:
        qs = qs.filter(Exists(godkj))
    kontrakter = Kontrakt.objects.filter(lopende_kontrakter_q(dato)).filter(
        Q(bedrift=OuterRef("pk")) | Q(medlemsbedrift=OuterRef("pk"))
    )
    if fylke_id is not None:
        kontrakter = kontrakter.filter(fylke_id=fylke_id)
    antall = kontrakter.order_by().annotate(_e=Value(1)).values("_e").annotate(n=Count("pk")).values("n")
    antall_g = godkj.order_by().annotate(_e=Value(1)).values("_e").annotate(n=Count("pk")).values("n")
    return qs.annotate(
        antall_lopende=Coalesce(Subquery(antall, output_field=IntegerField()), 0),
        antall_godkjent=Coalesce(Subquery(antall_g, output_field=IntegerField()), 0),
    ).order_by("navn", "pk")


def bedrift_detalj(bruker, pk: int) -> Bedrift | None:
    return (
        avgrens(Bedrift.objects.all(), bruker)
        .select_related("kommune", "kommune__fylke")
        .filter(pk=pk)
        .first()
    )


def bedrift_for_godkjenning(bruker, pk: int) -> Bedrift | None:
    """A company to approve or to enrol as a member, also one the county does not see yet.

    Companies are national and what VIGO holds of them is Enhetsregisteret's public data; a company may train for
    several counties (docs/fagopplaering/domene.md §1.2), so any county may approve any registered company. Only for users who
    may add approvals; the page shows name, orgnr and address, nothing the county does not own."""
    if not (bruker.is_authenticated and bruker.has_perm("fagopplaering.add_godkjenning")):
        return None
    return Bedrift.objects.select_related("kommune").filter(pk=pk).first()


def bedrift_med_orgnr(bruker, orgnr: str) -> Bedrift | None:
    return avgrens(Bedrift.objects.all(), bruker).filter(orgnr=orgnr).first()


def godkjente_for_fag(bruker, programomrade, dato: datetime.date) -> QuerySet:
    """Companies with a valid approval for the lærefag in the user's county on ``dato`` (for the formidling and
    contract forms). Deleted, bankrupt and inactive companies are left out."""
    godkj = Godkjenning.objects.filter(gyldig_q(dato), bedrift=OuterRef("pk"), programomrade=programomrade)
    fylke_id = _fylke(bruker)
    if fylke_id is not None:
        godkj = godkj.filter(fylke_id=fylke_id)
    return (
        avgrens(Bedrift.objects.all(), bruker)
        .filter(Exists(godkj), aktiv=True, konkurs=False, slettet_i_er__isnull=True)
        .select_related("kommune")
        .order_by("navn", "pk")
    )


# --- the company page ------------------------------------------------------------------------------------------
def godkjenninger(bruker, bedrift) -> list[Godkjenning]:
    ansvarlige = Opplaeringsansvarlig.objects.order_by("rolle", "-til", "etternavn", "fornavn")
    return list(
        avgrens(Godkjenning.objects.filter(bedrift=bedrift), bruker)
        .select_related("programomrade", "fylke")
        .prefetch_related(Prefetch("ansvarlige", queryset=ansvarlige))
        .order_by("status", "programomrade__navn", "-godkjent_fra")
    )


def godkjenning_detalj(bruker, pk: int) -> Godkjenning | None:
    return (
        avgrens(Godkjenning.objects.all(), bruker)
        .select_related("bedrift", "programomrade", "fylke")
        .filter(pk=pk)
        .first()
    )


def ansvarlig_detalj(bruker, pk: int) -> Opplaeringsansvarlig | None:
    return (
        avgrens(Opplaeringsansvarlig.objects.all(), bruker)
        .select_related("godkjenning__bedrift", "godkjenning__programomrade")
        .filter(pk=pk)
        .first()
    )


def medlemskap_detalj(bruker, pk: int) -> Medlemskap | None:
    return (
        avgrens(Medlemskap.objects.all(), bruker)
        .select_related("opplaeringskontor", "medlem", "fylke")
        .filter(pk=pk)
        .first()
    )


def medlemmer(bruker, kontor) -> list[Medlemskap]:
    """The office's medlemsbedrifter in the user's county, current first."""
    return list(
        avgrens(Medlemskap.objects.filter(opplaeringskontor=kontor), bruker)
        .select_related("medlem", "fylke")
        .order_by(Coalesce("til", Value(datetime.date(9999, 12, 31))).desc(), "medlem__navn")
    )


def medlem_av(bruker, bedrift) -> list[Medlemskap]:
    return list(
        avgrens(Medlemskap.objects.filter(medlem=bedrift), bruker)
        .select_related("opplaeringskontor", "fylke")
        .order_by("-fra")
    )


def kontrakter_for_bedrift(bruker, bedrift) -> QuerySet:
    """The county's contracts with the company as lærebedrift or medlemsbedrift, newest first (paginate)."""
    return (
        avgrens(Kontrakt.objects.filter(Q(bedrift=bedrift) | Q(medlemsbedrift=bedrift)), bruker)
        .select_related("person", "programomrade", "kontraktstype", "bedrift", "medlemsbedrift")
        .order_by("-laeretid_fra", "pk")
    )


def antall_lopende(bruker, bedrift, dato: datetime.date) -> int:
    return kontrakter_for_bedrift(bruker, bedrift).filter(lopende_kontrakter_q(dato)).count()


def tilskudd(bruker, bedrift, antall: int = 10) -> dict:
    """The company's tilskudd per computation (newest first) and the total, in the user's county."""
    qs = avgrens(Tilskuddsutbetaling.objects.filter(bedrift=bedrift), bruker)
    return {
        "utbetalinger": list(qs.select_related("beregning").order_by("-beregning__fra", "-beregning__beregnet")[:antall]),
        "sum": qs.aggregate(s=Sum("belop"))["s"] or 0,
    }  # fmt: skip


def tidslinje(bruker, bedrift, antall: int = 100) -> list[Hendelse]:
    """Timeline rows about the company (also its membership in an office), the user's county only."""
    return list(
        avgrens(Hendelse.objects.filter(Q(bedrift=bedrift) | Q(data__medlem=bedrift.pk)), bruker)
        .select_related("godkjenning__programomrade")
        .order_by("-tidspunkt", "-pk")[:antall]
    )


def kontor_for_valg(bruker) -> QuerySet:
    return avgrens(Bedrift.objects.filter(type=Bedriftstype.OPPLAERINGSKONTOR), bruker).order_by("navn")
