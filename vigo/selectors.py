"""Reads of the core register, always through the scoping layer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from vigo.models import Kjoring, Person
from vigo.scoping import avgrens


def sok_personer(bruker, tekst: str = "") -> QuerySet[Person]:
    qs = avgrens(Person.objects.select_related("fylke", "kommune"), bruker)
    tekst = (tekst or "").strip()
    if not tekst:
        return qs
    siffer = tekst.replace(" ", "")
    if siffer.isdigit():
        return qs.filter(fodselsnummer__startswith=siffer)
    for ord_ in tekst.split():
        qs = qs.filter(
            Q(fornavn__icontains=ord_) | Q(etternavn__icontains=ord_) | Q(mellomnavn__icontains=ord_)
        )
    return qs


def kjoringer_for(bruker) -> QuerySet[Kjoring]:
    return avgrens(Kjoring.objects.select_related("fylke", "startet_av"), bruker)
