"""The register's front page: counts per skoleår and elevstatus (no personal data), links and the area's jobs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path

from inntak.elev.models import Elevforhold, Elevimport
from vigo import jobber
from vigo.scoping import avgrens

OMRADE = "Elevdatabasen"


def _kan_se(bruker) -> bool:
    return any(
        bruker.has_perm(p)
        for p in ("elev.view_elevforhold", "elev.view_otungdom", "elev.view_privatistmelding")
    )


@login_required
def index(request):
    if not _kan_se(request.user):
        raise PermissionDenied
    per_ar = []
    if request.user.has_perm("elev.view_elevforhold"):
        per_ar = list(
            avgrens(Elevforhold.objects.all(), request.user)
            .values("skolear__kode")
            .annotate(
                antall=Count("id"),
                avbrutt=Count("id", filter=Q(avbruddsdato__isnull=False)),
                uberegnet=Count("id", filter=Q(beregnet__isnull=True)),
                mangler_timer=Count("id", filter=Q(mangler_elevtimer=True)),
            )
            .order_by("-skolear__kode")[:5]
        )
    importer = []
    if request.user.has_perm("elev.view_elevimport"):
        importer = list(avgrens(Elevimport.objects.select_related("skole"), request.user)[:5])
    return render(request, "elev/index.html", {
        "per_ar": per_ar, "importer": importer, "jobbtyper": [j for j in jobber.alle() if j.omrade == OMRADE],
    })  # fmt: skip


urlpatterns = [path("", index, name="index")]
