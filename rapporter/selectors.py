"""Reads of deliveries, always through the county/school scoping (``vigo.scoping.avgrens``)."""

from __future__ import annotations

from django.db.models import QuerySet

from rapporter.models import Kontrollfunn, Leveranse, Leveransefil
from vigo.scoping import avgrens


def leveranser_for(bruker, *, kode: str = "", skolear: str = "") -> QuerySet[Leveranse]:
    qs = avgrens(Leveranse.objects.all(), bruker).select_related("fylke", "skolear", "opprettet_av")
    if kode:
        qs = qs.filter(kode=kode)
    if skolear:
        qs = qs.filter(skolear__kode=skolear)
    return qs.order_by("-opprettet", "-id")


def funn_for(leveranse: Leveranse, alvorlighet: str = "") -> QuerySet[Kontrollfunn]:
    qs = leveranse.funn.all()
    if alvorlighet:
        qs = qs.filter(alvorlighet=alvorlighet)
    return qs.order_by("alvorlighet", "klasse", "id")


def filer_for(bruker) -> QuerySet[Leveransefil]:
    """Files the user may see: the county's (county users), a school's own (school users)."""
    return (
        avgrens(Leveransefil.objects.all(), bruker)
        .select_related("leveranse", "leveranse__skolear", "skole")
        .order_by("-leveranse__opprettet", "navn")
    )


def siste_per_kode(bruker) -> dict[str, Leveranse]:
    """The latest run of each delivery the user sees (the delivery log's «last run» column)."""
    ut: dict[str, Leveranse] = {}
    for lev in leveranser_for(bruker).order_by("kode", "-opprettet").distinct("kode"):
        ut[lev.kode] = lev
    return ut
