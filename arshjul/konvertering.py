"""Mapping between the framework-free core's dataclasses and the Django model."""

from __future__ import annotations

from typing import Any

from arshjul import kjerne
from arshjul.models import Hendelse


def felt_fra_kjerne(h: kjerne.Hendelse) -> dict[str, Any]:
    """The model fields the document decides (everything a re-import may update)."""
    return {
        "datotype": h.tid.type.value,
        "start": h.tid.start,
        "slutt": h.tid.slutt,
        "datotekst": h.tid.tekst[:100],
        "uker": list(h.tid.uker),
        "rrule": h.tid.rrule or "",
        "regeltekst": h.tid.regeltekst or "",
        "fra": h.fra[:300],
        "hva": h.hva,
        "til": h.til[:300],
        "kommentar": h.kommentar,
        "kategori": h.kategori.value,
        "kategori_regel": h.kategori_regel,
        "type": h.type.value,
        "type_regel": h.type_regel,
        "jobbkoder": dict(h.jobbkoder),
        "linje_fra": h.linje_fra,
        "linje_til": h.linje_til,
        "forekomst": h.forekomst,
    }


def tidspunkt(h: Hendelse) -> kjerne.Tidspunkt:
    return kjerne.Tidspunkt(
        type=kjerne.Datotype(h.datotype),
        start=h.start,
        slutt=h.slutt,
        tekst=h.datotekst,
        uker=tuple(h.uker or ()),
        rrule=h.rrule or None,
        regeltekst=h.regeltekst or None,
    )


def til_kjerne(h: Hendelse) -> kjerne.Hendelse:
    """The core dataclass of a stored event (with the county's own, possibly overridden, category)."""
    return kjerne.Hendelse(
        skolear=h.skolear_id,
        tid=tidspunkt(h),
        fra=h.fra,
        hva=h.hva,
        til=h.til,
        kommentar=h.kommentar,
        kategori=kjerne.Kategori(h.kategori),
        kategori_regel=h.kategori_regel,
        type=kjerne.Hendelsestype(h.type),
        type_regel=h.type_regel,
        jobbkoder=dict(h.jobbkoder or {}),
        linje_fra=h.linje_fra,
        linje_til=h.linje_til,
        forekomst=h.forekomst,
    )
