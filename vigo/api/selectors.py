"""Reads of the API, always through ``vigo.scoping.avgrens`` (the client's county, and school for a school
client). Rows come back as plain dicts named like the API fields (FINT utdanning naming)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from vigo.models import Elevforhold, Person
from vigo.scoping import avgrens


@dataclass(frozen=True)
class Utvalg:
    """API field → ORM lookup; ``rader`` turns a queryset into dicts with the API names."""

    felt: dict[str, str]

    def rader(self, qs: QuerySet) -> list[dict[str, Any]]:
        navn = list(self.felt)
        return [dict(zip(navn, rad, strict=True)) for rad in qs.values_list(*self.felt.values())]


ELEV = Utvalg({
    "id": "id", "fodselsnummer": "fodselsnummer", "fornavn": "fornavn", "mellomnavn": "mellomnavn",
    "etternavn": "etternavn", "fodselsdato": "fodselsdato", "adresse": "adresse", "postnummer": "postnummer",
    "poststed": "poststed", "epost": "epost", "mobil": "mobil", "malform": "malform", "endret": "endret",
})  # fmt: skip
FELLES_SKOLEFELT = {
    "id": "id",
    "fodselsnummer": "person__fodselsnummer",
    "skolenummer": "skole__skolenummer",
    "skolear": "skolear__kode",
}
ELEVFORHOLD = Utvalg({
    **FELLES_SKOLEFELT, "programomrade": "programomrade__kode", "startdato": "startdato", "avbruddsdato": "avbruddsdato",
    "avbruddsarsak": "avbruddsarsak", "elevstatus": "elevstatus__kode", "endret": "endret",
})  # fmt: skip


# --- SAS resources ---------------------------------------------------------------------------------------------
def elevforhold_for(bruker) -> QuerySet[Elevforhold]:
    return avgrens(Elevforhold.objects.all(), bruker)


def elever_for(bruker) -> QuerySet[Person]:
    """Persons in scope that have an elevforhold in scope (applicants without one are not «elever»)."""
    forhold = avgrens(Elevforhold.objects.filter(person_id=OuterRef("pk")), bruker)
    return avgrens(Person.objects.filter(Exists(forhold)), bruker)
