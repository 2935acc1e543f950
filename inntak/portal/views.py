"""«Min side» for the logged-in applicant (vigo.idporten.okt.krever_soker). Every view is audited."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from inntak.portal import selectors
from vigo.idporten.okt import data, krever_soker
from vigo.models import Innsyn
from vigo.revisjon import logg_innsyn


@never_cache
@require_GET
@krever_soker
def min_side(request):
    person = request.soker
    visninger = selectors.min_side(person)
    logg_innsyn(
        Innsyn.Handling.VIS,
        "Søkerens egen side (Min side)",
        aktor="søker",
        person=person,
        antall=1,
        request=request,
    )
    return render(
        request,
        "portal/min_side.html",
        {"person": person, "visninger": visninger, "okt": data(request)},
    )
