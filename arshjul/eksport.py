"""Export of a county's wheel: iCalendar (via the core's ``til_ical``), JSON and a printable PDF (weasyprint)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from arshjul import kjerne
from arshjul.farger import farge, tekstfarge
from arshjul.konvertering import til_kjerne
from arshjul.models import Hendelse
from arshjul.selectors import legende, per_maned


def kalendernavn(fylke, skolear: str, kategori: str = "") -> str:
    navn = f"Årshjul {skolear} – {fylke.navn}"
    if kategori:
        try:
            navn += f" – {kjerne.Kategori(kategori).etikett}"
        except ValueError:
            pass
    return navn


def ical(hendelser: Iterable[Hendelse], navn: str) -> bytes:
    """RFC 5545: one all-day VEVENT per event; ranges as multi-day; recurring rule as RRULE.

    The UID gets the county number, so a user who subscribes to two counties' feeds gets two events.
    """
    hendelser = list(hendelser)
    data = kjerne.til_ical([til_kjerne(h) for h in hendelser], navn)
    fylker = {h.nokkel: h.fylke.nummer for h in hendelser}
    return re.sub(
        rb"UID:([0-9a-f]{32})@",
        lambda m: b"UID:" + m[1] + b"-" + fylker.get(m[1].decode(), "00").encode() + b"@",
        data,
    )


def json_bytes(hendelser: Iterable[Hendelse]) -> bytes:
    return kjerne.til_json([til_kjerne(h) for h in hendelser]).encode("utf-8")


def pdf_html(hendelser: Iterable[Hendelse], fylke, skolear: str) -> str:
    hendelser = list(hendelser)
    for h in hendelser:
        h.farge, h.tekstfarge = farge(h.kategori), tekstfarge(h.kategori)
    return render_to_string(
        "arshjul/pdf.html",
        {
            "fylke": fylke,
            "skolear": skolear,
            "maneder": [m for m in per_maned(hendelser, skolear) if m["hendelser"]],
            "legende": legende(),
            "generert": timezone.localtime(),
            "antall": len(hendelser),
        },
    )


def pdf(hendelser: Iterable[Hendelse], fylke, skolear: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=pdf_html(hendelser, fylke, skolear)).write_pdf()
