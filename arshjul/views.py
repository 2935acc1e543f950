"""Årshjul pages: overview, list by month, month calendar and the wheel. Thin: reads via selectors."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from arshjul import selectors
from arshjul.farger import farge, tekstfarge
from arshjul.hjul import lag_hjul
from arshjul.jobbstatus import rutinestatus, status_for
from arshjul.kalender import UKEDAGER, maned_rutenett
from arshjul.kjerne.kategorier import KATEGORIREGLER, TYPEREGLER
from vigo import jobber
from vigo.models import Kjoring
from vigo.scoping import avgrens

SE = "arshjul.view_hendelse"


def _hendelser(request, skolear: str) -> tuple[list, selectors.Filtre, dict]:
    """The user's events of the year with filters applied, each with colours and computed status."""
    filtre = selectors.Filtre.fra_get(request.GET)
    alle = selectors.arshjul(request.user, skolear)
    hendelser = list(selectors.arshjul(request.user, skolear, filtre))
    statuser = status_for(hendelser, avgrens(Kjoring.objects.all(), request.user))
    for h in hendelser:
        h.farge, h.tekstfarge = farge(h.kategori), tekstfarge(h.kategori)
        h.beregnet = statuser[h.pk]
    felles = {
        "skolear": skolear,
        "alle_skolear": selectors.skolear_for(request.user),
        "filtre": filtre,
        "valg": selectors.filtervalg(alle),
        "legende": selectors.legende(alle),
        "antall_utkast": alle.filter(utkast=True).count(),
        "kategorier": selectors.legende(),
        "kan_endre": request.user.has_perm("arshjul.change_hendelse"),
        "kan_kopiere": request.user.has_perm("arshjul.add_hendelse"),
    }
    return hendelser, filtre, felles


def _krev_ar(request, skolear: str) -> None:
    if skolear not in selectors.skolear_for(request.user):
        raise Http404("Ingen årshjul for dette skoleåret.")


@login_required
@permission_required(SE, raise_exception=True)
def index(request):
    omrade = "Årshjul"
    skolear = selectors.standard_skolear(request.user)
    return render(request, "arshjul/index.html", {
        "omrade": omrade,
        "jobbtyper": [j for j in jobber.alle() if j.omrade == omrade],
        "alle_skolear": selectors.skolear_for(request.user),
        "skolear": skolear,
        "gjeldende": selectors.gjeldende_skolear(),
        "neste": [{"dato": d, "h": h, "farge": farge(h.kategori), "tekstfarge": tekstfarge(h.kategori)}
                  for d, h in selectors.neste_dager(request.user, 30)],
        "feed": selectors.feed_for(request.user),
    })  # fmt: skip


@login_required
@permission_required(SE, raise_exception=True)
def liste(request, skolear: str):
    _krev_ar(request, skolear)
    hendelser, filtre, ctx = _hendelser(request, skolear)
    ctx["maneder"] = [
        m for m in selectors.per_maned(hendelser, skolear) if m["hendelser"] or not filtre.aktive
    ]
    ctx["antall"] = len(hendelser)
    ctx["visning"] = "liste"
    return render(request, "arshjul/liste.html", ctx)


def _maned_param(verdi: str, skolear: str) -> tuple[int, int]:
    maneder = selectors.wheel_maneder(skolear)
    try:
        ar, mnd = (int(x) for x in verdi.split("-"))
        datetime.date(ar, mnd, 1)
        return ar, mnd
    except (ValueError, AttributeError):
        idag = timezone.localdate()
        return (idag.year, idag.month) if (idag.year, idag.month) in maneder else maneder[0]


@login_required
@permission_required(SE, raise_exception=True)
def kalender(request, skolear: str):
    _krev_ar(request, skolear)
    hendelser, filtre, ctx = _hendelser(request, skolear)
    ar, mnd = _maned_param(request.GET.get("maned", ""), skolear)
    forrige = (ar - 1, 12) if mnd == 1 else (ar, mnd - 1)
    neste = (ar + 1, 1) if mnd == 12 else (ar, mnd + 1)
    ctx.update({
        "visning": "kalender",
        "uker": maned_rutenett(hendelser, ar, mnd),
        "ukedager": UKEDAGER,
        "manedsnavn": selectors.maned_navn(ar, mnd),
        "maned": f"{ar}-{mnd:02d}",
        "forrige": f"{forrige[0]}-{forrige[1]:02d}",
        "neste": f"{neste[0]}-{neste[1]:02d}",
        "hjulmaneder": [{"verdi": f"{m['ar']}-{m['maned']:02d}", "navn": m["navn"]}
                        for m in selectors.per_maned(hendelser, skolear)],
        "filter_url": request.GET.urlencode(),
    })  # fmt: skip
    return render(request, "arshjul/kalender.html", ctx)


@login_required
@permission_required(SE, raise_exception=True)
def hjul(request, skolear: str):
    _krev_ar(request, skolear)
    hendelser, filtre, ctx = _hendelser(request, skolear)
    ctx["visning"] = "hjul"
    ctx["hjul"] = lag_hjul(hendelser, skolear, timezone.localdate())
    ctx["hendelser"] = hendelser
    ctx["ringer"] = [{**k, "nr": i + 1} for i, k in enumerate(selectors.legende())]
    return render(request, "arshjul/hjul.html", ctx)


@login_required
@permission_required(SE, raise_exception=True)
def regler(request):
    """The category and type rules in order, with how many of the user's events each one matched."""
    qs = selectors.hendelser_for(request.user)
    kat = dict(qs.order_by().values_list("kategori_regel").annotate(n=Count("pk")))
    overstyrt = qs.filter(kategori_overstyrt=True).count()
    return render(request, "arshjul/regler.html", {
        "kategoriregler": [{"r": r, "etikett": r.resultat.etikett, "farge": farge(r.resultat.value),
                            "tekstfarge": tekstfarge(r.resultat.value), "antall": kat.get(r.id, 0),
                            "monster": r.monster.pattern if r.monster else "—"} for r in KATEGORIREGLER],
        "typeregler": [{"r": r, "etikett": r.resultat.etikett, "monster": r.monster.pattern if r.monster else "—"}
                       for r in TYPEREGLER],
        "overstyrt": overstyrt,
        "liste_url": reverse("admin:arshjul_hendelse_changelist") + "?kategori_overstyrt__exact=1",
    })  # fmt: skip


@login_required
@permission_required(SE, raise_exception=True)
def rutiner(request):
    fylke_id = request.user.fylke_id
    kjoringer = avgrens(Kjoring.objects.all(), request.user)
    return render(
        request,
        "arshjul/rutiner.html",
        {
            "rutiner": [rutinestatus(r, kjoringer, fylke_id) for r in selectors.rutiner()],
        },
    )


@login_required
@permission_required(SE, raise_exception=True)
def til_standard(request, visning: str):
    """/arshjul/na/hjul/ (or ?ar=2022-2023): the chosen or current school year's view."""
    ar = request.GET.get("ar", "")
    skolear = ar if ar in selectors.skolear_for(request.user) else selectors.standard_skolear(request.user)
    if not skolear:
        return redirect("arshjul:index")
    return redirect(f"arshjul:{visning}", skolear=skolear)
