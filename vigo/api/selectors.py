"""Reads of the API, always through ``vigo.scoping.avgrens`` (the client's county, and school for a school
client). Rows come back as plain dicts named like the API fields (FINT utdanning naming)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from kodeverk import models as km
from vigo.models import Elevfag, Elevforhold, Person, Vgskarakter
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
_FELLES = {
    "id": "id",
    "fodselsnummer": "person__fodselsnummer",
    "skolenummer": "skole__skolenummer",
    "skolear": "skolear__kode",
}
ELEVFORHOLD = Utvalg({
    **_FELLES, "programomrade": "programomrade__kode", "startdato": "startdato", "avbruddsdato": "avbruddsdato",
    "avbruddsarsak": "avbruddsarsak", "elevstatus": "elevstatus__kode", "endret": "endret",
})  # fmt: skip
ELEVFAG = Utvalg({**_FELLES, "fag": "fag__kode", "fagstatus": "fagstatus__kode", "endret": "endret"})
VGSKARAKTER = Utvalg({
    **_FELLES, "fag": "fag__kode", "vurdering": "vurdering", "termin": "termin", "karakter": "karakter_id",
    "vurderingsdato": "vurderingsdato", "endret": "endret",
})  # fmt: skip
TILBUD = Utvalg({
    "id": "id", "skolenummer": "skole__skolenummer", "skolenavn": "skole__navn",
    "programomrade": "programomrade__kode", "programomradenavn": "programomrade__navn",
    "skolear": "skolear__kode", "plasser": "plasser", "antall_klasser": "antall_klasser",
    "landslinje": "landslinje", "inntakskrav": "inntakskrav", "status": "status",
})  # fmt: skip
INNTAKSRESULTAT = Utvalg({
    "id": "id", "skolear": "inntakskjoring__skolear__kode", "niva": "inntakskjoring__niva",
    "runde": "inntakskjoring__runde", "publisert": "inntakskjoring__publisert_tidspunkt",
    "svarfrist": "inntakskjoring__svarfrist", "tilbud": "tilbud_id", "skolenummer": "tilbud__skole__skolenummer",
    "programomrade": "tilbud__programomrade__kode", "fodselsnummer": "soknad__person__fodselsnummer",
    "fornavn": "soknad__person__fornavn", "etternavn": "soknad__person__etternavn", "onske_nr": "onske_nr",
    "fast_plass": "fast_plass", "beholdt": "beholdt", "tildelt_i_runde": "runde", "svar": "svarkode",
    "besvart": "besvart_tid",
})  # fmt: skip


# --- SAS resources ---------------------------------------------------------------------------------------------
def elevforhold_for(bruker) -> QuerySet[Elevforhold]:
    return avgrens(Elevforhold.objects.all(), bruker)


def elever_for(bruker) -> QuerySet[Person]:
    """Persons in scope that have an elevforhold in scope (applicants without one are not «elever»)."""
    forhold = avgrens(Elevforhold.objects.filter(person_id=OuterRef("pk")), bruker)
    return avgrens(Person.objects.filter(Exists(forhold)), bruker)


def elevfag_for(bruker) -> QuerySet[Elevfag]:
    return avgrens(Elevfag.objects.all(), bruker)


def vgskarakterer_for(bruker) -> QuerySet[Vgskarakter]:
    return avgrens(Vgskarakter.objects.all(), bruker)


def inntaksresultater_for(
    bruker, *, skolear: str | None = None, niva: str | None = None, runde: int | None = None,
    tilbud: int | None = None,
) -> QuerySet:  # fmt: skip
    """Applicants given a place in published intake rounds (never simulations), with their answer.

    ``svar`` is "" until the applicant has answered (inntak.SvarType). A school sees the places at its own
    tilbud (``Tildeling`` scopes to ``tilbud__skole``).
    """
    from inntak.models import Svar, Tildeling

    svar = Svar.objects.filter(
        inntakskjoring_id=OuterRef("inntakskjoring_id"), soknad_id=OuterRef("soknad_id")
    )
    qs = avgrens(Tildeling.objects.filter(inntakskjoring__publisert=True, tilbud__isnull=False), bruker)
    filtre = {"inntakskjoring__skolear__kode": skolear, "inntakskjoring__niva": niva,
              "inntakskjoring__runde": runde, "tilbud_id": tilbud}  # fmt: skip
    qs = qs.filter(**{k: v for k, v in filtre.items() if v is not None})
    return qs.annotate(
        svarkode=Coalesce(Subquery(svar.values("svar")[:1]), Value("")),
        besvart_tid=Subquery(svar.values("besvart")[:1]),
    )


def tilbud_for(bruker, skolear: str | None = None) -> QuerySet:
    from inntak.models import Tilbud

    qs = avgrens(Tilbud.objects.all(), bruker)
    return qs.filter(skolear__kode=skolear) if skolear else qs


# --- Kodeverk (national code lists; schools: the client's county) --------------------------------------------
def _rader(qs: QuerySet, felt: dict[str, str]) -> list[dict[str, Any]]:
    return Utvalg(felt).rader(qs)


def _tekst(verdier: Iterable[dict[str, Any]], felt: str) -> list[dict[str, Any]]:
    for rad in verdier:
        if rad[felt] is not None:
            rad[felt] = str(rad[felt])
    return list(verdier)


def programomrader() -> list[dict[str, Any]]:
    felt = {k: k for k in ("kode", "navn", "navn_nn", "niva", "gyldig_fra", "gyldig_til", "poengberegnes",
                           "landslinje")}  # fmt: skip
    return _rader(
        km.Programomrade.objects.order_by("kode"), {**felt, "utdanningsprogram": "utdanningsprogram__kode"}
    )


def fag() -> list[dict[str, Any]]:
    felt = {k: k for k in ("kode", "navn", "navn_nn", "grunnskole", "aktiv")}
    return _rader(km.Fag.objects.order_by("kode"), {**felt, "fagtype": "fagtype__kode"})


def skoler(bruker) -> list[dict[str, Any]]:
    """The schools of the client's county (the school register is public; NSR publishes it)."""
    felt = {k: k for k in ("skolenummer", "organisasjonsnummer", "navn", "skoleeiertype", "privat", "aktiv")}
    qs = km.Skole.objects.filter(fylke_id=bruker.fylke_id).order_by("skolenummer")
    return _rader(qs, {**felt, "fylkesnummer": "fylke__nummer", "kommunenummer": "kommune__nummer"})


def karakterverdier() -> list[dict[str, Any]]:
    rader = _rader(
        km.Karakterverdi.objects.order_by("kode"), {k: k for k in ("kode", "navn", "tallverdi", "skala")}
    )
    return _tekst(rader, "tallverdi")


def fagstatuser() -> list[dict[str, Any]]:
    return _rader(km.Fagstatus.objects.order_by("kode"), {k: k for k in ("kode", "navn", "aktiv")})


def elevstatuser() -> list[dict[str, Any]]:
    return _rader(km.Elevstatus.objects.order_by("kode"), {k: k for k in ("kode", "navn", "aktiv")})


def skolear() -> list[dict[str, Any]]:
    return _rader(
        km.Skolear.objects.order_by("kode"), {k: k for k in ("kode", "startdato", "sluttdato", "aktiv")}
    )
