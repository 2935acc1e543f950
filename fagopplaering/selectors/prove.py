"""Reads of prøver, klager and documents (docs/fagopplaering/prove.md), always scoped with ``vigo.scoping.avgrens``.
Lists load their names in a fixed number of queries however long the page is."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fagopplaering.models import Fagdokument, Hendelse, Prove
from vigo.scoping import avgrens

RELASJONER = ("person", "programomrade", "nemnd", "kontrakt__bedrift", "oppmelder_bedrift", "oppmelder_skole")


def prover(
    bruker, *, q: str = "", status=None, programomrade=None, kandidattype=None, resultat=None
) -> QuerySet:
    qs = avgrens(Prove.objects.all(), bruker).select_related(*RELASJONER)
    q = " ".join((q or "").split())
    if q:
        siffer = q.replace(" ", "")
        if siffer.isdigit() and len(siffer) == 11:
            qs = qs.filter(person__fodselsnummer=siffer)
        else:
            for ord_ in q.split():
                qs = qs.filter(Q(person__fornavn__istartswith=ord_) | Q(person__etternavn__istartswith=ord_))
    if status:
        qs = qs.filter(status=status)
    if programomrade is not None:
        qs = qs.filter(programomrade=programomrade)
    if kandidattype:
        qs = qs.filter(kandidattype=kandidattype)
    if resultat:
        qs = qs.filter(resultat=resultat)
    return qs.order_by("-oppmeldt_dato", "-pk")


def antall_per_status(bruker) -> dict[str, int]:
    from django.db.models import Count

    rader = avgrens(Prove.objects.all(), bruker).values("status").annotate(n=Count("pk")).order_by()
    return {r["status"]: r["n"] for r in rader}


def prove_detalj(bruker, pk: int) -> Prove | None:
    return (avgrens(Prove.objects.all(), bruker).filter(pk=pk)
            .select_related(*RELASJONER, "fylke", "kontrakt__kontraktstype", "kontrakt__medlemsbedrift",
                            "kontrakt__avslutningskode", "provested_bedrift", "forrige")
            .first())  # fmt: skip


def kandidatens_prover(bruker, prove: Prove) -> QuerySet:
    """Every prøve of the candidate the user may see (the history on the candidate page)."""
    return (avgrens(Prove.objects.all(), bruker).filter(person_id=prove.person_id)
            .select_related("programomrade", "nemnd").order_by("-oppmeldt_dato", "-pk"))  # fmt: skip


def dokumenter_for_person(bruker, person_id: int) -> QuerySet:
    return (avgrens(Fagdokument.objects.all(), bruker).filter(person_id=person_id)
            .select_related("erstattet_av").order_by("-opprettet", "-pk"))  # fmt: skip


def tidslinje(prove: Prove) -> QuerySet:
    ider = [prove.pk, *Prove.objects.filter(person_id=prove.person_id, programomrade_id=prove.programomrade_id)
            .values_list("pk", flat=True)]  # fmt: skip
    return Hendelse.objects.filter(prove_id__in=ider).order_by("tidspunkt", "pk")


def kontrollrapport(bruker, *, bare_feil: bool = True) -> QuerySet:
    """Documents with messages from the control engine: stopped ones (FEIL) and, if asked, issued ones with
    warnings. The newest first."""
    qs = avgrens(Fagdokument.objects.all(), bruker).select_related("person", "prove__programomrade")
    if bare_feil:
        qs = qs.filter(status=Fagdokument.Status.STOPPET)
    else:
        qs = qs.exclude(kontroll=[])
    return qs.order_by("-kontrollert", "-pk")


def ikke_sendt_nvb(bruker) -> int:
    return (avgrens(Fagdokument.objects.all(), bruker)
            .filter(status=Fagdokument.Status.UTSTEDT, vgdoknr__isnull=False, nvb_sendt__isnull=True).count())  # fmt: skip
