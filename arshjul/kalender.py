"""The month calendar: weeks Monday–Sunday with the events of each day and vacation weeks as background."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict

from arshjul import kjerne
from arshjul.farger import farge, tekstfarge
from arshjul.kjerne.datoer import helligdag
from arshjul.models import Hendelse
from arshjul.selectors import alle_forekomster

UKEDAGER = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag")


def dager_for(h: Hendelse) -> list[datetime.date]:
    """The days an event is shown on: each day of a range, each occurrence of a recurring rule."""
    if h.datotype == kjerne.Datotype.GJENTAKENDE.value:
        return alle_forekomster(h)
    return [h.start + datetime.timedelta(days=i) for i in range((h.slutt - h.start).days + 1)]


def maned_rutenett(hendelser: list[Hendelse], ar: int, maned: int) -> list[list[dict]]:
    per_dag: dict[datetime.date, list[Hendelse]] = defaultdict(list)
    ferie: dict[datetime.date, list[Hendelse]] = defaultdict(list)
    forste = datetime.date(ar, maned, 1)
    siste = datetime.date(ar, maned, calendar.monthrange(ar, maned)[1])
    for h in hendelser:
        if h.slutt < forste - datetime.timedelta(days=7) and h.datotype != "gjentakende":
            continue
        for d in dager_for(h):
            (ferie if h.er_ferie else per_dag)[d].append(h)
    for h in hendelser:
        h.farge, h.tekstfarge = farge(h.kategori), tekstfarge(h.kategori)
    uker = []
    for uke in calendar.Calendar(firstweekday=0).monthdatescalendar(ar, maned):
        rad = []
        for d in uke:
            fri = helligdag(d)
            rad.append({
                "dato": d,
                "i_maned": forste <= d <= siste,
                "helg": d.weekday() >= 5,
                "helligdag": fri,
                "hendelser": per_dag.get(d, []),
                "ferie": ferie.get(d, []),
                "ukedag": UKEDAGER[d.weekday()],
            })  # fmt: skip
        uker.append({"nummer": uke[0].isocalendar().week, "dager": rad})
    return uker
