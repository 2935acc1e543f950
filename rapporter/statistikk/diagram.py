"""Server-side SVG charts from a ``Tabell`` (no CDN, no script): grouped bars, stacked bars, lines over years.

The chart is an image (``role="img"`` with ``<title>``/``<desc>``); the accessible table right after it on the page
carries the same numbers. Bars are horizontal so full programme and school names fit as labels. Each series has its
own colour (all ≥ 3:1 against white) and, for the colour-blind, its own pattern (bars) or dash and marker (lines).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rapporter.statistikk.figur import Tabell

# Contrast against white: 10.9, 4.6, 6.6, 8.3, 7.4, 5.9, 8.9, 5.1 (all ≥ 3:1, WCAG 1.4.11).
FARGER = ("#00407a", "#b35900", "#0b6b2e", "#6a2c91", "#a4161a", "#00656e", "#4a4a4a", "#8a5a00")
STREK = ("", "6 3", "2 3", "8 3 2 3")  # line dashes
MAKS_SERIER = len(FARGER)
MAKS_KATEGORIER = 40
BREDDE = 800
TEKST = "#1b1b1b"
AKSE = "#4a4a4a"
RUTENETT = "#d9d9d9"


def er_tall(v: Any) -> bool:
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def tall_tekst(v: Any) -> str:
    """Norwegian number format: non-breaking space between thousands, decimal comma; None is «–»."""
    if v is None:
        return "–"
    if not er_tall(v):
        return str(v)
    if isinstance(v, float):
        v = Decimal(str(round(v, 1)))
    if isinstance(v, Decimal):
        v = v.quantize(Decimal("0.01")) if v != v.to_integral_value() else v.to_integral_value()
        tekst = f"{v:,f}"
    else:
        tekst = f"{v:,}"
    return tekst.replace(",", "\u00a0").replace(".", ",")


@dataclass
class Serier:
    kategorier: list[str]
    serier: list[tuple[str, list[Any]]]  # (name, one value per category; None = no value)
    merknad: str = ""


def serier_fra(tabell: Tabell) -> Serier:
    """Categories and series of a table, in long format (one row per category × series) or wide format."""
    k = tabell.kategori_kolonne
    if tabell.serie_fra_kolonne is not None:
        s, v = tabell.serie_fra_kolonne, tabell.verdi_kolonne
        kategorier: dict[str, None] = {}
        navn: dict[str, None] = {}
        verdier: dict[tuple[str, str], Any] = {}
        for rad in tabell.rader:
            kat, serie = str(rad[k]), str(rad[s])
            kategorier.setdefault(kat)
            navn.setdefault(serie)
            verdier[(kat, serie)] = rad[v]
        kat_liste = sorted(kategorier) if tabell.diagram == "linje" else list(kategorier)
        return Serier(kat_liste, [(n, [verdier.get((kat, n)) for kat in kat_liste]) for n in navn])
    kolonner = tabell.serie_kolonner or tuple(
        i
        for i in range(len(tabell.kolonner))
        if i != k
        and any(er_tall(r[i]) for r in tabell.rader)
        and all(r[i] is None or er_tall(r[i]) for r in tabell.rader)
    )
    return Serier(
        [str(r[k]) for r in tabell.rader],
        [(tabell.kolonner[i], [r[i] for r in tabell.rader]) for i in kolonner],
    )


def tabell_for_visning(tabell: Tabell) -> tuple[list[str], list[list[Any]]]:
    """The accessible table: the first column is the row heading. Long format is pivoted so the dimension with
    more values runs down the rows (programmes × years, tilbud × years) and the table stays narrow."""
    # Pivot only plain long format (category, series, value): extra columns (e.g. the counts behind a share)
    # would be lost, so such tables are shown row by row as declared, the category column first.
    if tabell.serie_fra_kolonne is None or len(tabell.kolonner) != 3:
        k = tabell.kategori_kolonne
        rekkefolge = [k, *(i for i in range(len(tabell.kolonner)) if i != k)]
        return [tabell.kolonner[i] for i in rekkefolge], [[r[i] for i in rekkefolge] for r in tabell.rader]
    d = serier_fra(tabell)
    if len(d.serier) > len(d.kategorier):
        hode = [tabell.kolonner[tabell.serie_fra_kolonne], *d.kategorier]
        return hode, [[navn, *verdier] for navn, verdier in d.serier]
    hode = [tabell.kolonner[tabell.kategori_kolonne], *(n for n, _ in d.serier)]
    return hode, [[kat, *(verdier[i] for _, verdier in d.serier)] for i, kat in enumerate(d.kategorier)]


def _avgrens(d: Serier) -> Serier:
    merknader = []
    if len(d.serier) > MAKS_SERIER:
        merknader.append(f"Diagrammet viser de {MAKS_SERIER} første av {len(d.serier)} seriene")
        d = Serier(d.kategorier, d.serier[:MAKS_SERIER])
    if len(d.kategorier) > MAKS_KATEGORIER:
        merknader.append(f"de {MAKS_KATEGORIER} første av {len(d.kategorier)} kategoriene")
        d = Serier(d.kategorier[:MAKS_KATEGORIER], [(n, v[:MAKS_KATEGORIER]) for n, v in d.serier])
    if merknader:
        d.merknad = (
            " og ".join(merknader) + ". Alle tallene står i tabellen; velg skole eller program for færre."
        )
    return d


def _skala(storst: float) -> tuple[float, list[float]]:
    """A round maximum and 4–6 ticks from 0."""
    if storst <= 0:
        return 1.0, [0.0, 1.0]
    grov = storst / 5
    potens = 10 ** math.floor(math.log10(grov))
    steg = next(m * potens for m in (1, 2, 2.5, 5, 10) if m * potens >= grov)
    topp = steg * math.ceil(storst / steg)
    return topp, [i * steg for i in range(int(round(topp / steg)) + 1)]


def _kort(tekst: str, maks: int) -> str:
    return tekst if len(tekst) <= maks else tekst[: maks - 1] + "…"


MONSTRE = 5  # solid, diagonal stripes, dots, horizontal stripes, vertical stripes


def _fyll(p: str, i: int) -> str:
    return FARGER[i] if i % MONSTRE == 0 else f"url(#{p}-m{i})"


def _monstre(p: str, n: int) -> str:
    """Patterns for the series that are not solid: diagonal, dotted, horizontal or vertical on the series colour."""
    ut = []
    for i in range(n):
        farge, typ = FARGER[i], i % MONSTRE
        if typ == 0:
            continue
        if typ == 1:
            innhold = '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/>'
            transform = ' patternTransform="rotate(45)"'
        elif typ == 2:
            innhold = '<circle cx="3" cy="3" r="1.3" fill="#fff"/>'
            transform = ""
        elif typ == 3:
            innhold = '<line x1="0" y1="3" x2="6" y2="3" stroke="#fff" stroke-width="1.5"/>'
            transform = ""
        else:
            innhold = '<line x1="3" y1="0" x2="3" y2="6" stroke="#fff" stroke-width="1.5"/>'
            transform = ""
        ut.append(
            f'<pattern id="{p}-m{i}" width="6" height="6" patternUnits="userSpaceOnUse"{transform}>'
            f'<rect width="6" height="6" fill="{farge}"/>{innhold}</pattern>'
        )
    return f"<defs>{''.join(ut)}</defs>" if ut else ""


def _markor(i: int, x: float, y: float) -> str:
    """Circle, square, triangle, diamond, triangle down: with four dashes, no two of the 8 series look alike."""
    farge, typ = FARGER[i], i % 5
    if typ == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{farge}"/>'
    if typ == 1:
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{farge}"/>'
    if typ == 2:
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" fill="{farge}"/>'
    if typ == 3:
        return (
            f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" '
            f'fill="{farge}"/>'
        )
    return (
        f'<path d="M{x:.1f} {y + 5:.1f} L{x + 5:.1f} {y - 4:.1f} L{x - 5:.1f} {y - 4:.1f} Z" fill="{farge}"/>'
    )


def _tekst(
    x: float, y: float, tekst: str, *, anker: str = "start", storrelse: int = 12, ekstra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anker}" font-size="{storrelse}" fill="{TEKST}"{ekstra}>'
        f"{escape(tekst)}</text>"
    )


def _forklaring(p: str, d: Serier, y: float, *, linje: bool) -> tuple[str, float]:
    """The legend below the chart, four entries per row; returns the markup and the y below it."""
    # Long names (tilbud: «skole – programområde») get two entries per row instead of four.
    per_rad = 2 if any(len(navn) > 26 for navn, _ in d.serier) else 4
    ut, bredde, maks = [], (BREDDE - 20) / per_rad, 26 if per_rad == 4 else 58
    for i, (navn, _) in enumerate(d.serier):
        x, yy = 10 + (i % per_rad) * bredde, y + (i // per_rad) * 22
        if linje:
            strek = f' stroke-dasharray="{STREK[i % 4]}"' if STREK[i % 4] else ""
            ut.append(f'<line x1="{x:.1f}" y1="{yy - 4:.1f}" x2="{x + 24:.1f}" y2="{yy - 4:.1f}" '
                      f'stroke="{FARGER[i]}" stroke-width="2.5"{strek}/>')  # fmt: skip
            ut.append(_markor(i, x + 12, yy - 4))
        else:
            ut.append(f'<rect x="{x:.1f}" y="{yy - 12:.1f}" width="24" height="14" fill="{_fyll(p, i)}" '
                      f'stroke="{FARGER[i]}"/>')  # fmt: skip
        ut.append(_tekst(x + 30, yy, _kort(navn, maks)))
    rader = math.ceil(len(d.serier) / per_rad)
    return "".join(ut), y + rader * 22


def _beskrivelse(d: Serier, enhet: str) -> str:
    deler = []
    for j, kat in enumerate(d.kategorier[:20]):
        verdier = ", ".join(f"{navn} {tall_tekst(v[j])}" for navn, v in d.serier if v[j] is not None)
        deler.append(f"{kat}: {verdier}")
    tekst = "; ".join(deler)
    if len(d.kategorier) > 20:
        tekst += "; …"
    return f"{tekst}. {('Enhet: ' + enhet + '. ') if enhet else ''}Alle tallene står i tabellen under diagrammet."


def _ramme(p: str, tittel: str, beskrivelse: str, hoyde: float, innhold: str) -> SafeString:
    return mark_safe(
        f'<svg role="img" aria-labelledby="{p}-tittel {p}-beskrivelse" viewBox="0 0 {BREDDE} {hoyde:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" class="statistikk-diagram" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="{p}-tittel">{escape(tittel)}</title><desc id="{p}-beskrivelse">{escape(beskrivelse)}</desc>'
        f'<rect width="{BREDDE}" height="{hoyde:.0f}" fill="#fff"/>{innhold}</svg>'
    )


def _stolper(p: str, d: Serier, tabell: Tabell, *, stablet: bool) -> tuple[str, float]:
    """Horizontal bars: category names on the left, values along the bottom."""
    x0, x1, topp = 250.0, BREDDE - 50.0, 10.0
    n = max(len(d.serier), 1)
    stolpe = 22.0 if stablet else (14.0 if n <= 4 else 9.0)
    gruppe = (stolpe if stablet else stolpe * n) + 10
    if stablet:
        storst = max((sum(v[j] or 0 for _, v in d.serier) for j in range(len(d.kategorier))), default=0)
    else:
        storst = max((x for _, v in d.serier for x in v if x is not None), default=0)
    maks, merker = _skala(float(storst))
    skal = (x1 - x0) / maks
    bunn = topp + gruppe * len(d.kategorier)
    ut = []
    for m in merker:
        x = x0 + m * skal
        ut.append(f'<line x1="{x:.1f}" y1="{topp:.1f}" x2="{x:.1f}" y2="{bunn:.1f}" stroke="{RUTENETT}"/>')
        ut.append(
            _tekst(
                x, bunn + 16, tall_tekst(Decimal(str(m)) if m % 1 else int(m)), anker="middle", storrelse=11
            )
        )
    for j, kat in enumerate(d.kategorier):
        y = topp + j * gruppe + 5
        ut.append(_tekst(x0 - 8, y + (gruppe - 10) / 2 + 4, _kort(kat, 34), anker="end"))
        start = x0
        for i, (_, verdier) in enumerate(d.serier):
            v = float(verdier[j] or 0)
            b = v * skal
            yy = y if stablet else y + i * stolpe
            if b > 0:
                ut.append(f'<rect x="{start:.1f}" y="{yy:.1f}" width="{b:.1f}" height="{stolpe - 1:.1f}" '
                          f'fill="{_fyll(p, i)}" stroke="{FARGER[i]}"/>')  # fmt: skip
            if stablet:
                start += b
            elif verdier[j] is not None:
                ut.append(_tekst(x0 + b + 4, yy + stolpe - 3, tall_tekst(verdier[j]), storrelse=10))
        if stablet:
            total = sum(v[j] or 0 for _, v in d.serier)
            ut.append(_tekst(start + 4, y + stolpe - 6, tall_tekst(total), storrelse=10))
    ut.append(f'<line x1="{x0}" y1="{topp}" x2="{x0}" y2="{bunn:.1f}" stroke="{AKSE}"/>')
    ut.append(f'<line x1="{x0}" y1="{bunn:.1f}" x2="{x1}" y2="{bunn:.1f}" stroke="{AKSE}"/>')
    akse = (tabell.enhet or "antall").capitalize() + (" (sum i enden av stolpen)" if stablet else "")
    ut.append(_tekst((x0 + x1) / 2, bunn + 34, akse, anker="middle"))
    ut.append(_tekst(10, bunn + 34, tabell.kolonner[tabell.kategori_kolonne], ekstra=' font-weight="600"'))
    forklaring, y = _forklaring(p, d, bunn + 62, linje=False)
    return "".join(ut) + forklaring, y


def _linjer(p: str, d: Serier, tabell: Tabell) -> tuple[str, float]:
    x0, x1, topp, bunn = 70.0, BREDDE - 30.0, 15.0, 300.0
    storst = max((float(x) for _, v in d.serier for x in v if x is not None), default=0)
    maks, merker = _skala(storst)
    n = len(d.kategorier)
    steg = (x1 - x0) / max(n - 1, 1)
    xs = [x0 + (j * steg if n > 1 else (x1 - x0) / 2) for j in range(n)]

    def y(v) -> float:
        return bunn - float(v) / maks * (bunn - topp)

    ut = []
    for m in merker:
        yy = y(m)
        ut.append(f'<line x1="{x0}" y1="{yy:.1f}" x2="{x1}" y2="{yy:.1f}" stroke="{RUTENETT}"/>')
        ut.append(
            _tekst(
                x0 - 6, yy + 4, tall_tekst(Decimal(str(m)) if m % 1 else int(m)), anker="end", storrelse=11
            )
        )
    for j, kat in enumerate(d.kategorier):
        ut.append(_tekst(xs[j], bunn + 18, kat, anker="middle", storrelse=11))
    for i, (_, verdier) in enumerate(d.serier):
        # A missing year breaks the line instead of drawing a slope through it.
        biter, bit = [], []
        for j, v in enumerate(verdier):
            if v is None:
                biter.append(bit)
                bit = []
            else:
                bit.append(f"{xs[j]:.1f} {y(v):.1f}")
        biter.append(bit)
        strek = f' stroke-dasharray="{STREK[i % 4]}"' if STREK[i % 4] else ""
        for b in biter:
            if len(b) > 1:
                ut.append(
                    f'<polyline points="{" ".join(b)}" fill="none" stroke="{FARGER[i]}" stroke-width="2.5"{strek}/>'
                )
        ut.extend(_markor(i, xs[j], y(v)) for j, v in enumerate(verdier) if v is not None)
    ut.append(f'<line x1="{x0}" y1="{topp}" x2="{x0}" y2="{bunn}" stroke="{AKSE}"/>')
    ut.append(f'<line x1="{x0}" y1="{bunn}" x2="{x1}" y2="{bunn}" stroke="{AKSE}"/>')
    ut.append(_tekst(14, (topp + bunn) / 2, (tabell.enhet or "antall").capitalize(), anker="middle",
                     ekstra=f' transform="rotate(-90 14 {(topp + bunn) / 2:.1f})"'))  # fmt: skip
    ut.append(_tekst((x0 + x1) / 2, bunn + 40, tabell.kolonner[tabell.kategori_kolonne], anker="middle"))
    forklaring, yy = _forklaring(p, d, bunn + 70, linje=True)
    return "".join(ut) + forklaring, yy


def tegn(tabell: Tabell, tittel: str, prefiks: str = "diagram") -> tuple[SafeString, str]:
    """The SVG for ``tabell`` and a note when series or categories were left out of the drawing ("" if none).

    ``prefiks`` makes the element ids unique on the page (patterns, title, description)."""
    p = "".join(c for c in prefiks if c.isalnum() or c in "-_") or "diagram"
    d = _avgrens(serier_fra(tabell))
    if not d.kategorier or not d.serier:
        return _ramme(p, tittel, "Ingen tall for valget.", 60, _tekst(10, 35, "Ingen tall for valget.")), ""
    if tabell.diagram == "linje":
        innhold, hoyde = _linjer(p, d, tabell)
    else:
        innhold, hoyde = _stolper(p, d, tabell, stablet=tabell.diagram == "stablet")
    return _ramme(
        p, tittel, _beskrivelse(d, tabell.enhet), hoyde + 10, _monstre(p, len(d.serier)) + innhold
    ), d.merknad
