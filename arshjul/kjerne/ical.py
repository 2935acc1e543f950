"""Eksport av hendelser til iCalendar (RFC 5545) og JSON.

Alle hendelser er heldagshendelser: årshjulet har ingen klokkeslett, og
``DTSTART;VALUE=DATE`` gjør at datoen ikke forskyves av tidssoner hos mottakeren.
UID bygger på den naturlige nøkkelen, så en ny eksport oppdaterer i stedet for å duplisere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vRecur

from .modell import Datotype, Hendelse

PRODID = "-//VIGO Opplæring//Årshjul//NO"
UID_DOMENE = "arshjul.vigo-opplaering"


def _beskrivelse(h: Hendelse) -> str:
    linjer = [h.hva]
    if h.fra:
        linjer.append(f"Fra: {h.fra}")
    if h.til:
        linjer.append(f"Til: {h.til}")
    if h.kommentar:
        linjer.append(f"Kommentar: {h.kommentar}")
    if h.jobbkoder:
        koder = ", ".join(f"{k} – {n}" if n else k for k, n in h.jobbkoder.items())
        linjer.append(f"Jobbkoder: {koder}")
    if h.tid.regeltekst:
        linjer.append(f"Gjentakelse: {h.tid.regeltekst}")
    linjer.append(f"Type: {h.type.etikett}. Kategori: {h.kategori.etikett}.")
    return "\n".join(linjer)


def _oppsummering(h: Hendelse, maks: int = 120) -> str:
    return h.hva if len(h.hva) <= maks else h.hva[: maks - 1].rstrip() + "…"


def til_ical(
    hendelser: Iterable[Hendelse], kalendernavn: str, *, tidsstempel: datetime | None = None
) -> bytes:
    """Én VEVENT per hendelse; perioder og uker som flerdagshendelser, gjentakende med RRULE.

    ``tidsstempel`` (DTSTAMP) kan låses for reproduserbar utdata; standard er nå (UTC).
    """
    stempel = tidsstempel or datetime.now(UTC)
    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("name", kalendernavn)
    kalender.add("x-wr-calname", kalendernavn)
    for h in hendelser:
        hendelse = Event()
        hendelse.add("uid", f"{h.nokkel}@{UID_DOMENE}")
        hendelse.add("dtstamp", stempel)
        hendelse.add("dtstart", h.tid.start)
        hendelse.add("dtend", h.tid.slutt + timedelta(days=1))
        if h.tid.type is Datotype.GJENTAKENDE and h.tid.rrule:
            hendelse.add("rrule", vRecur.from_ical(h.tid.rrule))
        hendelse.add("summary", _oppsummering(h))
        hendelse.add("description", _beskrivelse(h))
        hendelse.add("categories", [h.kategori.etikett, h.type.etikett])
        hendelse.add("transp", "TRANSPARENT")
        hendelse.add("x-vigo-kategori", h.kategori.value)
        hendelse.add("x-vigo-type", h.type.value)
        kalender.add_component(hendelse)
    return kalender.to_ical()


def hendelse_til_dict(h: Hendelse) -> dict[str, Any]:
    """JSON-vennlig form med nøkkel og begrunnelser, f.eks. til API eller fixtures."""
    return {
        "nokkel": h.nokkel,
        "skolear": h.skolear,
        "datotype": h.tid.type.value,
        "start": h.tid.start.isoformat(),
        "slutt": h.tid.slutt.isoformat(),
        "datotekst": h.tid.tekst,
        "uker": list(h.tid.uker),
        "rrule": h.tid.rrule,
        "regeltekst": h.tid.regeltekst,
        "fra": h.fra,
        "hva": h.hva,
        "til": h.til,
        "kommentar": h.kommentar,
        "kategori": h.kategori.value,
        "kategori_etikett": h.kategori.etikett,
        "kategori_regel": h.kategori_regel,
        "type": h.type.value,
        "type_regel": h.type_regel,
        "jobbkoder": dict(h.jobbkoder),
        "linje_fra": h.linje_fra,
        "linje_til": h.linje_til,
    }


def til_json(hendelser: Iterable[Hendelse], *, indent: int | None = 2) -> str:
    """Liste av hendelser som JSON (UTF-8-tegn beholdes)."""
    return json.dumps([hendelse_til_dict(h) for h in hendelser], ensure_ascii=False, indent=indent)
