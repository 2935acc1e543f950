"""Reads of the right (docs/elev.md §5): the explanation on the person page and the stored rows."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from inntak.elev.models import Elevforhold, Rett
from inntak.elev.regler import rett as regler
from inntak.elev.services import rett as tjeneste
from kodeverk.models import Skolear
from kodeverk.skolear import skolear_for_dato


def _fylke_for(person):
    """The county whose telledato applies: the school's county of the person's latest elevkurs, else the person's
    own county (the job uses the county it runs for; a person with elevkurs in two counties may differ)."""
    fylke_id = (
        Elevforhold.objects.filter(person=person)
        .order_by("-skolear__kode", "-id")
        .values_list("skole__fylke_id", flat=True)
        .first()
    )
    return fylke_id or person.fylke_id


def forklar_rett(person, skolear=None) -> regler.Rett | None:
    """The right of ``person`` at intake to ``skolear`` (default: the current school year), computed from exactly
    the inputs 5A019 reads (``services.rett.inndata_for_person``); ``.forklaring`` is shown line by line. None
    when the school year is not registered or has no rule set."""
    if skolear is None:
        kode = skolear_for_dato(timezone.localdate()).kode
        skolear = Skolear.objects.filter(kode=kode).first()
        if skolear is None:
            return None
    else:
        try:
            skolear = tjeneste.skolear_objekt(skolear)
        except Skolear.DoesNotExist:
            return None
    rad = tjeneste.inndata_for_person(person.pk, skolear)
    if rad is None:
        return None
    try:
        return tjeneste.beregn(
            tjeneste.bygg_person(rad), skolear, tjeneste.telledato(_fylke_for(person), skolear)
        )
    except regler.UkjentRegelsett:
        return None


def rett_rader(person) -> QuerySet[Rett]:
    """The rights 5A019 stored for the person, newest school year first."""
    return Rett.objects.filter(person=person).select_related("skolear").order_by("-skolear__kode")
