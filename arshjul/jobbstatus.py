"""Has the job behind an event run in the event's window? (utført / forsinket / planlagt)

Window of a one-off event (date, range, week): from ``VINDU_FOR`` days before the start to the end, inclusive.
A recurring event (monthly) has one window per occurrence, running until the next occurrence. An event is
``utfort`` when every linked job that exists has a finished run in the current window, ``forsinket`` when a
window ended (or the previous occurrence's window ended) without one, else ``planlagt``. Codes of jobs not built
yet are shown as planned codes and do not count. Events without any built job keep their manual status.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from arshjul import kjerne
from arshjul.models import Hendelse, Status
from arshjul.selectors import alle_forekomster
from vigo import jobber
from vigo.models import Kjoring, KjoringStatus

VINDU_FOR = datetime.timedelta(days=14)


@dataclass
class Jobblenke:
    kode: str
    navn: str
    finnes: bool
    status: str | None = None
    siste: datetime.date | None = None
    merknad: str = ""


@dataclass
class Hendelsesstatus:
    status: str
    beregnet: bool
    jobber: list[Jobblenke] = field(default_factory=list)
    vindu: tuple[datetime.date, datetime.date] | None = None

    @property
    def etikett(self) -> str:
        return Status(self.status).label


def vinduer(h: Hendelse) -> list[tuple[datetime.date, datetime.date]]:
    if h.datotype == kjerne.Datotype.GJENTAKENDE.value and h.rrule:
        datoer = alle_forekomster(h)
        if len(datoer) > 1:
            steg = datoer[-1] - datoer[-2]
            neste = [*datoer[1:], datoer[-1] + steg]
            return [(a, b - datetime.timedelta(days=1)) for a, b in zip(datoer, neste, strict=True)]
        return [(datoer[0], datoer[0] + datetime.timedelta(days=30))]
    return [(h.start - VINDU_FOR, h.slutt)]


def _jobbstatus(vind: list[tuple[datetime.date, datetime.date]], kjort: list[datetime.date],
                idag: datetime.date) -> tuple[str, tuple[datetime.date, datetime.date], str]:  # fmt: skip
    startet = [v for v in vind if v[0] <= idag]
    if not startet:
        return Status.PLANLAGT, vind[0], ""

    def i(v):
        return any(v[0] <= d <= v[1] for d in kjort)

    naa = startet[-1]
    if i(naa):
        return Status.UTFORT, naa, ""
    if idag > naa[1]:
        senere = [d for d in kjort if d > naa[1]]
        return Status.FORSINKET, naa, (f"kjørt for sent ({senere[0]:%d.%m.%Y})" if senere else "")
    if len(startet) > 1 and not i(startet[-2]):
        return Status.FORSINKET, naa, "ikke kjørt ved forrige forekomst"
    return Status.PLANLAGT, naa, ""


def kjoringer_per_kode(hendelser: list[Hendelse], kjoringer: QuerySet[Kjoring]) -> dict:
    """(fylke_id, kode) -> sorted local dates of finished runs. ``kjoringer`` must already be scoped."""
    koder = {k for h in hendelser for k in (h.jobbkoder or {})}
    if not koder or not hendelser:
        return {}
    tidligst = min(h.start for h in hendelser) - VINDU_FOR
    ut: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    rader = kjoringer.filter(kode__in=koder, status=KjoringStatus.FERDIG, avsluttet__date__gte=tidligst)
    for fylke_id, kode, avsluttet in rader.values_list("fylke_id", "kode", "avsluttet"):
        ut[(fylke_id, kode)].append(timezone.localdate(avsluttet))
    for v in ut.values():
        v.sort()
    return ut


def status_for(hendelser: list[Hendelse], kjoringer: QuerySet[Kjoring],
               idag: datetime.date | None = None) -> dict[int, Hendelsesstatus]:  # fmt: skip
    """Status of each event; ``kjoringer`` is the runs the reader may see (``avgrens`` applied by the caller)."""
    idag = idag or timezone.localdate()
    kjort = kjoringer_per_kode(hendelser, kjoringer)
    ut = {}
    for h in hendelser:
        lenker, vind = [], vinduer(h)
        vindu = None
        for kode, navn in (h.jobbkoder or {}).items():
            finnes = jobber.finnes(kode)
            lenke = Jobblenke(kode, jobber.hent(kode).navn if finnes else (navn or ""), finnes)
            datoer = kjort.get((h.fylke_id, kode), [])
            lenke.siste = datoer[-1] if datoer else None
            if finnes and not h.er_ferie:
                lenke.status, vindu, lenke.merknad = _jobbstatus(vind, datoer, idag)
            lenker.append(lenke)
        statuser = [lenke.status for lenke in lenker if lenke.status]
        if not statuser:
            ut[h.pk] = Hendelsesstatus(h.status, False, lenker)
            continue
        if Status.FORSINKET in statuser:
            samlet = Status.FORSINKET
        elif all(s == Status.UTFORT for s in statuser):
            samlet = Status.UTFORT
        else:
            samlet = Status.PLANLAGT
        ut[h.pk] = Hendelsesstatus(samlet, True, lenker, vindu)
    return ut


def rutinestatus(rutine, kjoringer: QuerySet[Kjoring], fylke_id: int | None) -> dict:
    """The steps of a routine with the last finished run of each job this school year (for the county)."""
    from vigo.jobber.rekkefolge import periode_start

    fra = periode_start()
    steg, alle_for = [], True
    for s in rutine.steg.all():
        siste = None
        if s.jobbkode:
            qs = kjoringer.filter(kode=s.jobbkode, status=KjoringStatus.FERDIG, avsluttet__date__gte=fra)
            if fylke_id is not None:
                qs = qs.filter(fylke_id=fylke_id)
            siste = qs.order_by("-avsluttet").values_list("avsluttet", flat=True).first()
        steg.append({"s": s, "finnes": bool(s.jobbkode) and jobber.finnes(s.jobbkode), "siste": siste,
                     "klar": alle_for})  # fmt: skip
        if s.jobbkode and siste is None:
            alle_for = False
    return {"rutine": rutine, "steg": steg, "fra": fra}
