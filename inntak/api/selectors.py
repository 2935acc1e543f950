"""Reads of the intake API (and of the SAS elevfag and vgs grades), always through ``vigo.scoping.avgrens``.

Rows come back as plain dicts named like the API fields (``vigo.api.selectors.Utvalg``, FINT utdanning naming).
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from inntak.elev.models import Elevfag, Vgskarakter
from inntak.models import Svar, Tilbud, Tildeling
from vigo.api.selectors import FELLES_SKOLEFELT, Utvalg
from vigo.scoping import avgrens

ELEVFAG = Utvalg({**FELLES_SKOLEFELT, "fag": "fag__kode", "fagstatus": "fagstatus__kode", "endret": "endret"})
VGSKARAKTER = Utvalg({
    **FELLES_SKOLEFELT, "fag": "fag__kode", "vurdering": "vurdering", "termin": "termin", "karakter": "karakter_id",
    "vurderingsdato": "vurderingsdato", "endret": "endret",
})  # fmt: skip
TILBUD = Utvalg({
    "id": "id", "skolenummer": "skole__skolenummer", "skolenavn": "skole__navn",
    "programomrade": "programomrade__kode", "programomradenavn": "programomrade__navn",
    "skolear": "skolear__kode", "plasser": "plasser", "antall_klasser": "antall_klasser",
    "landslinje": "landslinje", "statlig": "statlig", "inntakskrav": "inntakskrav", "status": "status",
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


# --- SAS: elevfag and vgs grades ---------------------------------------------------------------------------
def elevfag_for(bruker) -> QuerySet[Elevfag]:
    return avgrens(Elevfag.objects.all(), bruker)


def vgskarakterer_for(bruker) -> QuerySet[Vgskarakter]:
    return avgrens(Vgskarakter.objects.all(), bruker)


# --- Klasseordning and intake results ------------------------------------------------------------------------
def inntaksresultater_for(
    bruker, *, skolear: str | None = None, niva: str | None = None, runde: int | None = None,
    tilbud: int | None = None,
) -> QuerySet:  # fmt: skip
    """Applicants given a place in published intake rounds (never simulations), with their answer.

    ``svar`` is "" until the applicant has answered (inntak.SvarType). A school sees the places at its own
    tilbud (``Tildeling`` scopes to ``tilbud__skole``).
    """
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
    qs = avgrens(Tilbud.objects.all(), bruker)
    return qs.filter(skolear__kode=skolear) if skolear else qs
