"""The ad-hoc list pages: build a list from the catalogue, preview it (count + first 50), download it as CSV or XLSX.

Every page is a GET whose query string is the list definition. A user sees only the populations they hold the
permission for, and only the rows ``avgrens`` gives them. A preview showing personal columns is audited as «sok»,
every download as «eksport» (a personal-data export)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from rapporter.adhoc import eksport, selectors
from rapporter.adhoc.forms import ListeSkjema
from vigo.revisjon import logg_innsyn

PER_SIDE = 50


def _skjema(request) -> ListeSkjema:
    skjema = ListeSkjema(request.GET, bruker=request.user)
    if not skjema.populasjoner:
        raise PermissionDenied
    return skjema


def _fylke(request):
    return getattr(request.user, "fylke", None)


@login_required
def liste(request):
    skjema = _skjema(request)
    ctx = {"skjema": skjema, "sporring": skjema.sporring()}
    vis = "vis" in request.GET or "side" in request.GET
    if vis and skjema.is_valid():
        utvalg = skjema.utvalg()
        qs = selectors.utvalg_qs(utvalg, request.user)
        side = Paginator(selectors.verdier(qs, utvalg.kolonner), PER_SIDE).get_page(request.GET.get("side"))
        rader = selectors.Tekstrader(utvalg.kolonner)
        ctx.update(utvalg=utvalg, side=side, rader=[rader.rad(r) for r in side.object_list],
                   filter=ctx["sporring"] + "&vis=1" if ctx["sporring"] else "vis=1")  # fmt: skip
        if utvalg.har_personopplysninger and side.object_list:
            logg_innsyn("sok", f"Ad hoc-liste vist (side {side.number}): {utvalg.beskriv()}", request=request,
                        antall=len(side.object_list), fylke=_fylke(request))  # fmt: skip
    mal = "rapporter/adhoc/_utvalg.html" if request.htmx and request.GET.get("bare") == "utvalg" else None
    return render(request, mal or "rapporter/adhoc/liste.html", ctx)


def _last_ned(request, format: str):
    skjema = _skjema(request)
    if not skjema.is_valid():
        # The same page with the Norwegian errors, never a traceback.
        return render(request, "rapporter/adhoc/liste.html", {"skjema": skjema, "sporring": skjema.sporring()},
                      status=400)  # fmt: skip
    utvalg = skjema.utvalg()
    qs = selectors.utvalg_qs(utvalg, request.user)
    antall = qs.count()
    if format == "xlsx" and antall > eksport.XLSX_MAKS:
        melding = _(
            "Listen har %(antall)s rader. Excel-nedlasting er begrenset til %(maks)s rader: snevre inn "
            "utvalget med filtrene, eller last ned som CSV."
        ) % {
            "antall": f"{antall:,}".replace(",", "\u00a0"),
            "maks": f"{eksport.XLSX_MAKS:,}".replace(",", "\u00a0"),
        }
        return render(request, "rapporter/adhoc/liste.html",
                      {"skjema": skjema, "sporring": skjema.sporring(), "eksportfeil": melding}, status=400)  # fmt: skip
    logg_innsyn("eksport", f"Ad hoc-liste lastet ned som {format.upper()}: {utvalg.beskriv()}", request=request,
                antall=antall, fylke=_fylke(request))  # fmt: skip
    return eksport.csv_svar(utvalg, qs) if format == "csv" else eksport.xlsx_svar(utvalg, qs)


@login_required
def liste_csv(request):
    return _last_ned(request, "csv")


@login_required
def liste_xlsx(request):
    return _last_ned(request, "xlsx")
