"""Reads for formidling til læreplass (docs/fagopplaering/formidling.md). Every read is scoped with
``vigo.scoping.avgrens``; lists load names with select_related so a page costs a fixed number of queries."""

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
    Bedrift,
    Formidling,
    Formidlingstilbud,
    Godkjenning,
    Hendelse,
    Intensjonsavtale,
)
from fagopplaering.regler import formidling as regel
from kodeverk.models import Programomrade
from kodeverk.niva import Niva
from vigo.scoping import avgrens as _avgrens

S = Formidling.Status
# Jobs (already checked by ``start_kjoring`` for the county) read as the system: pass ``SYSTEM`` as bruker.
SYSTEM = object()
RELASJONER = ("person", "programomrade", "skolear", "bedrift", "fylke")


def avgrens(qs: QuerySet, bruker) -> QuerySet:
    return qs if bruker is SYSTEM else _avgrens(qs, bruker)


def _sok(qs: QuerySet, q: str, sti: str = "person") -> QuerySet:
    q = " ".join((q or "").split())
    if not q:
        return qs
    siffer = q.replace(" ", "")
    if siffer.isdigit() and len(siffer) == 11:
        return qs.filter(**{f"{sti}__fodselsnummer": siffer})
    filt = Q()
    for ord_ in q.split():
        filt &= Q(**{f"{sti}__fornavn__icontains": ord_}) | Q(**{f"{sti}__etternavn__icontains": ord_})
    return qs.filter(filt)


def formidlinger(
    bruker, *, skolear=None, programomrade=None, status=None, q: str = "", fylke_id=None
) -> QuerySet:
    qs = avgrens(Formidling.objects.all(), bruker)
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    if fylke_id is not None:
        qs = qs.filter(fylke_id=fylke_id)
    if programomrade is not None:
        qs = qs.filter(programomrade=programomrade)
    if status:
        qs = (
            qs.filter(status__in=status)
            if isinstance(status, (list, tuple, set, frozenset))
            else qs.filter(status=status)
        )
    return (
        _sok(qs, q)
        .select_related(*RELASJONER)
        .order_by("programomrade__navn", "person__etternavn", "person__fornavn", "pk")
    )


def formidling_detalj(bruker, pk: int) -> Formidling | None:
    """The formidling with its referrals (company names) and timeline, or None outside the user's scope."""
    return (
        avgrens(Formidling.objects.filter(pk=pk), bruker)
        .select_related(*RELASJONER, "soknad", "onske__tilbud__skole")
        .prefetch_related(
            Prefetch(
                "tilbud",
                Formidlingstilbud.objects.select_related("bedrift", "registrert_av").order_by("sendt", "pk"),
            ),
            Prefetch("hendelser", Hendelse.objects.select_related("bedrift").order_by("-tidspunkt", "-pk")),
        )
        .first()
    )


def andre_formidlinger(bruker, formidling: Formidling) -> QuerySet:
    """The same person's other lærefag in the county and school year."""
    return (
        avgrens(Formidling.objects.all(), bruker)
        .filter(
            person_id=formidling.person_id, fylke_id=formidling.fylke_id, skolear_id=formidling.skolear_id
        )
        .exclude(pk=formidling.pk)
        .select_related("programomrade", "bedrift")
    )


def _antall(base: QuerySet, **filt) -> Subquery:
    qs = base.filter(programomrade_id=OuterRef("pk"), **filt).order_by().values("programomrade_id")
    return Coalesce(
        Subquery(qs.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)
    )


def tavle(bruker, fylke_id: int, skolear) -> list[dict]:
    """The formidling board: per lærefag with applicants or intensjonsavtaler in the county and school year, the
    counts by status and the places companies intend to offer. One query."""
    base = avgrens(Formidling.objects.filter(fylke_id=fylke_id, skolear=skolear), bruker)
    avtaler = avgrens(Intensjonsavtale.objects.filter(fylke_id=fylke_id, skolear=skolear), bruker)
    plasser = (
        avtaler.filter(programomrade_id=OuterRef("pk"))
        .order_by()
        .values("programomrade_id")
        .annotate(n=Sum("antall_laerlinger") + Sum("antall_laerekandidater"))
        .values("n")[:1]
    )
    rader = (
        Programomrade.objects.filter(niva=Niva.LAERE)
        .filter(Q(Exists(base.filter(programomrade_id=OuterRef("pk")))) | Q(Exists(avtaler.filter(programomrade_id=OuterRef("pk")))))
        .annotate(
            sokere=_antall(base, status__in=regel.IKKE_PLASSERT | regel.PLASSERT | {S.TILBUD, S.VG3_SKOLE}),
            ikke_formidlet=_antall(base, status=S.SOKT),
            formidlet=_antall(base, status__in=(S.FORMIDLET, S.INTERVJU)),
            tilbudt=_antall(base, status=S.TILBUD),
            akseptert=_antall(base, status=S.AKSEPTERT),
            kontrakt=_antall(base, status=S.KONTRAKT),
            vg3_skole=_antall(base, status=S.VG3_SKOLE),
            avsluttet=_antall(base, status__in=regel.AVSLUTTET),
            ungdomsrett_ikke_plassert=_antall(base, status__in=regel.IKKE_PLASSERT, ungdomsrett=True),
            plasser=Coalesce(Subquery(plasser, output_field=IntegerField()), Value(0)),
        )
        .order_by("navn")
        .values(
            "pk", "kode", "navn", "sokere", "ikke_formidlet", "formidlet", "tilbudt", "akseptert", "kontrakt",
            "vg3_skole", "avsluttet", "ungdomsrett_ikke_plassert", "plasser",
        )
    )  # fmt: skip
    return list(rader)


def tavle_sum(rader: list[dict]) -> dict:
    nokler = ("sokere", "ikke_formidlet", "formidlet", "tilbudt", "akseptert", "kontrakt", "vg3_skole", "avsluttet",
              "ungdomsrett_ikke_plassert", "plasser")  # fmt: skip
    return {k: sum(r[k] for r in rader) for k in nokler}


def ikke_formidlet_med_ungdomsrett(bruker, fylke_id: int, skolear, dato: datetime.date) -> QuerySet:
    """Applicants with ungdomsrett who are still waiting for a læreplass (status Søker, Formidlet or Intervju) and
    were not placed in any lærefag (Takket ja / Kontrakt) on or before ``dato`` – the county's list for the
    alternative, Vg3 i skole (ol-2023 § 5-6; forskrift 2006 § 6A-9; docs/fagopplaering/domene.md §2.1)."""
    plassert = Formidling.objects.filter(
        person_id=OuterRef("person_id"), fylke_id=fylke_id, skolear=skolear, status__in=regel.PLASSERT,
        status_dato__lte=dato,
    )  # fmt: skip
    vg3 = Formidling.objects.filter(
        person_id=OuterRef("person_id"), fylke_id=fylke_id, skolear=skolear, status=S.VG3_SKOLE
    )
    return (
        avgrens(Formidling.objects.filter(fylke_id=fylke_id, skolear=skolear), bruker)
        .filter(ungdomsrett=True, status__in=regel.IKKE_PLASSERT)
        .exclude(Exists(plassert))
        .exclude(Exists(vg3))
        .select_related(*RELASJONER)
        .order_by("person__etternavn", "person__fornavn", "person_id", "onskenr", "programomrade__navn")
    )


def status_per_laerefag(bruker, fylke_id: int, skolear) -> list[dict]:
    """(lærefag code, name, status, count) for the 5A111 report, in one grouped query."""
    return list(
        avgrens(Formidling.objects.filter(fylke_id=fylke_id, skolear=skolear), bruker)
        .values("programomrade__kode", "programomrade__navn", "status")
        .annotate(antall=Count("pk"))
        .order_by("programomrade__kode", "status")
    )


def godkjente_bedrifter(bruker, programomrade, dato: datetime.date) -> QuerySet:
    """Companies the user sees with a valid approval for the lærefag on ``dato`` (in any county), not deleted or
    bankrupt: the choices when formidling an applicant."""
    gyldig = Godkjenning.objects.filter(
        bedrift_id=OuterRef("pk"), programomrade=programomrade, status=Godkjenning.Status.GODKJENT,
        godkjent_fra__lte=dato,
    ).filter(Q(godkjent_til__isnull=True) | Q(godkjent_til__gte=dato))  # fmt: skip
    return (
        avgrens(Bedrift.objects.all(), bruker)
        .filter(Exists(gyldig), aktiv=True, konkurs=False, slettet_i_er__isnull=True)
        .select_related("kommune")
        .order_by("navn", "pk")
    )


def intensjonsavtaler(
    bruker, *, skolear=None, programomrade=None, type=None, q: str = "", fylke_id=None
) -> QuerySet:
    qs = avgrens(Intensjonsavtale.objects.all(), bruker)
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    if fylke_id is not None:
        qs = qs.filter(fylke_id=fylke_id)
    if programomrade is not None:
        qs = qs.filter(programomrade=programomrade)
    if type:
        qs = qs.filter(type=type)
    q = " ".join((q or "").split())
    if q:
        siffer = q.replace(" ", "")
        qs = qs.filter(bedrift__orgnr=siffer) if siffer.isdigit() else qs.filter(bedrift__navn__icontains=q)
    return qs.select_related("bedrift", "programomrade", "skolear", "person", "registrert_av").order_by(
        "-registrert", "bedrift__navn", "pk"
    )


def intensjon_sum(qs: QuerySet) -> dict:
    return qs.aggregate(
        avtaler=Count("pk"),
        laerlinger=Coalesce(Sum("antall_laerlinger"), 0),
        laerekandidater=Coalesce(Sum("antall_laerekandidater"), 0),
    )


def formidlinger_for_person(person) -> list[Formidling]:
    """The applicant's own formidlinger (søkerportal: the person is the logged-in applicant, not a user)."""
    return list(
        Formidling.objects.filter(person=person)
        .select_related("programomrade", "skolear", "fylke", "bedrift")
        .order_by("-skolear__kode", "onskenr", "programomrade__navn")
    )
