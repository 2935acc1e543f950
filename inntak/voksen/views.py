"""«Inntak av voksne» (/inntak/voksne/): counts, the waiting applicants in § 13-4 order, the places given, and
the confirmed step «Tildel ledige plasser». Thin: reads through ``selectors``, writes through ``services``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inntak import tabeller
from inntak.filtre import sok_person
from inntak.models import Soknad, Tilbud, Voksenplass
from inntak.models.voksen import VoksenplassStatus
from inntak.motor.prioritet_voksen import GRUPPER_VOKSEN
from inntak.selectors import standard_skolear
from inntak.voksen import selectors, services
from inntak.voksen.tabeller import PlassTabell, VentendeTabell, tilbudsnavn
from kodeverk.models import Fylke, Skolear
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens

SE = "inntak.view_soknad"


def _fylke(request) -> Fylke:
    """The user's county; a system administrator may choose one with ?fylke=. Another county's number: 404."""
    bruker, nummer = request.user, request.GET.get("fylke") or request.POST.get("fylke")
    if bruker.er_systemadministrator:
        if nummer:
            return get_object_or_404(Fylke, nummer=nummer)
        fylke = bruker.fylke or Fylke.objects.filter(tilbud__voksenopplaering=True).order_by("nummer").first()
        if fylke is None:
            raise Http404
        return fylke
    if bruker.fylke is None:
        raise PermissionDenied(_("Brukeren har ikke noe fylke."))
    if nummer and nummer != bruker.fylke.nummer:
        raise Http404
    return bruker.fylke


def _skolear(request) -> Skolear:
    kode = request.GET.get("skolear") or request.POST.get("skolear")
    skolear = Skolear.objects.filter(kode=kode).first() if kode else standard_skolear(request.user)
    if skolear is None:
        raise Http404
    return skolear


class VoksenFilter(forms.Form):
    """The page's filter: applies to both tables (status only to the places)."""

    gruppe = forms.TypedChoiceField(
        label=gettext_lazy("Gruppe (§ 13-4)"), required=False, coerce=int, empty_value=None,
        choices=[("", gettext_lazy("Alle"))] + [(k, f"{k}: {v}") for k, v in GRUPPER_VOKSEN.items()],
    )  # fmt: skip
    tilbud = forms.ModelChoiceField(
        label=gettext_lazy("Tilbud"),
        required=False,
        queryset=Tilbud.objects.none(),
        empty_label=gettext_lazy("Alle"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status på plassen"), required=False,
        choices=[("", gettext_lazy("Alle"))] + list(VoksenplassStatus.choices),
    )  # fmt: skip
    q = forms.CharField(label=gettext_lazy("Navn eller fødselsnummer"), required=False, max_length=100)

    def __init__(self, *args, tilbud=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tilbud"].queryset = tilbud
        self.fields["tilbud"].label_from_instance = tilbudsnavn


@login_required
@permission_required(SE, raise_exception=True)
def oversikt(request):
    fylke, skolear = _fylke(request), _skolear(request)
    tilbud = avgrens(selectors.voksentilbud(fylke, skolear), request.user).select_related(
        "skole", "programomrade"
    )
    skjema = VoksenFilter(request.GET or None, tilbud=tilbud)
    f = skjema.cleaned_data if skjema.is_valid() else {}
    ventende = selectors.ventende_for(request.user, fylke, skolear)
    plasser = selectors.plasser_for(request.user, fylke, skolear)
    if f.get("gruppe"):
        ventende, plasser = (
            ventende.filter(voksengruppe=f["gruppe"]),
            plasser.filter(voksengruppe=f["gruppe"]),
        )
    if f.get("tilbud"):
        ventende = ventende.filter(onsker__tilbud=f["tilbud"])
        plasser = plasser.filter(tilbud=f["tilbud"])
    if f.get("status"):
        plasser = plasser.filter(status=f["status"])
    if f.get("q"):
        ventende, plasser = sok_person(ventende, f["q"]), sok_person(plasser, f["q"], "soknad__person")
    kan_tildele = services.kan(request.user, fylke.pk)
    kan_endre = services.kan(request.user, fylke.pk, services.ENDRE)
    vent = tabeller.konfigurer(VentendeTabell(ventende, kan_tildele=kan_tildele), request)
    plass = tabeller.konfigurer(PlassTabell(plasser, kan_endre=kan_endre), request)
    antall = len(vent.page.object_list) + len(plass.page.object_list)
    if antall:
        logg_innsyn(
            "vis", "Inntak av voksne: ventende og tildelte", request=request, fylke=fylke, antall=antall
        )
    telling = selectors.telling(request.user, fylke, skolear)
    statuser = [(navn, telling["per_status"].get(verdi, 0)) for verdi, navn in VoksenplassStatus.choices]
    return render(request, "inntak/voksen/oversikt.html", {
        "fylke": fylke, "skolear": skolear, "skjema": skjema, "ventende": vent, "plasser": plass,
        "telling": telling, "kan_tildele": kan_tildele, "statuser": statuser, "tilbake": _tilbake(fylke, skolear),
    })  # fmt: skip


def _tilbake(fylke, skolear) -> str:
    return f"{reverse('inntak:voksne')}?{urlencode({'fylke': fylke.nummer, 'skolear': skolear.kode})}"


class BekreftSkjema(forms.Form):
    antall = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@login_required
@permission_required(services.TILDEL, raise_exception=True)
def tildel_ledige(request):
    """GET: how many applicants placement reaches now; POST with that number: place them."""
    fylke, skolear = _fylke(request), _skolear(request)
    services.krev_tilgang(request.user, fylke.pk)
    plan = selectors.planlegg(fylke, skolear)
    skjema = BekreftSkjema(request.POST or None, initial={"antall": len(plan.tildelt)})
    if request.method == "POST" and skjema.is_valid():
        if skjema.cleaned_data["antall"] != len(plan.tildelt):
            skjema = BekreftSkjema(initial={"antall": len(plan.tildelt)})
            messages.error(request, _("Tallene har endret seg siden du åpnet siden: nå får %(n)d søkere plass. "
                                      "Kontroller og bekreft på nytt.") % {"n": len(plan.tildelt)})  # fmt: skip
        else:
            try:
                t = services.plasser_voksne(fylke, skolear, request.user)
            except ValidationError as feil:
                messages.error(request, " ".join(feil.messages))
            else:
                messages.success(request, _("%(tildelt)d søkere fikk plass. %(venter)d venter fortsatt på ledig plass "
                                            "(ingen ventelister, opplæringsforskrifta § 13-3).") % t)  # fmt: skip
                return redirect(_tilbake(fylke, skolear))
    return render(request, "inntak/voksen/tildel.html", {
        "fylke": fylke, "skolear": skolear, "skjema": skjema, "plan": plan.telling(), "tilbake": _tilbake(fylke, skolear),
    })  # fmt: skip


@login_required
@require_POST
@permission_required(services.TILDEL, raise_exception=True)
def tildel(request, pk: int):
    soknad = get_object_or_404(
        avgrens(Soknad.objects.select_related("fylke", "skolear"), request.user), pk=pk
    )
    tilbud = Tilbud.objects.filter(
        pk=request.POST.get("tilbud") if (request.POST.get("tilbud") or "").isdigit() else None
    ).first()
    if tilbud is None:
        messages.error(request, _("Velg et tilbud."))
    else:
        try:
            services.tildel_voksenplass(soknad, tilbud, request.user)
        except ValidationError as feil:
            for m in feil.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Plassen er tildelt: %(t)s.") % {"t": tilbudsnavn(tilbud)})
    return redirect(_tilbake(soknad.fylke, soknad.skolear))


@login_required
@require_POST
@permission_required(services.ENDRE, raise_exception=True)
def endre_status(request, pk: int):
    qs = Voksenplass.objects.select_related("tilbud__fylke", "tilbud__skolear")
    plass = get_object_or_404(avgrens(qs, request.user), pk=pk)
    try:
        services.endre_voksenplass_status(plass, request.POST.get("status", ""), request.user)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
    else:
        messages.success(request, _("Status på plassen er endret."))
    return redirect(_tilbake(plass.tilbud.fylke, plass.tilbud.skolear))
