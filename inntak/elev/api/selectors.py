"""Reads of the student register's API, always through ``vigo.scoping.avgrens`` (the client's county, and school
for a school client). Rows come back as plain dicts named like the API fields (``vigo.api.selectors.Utvalg``,
FINT utdanning naming)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from inntak.elev.models import Elevforhold
from vigo.api.selectors import FELLES_SKOLEFELT, Utvalg
from vigo.models import Person
from vigo.scoping import avgrens

ELEV = Utvalg({
    "id": "id", "fodselsnummer": "fodselsnummer", "fornavn": "fornavn", "mellomnavn": "mellomnavn",
    "etternavn": "etternavn", "fodselsdato": "fodselsdato", "adresse": "adresse", "postnummer": "postnummer",
    "poststed": "poststed", "epost": "epost", "mobil": "mobil", "malform": "malform", "endret": "endret",
})  # fmt: skip
ELEVFORHOLD = Utvalg({
    **FELLES_SKOLEFELT, "programomrade": "programomrade__kode", "startdato": "startdato", "avbruddsdato": "avbruddsdato",
    "avbruddsarsak": "avbruddsarsak", "elevstatus": "elevstatus__kode", "endret": "endret",
})  # fmt: skip


def elevforhold_for(bruker) -> QuerySet[Elevforhold]:
    return avgrens(Elevforhold.objects.all(), bruker)


def elever_for(bruker) -> QuerySet[Person]:
    """Persons in scope that have an elevforhold in scope (applicants without one are not «elever»)."""
    forhold = avgrens(Elevforhold.objects.filter(person_id=OuterRef("pk")), bruker)
    return avgrens(Person.objects.filter(Exists(forhold)), bruker)
