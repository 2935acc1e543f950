"""The «Systemparametere» page of the county administration: choose school year (and county, for a system
administrator), read every parameter grouped by area, and change them in one form. Thin: reads through
``selectors``, writes through ``services.sett_parametere`` (which checks the permission again)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kodeverk.models import Fylke, Skolear
from vigo import parametere as register
from vigo.parametere import selectors, services


class ParameterSkjema(forms.Form):
    """One field per registered parameter, built from the registry (the same field the service validates with)."""

    def __init__(self, rader: list[selectors.Rad], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rader = rader
        for rad in rader:
            p = rad.parameter
            self.fields[p.feltnavn] = p.skjemafelt(initial=p.skjemaverdi(rad.verdi))

    def verdier(self) -> dict:
        return {rad.parameter.nokkel: self.cleaned_data[rad.parameter.feltnavn] for rad in self.rader}

    def legg_til_feil(self, feil: ValidationError) -> None:
        if not hasattr(feil, "error_dict"):
            self.add_error(None, feil)
            return
        felter = {rad.parameter.nokkel: rad.parameter.feltnavn for rad in self.rader}
        for nokkel, liste in feil.message_dict.items():
            self.add_error(felter.get(nokkel), liste)


def _fylke(request) -> Fylke:
    """The user's county; a system administrator may choose another with ?fylke=<nummer>."""
    bruker = request.user
    nummer = request.GET.get("fylke", "")
    if bruker.er_systemadministrator:
        if nummer:
            fylke = Fylke.objects.filter(nummer=nummer).first()
            if fylke is None:
                raise Http404
            return fylke
        fylke = bruker.fylke or Fylke.objects.filter(aktiv=True).first()
    else:
        fylke = bruker.fylke
    if fylke is None:
        raise PermissionDenied("Brukeren har ikke noe fylke.")
    return fylke


def _skolear(request, alle: list[Skolear]) -> Skolear | None:
    kode = request.GET.get("skolear", "")
    if kode:
        for s in alle:
            if s.kode == kode:
                return s
        raise Http404
    idag = timezone.localdate()
    return (
        next((s for s in alle if s.startdato <= idag <= s.sluttdato), None)
        or next((s for s in alle if s.aktiv), None)
        or (alle[0] if alle else None)
    )


def _omrader(rader, skjema=None) -> list[dict]:
    grupper: dict[str, dict] = {}
    for rad in rader:
        p = rad.parameter
        g = grupper.setdefault(p.omrade, {"kode": p.omrade, "navn": p.omradenavn, "rader": []})
        g["rader"].append({"rad": rad, "felt": skjema[p.feltnavn] if skjema is not None else None})
    return list(grupper.values())


def _adresse(navn: str, fylke: Fylke, skolear: Skolear, bruker, **kw) -> str:
    q = {"skolear": skolear.kode}
    if bruker.er_systemadministrator:
        q["fylke"] = fylke.nummer
    return f"{reverse(navn, kwargs=kw)}?{urlencode(q)}"


@login_required
def systemparametere(request):
    fylke = _fylke(request)
    if not services.kan_se(request.user, fylke):
        raise PermissionDenied
    alle_ar = list(Skolear.objects.order_by("-kode"))
    skolear = _skolear(request, alle_ar)
    kan_endre = services.kan_endre(request.user, fylke)
    rader = selectors.parameterrader(fylke, skolear) if skolear else []
    skjema = None
    if kan_endre and skolear:
        if request.method == "POST":
            skjema = ParameterSkjema(rader, data=request.POST)
            if skjema.is_valid():
                try:
                    endret = services.sett_parametere(fylke, skolear, skjema.verdier(), request.user)
                except ValidationError as feil:
                    skjema.legg_til_feil(feil)
                else:
                    if endret:
                        messages.success(
                            request,
                            _("%(n)d parametere er lagret for %(ar)s.")
                            % {"n": len(endret), "ar": skolear.kode},
                        )
                    else:
                        messages.info(request, _("Ingen verdier var endret."))
                    return redirect(_adresse("systemparametere", fylke, skolear, request.user))
        else:
            skjema = ParameterSkjema(rader)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "vigo/systemparametere.html",
        {
            "fylke": fylke,
            "skolear": skolear,
            "alle_ar": alle_ar,
            "fylker": Fylke.objects.order_by("nummer") if request.user.er_systemadministrator else None,
            "omrader": _omrader(rader, skjema),
            "skjema": skjema,
            "kan_endre": kan_endre,
        },
    )


@login_required
def systemparameter_historikk(request, nokkel: str):
    fylke = _fylke(request)
    if not services.kan_se(request.user, fylke):
        raise PermissionDenied
    try:
        p = register.hent(nokkel)
    except KeyError:
        raise Http404 from None
    alle_ar = list(Skolear.objects.order_by("-kode"))
    skolear = _skolear(request, alle_ar)
    if skolear is None:
        raise Http404
    qs = selectors.historikk(fylke, skolear, nokkel)
    side = Paginator(qs, 25).get_page(request.GET.get("side"))
    rader = list(side.object_list)
    eldre = qs[side.end_index()] if side.has_next() else None
    return render(
        request,
        "vigo/systemparameter_historikk.html",
        {
            "fylke": fylke,
            "skolear": skolear,
            "parameter": p,
            "side": side,
            "endringer": selectors.endringer(rader, eldre, p),
            "tilbake": _adresse("systemparametere", fylke, skolear, request.user),
            "sideadresse": _adresse("systemparameter_historikk", fylke, skolear, request.user, nokkel=nokkel),
        },
    )
