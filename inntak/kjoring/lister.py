"""Paged lists of an intake run (reads only; the caller filters, sorts and pages the querysets).

Every queryset here is scoped with ``vigo.scoping.avgrens`` and never touches the run's snapshot or result JSON.
"""

from __future__ import annotations

from django.db.models import BooleanField, Count, F, FilteredRelation, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from inntak.kjoring.svar import trenger_svar_filter
from inntak.models import Inntakskjoring, Soknad, Tildeling
from inntak.models.inntakskjoring import SvarType
from vigo.scoping import avgrens


def svarliste(ik: Inntakskjoring, bruker) -> QuerySet[Tildeling]:
    """All søkere in the round who must answer (``svar.trenger_svar``), as their ``Tildeling`` in the run, with the
    answer annotated: ``svar_verdi`` ("" = not answered), ``svar_unntak`` and ``svar_unntak_begrunnelse``.

    School users see the søkere who applied to their school (``Soknad``'s scoping), as on the applicant pages.
    Not ordered or sliced: ``inntak.tabeller.SvarTabell`` sorts and pages it.
    """
    return (
        Tildeling.objects.filter(inntakskjoring=ik)
        .filter(trenger_svar_filter(ik))  # in SQL: no list of the round's søknad ids in the statement
        .filter(soknad_id__in=avgrens(Soknad.objects.all(), bruker).values("pk"))
        .annotate(dette_svar=FilteredRelation("soknad__svar", condition=Q(soknad__svar__inntakskjoring=ik)))
        .annotate(
            svar_verdi=Coalesce(F("dette_svar__svar"), Value("")),
            svar_unntak=Coalesce(F("dette_svar__unntak"), Value(False), output_field=BooleanField()),
            svar_unntak_begrunnelse=F("dette_svar__unntak_begrunnelse"),
        )
        .select_related("soknad__person", "tilbud__skole", "tilbud__programomrade")
    )


def svartelling(rader: QuerySet[Tildeling]) -> dict[str, int]:
    """Counts per answer status of ``svarliste`` in one query: "alle", "ikke_besvart", each ``SvarType`` and
    "unntak" (not answered, but exempt from the svarfrist job)."""
    tell = {
        "alle": Count("pk"),
        "ikke_besvart": Count("pk", filter=Q(svar_verdi="")),
        "unntak": Count("pk", filter=Q(svar_unntak=True)),
        **{v: Count("pk", filter=Q(svar_verdi=v)) for v in SvarType.values if v},
    }
    return rader.order_by().aggregate(**tell)
