"""Fagopplæringens landing page: counts (søkere til læreplass, formidlet, kontrakter løpende, slutter snart, venter
på godkjenning), the largest lærefag, links to the caseworker pages and the area's jobs. Counts only, no personal
data, so no audit row (docs/fagopplaering/README.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from fagopplaering.selectors import oversikt as sel
from vigo import jobber

OMRADE = "Fagopplæring"


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
def index(request):
    bruker = request.user
    idag = timezone.localdate()
    skolear = sel.standard_skolear(bruker)
    vis_formidling = bruker.has_perm("fagopplaering.view_formidling")
    return render(
        request,
        "fagopplaering/oversikt.html",
        {
            "meny": "index",
            "idag": idag,
            "skolear": skolear,
            "formidling": sel.formidlingstall(bruker, skolear) if vis_formidling else None,
            "formidling_per_fag": sel.formidling_per_fag(bruker, skolear) if vis_formidling else [],
            "kontrakter": sel.kontraktstall(bruker, idag),
            "lopende_per_fag": sel.lopende_per_fag(bruker, idag),
            "snart_maneder": sel.SNART_SLUTT_MANEDER,
            "jobbtyper": [j for j in jobber.alle() if j.omrade == OMRADE],
        },
    )


urlpatterns = [path("", index, name="index")]
