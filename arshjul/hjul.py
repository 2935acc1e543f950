"""Geometry of the server-rendered wheel (SVG): twelve month sectors from August at the top, clockwise.

Each category has its own ring (so colour is never the only cue); an event is a mark on its ring at its date,
a range/week is an arc, a recurring rule shows a tick per occurrence. Vacation weeks are shaded sectors behind
everything. The template turns these numbers into SVG; every event gets exactly one focusable mark.
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass, field

from arshjul import kjerne
from arshjul.farger import FERIE_FARGE, farge
from arshjul.kjerne.datoer import MANEDSNAVN
from arshjul.models import Hendelse
from arshjul.selectors import alle_forekomster
from kodeverk.skolear import skolear_for_kode

INDRE = 110.0
RINGBREDDE = 22.0
KATEGORIER = [k.value for k in kjerne.Kategori]
YTRE = INDRE + RINGBREDDE * len(KATEGORIER)
ETIKETT_R = YTRE + 34
MANEDER = [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]


def vinkel(d: datetime.date, slutt_av_dag: bool = False) -> float:
    """Degrees clockwise from the top: August 1 is 0°, each month is 30°."""
    dager = calendar.monthrange(d.year, d.month)[1]
    brok = (d.day if slutt_av_dag else d.day - 0.5) / dager
    return ((d.month - 8) % 12 + brok) * 30.0


def punkt(r: float, grader: float) -> tuple[float, float]:
    rad = math.radians(grader)
    return round(r * math.sin(rad), 2), round(-r * math.cos(rad), 2)


def sektor(r0: float, r1: float, a0: float, a1: float) -> str:
    """SVG path of an annular wedge between angles a0 and a1 (degrees, clockwise)."""
    if a1 - a0 >= 359.99:
        a1 = a0 + 359.99
    stor = 1 if a1 - a0 > 180 else 0
    x0, y0 = punkt(r1, a0)
    x1, y1 = punkt(r1, a1)
    x2, y2 = punkt(r0, a1)
    x3, y3 = punkt(r0, a0)
    return (f"M{x3},{y3} L{x0},{y0} A{r1},{r1} 0 {stor} 1 {x1},{y1} "
            f"L{x2},{y2} A{r0},{r0} 0 {stor} 0 {x3},{y3} Z")  # fmt: skip


def bue(r: float, a0: float, a1: float) -> str:
    stor = 1 if a1 - a0 > 180 else 0
    x0, y0 = punkt(r, a0)
    x1, y1 = punkt(r, a1)
    return f"M{x0},{y0} A{r},{r} 0 {stor} 1 {x1},{y1}"


def ring_radius(kategori: str) -> float:
    i = KATEGORIER.index(kategori) if kategori in KATEGORIER else 0
    return INDRE + RINGBREDDE * (i + 0.5)


@dataclass
class Merke:
    h: Hendelse
    x: float
    y: float
    farge: str
    bane: str = ""  # arc path for ranges
    flekker: list[tuple[float, float]] = field(default_factory=list)  # other occurrences of a recurring event


@dataclass
class Hjul:
    maneder: list[dict]
    ringer: list[dict]
    ferie: list[dict]
    merker: list[Merke]
    idag: dict | None
    storrelse: int = int(YTRE + 70)

    @property
    def bredde(self) -> int:
        return 2 * self.storrelse


def lag_hjul(hendelser: list[Hendelse], skolear: str, idag: datetime.date | None = None) -> Hjul:
    maneder = []
    for i, m in enumerate(MANEDER):
        a0, a1 = i * 30.0, (i + 1) * 30.0
        tx, ty = punkt(ETIKETT_R, a0 + 15)
        maneder.append({"navn": MANEDSNAVN[m - 1].capitalize(), "kort": MANEDSNAVN[m - 1][:3].capitalize(),
                        "bane": sektor(INDRE, YTRE, a0, a1), "jevn": i % 2 == 0, "tx": tx, "ty": ty,
                        "linje": (*punkt(INDRE - 6, a0), *punkt(YTRE + 6, a0))})  # fmt: skip
    ringer = [{"r": INDRE + RINGBREDDE * i} for i in range(len(KATEGORIER) + 1)]
    ferie, merker = [], []
    brukt: dict[tuple[str, datetime.date], int] = {}
    for h in hendelser:
        if h.er_ferie:
            a0, a1 = vinkel(h.start) - 0.5 / 31 * 30, vinkel(h.slutt, slutt_av_dag=True)
            if a1 < a0:  # a range over the wheel's seam (late July into August)
                a1 += 360
            ferie.append({"h": h, "bane": sektor(INDRE, YTRE, a0, a1), "farge": FERIE_FARGE})
            continue
        n = brukt.get((h.kategori, h.start), 0)
        brukt[(h.kategori, h.start)] = n + 1
        r = ring_radius(h.kategori) + (0, -6, 6)[n % 3]
        a = vinkel(h.start) + 2.0 * (n // 3)
        x, y = punkt(r, a)
        merke = Merke(h, x, y, farge(h.kategori))
        if h.slutt > h.start and h.datotype != kjerne.Datotype.GJENTAKENDE.value:
            a1 = vinkel(h.slutt, slutt_av_dag=True)
            merke.bane = bue(r, vinkel(h.start) - 0.4, a1 if a1 > a else a1 + 360)
        if h.datotype == kjerne.Datotype.GJENTAKENDE.value:
            merke.flekker = [punkt(r, vinkel(d)) for d in alle_forekomster(h)[1:]]
        merker.append(merke)
    dag = None
    if idag and skolear_for_kode(skolear).inneholder(idag):
        a = vinkel(idag)
        dag = {"x1": punkt(INDRE - 20, a)[0], "y1": punkt(INDRE - 20, a)[1],
               "x2": punkt(YTRE + 12, a)[0], "y2": punkt(YTRE + 12, a)[1], "dato": idag}  # fmt: skip
    return Hjul(maneder, ringer, ferie, merker, dag)
