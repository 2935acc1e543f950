"""The statistics pages: an index of the figures the user may see, and one page per figure (filter, SVG chart,
the same numbers as a table, CSV/XLSX download). Counts only; downloads are audited. See docs/statistikk.md."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rapporter.statistikk import diagram, eksport, register, tilgang
from vigo.revisjon import logg_innsyn

logger = logging.getLogger(__name__)
PER_SIDE = 50
FORMATER = ("csv", "xlsx")


@login_required
@require_GET
def index(request):
    if not tilgang.kan_se_statistikk(request.user):
        raise PermissionDenied
    return render(request, "rapporter/statistikk/index.html", {"grupper": register.synlige(request.user)})


@login_required
@require_GET
def figur(request, kode: str):
    tall = register.finn(kode)
    if tall is None:
        raise Http404
    if not tilgang.kan_se(request.user, tall):
        raise PermissionDenied
    valg = tilgang.lag_valg(request.user, request.GET, tall)
    try:
        # A savepoint: a failing figure query must not poison the rest of the request's transaction.
        with transaction.atomic():
            tabell = tall.beregn(valg.filter)
    except DatabaseError:
        logger.exception("Statistikken %s kunne ikke beregnes.", tall.kode)
        return render(
            request,
            "rapporter/statistikk/figur.html",
            {
                "tall": tall,
                "valg": valg,
                "feil": _("Tallene kunne ikke beregnes akkurat nå. Prøv igjen senere."),
            },
            status=503,
        )
    format = request.GET.get("format", "")
    if format in FORMATER:
        logg_innsyn("eksport", f"Statistikk: {tall.tittel} ({format.upper()}, bare antall)", request=request,
                    antall=0, fylke=valg.valgt_fylke)  # fmt: skip
        return eksport.svar(tabell, tall, format)
    svg, merknad = diagram.tegn(tabell, str(tall.tittel), prefiks=f"d-{tall.kode}")
    hode, rader = diagram.tabell_for_visning(tabell)
    side = Paginator(rader, PER_SIDE).get_page(request.GET.get("side"))
    return render(
        request,
        "rapporter/statistikk/figur.html",
        {
            "tall": tall,
            "tabell": tabell,
            "valg": valg,
            "svg": svg,
            "merknad": merknad,
            "hode": hode,
            "side": side,
            "rader": [[diagram.tall_tekst(v) for v in rad] for rad in side.object_list],
            "tallkolonner": [i > 0 for i in range(len(hode))],
        },
    )
