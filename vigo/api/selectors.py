"""Shared read helpers of the API. The reads themselves are the domains' (``<app>/api/selectors.py``) and always
go through ``vigo.scoping.avgrens`` (the client's county, and school for a school client). Rows come back as
plain dicts named like the API fields (FINT utdanning naming)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Utvalg:
    """API field → ORM lookup; ``rader`` turns a queryset into dicts with the API names."""

    felt: dict[str, str]

    def rader(self, qs: QuerySet) -> list[dict[str, Any]]:
        navn = list(self.felt)
        return [dict(zip(navn, rad, strict=True)) for rad in qs.values_list(*self.felt.values())]


# The fields every school-held SAS record shares (elevforhold, elevfag, vgs grades).
FELLES_SKOLEFELT = {
    "id": "id",
    "fodselsnummer": "person__fodselsnummer",
    "skolenummer": "skole__skolenummer",
    "skolear": "skolear__kode",
}
