"""Reads of the code registers."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from kodeverk import models as m
from vigo.scoping import avgrens

REGISTRE = [
    m.Fylke,
    m.Kommune,
    m.Postnummer,
    m.Skole,
    m.Utdanningsprogram,
    m.Programomrade,
    m.Fag,
    m.Fagtype,
    m.Karakterverdi,
    m.Fagstatus,
    m.Elevstatus,
    m.Behandlingskategori,
    m.Skolear,
]


def registeroversikt(bruker) -> list[dict]:
    rader = []
    for modell in REGISTRE:
        qs = modell.objects.all()
        if getattr(modell, "scoping", None) is not None and bruker.skole_id:
            qs = avgrens(qs, bruker)
        try:
            url = reverse(f"admin:kodeverk_{modell._meta.model_name}_changelist")
        except NoReverseMatch:
            url = None
        rader.append({"navn": modell._meta.verbose_name_plural, "antall": qs.count(), "url": url})
    return rader
