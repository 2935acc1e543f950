"""Forms of the formidling pages (fagopplaering/views/formidling.py). Choices are scoped to the user; the services
check everything again."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.models import Bedrift, Formidling, Formidlingstilbud, Intensjonsavtale
from fagopplaering.models.koder import Kandidattype
from fagopplaering.regler import formidling as regel
from fagopplaering.selectors import formidling as sel
from fagopplaering.selectors.oversikt import standard_skolear as skolear_for_bruker
from kodeverk.models import Programomrade, Skolear
from kodeverk.niva import Niva
from kodeverk.skolear import neste_inntaksar
from vigo.fodselsnummer import feilmelding as fnr_feil
from vigo.models import Person
from vigo.scoping import avgrens

S = Formidling.Status
MAKS_FILSTORRELSE = 5 * 1024 * 1024


def standard_skolear(bruker=None) -> Skolear | None:
    """The school year the pages open on: the same as the landing page's counts (the latest with formidlinger in the
    user's county, else the one the next intake is for), so the board and the counts agree."""
    if bruker is not None:
        return skolear_for_bruker(bruker)
    neste = Skolear.objects.filter(kode=neste_inntaksar(timezone.localdate()).kode).first()
    return neste or Skolear.objects.filter(aktiv=True).first()


def laerefag():
    return Programomrade.objects.filter(niva=Niva.LAERE).order_by("navn")


class LaerefagFelt(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.navn} ({obj.kode})"


class BedriftFelt(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        sted = f", {obj.kommune.navn}" if obj.kommune_id else ""
        return f"{obj.navn} ({obj.orgnr}{sted})"


class SkolearFilter(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.order_by("-kode"), label=_("Skoleår"), to_field_name="kode",
                                     required=False, empty_label=None)  # fmt: skip

    def __init__(self, *args, bruker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.standard = standard_skolear(bruker)
        if not self.data.get("skolear"):
            self.fields["skolear"].initial = self.standard

    def valgt_skolear(self) -> Skolear | None:
        if self.is_valid() and self.cleaned_data.get("skolear"):
            return self.cleaned_data["skolear"]
        return self.standard


class FormidlingFilter(SkolearFilter):
    programomrade = LaerefagFelt(laerefag(), label=_("Lærefag"), required=False, empty_label=_("Alle"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle")), *S.choices])
    q = forms.CharField(label=_("Navn eller fødselsnummer"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programomrade"].queryset = laerefag()


class StatusSkjema(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"))
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=300)

    def __init__(self, *args, formidling: Formidling, **kwargs):
        super().__init__(*args, **kwargs)
        lovlige = [s for s in S if regel.kan_ga(formidling.status, s.value) and s.value in regel.MANUELLE]
        self.fields["status"].choices = [(s.value, s.label) for s in lovlige]

    @property
    def har_valg(self) -> bool:
        return bool(self.fields["status"].choices)


class FormidleSkjema(forms.Form):
    bedrift = BedriftFelt(Bedrift.objects.none(), label=_("Lærebedrift"),
                          help_text=_("Bedrifter med gyldig godkjenning i lærefaget."))  # fmt: skip
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)

    def __init__(self, *args, bruker, formidling: Formidling, **kwargs):
        super().__init__(*args, **kwargs)
        brukt = formidling.tilbud.values("bedrift_id")
        self.fields["bedrift"].queryset = sel.godkjente_bedrifter(
            bruker, formidling.programomrade, timezone.localdate()
        ).exclude(pk__in=brukt)


class BedriftSvarSkjema(forms.Form):
    svar = forms.ChoiceField(label=_("Svar fra bedriften"))
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)

    def __init__(self, *args, tilbud: Formidlingstilbud, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["svar"].choices = [
            (s.value, s.label) for s in Formidlingstilbud.Svar if regel.kan_svare(tilbud.svar, s.value)
        ]


class SokersvarSkjema(forms.Form):
    svar = forms.ChoiceField(
        label=_("Søkerens svar"), widget=forms.RadioSelect,
        choices=[("ja", _("Takker ja til læreplassen")), ("nei", _("Takker nei (ingen ny læreplass eller skoleplass samme år)"))],
    )  # fmt: skip
    bedrift = BedriftFelt(Bedrift.objects.none(), label=_("Tilbudet fra"), required=False)

    def __init__(self, *args, formidling: Formidling, **kwargs):
        super().__init__(*args, **kwargs)
        ider = formidling.tilbud.filter(svar=Formidlingstilbud.Svar.TILBUD).values("bedrift_id")
        self.fields["bedrift"].queryset = Bedrift.objects.filter(pk__in=ider).order_by("navn")
        self.fields["bedrift"].initial = formidling.bedrift_id


class AlternativSkjema(forms.Form):
    """Choose applicants for Vg3 i skole; the second step shows the count and asks for confirmation."""

    valgt = forms.ModelMultipleChoiceField(Formidling.objects.none(), label=_("Søkere"),
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    bekreft = forms.BooleanField(
        required=False, label=_("Jeg bekrefter at søkerne skal få tilbud om Vg3 i skole")
    )

    def __init__(self, *args, kandidater, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valgt"].queryset = kandidater


class IntensjonFilter(SkolearFilter):
    programomrade = LaerefagFelt(laerefag(), label=_("Lærefag"), required=False, empty_label=_("Alle"))
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle")), *Intensjonsavtale.Type.choices]
    )
    q = forms.CharField(label=_("Bedrift (navn eller organisasjonsnummer)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programomrade"].queryset = laerefag()


class IntensjonsavtaleSkjema(forms.Form):
    skolear = forms.ModelChoiceField(
        Skolear.objects.order_by("-kode"), label=_("Skoleår"), to_field_name="kode"
    )
    orgnr = forms.CharField(label=_("Organisasjonsnummer"), max_length=11)
    programomrade = LaerefagFelt(laerefag(), label=_("Lærefag"))
    type = forms.ChoiceField(
        label=_("Type"), choices=Intensjonsavtale.Type.choices, initial=Intensjonsavtale.Type.INTENSJON
    )
    antall_laerlinger = forms.IntegerField(
        label=_("Antall lærlinger"), min_value=0, max_value=1000, initial=0
    )
    antall_laerekandidater = forms.IntegerField(
        label=_("Antall lærekandidater"), min_value=0, max_value=1000, initial=0
    )
    fodselsnummer = forms.CharField(label=_("Kandidatens fødselsnummer (forhåndsavtale)"), required=False,
                                    max_length=11)  # fmt: skip
    startdato = forms.DateField(label=_("Planlagt start (forhåndsavtale)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.bruker = bruker
        self.fields["programomrade"].queryset = laerefag()
        self.fields["skolear"].initial = standard_skolear(bruker)

    def clean_orgnr(self):
        orgnr = "".join(self.cleaned_data["orgnr"].split())
        bedrift = avgrens(Bedrift.objects.filter(orgnr=orgnr), self.bruker).first()
        if bedrift is None:
            bedrift = Bedrift.objects.filter(orgnr=orgnr).first()
        if bedrift is None:
            raise forms.ValidationError(
                _(
                    "Organisasjonsnummer %(orgnr)s finnes ikke i bedriftsregisteret. Registrer bedriften først."
                )
                % {"orgnr": orgnr}
            )
        self.cleaned_data["bedrift"] = bedrift
        return orgnr

    def clean_fodselsnummer(self):
        nummer = "".join(self.cleaned_data["fodselsnummer"].split())
        if not nummer:
            return None
        melding = fnr_feil(nummer)
        if melding:
            raise forms.ValidationError(melding)
        person = Person.objects.filter(fodselsnummer=nummer).first()
        if person is None:
            raise forms.ValidationError(_("Fødselsnummeret finnes ikke i personregisteret."))
        return person


class ImportSkjema(forms.Form):
    skolear = forms.ModelChoiceField(
        Skolear.objects.order_by("-kode"), label=_("Skoleår"), to_field_name="kode"
    )
    fil = forms.FileField(
        label=_("Fil (CSV)"),
        help_text=_("Semikolonseparert, UTF-8 eller Latin-1, med overskriften "
                    "orgnr;lærefag;antall_lærlinger;antall_lærekandidater;type;fødselsnummer;startdato "
                    "(de to siste kolonnene kan utelates)."),
    )  # fmt: skip

    def __init__(self, *args, bruker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skolear"].initial = standard_skolear(bruker)

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAKS_FILSTORRELSE:
            raise forms.ValidationError(_("Filen er større enn 5 MB."))
        return fil


class NyFormidlingSkjema(forms.Form):
    """Register an applicant by hand (e.g. one with rett who found a læreplass without applying)."""

    fodselsnummer = forms.CharField(label=_("Fødselsnummer"), max_length=11)
    programomrade = LaerefagFelt(laerefag(), label=_("Lærefag"))
    skolear = forms.ModelChoiceField(
        Skolear.objects.order_by("-kode"), label=_("Skoleår"), to_field_name="kode"
    )
    kandidattype = forms.ChoiceField(
        label=_("Kandidattype"),
        choices=[(k.value, k.label) for k in (Kandidattype.LAERLING, Kandidattype.LAEREKANDIDAT,
                                              Kandidattype.PRAKSISBREVKANDIDAT, Kandidattype.FAGBREV_PA_JOBB)],
    )  # fmt: skip
    ungdomsrett = forms.BooleanField(label=_("Har ungdomsrett"), required=False)

    def __init__(self, *args, bruker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programomrade"].queryset = laerefag()
        self.fields["skolear"].initial = standard_skolear(bruker)

    def clean_fodselsnummer(self):
        nummer = "".join(self.cleaned_data["fodselsnummer"].split())
        melding = fnr_feil(nummer)
        if melding:
            raise forms.ValidationError(melding)
        person = Person.objects.filter(fodselsnummer=nummer).first()
        if person is None:
            raise forms.ValidationError(_("Fødselsnummeret finnes ikke i personregisteret."))
        return person


def idag() -> datetime.date:
    return timezone.localdate()
