"""Views of the student register (person): the elevkurs list and 4S001 «Vedlikehold elevkurs».

Reads go through ``inntak.elev.selectors.elevkurs`` (scoped); every write is a service call
(``services.vedlikehold``, ``services.beregning``, ``services.rett``) and every page that shows pupils writes one
``Innsyn`` row. The person's whole history is the «Elevdatabasen» section of the core person page
(``inntak.elev.personfane``).
"""

from __future__ import annotations

import importlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from inntak.elev import forms
from inntak.elev.personfane import _forklar_elevkurs
from inntak.elev.selectors import elevkurs as sel
from inntak.elev.services import vedlikehold
from vigo.models import Person
from vigo.revisjon import eneste_person, logg_innsyn
from vigo.scoping import avgrens


@login_required
@permission_required("elev.view_elevforhold", raise_exception=True)
def elevkurs_liste(request):
    filter_ = forms.ElevkursFilter(request.GET or None, bruker=request.user)
    data = filter_.cleaned_data if filter_.is_valid() else {}
    qs = sel.sok_elevkurs(
        request.user,
        skolear=data.get("skolear"),
        skole=data.get("skole"),
        programomrade=data.get("programomrade"),
        elevstatus=data.get("elevstatus"),
        klasse=data.get("klasse", ""),
    )
    side = Paginator(qs, 50).get_page(request.GET.get("side"))
    if any(data.values()):
        person = eneste_person(qs, "person") if side.paginator.count else None
        logg_innsyn("sok", "Elevkurssøk", request=request, antall=side.paginator.count, person=person)
    elif side.object_list:
        logg_innsyn("vis", "Elevkursliste", request=request, antall=len(side.object_list))
    sporring = request.GET.copy()
    sporring.pop("side", None)
    mal = "elev/elevkurs/_tabell.html" if getattr(request, "htmx", False) else "elev/elevkurs/liste.html"
    return render(request, mal, {"filter": filter_, "side": side, "sporring": sporring.urlencode()})


# handling → (form, permission, the service call). The services check permission and scope again.
def _beregning(navn: str):
    """A service of the computation helper, or None while it is not there (the form is then not offered)."""
    try:
        return getattr(importlib.import_module("inntak.elev.services.beregning"), navn)
    except (ImportError, AttributeError):
        return None


def _rettstjeneste():
    try:
        return importlib.import_module("inntak.elev.services.rett").registrer_rettshendelse
    except (ImportError, AttributeError):
        return None


def _handlinger(bruker, ek, fag_pk: int | None) -> dict:
    def endre_kurs(d):
        grunn = d.pop("grunn")
        vedlikehold.endre_elevkurs(bruker, ek, grunn=grunn, **d)

    def endre_fag(d):
        linje = ek.fag.filter(pk=fag_pk).first()
        if linje is None:
            raise Http404
        grunn = d.pop("grunn")
        vedlikehold.endre_elevfag(bruker, linje, grunn=grunn, **d)

    def nytt_fag(d):
        vedlikehold.legg_til_elevfag(bruker, ek, fag=d["fag"], fagstatus=d["fagstatus"], grunn=d["grunn"],
                                     elevtimer=d.get("elevtimer"))  # fmt: skip

    def avbryt(d):
        _beregning("avbryt_elevkurs")(bruker, ek, dato=d["dato"], arsak=d["arsak"], grunn=d["grunn"])

    def opphev(d):
        _beregning("opphev_avbrudd")(bruker, ek, grunn=d["grunn"])

    def manuell(d):
        _beregning("sett_manuell_elevstatus")(bruker, ek, kode=d["kode"].kode, grunn=d["grunn"])

    def fjern(d):
        _beregning("fjern_manuell_elevstatus")(bruker, ek, grunn=d["grunn"])

    def rett(d):
        _rettstjeneste()(bruker, ek.person, type=d["type"], dato=d["dato"], ar=d.get("ar"), grunn=d["grunn"])

    return {
        "elevkurs": (forms.ElevkursSkjema, "elev.change_elevforhold", endre_kurs, _("Elevkurset er endret.")),
        "elevfag": (forms.ElevfagSkjema, "elev.change_elevfag", endre_fag, _("Faget er endret.")),
        "nytt_elevfag": (forms.NyttElevfagSkjema, "elev.add_elevfag", nytt_fag, _("Faget er lagt til.")),
        "avbrudd": (forms.AvbruddSkjema, "elev.change_elevforhold", avbryt, _("Avbruddet er registrert.")),
        "opphev_avbrudd": (
            forms.OpphevAvbruddSkjema,
            "elev.change_elevforhold",
            opphev,
            _("Avbruddet er opphevet."),
        ),  # fmt: skip
        "manuell": (
            forms.ManuellElevstatusSkjema,
            "elev.change_elevforhold",
            manuell,
            _("Elevstatusen er satt manuelt."),
        ),  # fmt: skip
        "fjern_manuell": (
            forms.FjernManuellSkjema,
            "elev.change_elevforhold",
            fjern,
            _("Den manuelle elevstatusen er fjernet."),
        ),  # fmt: skip
        "rett": (
            forms.RettshendelseSkjema,
            "elev.add_rettshendelse",
            rett,
            _("Rettshendelsen er registrert."),
        ),
    }


TILGJENGELIG = {
    "avbrudd": lambda: _beregning("avbryt_elevkurs"),
    "opphev_avbrudd": lambda: _beregning("opphev_avbrudd"),
    "manuell": lambda: _beregning("sett_manuell_elevstatus"),
    "fjern_manuell": lambda: _beregning("fjern_manuell_elevstatus"),
    "rett": _rettstjeneste,
}


def feil_til_skjema(skjema, feil: ValidationError) -> None:
    if hasattr(feil, "error_dict"):
        for felt, liste in feil.error_dict.items():
            for f in liste:
                skjema.add_error(felt if felt in skjema.fields else None, f)
    else:
        for melding in feil.messages:
            skjema.add_error(None, melding)


def _initial_fag(linje) -> dict:
    return {f: getattr(linje, f) for f in vedlikehold.ELEVFAG_FELT}


@login_required
@permission_required("elev.view_elevforhold", raise_exception=True)
def elevkurs_detalj(request, pk: int):
    """4S001: one elevkurs with its fag lines and history; the forms post back here with ``handling``."""
    bruker = request.user
    ek = sel.elevkurs_detalj(bruker, pk)
    if ek is None:
        raise Http404
    fag_pk = _heltall(request.POST.get("elevfag") or request.GET.get("endre_fag"))
    handlinger = _handlinger(bruker, ek, fag_pk)
    tilgjengelig = {h for h in handlinger if h not in TILGJENGELIG or TILGJENGELIG[h]() is not None}
    tillatt = {h for h, (_s, perm, *_r) in handlinger.items() if bruker.has_perm(perm)} & tilgjengelig
    linje = next((f for f in ek.fag.all() if f.pk == fag_pk), None) if fag_pk else None

    skjemaer = {}
    for h in tillatt:
        klasse = handlinger[h][0]
        if h == "elevkurs":
            skjemaer[h] = klasse(instance=ek, prefix=h)
        elif h == "elevfag":
            skjemaer[h] = klasse(initial=_initial_fag(linje), prefix=h) if linje else None
        else:
            skjemaer[h] = klasse(prefix=h)

    if request.method == "POST":
        handling = request.POST.get("handling", "")
        if handling not in handlinger:
            raise Http404
        if handling not in tillatt:
            raise PermissionDenied(_("Du har ikke tilgang til å endre elevdatabasen."))
        klasse, _perm, kall, ok = handlinger[handling]
        if handling == "elevkurs":
            skjema = klasse(request.POST, instance=sel.elevkurs_detalj(bruker, pk), prefix=handling)
        elif handling == "elevfag":
            if linje is None:
                raise Http404
            skjema = klasse(request.POST, initial=_initial_fag(linje), prefix=handling)
        else:
            skjema = klasse(request.POST, prefix=handling)
        skjemaer[handling] = skjema
        if skjema.is_valid():
            data = dict(skjema.cleaned_data)
            data.pop("bekreft", None)
            if handling in ("elevkurs", "elevfag"):
                # Only what the caseworker changed goes to the service (and into the history).
                data = {k: v for k, v in data.items() if k in skjema.changed_data or k == "grunn"}
            try:
                kall(data)
            except ValidationError as feil:
                feil_til_skjema(skjema, feil)
            else:
                messages.success(request, ok)
                return redirect("elev:elevkurs", pk=pk)

    logg_innsyn("vis", "Elevkurs (4S001)", request=request, person=ek.person)
    ek.forklaring = _forklar_elevkurs(ek)
    return render(
        request,
        "elev/elevkurs/detalj.html",
        {
            "ek": ek,
            "skjemaer": skjemaer,
            "linje": linje,
            "kan_endre_fag": "elevfag" in tillatt,
            "historikk": sel.historikk(ek),
        },
    )


def _heltall(verdi) -> int | None:
    return int(verdi) if verdi and str(verdi).isdigit() and len(str(verdi)) < 12 else None


@login_required
@permission_required("elev.add_elevforhold", raise_exception=True)
def elevkurs_ny(request, person_pk: int):
    """4S001: register a new elevkurs for a person by hand."""
    person = get_object_or_404(avgrens(Person.objects.all(), request.user), pk=person_pk)
    skjema = forms.NyttElevkursSkjema(request.POST or None, bruker=request.user)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        try:
            ek = vedlikehold.opprett_elevkurs(
                request.user, person=person, skole=d["skole"], programomrade=d["programomrade"],
                skolear=d["skolear"], startdato=d["startdato"], grunn=d["grunn"], klasse=d.get("klasse", ""),
            )  # fmt: skip
        except ValidationError as feil:
            feil_til_skjema(skjema, feil)
        else:
            messages.success(request, _("Elevkurset er registrert."))
            return redirect("elev:elevkurs", pk=ek.pk)
    logg_innsyn("vis", "Nytt elevkurs (4S001)", request=request, person=person)
    return render(request, "elev/elevkurs/ny.html", {"person": person, "skjema": skjema})


urlpatterns = [
    path("elevkurs/", elevkurs_liste, name="elevkurs_liste"),
    path("elevkurs/<int:pk>/", elevkurs_detalj, name="elevkurs"),
    path("personer/<int:person_pk>/elevkurs/ny/", elevkurs_ny, name="elevkurs_ny"),
]
