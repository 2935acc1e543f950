"""Answers and svarfrist (caseworker), the rett-guarantee report with CSV/XLSX, and the letter preview (PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inntak import filtre, tabeller
from inntak import selectors as soknad_selectors
from inntak.kjoring import brev, eksport, lister, selectors, svar
from inntak.kjoring.skjema import SvarSkjema, UnntakSkjema
from inntak.models import Svar, Tildeling, Venteliste
from inntak.views.inntakskjoring import SE, hent_kjoring
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens


@login_required
@permission_required(SE, raise_exception=True)
def svaroversikt(request, pk: int):
    ik = hent_kjoring(request, pk)
    if not ik.publisert:
        raise Http404
    rader = lister.svarliste(ik, request.user)
    data = request.GET.copy()
    data.setdefault("status", filtre.IKKE_BESVART)  # the worklist; "status=" (Alle) shows everyone
    filtersett = filtre.SvarFilter(data, rader, ik=ik, bruker=request.user)
    tabell = tabeller.konfigurer(tabeller.SvarTabell(filtersett.qs, filtersett=filtersett), request)
    logg_innsyn("vis", f"Inntakskjøring {ik.pk}: søkere som må svare", request=request, fylke=ik.fylke,
                antall=len(tabell.page.object_list))  # fmt: skip
    antall = lister.svartelling(rader)
    overfort = avgrens(Svar.objects.filter(inntakskjoring=ik, overfort=True), request.user).count()
    kontekst = {"ik": ik, "tabell": tabell, "ma_svare": antall["alle"], "overfort": overfort,
                "telling": [(v, navn, antall[v]) for v, navn in filtre.SVARSTATUSER]}  # fmt: skip
    return render(request, "inntak/kjoring/svar.html", kontekst)


def _soknad_i_kjoring(request, ik, soknad_pk: int):
    soknad = get_object_or_404(soknad_selectors.soknader_for(request.user), pk=soknad_pk)
    if not Tildeling.objects.filter(inntakskjoring=ik, soknad=soknad).exists():
        raise Http404
    return soknad


@login_required
@require_POST
@permission_required("inntak.add_svar", raise_exception=True)
def registrer_svar(request, pk: int, soknad_pk: int):
    ik = hent_kjoring(request, pk)
    soknad = _soknad_i_kjoring(request, ik, soknad_pk)
    venter = list(Venteliste.objects.filter(inntakskjoring=ik, soknad=soknad).select_related(
        "tilbud__skole", "tilbud__programomrade"))  # fmt: skip
    skjema = SvarSkjema(request.POST, venteliste=venter)
    if skjema.is_valid():
        try:
            svar.registrer_svar(ik, soknad, skjema.cleaned_data["svar"],
                                venteliste_tilbud=skjema.cleaned_data["venteliste_tilbud"], bruker=request.user)  # fmt: skip
        except ValidationError as feil:
            for m in feil.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Svaret er registrert."))
    else:
        messages.error(request, _("Velg et svar."))
    return redirect(f"{_soknad_url(soknad)}#plassering-tittel")


@login_required
@require_POST
@permission_required("inntak.change_svar", raise_exception=True)
def unntak(request, pk: int, soknad_pk: int):
    ik = hent_kjoring(request, pk)
    soknad = _soknad_i_kjoring(request, ik, soknad_pk)
    fjern = request.POST.get("fjern") == "1"
    skjema = UnntakSkjema(request.POST)
    if fjern or skjema.is_valid():
        try:
            svar.marker_unntak(ik, soknad, begrunnelse="" if fjern else skjema.cleaned_data["begrunnelse"],
                               unntak=not fjern, bruker=request.user)  # fmt: skip
        except ValidationError as feil:
            messages.error(request, " ".join(feil.messages))
        else:
            messages.success(
                request, _("Unntaket er fjernet.") if fjern else _("Unntak fra svarfristen er registrert.")
            )
    else:
        messages.error(request, _("Oppgi en begrunnelse for unntaket."))
    return redirect(f"{_soknad_url(soknad)}#plassering-tittel")


def _soknad_url(soknad) -> str:
    from django.urls import reverse

    return reverse("inntak:soknad", args=[soknad.pk])


@login_required
@permission_required(SE, raise_exception=True)
def rett(request, pk: int):
    """Applicants with ungdomsrett and no place in the run (the county must act, docs/regler/regler-2006.md §3.6 point 1)."""
    ik = hent_kjoring(request, pk)
    rader = selectors.rett_uten_plass(ik, request.user)
    format_ = request.GET.get("format")
    if format_ in eksport.FORMATER:
        logg_innsyn("eksport", f"Inntakskjøring {ik.pk}: rett uten plass ({format_})", request=request,
                    fylke=ik.fylke, antall=len(rader))  # fmt: skip
        innhold, typ = eksport.rettliste(rader, format_)
        resp = HttpResponse(innhold, content_type=typ)
        resp["Content-Disposition"] = f'attachment; filename="inntak_{ik.pk}_rett_uten_plass.{format_}"'
        return resp
    logg_innsyn("vis", f"Inntakskjøring {ik.pk}: rett uten plass", request=request, fylke=ik.fylke,
                antall=len(rader))  # fmt: skip
    return render(request, "inntak/kjoring/rett.html", {"ik": ik, "rader": rader})


@login_required
@permission_required(SE, raise_exception=True)
def brev_pdf(request, pk: int, soknad_pk: int):
    """Preview of one søker's tilbudsbrev (with guardian copies) as PDF."""
    ik = hent_kjoring(request, pk)
    if not ik.publisert:
        raise Http404
    soknad = _soknad_i_kjoring(request, ik, soknad_pk)
    logg_innsyn("eksport", f"Tilbudsbrev runde {ik.runde} (PDF)", request=request, person=soknad.person,
                fylke=ik.fylke)  # fmt: skip
    resp = HttpResponse(brev.lag_pdf(ik, soknad.pk), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="tilbudsbrev_{soknad.pk}_runde{ik.runde}.pdf"'
    return resp
