"""Privatister: the county's exam registrations (list, register, result, status). Thin: the rules and the
permission checks are in ``inntak.elev.services.privatist``; the person is found by fødselsnummer in a POST."""

from __future__ import annotations

import django_filters as df
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from inntak.elev.models import Privatistmelding
from inntak.elev.services import privatist as tjeneste
from inntak.elev.views.person import feil_til_skjema  # a service error onto the form's fields
from inntak.filtre import sok_person
from inntak.skjema_soknad import FinnPersonSkjema
from inntak.tabeller import Tabell, konfigurer
from kodeverk.models import Fag, Skole
from vigo.models import Person
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens


def _meldinger(bruker):
    return avgrens(Privatistmelding.objects.all(), bruker).select_related("person", "fag", "eksamensskole")


class PrivatistFilter(df.FilterSet):
    sok = df.CharFilter(label=_l("Navn eller fødselsnummer"), method="_sok")
    eksamensperiode = df.CharFilter(label=_l("Eksamensperiode"), lookup_expr="iexact")
    fag = df.CharFilter(label=_l("Fagkode"), field_name="fag__kode", lookup_expr="iexact")
    status = df.ChoiceFilter(
        label=_l("Status"), choices=Privatistmelding.Status.choices, empty_label=_l("Alle")
    )

    class Meta:
        model = Privatistmelding
        fields: list[str] = []

    def _sok(self, qs, navn, verdi):
        return sok_person(qs, verdi)


class PrivatistTabell(Tabell):
    bildetekst = _l("Privatistoppmeldinger")
    person = tables.Column(verbose_name=_l("Person"), linkify=lambda record: reverse("elev:privatist", args=[record.pk]),
                           order_by=("person__etternavn", "person__fornavn"), accessor="person")  # fmt: skip
    fag = tables.Column(verbose_name=_l("Fag"), order_by="fag__kode")
    eksamensperiode = tables.Column(verbose_name=_l("Periode"))
    eksamensform = tables.Column(verbose_name=_l("Eksamensform"))
    eksamensskole = tables.Column(verbose_name=_l("Eksamensskole"), accessor="eksamensskole__navn")
    status = tables.Column(verbose_name=_l("Status"))
    karakter = tables.Column(verbose_name=_l("Karakter"))

    class Meta(Tabell.Meta):
        model = Privatistmelding
        fields = ("person", "fag", "eksamensperiode", "eksamensform", "eksamensskole", "status", "karakter")

    def render_person(self, value):
        return f"{value.etternavn}, {value.fornavn}"

    def render_fag(self, value):
        return f"{value.navn} ({value.kode})"


class MeldOppSkjema(forms.Form):
    fagkode = forms.CharField(label=_l("Fagkode"), max_length=10, help_text=_l("For eksempel NOR1267."))
    eksamensperiode = forms.CharField(label=_l("Eksamensperiode"), max_length=5,
                                      help_text=_l("H eller V og året, for eksempel V2027."))  # fmt: skip
    eksamensform = forms.ChoiceField(label=_l("Eksamensform"), choices=Privatistmelding.Eksamensform.choices)
    eksamensskole = forms.ModelChoiceField(
        label=_l("Eksamensskole"), queryset=Skole.objects.none(), required=False
    )

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eksamensskole"].queryset = avgrens(Skole.objects.filter(aktiv=True), bruker)

    def clean_fagkode(self):
        kode = self.cleaned_data["fagkode"].strip().upper()
        fag = Fag.objects.filter(kode=kode).first()
        if fag is None:
            raise ValidationError(_("Fagkoden %(kode)s finnes ikke i kodeverket.") % {"kode": kode})
        return fag


class ResultatSkjema(forms.Form):
    karakter = forms.CharField(label=_l("Karakter"), max_length=2)
    grunn = forms.CharField(label=_l("Kilde eller merknad"), max_length=100, required=False)


class StatusSkjema(forms.Form):
    status = forms.ChoiceField(
        label=_l("Ny status"),
        choices=[(v, n) for v, n in Privatistmelding.Status.choices if v != Privatistmelding.Status.AVLAGT],
    )
    grunn = forms.CharField(label=_l("Grunn"), max_length=100)


@login_required
@permission_required("elev.view_privatistmelding", raise_exception=True)
def liste(request):
    filtersett = PrivatistFilter(request.GET, _meldinger(request.user))
    tabell = konfigurer(PrivatistTabell(filtersett.qs, filtersett=filtersett), request)
    logg_innsyn("vis", "Privatistliste", request=request, antall=len(tabell.page.object_list))
    finn, skjema, person = FinnPersonSkjema(), None, None
    if request.method == "POST":
        if not request.user.has_perm("elev.add_privatistmelding"):
            raise PermissionDenied
        finn = FinnPersonSkjema(request.POST)
        if finn.is_valid():
            person = Person.objects.filter(fodselsnummer=finn.cleaned_data["fodselsnummer"]).first()
            if person is None:
                finn.add_error(
                    "fodselsnummer", _("Ingen person med dette fødselsnummeret finnes i personregisteret.")
                )
            else:
                logg_innsyn("vis", "Personoppslag for privatistoppmelding", request=request, person=person)
        skjema = MeldOppSkjema(request.POST, bruker=request.user)
        if person is not None and skjema.is_valid():
            d = skjema.cleaned_data
            try:
                melding = tjeneste.meld_opp(
                    request.user, person=person, fag=d["fagkode"], eksamensperiode=d["eksamensperiode"],
                    eksamensform=d["eksamensform"], eksamensskole=d["eksamensskole"],
                )  # fmt: skip
            except ValidationError as feil:
                feil_til_skjema(skjema, feil)
            else:
                messages.success(request, _("Oppmeldingen er registrert."))
                return redirect("elev:privatist", pk=melding.pk)
    if skjema is None:
        skjema = MeldOppSkjema(
            bruker=request.user, initial={"eksamensperiode": tjeneste.innevaerende_periode()}
        )
    return render(request, "elev/privatist/liste.html", {"tabell": tabell, "finn": finn, "skjema": skjema})


@login_required
@permission_required("elev.view_privatistmelding", raise_exception=True)
def detalj(request, pk: int):
    melding = get_object_or_404(_meldinger(request.user), pk=pk)
    logg_innsyn("vis", "Privatistoppmelding", request=request, person=melding.person)
    resultat, status = ResultatSkjema(), StatusSkjema()
    if request.method == "POST":
        if not request.user.has_perm("elev.change_privatistmelding"):
            raise PermissionDenied
        try:
            if request.POST.get("handling") == "resultat":
                resultat = ResultatSkjema(request.POST)
                if resultat.is_valid():
                    tjeneste.registrer_resultat(request.user, melding, **resultat.cleaned_data)
                    messages.success(request, _("Resultatet er registrert i elevregisteret."))
                    return redirect("elev:privatist", pk=pk)
            else:
                status = StatusSkjema(request.POST)
                if status.is_valid():
                    tjeneste.endre_status(request.user, melding, **status.cleaned_data)
                    messages.success(request, _("Statusen er endret."))
                    return redirect("elev:privatist", pk=pk)
        except ValidationError as feil:
            feil_til_skjema(resultat if request.POST.get("handling") == "resultat" else status, feil)
    historikk = list(melding.history.select_related("history_user").order_by("-history_date")[:20])
    return render(request, "elev/privatist/detalj.html",
                  {"melding": melding, "resultat": resultat, "status": status, "historikk": historikk,
                   "kan_endre": request.user.has_perm("elev.change_privatistmelding"),
                   "overganger": Privatistmelding.OVERGANGER[melding.status]})  # fmt: skip


urlpatterns = [
    path("privatister/", liste, name="privatist_liste"),
    path("privatister/<int:pk>/", detalj, name="privatist"),
]
