"""Reads of the inbound files: feedback per delivery and the private-school imports, always scoped."""

from __future__ import annotations

from django.db.models import QuerySet

from rapporter.models_innlesing import Privatskoleimport, Tilbakemelding, Tilbakemeldingslinje
from vigo.scoping import avgrens


def tilbakemeldinger_for(lev) -> QuerySet[Tilbakemelding]:
    """The feedback files on one delivery, newest first (the caller has fetched ``lev`` through the scoping)."""
    return lev.tilbakemeldinger.select_related("importert_av").order_by("-importert", "-id")


def linjer_for(
    lev, *, alvorlighet: str = "", tilbakemelding: int | None = None
) -> QuerySet[Tilbakemeldingslinje]:
    qs = Tilbakemeldingslinje.objects.filter(tilbakemelding__leveranse=lev).select_related(
        "fil", "tilbakemelding"
    )
    if alvorlighet:
        qs = qs.filter(alvorlighet=alvorlighet)
    if tilbakemelding:
        qs = qs.filter(tilbakemelding_id=tilbakemelding)
    return qs.order_by("-tilbakemelding__importert", "tilbakemelding_id", "linje")


def privatskoleimporter_for(bruker) -> QuerySet[Privatskoleimport]:
    return (
        avgrens(Privatskoleimport.objects.all(), bruker)
        .select_related("importert_av")
        .order_by("-opprettet", "-id")
    )
