"""Forms of the prøve pages (docs/fagopplaering/prove.md). They only validate and look up input; every write is a call
to ``fagopplaering.services.prove``, ``.klage`` or ``.dokument``, which check permission, county and the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.forms_kontrakt import DATO, _bedrift, _fag_felt
from fagopplaering.models import Kandidattype, Klage, Oppmelder, Prove, Provenemnd, Resultat
from kodeverk.models import Skole
from vigo.models import Person
from vigo.scoping import avgrens


class ProveFilter(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=100,
                        help_text=_("Navn eller fødselsnummer."))  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(Prove.Status.choices))  # fmt: skip
    programomrade = _fag_felt(required=False)
    kandidattype = forms.ChoiceField(label=_("Kandidattype"), required=False,
                                     choices=[("", _("Alle"))] + list(Kandidattype.choices))  # fmt: skip
    resultat = forms.ChoiceField(label=_("Resultat"), required=False,
                                 choices=[("", _("Alle"))] + list(Resultat.choices))  # fmt: skip


class OppmeldingSkjema(forms.Form):
    """Oppmelding by the caseworker on behalf of the company, school or praksiskandidat (the forms they fill in
    elsewhere arrive the same way). With a contract the person, lærefag and company come from it."""

    fodselsnummer = forms.CharField(label=_("Fødselsnummer"), max_length=11, min_length=11, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                    help_text=_("Ikke nødvendig når prøven meldes opp fra en kontrakt."))  # fmt: skip
    kandidattype = forms.ChoiceField(label=_("Kandidattype"), choices=Kandidattype.choices)
    programomrade = _fag_felt(required=False)
    oppmeldt_av = forms.ChoiceField(label=_("Oppmeldt av"), choices=Oppmelder.choices)
    bedrift = forms.CharField(label=_("Lærebedrift (organisasjonsnummer)"), max_length=11, required=False)
    skole = forms.ModelChoiceField(Skole.objects.none(), label=_("Skole"), required=False)
    dato = forms.DateField(label=_("Oppmeldt dato"), widget=DATO, initial=timezone.localdate)

    def __init__(self, *args, bruker, kontrakt=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bruker, self.kontrakt, self.person = bruker, kontrakt, None
        self.fields["skole"].queryset = avgrens(Skole.objects.all(), bruker).order_by("navn")
        if kontrakt is not None:
            for navn in ("fodselsnummer", "programomrade", "bedrift"):
                self.fields.pop(navn)
            self.fields["kandidattype"].initial = kontrakt.kontraktstype.kandidattype
            self.fields["oppmeldt_av"].initial = Oppmelder.BEDRIFT

    def clean_fodselsnummer(self):
        fnr = (self.cleaned_data.get("fodselsnummer") or "").replace(" ", "")
        if self.kontrakt is not None:
            return fnr
        if not fnr:
            raise forms.ValidationError(_("Oppgi fødselsnummeret."))
        person = avgrens(Person.objects.all(), self.bruker).filter(fodselsnummer=fnr).first()
        if person is None:
            raise forms.ValidationError(_("Fant ingen person med dette fødselsnummeret i ditt fylke."))
        self.person = person
        return fnr

    def clean(self):
        data = super().clean()
        if self.kontrakt is None:
            if not data.get("programomrade"):
                self.add_error("programomrade", _("Velg lærefag."))
            data["bedrift"] = _bedrift(data["bedrift"], "bedrift") if data.get("bedrift") else None
        if data.get("oppmeldt_av") == Oppmelder.SKOLE and not data.get("skole"):
            self.add_error("skole", _("Velg skolen som melder opp eleven."))
        return data


class GrunnSkjema(forms.Form):
    grunn = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class TomtSkjema(forms.Form):
    pass


class DatoSkjema(forms.Form):
    dato = forms.DateField(label=_("Dato"), widget=DATO, initial=timezone.localdate)


class NemndSkjema(forms.Form):
    nemnd = forms.ModelChoiceField(Provenemnd.objects.none(), label=_("Prøvenemnd"))

    def __init__(self, *args, nemnder=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nemnder is not None:
            self.fields["nemnd"].queryset = nemnder


class PlanleggSkjema(forms.Form):
    fra = forms.DateField(label=_("Prøven starter"), widget=DATO)
    til = forms.DateField(label=_("Prøven slutter"), widget=DATO)
    provested = forms.CharField(label=_("Prøvested"), max_length=300, required=False,
                                help_text=_("Tomt: bedriften der kandidaten har hatt mesteparten av opplæringen."))  # fmt: skip


class ResultatSkjema(forms.Form):
    resultat = forms.ChoiceField(label=_("Resultat"), choices=Resultat.choices, widget=forms.RadioSelect)
    dato = forms.DateField(label=_("Resultatdato"), widget=DATO, initial=timezone.localdate)
    protokoll = forms.CharField(label=_("Protokoll (referanse i arkivet)"), max_length=200)
    tilleggsprotokoll = forms.CharField(
        label=_("Tilleggsprotokoll (begrunnelse)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Påkrevd ved «Ikke bestått»: nemndas begrunnelse, som kandidaten får i resultatbrevet."),
    )  # fmt: skip


class KlageSkjema(forms.Form):
    mottatt = forms.DateField(label=_("Klage mottatt"), widget=DATO, initial=timezone.localdate)
    type = forms.ChoiceField(label=_("Klagen gjelder"), choices=Klage.Type.choices, widget=forms.RadioSelect)
    begrunnelse = forms.CharField(label=_("Kandidatens begrunnelse"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class AvgjorKlageSkjema(forms.Form):
    utfall = forms.ChoiceField(label=_("Utfall"), choices=Klage.Utfall.choices, widget=forms.RadioSelect)
    nytt_resultat = forms.ChoiceField(label=_("Nytt resultat"), required=False,
                                      choices=[("", "–"), ("B", _("Bestått")), ("BM", _("Bestått meget godt"))])  # fmt: skip
    vedtak_dato = forms.DateField(label=_("Vedtaksdato"), widget=DATO, initial=timezone.localdate)
    begrunnelse = forms.CharField(label=_("Begrunnelse for vedtaket"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
