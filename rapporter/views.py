from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kodeverk.models import Skolear
from rapporter import selectors
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.tjenester import LeveranseNektet, kan_behandle
from rapporter.leveranser.tjenester import marker_sendt as marker_sendt_tjeneste
from rapporter.models import Alvorlighet, Leveranse
from vigo import jobber
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens

PER_SIDE = 50


@login_required
def index(request):
    omrade = "Rapporter"
    return render(
        request,
        "rapporter/index.html",
        {"omrade": omrade, "jobbtyper": [j for j in jobber.alle() if j.omrade == omrade]},
    )


@login_required
def leveranse_liste(request):
    if request.user.er_skolebruker:
        return redirect("rapporter:skolefiler")
    if not request.user.has_perm("rapporter.view_leveranse"):
        raise PermissionDenied
    kode = request.GET.get("kode", "")
    skolear = request.GET.get("skolear", "")
    kode = kode if register.finnes(kode) else ""
    qs = selectors.leveranser_for(request.user, kode=kode, skolear=skolear[:9])
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    siste = selectors.siste_per_kode(request.user)
    return render(
        request,
        "rapporter/leveranse_liste.html",
        {
            "side": side,
            "definisjoner": register.alle(),
            "oversikt": [(d, siste.get(d.kode)) for d in register.alle()],
            "skolear_liste": Skolear.objects.order_by("-startdato").values_list("kode", flat=True),
            "kode": kode,
            "skolear": skolear,
            "filter": "&".join(f"{k}={v}" for k, v in (("kode", kode), ("skolear", skolear[:9])) if v),
        },
    )


@login_required
def skolefiler(request):
    """A school user's page: the files made for the own school (export of intake data to the schools)."""
    if not request.user.er_skolebruker or not request.user.has_perm("inntak.view_tildeling"):
        raise PermissionDenied
    side = Paginator(selectors.filer_for(request.user), PER_SIDE).get_page(request.GET.get("side"))
    return render(request, "rapporter/skolefiler.html", {"side": side})


def _hent(request, pk: int) -> Leveranse:
    if not request.user.has_perm("rapporter.view_leveranse"):
        raise PermissionDenied
    qs = avgrens(
        Leveranse.objects.select_related("fylke", "skolear", "opprettet_av", "sendt_av"), request.user
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def leveranse_detalj(request, pk: int):
    lev = _hent(request, pk)
    alvorlighet = request.GET.get("alvorlighet", "")
    alvorlighet = alvorlighet if alvorlighet in Alvorlighet.values else ""
    side = Paginator(selectors.funn_for(lev, alvorlighet), PER_SIDE).get_page(request.GET.get("side"))
    d = register.hent(lev.kode) if register.finnes(lev.kode) else None
    return render(
        request,
        "rapporter/leveranse_detalj.html",
        {
            "lev": lev,
            "d": d,
            "side": side,
            "alvorlighet": alvorlighet,
            "filter": f"alvorlighet={alvorlighet}" if alvorlighet else "",
            "filer": lev.filer.select_related("skole").order_by("navn"),
            "hendelser": lev.hendelser.select_related("bruker").order_by("id"),
            "kan_behandle": kan_behandle(request.user, lev),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def marker_sendt(request, pk: int):
    lev = _hent(request, pk)
    if not kan_behandle(request.user, lev):
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("bekreft") != "ja":
            messages.error(request, _("Kryss av for at filen er sendt til mottakeren."))
        else:
            try:
                marker_sendt_tjeneste(lev, request.user)
            except LeveranseNektet as feil:
                messages.error(request, " ".join(feil.messages))
            else:
                messages.success(request, _("Leveransen er markert som sendt."))
                return redirect("rapporter:leveranse", pk=lev.pk)
    return render(request, "rapporter/marker_sendt.html", {"lev": lev})


@login_required
def last_ned(request, pk: int):
    """Download a delivery file: county users with access to deliveries get the county's files, a school user
    only its own school's. Every download is written to the audit log."""
    bruker = request.user
    if bruker.er_skolebruker:
        if not bruker.has_perm("inntak.view_tildeling"):
            raise PermissionDenied
    elif not bruker.has_perm("rapporter.view_leveranse"):
        raise PermissionDenied
    fil = get_object_or_404(selectors.filer_for(bruker).select_related("leveranse__fylke"), pk=pk)
    try:
        handle = fil.fil.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    lev = fil.leveranse
    personopplysninger = register.hent(lev.kode).personopplysninger if register.finnes(lev.kode) else True
    logg_innsyn("nedlasting", f"Leveranse {lev.kode} nr. {lev.pk}: fil {fil.navn}", request=request,
                antall=fil.antall_poster if personopplysninger else 0, fylke=lev.fylke)  # fmt: skip
    svar = FileResponse(handle, as_attachment=True, filename=fil.navn, content_type=fil.innholdstype)
    svar["X-Content-SHA256"] = fil.sha256
    return svar
