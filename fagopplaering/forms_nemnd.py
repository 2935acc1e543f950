"""Forms of the prøvenemnd pages and the prøve statistics (docs/fagopplaering/domene.md §1.3, §10.2). They only
validate and look up input; every write is a call to ``fagopplaering.services.provenemnd``, which checks permission,
county and the county's rules for members again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.forms_kontrakt import DATO, ORGNR, _bedrift, _fag_felt, _laerefag
from fagopplaering.models import Kandidattype, Nemndrolle, Representerer
from kodeverk.models import Fylke
from vigo.models import Person
from vigo.scoping import avgrens

AKTIV_VALG = [("", _("Alle")), ("ja", _("Aktive")), ("nei", _("Ikke aktive"))]


class NemndFilter(forms.Form):
    q = forms.CharField(label=_("Navn"), required=False, max_length=100)
    laerefag = _fag_felt(required=False)
    periode = forms.IntegerField(label=_("Gjelder år"), required=False, min_value=2000, max_value=2100,
                                 help_text=_("Nemnder med periode som omfatter året."))  # fmt: skip
    aktiv = forms.ChoiceField(label=_("Status"), required=False, choices=AKTIV_VALG)

    def filtre(self) -> dict:
        d = self.cleaned_data if self.is_valid() else {}
        aktiv = {"ja": True, "nei": False}.get(d.get("aktiv") or "")
        return {
            "q": d.get("q", ""),
            "laerefag": d.get("laerefag"),
            "periode": d.get("periode"),
            "aktiv": aktiv,
        }


def _laerefag_flervalg() -> forms.ModelMultipleChoiceField:
    f = forms.ModelMultipleChoiceField(_laerefag(), label=_("Lærefag"), to_field_name="kode",
                                       widget=forms.SelectMultiple(attrs={"size": 8}),
                                       help_text=_("Hold Ctrl (Cmd på Mac) for å velge flere."))  # fmt: skip
    f.label_from_instance = lambda p: f"{p.navn} ({p.kode})"
    return f


class NyNemndSkjema(forms.Form):
    navn = forms.CharField(label=_("Navn"), max_length=200)
    laerefag = _laerefag_flervalg()
    periode_fra = forms.IntegerField(label=_("År i perioden"), min_value=2000, max_value=2100,
                                     initial=lambda: timezone.localdate().year,
                                     help_text=_("Nemnda oppnevnes for den faste fireårsperioden som omfatter året "
                                                 "(for eksempel 2024–2027)."))  # fmt: skip
    merknad = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laerefag"] = _laerefag_flervalg()  # a fresh queryset per request


class EndreNemndSkjema(forms.Form):
    navn = forms.CharField(label=_("Navn"), max_length=200)
    laerefag = _laerefag_flervalg()
    aktiv = forms.BooleanField(label=_("Aktiv"), required=False)
    merknad = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laerefag"] = _laerefag_flervalg()


class MedlemSkjema(forms.Form):
    """A member is a person already registered in the county, found by fødselsnummer (as on a new contract)."""

    fodselsnummer = forms.CharField(label=_("Fødselsnummer"), max_length=11, min_length=11,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))  # fmt: skip
    rolle = forms.ChoiceField(label=_("Rolle"), choices=Nemndrolle.choices, initial=Nemndrolle.MEDLEM)
    representerer = forms.ChoiceField(label=_("Representerer"), choices=Representerer.choices,
                                      initial=Representerer.ANNET)  # fmt: skip
    fagbrev = forms.CharField(label=_("Fagbrev eller utdanning"), max_length=200, required=False)
    ar_praksis = forms.IntegerField(
        label=_("År med praksis i faget"), required=False, min_value=0, max_value=70
    )
    arbeidsgiver = forms.CharField(label=_("Arbeidsgiver (organisasjonsnummer)"), max_length=11, required=False,
                                   widget=ORGNR, help_text=_("Brukes i habilitetskontrollen."))  # fmt: skip
    oppnevnt_dato = forms.DateField(label=_("Oppnevnt dato"), widget=DATO, initial=timezone.localdate)
    fra = forms.DateField(label=_("Fra"), widget=DATO, initial=timezone.localdate)
    til = forms.DateField(label=_("Til"), widget=DATO, required=False)
    kontonummer = forms.CharField(label=_("Kontonummer for honorar"), max_length=14, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))  # fmt: skip
    naerstaende = forms.CharField(
        label=_("Nærstående (fødselsnumre)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Personer medlemmet er i slekt med eller nær til, ett fødselsnummer per linje. Brukes i "
                    "habilitetskontrollen (forvaltningsloven § 6) når nemnda tildeles en kandidat."),
    )  # fmt: skip

    # The rule module names the fields it checks; the age rule is about the person, i.e. the fødselsnummer field.
    FELT_FRA_TJENESTE = {"fodselsdato": "fodselsnummer", "periode": None, "person": "fodselsnummer"}

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.bruker, self.person = bruker, None

    def clean_fodselsnummer(self):
        fnr = self.cleaned_data["fodselsnummer"].replace(" ", "")
        person = avgrens(Person.objects.all(), self.bruker).filter(fodselsnummer=fnr).first()
        if person is None:
            raise forms.ValidationError(_("Fant ingen person med dette fødselsnummeret i ditt fylke."))
        self.person = person
        return fnr

    def clean_naerstaende(self):
        nummer = [
            n.replace(" ", "") for n in (self.cleaned_data.get("naerstaende") or "").split() if n.strip()
        ]
        personer = list(avgrens(Person.objects.all(), self.bruker).filter(fodselsnummer__in=nummer))
        ukjente = sorted(set(nummer) - {p.fodselsnummer for p in personer})
        if ukjente:
            raise forms.ValidationError(
                _("Fant ikke %(n)s av fødselsnumrene i ditt fylke (linje %(linjer)s).") % {
                    "n": len(ukjente), "linjer": ", ".join(str(nummer.index(u) + 1) for u in ukjente)})  # fmt: skip
        return personer

    def clean_kontonummer(self):
        nr = (self.cleaned_data.get("kontonummer") or "").replace(" ", "").replace(".", "")
        if nr and (not nr.isdigit() or len(nr) != 11):
            raise forms.ValidationError(_("Kontonummeret må ha 11 siffer."))
        return nr

    def clean(self):
        data = super().clean()
        data["arbeidsgiver"] = (
            _bedrift(data["arbeidsgiver"], "arbeidsgiver") if data.get("arbeidsgiver") else None
        )
        return data

    def tjeneste_argumenter(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("fodselsnummer", None)
        d["person"] = self.person
        return d


class AvsluttVervSkjema(forms.Form):
    til = forms.DateField(label=_("Siste dag i vervet"), widget=DATO, initial=timezone.localdate)


class LanSkjema(forms.Form):
    lanefylke = forms.ModelChoiceField(Fylke.objects.none(), label=_("Lånes ut til fylke"))
    fra = forms.DateField(label=_("Fra"), widget=DATO, initial=timezone.localdate)
    til = forms.DateField(label=_("Til"), widget=DATO, required=False)
    garantibrev = forms.CharField(label=_("Garantibrev (referanse)"), max_length=200, required=False,
                                  help_text=_("Referanse til garantibrevet fra fylket som låner nemnda."))  # fmt: skip

    def __init__(self, *args, nemnd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lanefylke"].queryset = Fylke.objects.exclude(pk=nemnd.fylke_id).order_by("navn")


# --- the prøve statistics -------------------------------------------------------------------------------------------
class ProvestatistikkFilter(forms.Form):
    fra_ar = forms.IntegerField(label=_("Fra skoleår (startår)"), required=False, min_value=1990, max_value=2100,
                                help_text=_("Skoleåret går fra 1. oktober til 30. september (SSB)."))  # fmt: skip
    til_ar = forms.IntegerField(
        label=_("Til skoleår (startår)"), required=False, min_value=1990, max_value=2100
    )
    laerefag = _fag_felt(required=False)
    kandidattype = forms.ChoiceField(label=_("Kandidattype"), required=False,
                                     choices=[("", _("Alle"))] + list(Kandidattype.choices))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laerefag"] = _fag_felt(required=False)

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra_ar"), data.get("til_ar")
        if fra is not None and til is not None and fra > til:
            raise forms.ValidationError({"til_ar": _("Til-året kan ikke være før fra-året.")})
        if fra is not None and til is not None and til - fra > 30:
            raise forms.ValidationError({"fra_ar": _("Velg høyst 30 skoleår.")})
        return data
