"""Landing page, applicant search, tilbud lists and the work queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from inntak import filtre, selectors, tabeller
from inntak.forms import SokSkjema
from kodeverk.models import Skole, Skolear
from vigo import jobber
from vigo.revisjon import eneste_person, logg_innsyn, sokebeskrivelse
from vigo.scoping import avgrens


def _skolear(request) -> Skolear | None:
    kode = request.GET.get("skolear")
    if kode:
        return Skolear.objects.filter(kode=kode).first()
    return selectors.standard_skolear(request.user)


@login_required
def index(request):
    skolear = _skolear(request) if request.user.has_perm("inntak.view_soknad") else None
    kan_se = request.user.has_perm("inntak.view_soknad")
    return render(
        request,
        "inntak/index.html",
        {
            "skolear": skolear,
            "per_niva": selectors.antall_per_niva(request.user, skolear) if kan_se else [],
            "i_ko": selectors.arbeidsko(request.user, skolear).count() if kan_se else 0,
            "jobbtyper": [j for j in jobber.alle() if j.omrade == "Inntak"],
        },
    )


@login_required
@permission_required("inntak.view_soknad", raise_exception=True)
def sok(request):
    skolear = _skolear(request)
    skjema = SokSkjema(
        request.GET or None,
        skoler=avgrens(Skole.objects.filter(tilbud__skolear=skolear).distinct(), request.user).order_by(
            "navn"
        ),
        tilbud=selectors.tilbud_for(request.user, skolear),
    )
    data = skjema.cleaned_data if skjema.is_valid() else {}
    q = data.get("q", "")
    qs = selectors.sok_soknader(
        request.user,
        q,
        skolear=skolear,
        niva=data.get("niva", ""),
        skole_id=data["skole"].pk if data.get("skole") else None,
        tilbud_id=data["tilbud"].pk if data.get("tilbud") else None,
        kategori=data["kategori"].kode if data.get("kategori") else "",
        etter_fristen=data.get("etter_fristen", False),
    ).prefetch_related("onsker__tilbud__skole", "onsker__tilbud__programomrade")
    side = Paginator(qs, 50).get_page(request.GET.get("side"))
    if request.GET:
        # Linked to the person when the search lands on one (a fødselsnummer is never written into the text).
        person = eneste_person(qs, "person") if side.paginator.count else None
        logg_innsyn("sok", f"Søkersøk {sokebeskrivelse(q, person)}", request=request,
                    antall=side.paginator.count, person=person)  # fmt: skip
    elif side.object_list:
        logg_innsyn("vis", "Søkerliste", request=request, antall=len(side.object_list))
    mal = "inntak/_sok_tabell.html" if request.htmx else "inntak/sok.html"
    sporring = request.GET.copy()
    sporring.pop("side", None)
    return render(
        request, mal, {"skjema": skjema, "side": side, "skolear": skolear, "sporring": sporring.urlencode()}
    )


@login_required
@permission_required("inntak.view_tilbud", raise_exception=True)
def tilbud_liste(request):
    skolear = _skolear(request)
    tilbud = selectors.tilbud_med_antall(request.user, skolear)
    filtersett = filtre.TilbudFilter(request.GET, tilbud, bruker=request.user)
    tabell = tabeller.konfigurer(tabeller.TilbudTabell(filtersett.qs, filtersett=filtersett), request)
    return render(request, "inntak/tilbud_liste.html", {"tabell": tabell, "skolear": skolear})


@login_required
@permission_required("inntak.view_soknad", raise_exception=True)
def tilbud_detalj(request, pk: int):
    tilbud = get_object_or_404(selectors.tilbud_for(request.user), pk=pk)
    onsker = list(selectors.sokere_til_tilbud(tilbud))
    # A list of applicants is an access to each of them: one audit row for the list.
    logg_innsyn("vis", f"Søkerliste {tilbud}", request=request, antall=len(onsker), fylke=tilbud.fylke)
    return render(request, "inntak/tilbud_detalj.html", {"tilbud": tilbud, "onsker": onsker})


@login_required
@permission_required("inntak.view_soknad", raise_exception=True)
def arbeidsko(request):
    """Cases awaiting a vedtak: first the new ones from the applicant portal (a request or documents, newest
    first, counted and paginated by ``?side=``), then every fortrinn/individuell case without vedtak. One audit
    row for the page, counting each søknad shown once."""
    skolear = _skolear(request)
    saker = list(selectors.arbeidsko(request.user, skolear).prefetch_related("onsker__tilbud__skole"))
    nye = Paginator(selectors.nye_henvendelser(request.user, skolear), 25).get_page(request.GET.get("side"))
    viste = {s.pk for s in saker} | {s.pk for s in nye}
    if viste:
        logg_innsyn("vis", "Arbeidskø", request=request, antall=len(viste))
    return render(request, "inntak/arbeidsko.html", {"saker": saker, "skolear": skolear, "nye": nye})
