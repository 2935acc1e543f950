"""Reads for the årshjul, always through the scoping layer (``avgrens``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.db.models import Count, QuerySet
from django.utils import timezone

from arshjul import kjerne
from arshjul.farger import farge, tekstfarge
from arshjul.kjerne.datoer import MANEDSNAVN
from arshjul.models import Hendelse, Kalenderfeed, Rutine
from kodeverk.skolear import skolear_for_dato
from vigo.scoping import avgrens


def hendelser_for(bruker) -> QuerySet[Hendelse]:
    return avgrens(Hendelse.objects.select_related("fylke", "ansvarlig"), bruker)


def skolear_for(bruker) -> list[str]:
    """The school years the user's county has a wheel for, newest first."""
    return sorted(set(hendelser_for(bruker).values_list("skolear_id", flat=True)), reverse=True)


def gjeldende_skolear(idag: datetime.date | None = None) -> str:
    """The school year running on ``idag`` (1 August – 31 July)."""
    return skolear_for_dato(idag or timezone.localdate()).kode


def standard_skolear(bruker, idag: datetime.date | None = None) -> str | None:
    """The school year running today if the county has it, else the newest one."""
    naa = gjeldende_skolear(idag)
    alle = skolear_for(bruker)
    return naa if naa in alle else (alle[0] if alle else None)


@dataclass
class Filtre:
    kategori: str = ""
    fra: str = ""
    til: str = ""
    jobb: str = ""

    @classmethod
    def fra_get(cls, data) -> Filtre:
        return cls(**{f: (data.get(f) or "").strip()[:300] for f in ("kategori", "fra", "til", "jobb")})

    @property
    def aktive(self) -> bool:
        return any((self.kategori, self.fra, self.til, self.jobb))


def arshjul(bruker, skolear: str, filtre: Filtre | None = None) -> QuerySet[Hendelse]:
    qs = hendelser_for(bruker).filter(skolear_id=skolear)
    f = filtre or Filtre()
    if f.kategori:
        qs = qs.filter(kategori=f.kategori)
    if f.fra:
        qs = qs.filter(fra=f.fra)
    if f.til:
        qs = qs.filter(til=f.til)
    if f.jobb:
        qs = qs.filter(jobbkoder__has_key=f.jobb)
    return qs.order_by("start", "slutt", "linje_fra", "pk")


def filtervalg(qs: QuerySet[Hendelse]) -> dict[str, list[str]]:
    """Distinct actors, recipients and job codes (for the filter selects)."""
    rader = list(qs.values_list("fra", "til", "jobbkoder"))
    return {
        "fra": sorted({r[0] for r in rader if r[0]}, key=str.casefold),
        "til": sorted({r[1] for r in rader if r[1]}, key=str.casefold),
        "jobb": sorted({k for r in rader for k in (r[2] or {})}),
    }


def legende(qs: QuerySet[Hendelse] | None = None) -> list[dict]:
    """The FARGEKODER legend with colours (and counts when a queryset is given)."""
    antall = dict(qs.order_by().values_list("kategori").annotate(n=Count("pk"))) if qs is not None else {}
    return [
        {"slug": k.value, "etikett": k.etikett, "farge": farge(k.value), "tekstfarge": tekstfarge(k.value),
         "antall": antall.get(k.value, 0)}
        for k in kjerne.Kategori
    ]  # fmt: skip


def wheel_maneder(skolear: str) -> list[tuple[int, int]]:
    """August … July of the school year (the wheel's twelve sectors, starting in August)."""
    start = int(skolear[:4])
    return [(start, m) for m in range(8, 13)] + [(start + 1, m) for m in range(1, 8)]


def maned_navn(ar: int, maned: int) -> str:
    return f"{MANEDSNAVN[maned - 1].capitalize()} {ar}"


def per_maned(hendelser: list[Hendelse], skolear: str) -> list[dict]:
    """Month sections like the document: the wheel's months plus any month outside it that has events."""
    grupper: dict[tuple[int, int], list[Hendelse]] = {am: [] for am in wheel_maneder(skolear)}
    for h in hendelser:
        grupper.setdefault((h.start.year, h.start.month), []).append(h)
    return [
        {"ar": ar, "maned": m, "navn": maned_navn(ar, m), "id": f"m-{ar}-{m:02d}", "hendelser": hs}
        for (ar, m), hs in sorted(grupper.items())
    ]


def forekomster(h: Hendelse, fra: datetime.date, til: datetime.date) -> list[datetime.date]:
    """The days an event happens on within [fra, til]: its recurrences, or its start date(s)."""
    if h.datotype == kjerne.Datotype.GJENTAKENDE.value and h.rrule:
        regel = rrulestr(h.rrule, dtstart=datetime.datetime.combine(h.start, datetime.time()))
        start = datetime.datetime.combine(fra, datetime.time())
        slutt = datetime.datetime.combine(til, datetime.time())
        return [d.date() for d in regel.between(start, slutt, inc=True)]
    if h.slutt < fra or h.start > til:
        return []
    return [max(h.start, fra)]


def alle_forekomster(h: Hendelse) -> list[datetime.date]:
    if h.datotype == kjerne.Datotype.GJENTAKENDE.value and h.rrule:
        regel = rrulestr(h.rrule, dtstart=datetime.datetime.combine(h.start, datetime.time()))
        return [d.date() for d in regel[:400]]
    return [h.start]


def neste_dager(
    bruker, dager: int = 30, idag: datetime.date | None = None
) -> list[tuple[datetime.date, Hendelse]]:
    """Published events happening in the next ``dager`` days (recurrences included), vacation excluded."""
    idag = idag or timezone.localdate()
    til = idag + datetime.timedelta(days=dager)
    qs = hendelser_for(bruker).filter(utkast=False).exclude(type=kjerne.Hendelsestype.FERIE.value)
    kandidater = qs.filter(start__lte=til).exclude(slutt__lt=idag, datotype__in=["dato", "periode", "uke"])
    ut = [(d, h) for h in kandidater for d in forekomster(h, idag, til)]
    return sorted(ut, key=lambda dh: (dh[0], dh[1].start, dh[1].pk))


def feed_for(bruker) -> Kalenderfeed | None:
    return avgrens(Kalenderfeed.objects.select_related("fylke"), bruker).first()


def hendelser_for_feed(token: str, skolear: str, kategori: str = "") -> tuple[Kalenderfeed, QuerySet] | None:
    """Published events of the county behind an (unguessable) feed token; None for an unknown token."""
    feed = Kalenderfeed.objects.select_related("fylke").filter(token=token).first()
    if feed is None:
        return None
    qs = feed.fylke.arshjulhendelser.filter(skolear_id=skolear, utkast=False)
    if kategori:
        qs = qs.filter(kategori=kategori)
    return feed, qs.order_by("start", "linje_fra", "pk")


def rutiner() -> QuerySet[Rutine]:
    return Rutine.objects.filter(aktiv=True).prefetch_related("steg")


def rutiner_med_jobb(kode: str) -> list[Rutine]:
    return [r for r in rutiner() if any(s.jobbkode == kode for s in r.steg.all())]


def forgjengere_fra_db(kode: str) -> set[str]:
    """Predecessors of ``kode`` in the active routines in the database (the nearest earlier job step)."""
    ut: set[str] = set()
    for r in rutiner_med_jobb(kode):
        koder = [s.jobbkode for s in r.steg.all() if s.jobbkode]
        for a, b in zip(koder, koder[1:], strict=False):
            if b == kode:
                ut.add(a)
    return ut
