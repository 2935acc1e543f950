"""Forms of the register's caseworker pages (elevkurs list and 4S001). They only validate input; every write is a
call to ``inntak.elev.services`` (vedlikehold, beregning, rett) with the caseworker's reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inntak.elev.models import Elevfag, Elevforhold, Rettshendelse
from kodeverk.models import Elevstatus, Fag, Fagstatus, Programomrade, Skole, Skolear
from vigo.scoping import avgrens

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _grunn() -> forms.CharField:
    return forms.CharField(
        label=_("Grunn"),
        max_length=100,
        help_text=_("Lagres i historikken sammen med endringen."),
        error_messages={"required": _("Oppgi en grunn for endringen.")},
    )


class ElevkursFilter(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.order_by("-kode"), label=_("Skoleår"), required=False,
                                     to_field_name="kode")  # fmt: skip
    skole = forms.ModelChoiceField(Skole.objects.none(), label=_("Skole"), required=False)
    programomrade = forms.ModelChoiceField(Programomrade.objects.order_by("navn"), label=_("Programområde"),
                                           required=False, to_field_name="kode")  # fmt: skip
    elevstatus = forms.ModelChoiceField(Elevstatus.objects.all(), label=_("Elevstatus"), required=False,
                                        to_field_name="kode")  # fmt: skip
    klasse = forms.CharField(label=_("Klasse"), required=False, max_length=40)

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skole"].queryset = avgrens(Skole.objects.all(), bruker).order_by("navn")
        self.fields["programomrade"].label_from_instance = lambda p: f"{p.navn} ({p.kode})"
        self.fields["elevstatus"].label_from_instance = lambda e: f"{e.navn} ({e.kode})"


class ElevkursSkjema(forms.ModelForm):
    """The school-owned fields of an elevkurs (services.vedlikehold.ELEVKURS_FELT)."""

    grunn = _grunn()

    class Meta:
        model = Elevforhold
        fields = ["programomrade", "klasse", "startdato", "deltid", "bevistype", "malform", "saerskilt_sprak",
                  "voksen", "rett_pabygging", "fritekst"]  # fmt: skip
        widgets = {"startdato": DATO}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        felt = self.fields["programomrade"]
        felt.queryset = Programomrade.objects.order_by("navn")
        felt.label_from_instance = lambda p: f"{p.navn} ({p.kode})"
        # Left out of a form post: the course keeps its programområde (changing it is the exception).
        felt.required = False

    def clean_programomrade(self):
        return self.cleaned_data.get("programomrade") or self.instance.programomrade


class NyttElevkursSkjema(forms.Form):
    skole = forms.ModelChoiceField(Skole.objects.none(), label=_("Skole"))
    programomrade = forms.ModelChoiceField(Programomrade.objects.order_by("navn"), label=_("Programområde"))
    skolear = forms.ModelChoiceField(Skolear.objects.order_by("-kode"), label=_("Skoleår"))
    startdato = forms.DateField(label=_("Startdato"), widget=DATO)
    klasse = forms.CharField(label=_("Klasse"), required=False, max_length=40)
    grunn = _grunn()

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skole"].queryset = avgrens(Skole.objects.all(), bruker).order_by("navn")
        self.fields["programomrade"].label_from_instance = lambda p: f"{p.navn} ({p.kode})"


class ElevfagSkjema(forms.ModelForm):
    grunn = _grunn()

    class Meta:
        model = Elevfag
        fields = ["fagstatus", "startdato", "avbruddsdato", "elevtimer", "fagmerknad", "fagmerknad_parameter"]
        widgets = {"startdato": DATO, "avbruddsdato": DATO}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fagstatus"].label_from_instance = lambda f: f"{f.navn} ({f.kode})"


class NyttElevfagSkjema(forms.Form):
    fag = forms.ModelChoiceField(Fag.objects.filter(aktiv=True, grunnskole=False), label=_("Fag"),
                                 to_field_name="kode")  # fmt: skip
    fagstatus = forms.ModelChoiceField(Fagstatus.objects.all(), label=_("Fagstatus"))
    elevtimer = forms.IntegerField(label=_("Elevtimer"), required=False, min_value=0, max_value=32767)
    grunn = _grunn()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fag"].label_from_instance = lambda f: f"{f.navn} ({f.kode})"
        self.fields["fagstatus"].label_from_instance = lambda f: f"{f.navn} ({f.kode})"


class AvbruddSkjema(forms.Form):
    dato = forms.DateField(label=_("Avbruddsdato"), widget=DATO)
    arsak = forms.CharField(label=_("Avbruddsårsak"), max_length=100)
    grunn = _grunn()
    bekreft = forms.BooleanField(
        label=_("Jeg bekrefter avbruddet. Elevstatus og fagstatuser endres."),
        error_messages={"required": _("Kryss av for å bekrefte avbruddet.")},
    )


class OpphevAvbruddSkjema(forms.Form):
    grunn = _grunn()
    bekreft = forms.BooleanField(
        label=_("Jeg bekrefter at avbruddet oppheves. Elevstatus og fagstatuser endres."),
        error_messages={"required": _("Kryss av for å bekrefte at avbruddet oppheves.")},
    )


class ManuellElevstatusSkjema(forms.Form):
    kode = forms.ModelChoiceField(Elevstatus.objects.all(), label=_("Elevstatus"), to_field_name="kode")
    grunn = _grunn()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode"].label_from_instance = lambda e: f"{e.navn} ({e.kode})"


class FjernManuellSkjema(forms.Form):
    grunn = _grunn()


class RettshendelseSkjema(forms.Form):
    type = forms.ChoiceField(label=_("Hendelse"), choices=Rettshendelse.Type.choices)
    dato = forms.DateField(label=_("Dato"), widget=DATO)
    ar = forms.IntegerField(label=_("Antall år"), required=False, min_value=1, max_value=10,
                            help_text=_("Bare for utvidelse av retten."))  # fmt: skip
    grunn = _grunn()
