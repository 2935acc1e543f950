"""The «Dokumentmaler» pages of the county administration: the county's document types with the version in
force, the edit page of one type (body, variables, format, merknad; save a draft, preview it as PDF, publish), the
publish confirmation and the version list with «Gjenopprett». Thin: reads through ``selectors``, writes through
``services`` (which check the permission again). ``vigo.view_dokumentmal`` may look, ``vigo.change_dokumentmal``
(the county administrator) may edit. A system administrator chooses the county with ``?fylke=<nummer>``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from kodeverk.models import Fylke
from vigo import dokumentmal as register
from vigo.dokumentmal import selectors, services
from vigo.dokumentmal.gjengi import Malfeil, brevhode, gjengi_html, til_pdf
from vigo.models import Dokumentmal


class MalSkjema(forms.Form):
    navn = forms.CharField(label="Navn", max_length=200)
    format = forms.ChoiceField(label="Format", choices=Dokumentmal.FORMATVALG)
    innhold = forms.CharField(
        label="Innhold (Django-mal)",
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "spellcheck": "false", "class": "kode"}),
        help_text='Variabler skrives {{ kandidat.navn }}, datoer {{ dato|date:"j. F Y" }}. '
        "Vilkår: {% if … %} … {% endif %}; lister: {% for … in … %} … {% endfor %}.",
        strip=False,
    )
    merknad = forms.CharField(
        label="Hva er endret", max_length=500, required=False, help_text="Vises i versjonslisten."
    )

    def legg_til_feil(self, feil: ValidationError) -> None:
        if hasattr(feil, "error_dict"):
            for felt, liste in feil.message_dict.items():
                self.add_error(felt if felt in self.fields else None, liste)
        else:
            self.add_error(None, feil)


def _fylke(request) -> Fylke:
    """The user's county; a system administrator may choose another with ?fylke=<nummer>."""
    bruker = request.user
    nummer = request.GET.get("fylke", "")
    if bruker.er_systemadministrator and nummer:
        fylke = Fylke.objects.filter(nummer=nummer).first()
        if fylke is None:
            raise Http404
        return fylke
    fylke = bruker.fylke or (
        Fylke.objects.filter(aktiv=True).first() if bruker.er_systemadministrator else None
    )
    if fylke is None:
        raise PermissionDenied("Brukeren har ikke noe fylke.")
    return fylke


def _fylkeq(request, fylke) -> str:
    return "?" + urlencode({"fylke": fylke.nummer}) if request.user.er_systemadministrator else ""


def _til(request, fylke, navn: str, *args) -> str:
    return reverse(f"dokumentmal:{navn}", args=args) + _fylkeq(request, fylke)


def _type(kode: str) -> register.Dokumenttype:
    try:
        return register.hent(kode)
    except KeyError:
        raise Http404 from None


def _se(request) -> Fylke:
    fylke = _fylke(request)
    if not services.kan_se(request.user, fylke):
        raise PermissionDenied
    return fylke


def _endre(request) -> Fylke:
    fylke = _fylke(request)
    if not services.kan_endre(request.user, fylke):
        raise PermissionDenied
    return fylke


def _felles(request, fylke, dt=None) -> dict:
    return {
        "fylke": fylke,
        "fylkeq": _fylkeq(request, fylke),
        "fylker": Fylke.objects.order_by("nummer") if request.user.er_systemadministrator else None,
        "kan_endre": services.kan_endre(request.user, fylke),
        "dt": dt,
    }


@login_required
def liste(request):
    fylke = _se(request)
    return render(
        request, "dokumentmal/liste.html", {**_felles(request, fylke), "rader": selectors.oversikt(fylke)}
    )


@login_required
def rediger(request, kode: str):
    dt = _type(kode)
    fylke = _endre(request)
    utkast = selectors.utkast(fylke, kode)
    aktiv = selectors.aktiv_mal(fylke, kode)
    grunnlag = utkast or aktiv
    if request.method == "POST":
        skjema = MalSkjema(data=request.POST)
        if skjema.is_valid():
            try:
                mal = services.lagre_utkast(request.user, fylke=fylke, kode=kode, **skjema.cleaned_data)
            except ValidationError as feil:
                skjema.legg_til_feil(feil)
            else:
                messages.success(
                    request,
                    f"Utkastet til versjon {mal.versjon} er lagret. Det brukes ikke før det er publisert.",
                )
                return redirect(_til(request, fylke, "rediger", kode))
    else:
        skjema = MalSkjema(
            initial={
                "navn": grunnlag.navn,
                "format": grunnlag.format,
                "innhold": grunnlag.innhold,
                "merknad": utkast.merknad if utkast else "",
            }
        )
    return render(
        request,
        "dokumentmal/rediger.html",
        {
            **_felles(request, fylke, dt),
            "skjema": skjema,
            "utkast": utkast,
            "aktiv": aktiv,
            "variabler": sorted(dt.variabler.items()),
        },
    )


def _pdf_svar(pdf: bytes, kode: str) -> HttpResponse:
    svar = HttpResponse(pdf, content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="forhandsvisning_{kode}.pdf"'
    svar["Cache-Control"] = "no-store"
    return svar


@login_required
def forhandsvis(request, kode: str):
    """The type's sample context as a PDF: with POST the body in the edit form (not saved; editors only), with
    GET a saved version (``?versjon=<nr>``), else the draft, else the version in force."""
    dt = _type(kode)
    if request.method == "POST":
        fylke = _endre(request)
        skjema = MalSkjema(data=request.POST)
        if not skjema.is_valid():
            return _rediger_med_feil(request, fylke, dt, skjema)
        mal = Dokumentmal(
            fylke=fylke,
            dokumenttype=kode,
            versjon=0,
            navn=skjema.cleaned_data["navn"],
            innhold=skjema.cleaned_data["innhold"],
            format=skjema.cleaned_data["format"],
        )
    else:
        fylke = _se(request)
        versjon = request.GET.get("versjon", "")
        if versjon.isdigit() and int(versjon) > 0:
            mal = get_object_or_404(Dokumentmal, fylke=fylke, dokumenttype=kode, versjon=int(versjon))
        else:
            mal = selectors.utkast(fylke, kode) or selectors.aktiv_mal(fylke, kode)
    try:
        html = gjengi_html(mal, [dt.eksempel()], hode=brevhode(fylke), logo="")
    except Malfeil as feil:
        if request.method == "POST":
            skjema.add_error("innhold", str(feil))
            return _rediger_med_feil(request, fylke, dt, skjema)
        return render(
            request,
            "dokumentmal/rediger.html",
            {
                **_felles(request, fylke, dt),
                "feil": str(feil),
                "skjema": None,
                "variabler": sorted(dt.variabler.items()),
            },
            status=422,
        )
    return _pdf_svar(til_pdf(html), kode)


def _rediger_med_feil(request, fylke, dt, skjema):
    return render(
        request,
        "dokumentmal/rediger.html",
        {
            **_felles(request, fylke, dt),
            "skjema": skjema,
            "utkast": selectors.utkast(fylke, dt.kode),
            "aktiv": selectors.aktiv_mal(fylke, dt.kode),
            "variabler": sorted(dt.variabler.items()),
        },
        status=422,
    )


@login_required
def publiser(request, kode: str):
    dt = _type(kode)
    fylke = _endre(request)
    utkast = selectors.utkast(fylke, kode)
    if utkast is None:
        messages.info(request, "Det finnes ikke noe utkast å publisere. Lagre et utkast først.")
        return redirect(_til(request, fylke, "rediger", kode))
    if request.method == "POST":
        try:
            mal = services.publiser(request.user, utkast)
        except ValidationError as feil:
            messages.error(request, " ".join(feil.messages))
            return redirect(_til(request, fylke, "rediger", kode))
        messages.success(
            request,
            f"Versjon {mal.versjon} av «{dt.navn}» er publisert. Alle dokumenter som "
            "utstedes fra nå av, bruker den.",
        )
        return redirect(_til(request, fylke, "liste"))
    return render(
        request,
        "dokumentmal/publiser.html",
        {**_felles(request, fylke, dt), "utkast": utkast, "aktiv": selectors.aktiv_mal(fylke, kode)},
    )


@login_required
def versjoner(request, kode: str):
    dt = _type(kode)
    fylke = _se(request)
    return render(
        request,
        "dokumentmal/versjoner.html",
        {
            **_felles(request, fylke, dt),
            "versjoner": list(selectors.versjoner(fylke, kode)),
            "aktiv": selectors.aktiv_mal(fylke, kode),
        },
    )


@login_required
@require_POST
def gjenopprett(request, kode: str, versjon: int):
    _type(kode)
    fylke = _endre(request)
    mal = get_object_or_404(Dokumentmal, fylke=fylke, dokumenttype=kode, versjon=versjon)
    try:
        ny = services.gjenopprett(request.user, mal)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
        return redirect(_til(request, fylke, "versjoner", kode))
    messages.success(
        request,
        f"Versjon {mal.versjon} er kopiert til utkastet (versjon {ny.versjon}). Se over og "
        "publiser det når det er klart.",
    )
    return redirect(_til(request, fylke, "rediger", kode))
