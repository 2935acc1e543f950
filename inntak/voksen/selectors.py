"""Reads of the intake of adults: the waiting applicants in § 13-4 order, the places given, the counts, and the
placement plan (who would get which place now) that both the service and the confirmation step use."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.timezone import localtime

from inntak.models import Onske, Soknad, SoknadStatus, Tilbud, Voksenplass
from inntak.models.soknad import Inntakstype
from inntak.models.voksen import OPPTAR_PLASS
from inntak.motor.prioritet_voksen import SokerVoksen, fordel, ordne_voksne
from vigo.scoping import avgrens


def gruppe_sql(sti: str = "") -> Case:
    """§ 13-4 groups in SQL, the same table as inntak.motor.prioritet_voksen (tests compare the two orders)."""
    felt = f"{sti}voksenrett_hjemmel"
    return Case(
        When(**{f"{felt}__in": ["18-3", "18-6"]}, then=Value(1)),
        When(**{felt: "18-4"}, then=Value(2)),
        When(**{felt: "18-7"}, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )


def voksne_soknader(fylke, skolear) -> QuerySet[Soknad]:
    """The county's adult søknader (kapittel 13) for the school year that are not withdrawn."""
    return Soknad.objects.filter(fylke=fylke, skolear=skolear, inntakstype=Inntakstype.VOKSEN).exclude(
        status=SoknadStatus.TRUKKET
    )


def ventende(fylke, skolear) -> QuerySet[Soknad]:
    """Complete adult søknader without a place, in § 13-4 order (group, time complete, søknad number)."""
    return (
        voksne_soknader(fylke, skolear)
        .filter(komplett__isnull=False, voksenplass__isnull=True)
        .annotate(voksengruppe=gruppe_sql())
        .order_by("voksengruppe", "komplett", "pk")
    )


def voksentilbud(fylke, skolear) -> QuerySet[Tilbud]:
    """The county's tilbud for adults with ``ledige`` = places minus places held (tilbudt or akseptert)."""
    return (
        Tilbud.objects.filter(fylke=fylke, skolear=skolear, voksenopplaering=True)
        .annotate(opptatt=Count("voksenplasser", filter=Q(voksenplasser__status__in=OPPTAR_PLASS)))
        .order_by("pk")
    )


@dataclass
class Plan:
    """Who gets which place if placement ran now. ``tildelt``: (søknad id, tilbud id, wish number)."""

    sokere: int = 0
    tildelt: list[tuple[int, int, int]] = field(default_factory=list)
    venter_fulle: list[int] = field(default_factory=list)
    venter_uten_onsker: list[int] = field(default_factory=list)
    ikke_komplett: int = 0

    @property
    def venter(self) -> int:
        return len(self.venter_fulle) + len(self.venter_uten_onsker)

    def telling(self) -> dict[str, int]:
        return {
            "sokere": self.sokere,
            "tildelt": len(self.tildelt),
            "venter": self.venter,
            "venter_fulle": len(self.venter_fulle),
            "venter_uten_onsker": len(self.venter_uten_onsker),
            "ikke_komplett": self.ikke_komplett,
        }


def planlegg(fylke, skolear) -> Plan:
    """Three set-based reads (applicants, their wishes to adult tilbud, free places), then § 13-4 order and the
    highest free wish per applicant (``inntak.motor.prioritet_voksen``). Writes nothing."""
    rader = list(ventende(fylke, skolear).values_list("pk", "voksenrett_hjemmel", "komplett"))
    onsker: dict[int, list[tuple[int, int]]] = {}
    for sid, nr, tid in (
        Onske.objects.filter(
            soknad__in=ventende(fylke, skolear).order_by().values("pk"),
            tilbud__voksenopplaering=True,
            tilbud__fylke=fylke,
            tilbud__skolear=skolear,
        )  # fmt: skip
        .order_by("soknad_id", "nr")
        .values_list("soknad_id", "nr", "tilbud_id")
    ):
        onsker.setdefault(sid, []).append((nr, tid))
    ledige = {t.pk: max(t.plasser - t.opptatt, 0) for t in voksentilbud(fylke, skolear)}
    rekkefolge = ordne_voksne(
        SokerVoksen(str(pk), hjemmel, localtime(komplett)) for pk, hjemmel, komplett in rader
    )
    tildelt, venter = fordel([(s.id, onsker.get(int(s.id), [])) for s, _ in rekkefolge], ledige)
    plan = Plan(sokere=len(rader), tildelt=[(int(sid), tid, nr) for sid, tid, nr in tildelt])
    for sid, grunn in venter:
        (plan.venter_fulle if grunn == "fullt" else plan.venter_uten_onsker).append(int(sid))
    plan.ikke_komplett = voksne_soknader(fylke, skolear).filter(komplett__isnull=True).count()
    return plan


# --- The page «Inntak av voksne» (scoped to the user) ----------------------------------------------------------
def ventende_for(bruker, fylke, skolear) -> QuerySet[Soknad]:
    return (
        avgrens(ventende(fylke, skolear), bruker)
        .select_related("person")
        .prefetch_related("onsker__tilbud__skole", "onsker__tilbud__programomrade")
    )


def plasser_for(bruker, fylke, skolear) -> QuerySet[Voksenplass]:
    qs = Voksenplass.objects.filter(
        soknad__fylke=fylke, soknad__skolear=skolear, soknad__inntakstype=Inntakstype.VOKSEN
    )
    return (
        avgrens(qs, bruker)
        .select_related("soknad__person", "tilbud__skole", "tilbud__programomrade")
        .annotate(voksengruppe=gruppe_sql("soknad__"))
    )


def telling(bruker, fylke, skolear) -> dict[str, int]:
    """The page's counts, in the user's scope: waiting, incomplete, places per status, free places."""
    soknader = avgrens(voksne_soknader(fylke, skolear), bruker)
    antall = soknader.aggregate(
        ventende=Count("pk", filter=Q(komplett__isnull=False, voksenplass__isnull=True)),
        ikke_komplett=Count("pk", filter=Q(komplett__isnull=True)),
    )
    per_status = dict(
        avgrens(Voksenplass.objects.filter(tilbud__fylke=fylke, tilbud__skolear=skolear), bruker)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    tilbud = avgrens(voksentilbud(fylke, skolear), bruker)
    ledige = sum(max(t.plasser - t.opptatt, 0) for t in tilbud)
    return {**antall, "per_status": per_status, "ledige": ledige, "tilbud": len(tilbud),
            "plasser": sum(per_status.values())}  # fmt: skip
