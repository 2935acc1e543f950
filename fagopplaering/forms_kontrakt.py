"""Forms of the contract pages (docs/fagopplaering/kontrakt.md). They only validate and look up input; every write is
a call to ``fagopplaering.services.kontrakt``, which checks permission, county and the rules again."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.models import (
    Avbrudd,
    Avslutningskode,
    Bedrift,
    HevetAv,
    Kandidattype,
    Kontrakt,
    Kontraktstype,
    Opplaeringsansvarlig,
    Opplaeringsmodell,
)
from kodeverk.models import Programomrade
from kodeverk.niva import Niva
from vigo.models import Person
from vigo.scoping import avgrens

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ORGNR = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 9})


def _laerefag():
    return Programomrade.objects.filter(niva=Niva.LAERE).order_by("navn")


def _kontraktstyper():
    return Kontraktstype.objects.filter(aktiv=True).exclude(kandidattype=Kandidattype.ELEV).order_by("kode")


def _fag_felt(required=True) -> forms.ModelChoiceField:
    f = forms.ModelChoiceField(_laerefag(), label=_("Lærefag"), required=required, to_field_name="kode")
    f.label_from_instance = lambda p: f"{p.navn} ({p.kode})"
    return f


def _bedrift(orgnr: str, felt: str) -> Bedrift:
    orgnr = (orgnr or "").replace(" ", "")
    bedrift = Bedrift.objects.filter(orgnr=orgnr).first()
    if bedrift is None:
        raise forms.ValidationError({felt: _("Fant ingen bedrift med organisasjonsnummer %(orgnr)s.")
                                     % {"orgnr": orgnr}})  # fmt: skip
    return bedrift


class KontraktFilter(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=100,
                        help_text=_("Navn, fødselsnummer, bedrift eller organisasjonsnummer."))  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(Kontrakt.Status.choices))  # fmt: skip
    programomrade = _fag_felt(required=False)
    bedrift = forms.CharField(
        label=_("Bedrift (organisasjonsnummer)"), required=False, max_length=11, widget=ORGNR
    )
    lopende_pa = forms.DateField(label=_("Løpende på dato"), required=False, widget=DATO)
    slutter_innen = forms.IntegerField(label=_("Slutter innen (måneder)"), required=False, min_value=1,
                                       max_value=36)  # fmt: skip

    def clean_bedrift(self):
        orgnr = (self.cleaned_data.get("bedrift") or "").replace(" ", "")
        if not orgnr:
            return None
        return _bedrift(orgnr, "bedrift")


class NyKontraktSkjema(forms.Form):
    fodselsnummer = forms.CharField(label=_("Fødselsnummer"), max_length=11, min_length=11,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))  # fmt: skip
    kontraktstype = forms.ModelChoiceField(_kontraktstyper(), label=_("Kontraktstype"), to_field_name="kode")
    programomrade = _fag_felt()
    bedrift = forms.CharField(label=_("Lærebedrift eller opplæringskontor (organisasjonsnummer)"), max_length=11,
                              widget=ORGNR)  # fmt: skip
    medlemsbedrift = forms.CharField(label=_("Medlemsbedrift (organisasjonsnummer)"), max_length=11, required=False,
                                     widget=ORGNR, help_text=_("Bare når lærebedriften er et opplæringskontor."))  # fmt: skip
    laeretid_fra = forms.DateField(label=_("Læretid fra"), widget=DATO)
    netto_laeretid_mnd = forms.IntegerField(
        label=_("Netto læretid (måneder)"), min_value=1, max_value=72, initial=24
    )
    godskriving_mnd = forms.IntegerField(
        label=_("Godskrevet (måneder)"), min_value=0, max_value=71, initial=0
    )
    godskriving_merknad = forms.CharField(
        label=_("Godskriving dokumentert med"), max_length=300, required=False
    )
    opplaeringsmodell = forms.ChoiceField(label=_("Opplæringsmodell"), choices=Opplaeringsmodell.choices,
                                          initial=Opplaeringsmodell.TO_PLUSS_TO)  # fmt: skip
    ungdomsrett = forms.BooleanField(label=_("Ungdomsrett ved start"), required=False, initial=True)
    arbeidsavtale_ref = forms.CharField(label=_("Arbeidsavtale"), max_length=100, required=False)
    tilleggsvilkar = forms.CharField(
        label=_("Tilleggsvilkår"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.bruker = bruker
        self.fields["kontraktstype"].label_from_instance = lambda k: k.navn

    def clean_fodselsnummer(self):
        fnr = self.cleaned_data["fodselsnummer"].replace(" ", "")
        person = avgrens(Person.objects.all(), self.bruker).filter(fodselsnummer=fnr).first()
        if person is None:
            raise forms.ValidationError(_("Fant ingen person med dette fødselsnummeret i ditt fylke."))
        self.person = person
        return fnr

    def clean(self):
        data = super().clean()
        if data.get("bedrift"):
            data["bedrift"] = _bedrift(data["bedrift"], "bedrift")
        data["medlemsbedrift"] = (
            _bedrift(data["medlemsbedrift"], "medlemsbedrift") if data.get("medlemsbedrift") else None
        )
        return data

    def tjeneste_argumenter(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("fodselsnummer", None)
        d["person"] = self.person
        return d


class FraFormidlingSkjema(forms.Form):
    kontraktstype = forms.ModelChoiceField(_kontraktstyper(), label=_("Kontraktstype"), to_field_name="kode")
    laeretid_fra = forms.DateField(label=_("Læretid fra"), widget=DATO)
    netto_laeretid_mnd = forms.IntegerField(
        label=_("Netto læretid (måneder)"), min_value=1, max_value=72, initial=24
    )
    godskriving_mnd = forms.IntegerField(
        label=_("Godskrevet (måneder)"), min_value=0, max_value=71, initial=0
    )
    godskriving_merknad = forms.CharField(
        label=_("Godskriving dokumentert med"), max_length=300, required=False
    )
    opplaeringsmodell = forms.ChoiceField(label=_("Opplæringsmodell"), choices=Opplaeringsmodell.choices,
                                          initial=Opplaeringsmodell.TO_PLUSS_TO)  # fmt: skip
    arbeidsavtale_ref = forms.CharField(label=_("Arbeidsavtale"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kontraktstype"].label_from_instance = lambda k: k.navn


class SendSkjema(forms.Form):
    """No fields: the button confirms that the parties have signed."""

    bekreft = forms.BooleanField(label=_("Partene har signert kontrakten"), required=True)


class TilbakeSkjema(forms.Form):
    grunn = forms.CharField(label=_("Hva må rettes?"), max_length=300)


class GodkjennSkjema(forms.Form):
    dato = forms.DateField(label=_("Godkjent dato"), widget=DATO,
                           help_text=_("Godkjenningen flytter ikke læretid fra (opplæringslova § 7-2)."))  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"dato": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EndreSkjema(forms.Form):
    """A change: before approval applied at once, after approval waiting for consent (§ 7-2 andre ledd)."""

    laeretid_fra = forms.DateField(label=_("Læretid fra"), widget=DATO)
    netto_laeretid_mnd = forms.IntegerField(label=_("Netto læretid (måneder)"), min_value=1, max_value=72)
    netto_opplaeringstid_mnd = forms.IntegerField(label=_("Netto opplæringstid (måneder)"), min_value=0,
                                                  max_value=72, required=False)  # fmt: skip
    godskriving_mnd = forms.IntegerField(label=_("Godskrevet (måneder)"), min_value=0, max_value=71)
    godskriving_merknad = forms.CharField(
        label=_("Godskriving dokumentert med"), max_length=300, required=False
    )
    bedrift = forms.CharField(label=_("Lærebedrift eller opplæringskontor (organisasjonsnummer)"), max_length=11,
                              widget=ORGNR)  # fmt: skip
    medlemsbedrift = forms.CharField(label=_("Medlemsbedrift (organisasjonsnummer)"), max_length=11, required=False,
                                     widget=ORGNR)  # fmt: skip
    faglig_leder = forms.ModelChoiceField(Opplaeringsansvarlig.objects.none(), label=_("Faglig leder"),
                                          required=False)  # fmt: skip
    opplaeringsmodell = forms.ChoiceField(label=_("Opplæringsmodell"), choices=Opplaeringsmodell.choices)
    arbeidsavtale_ref = forms.CharField(label=_("Arbeidsavtale"), max_length=100, required=False)
    tilleggsvilkar = forms.CharField(
        label=_("Tilleggsvilkår"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ungdomsrett = forms.BooleanField(label=_("Ungdomsrett ved start"), required=False)
    tilskudd = forms.BooleanField(label=_("Gir tilskudd"), required=False)
    begrunnelse = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={"required": _("Oppgi begrunnelse for endringen.")})  # fmt: skip

    FELT = ("laeretid_fra", "netto_laeretid_mnd", "netto_opplaeringstid_mnd", "godskriving_mnd", "godskriving_merknad",
            "bedrift", "medlemsbedrift", "faglig_leder", "opplaeringsmodell", "arbeidsavtale_ref", "tilleggsvilkar",
            "ungdomsrett", "tilskudd")  # fmt: skip

    def __init__(self, *args, kontrakt: Kontrakt, **kwargs):
        initial = {f: getattr(kontrakt, f) for f in self.FELT}
        initial["bedrift"] = kontrakt.bedrift.orgnr
        initial["medlemsbedrift"] = kontrakt.medlemsbedrift.orgnr if kontrakt.medlemsbedrift else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.kontrakt = kontrakt
        bedrifter = [kontrakt.bedrift_id] + (
            [kontrakt.medlemsbedrift_id] if kontrakt.medlemsbedrift_id else []
        )
        ledere = Opplaeringsansvarlig.objects.filter(
            godkjenning__bedrift_id__in=bedrifter, godkjenning__programomrade_id=kontrakt.programomrade_id,
            rolle=Opplaeringsansvarlig.Rolle.FAGLIG_LEDER,
        ).filter(Q(til__isnull=True) | Q(pk=kontrakt.faglig_leder_id)).order_by("etternavn", "fornavn")  # fmt: skip
        self.fields["faglig_leder"].queryset = ledere
        self.fields["faglig_leder"].label_from_instance = lambda a: f"{a.fornavn} {a.etternavn}"

    def clean(self):
        data = super().clean()
        if data.get("bedrift"):
            data["bedrift"] = _bedrift(data["bedrift"], "bedrift")
        data["medlemsbedrift"] = (
            _bedrift(data["medlemsbedrift"], "medlemsbedrift") if data.get("medlemsbedrift") else None
        )
        return data

    def endrede_felt(self) -> dict:
        """Only what the caseworker changed goes to the service."""
        return {f: self.cleaned_data.get(f) for f in self.FELT if f in self.changed_data}


class BehandleEndringSkjema(forms.Form):
    godkjenn = forms.TypedChoiceField(label=_("Vedtak"), coerce=lambda v: v == "ja", widget=forms.RadioSelect,
                                      choices=[("ja", _("Godkjenn endringen")), ("nei", _("Avvis endringen"))])  # fmt: skip
    merknad = forms.CharField(label=_("Merknad"), max_length=200, required=False)


class AvbruddSkjema(forms.Form):
    fra = forms.DateField(label=_("Avbrudd fra"), widget=DATO)
    til = forms.DateField(label=_("Avbrudd til"), widget=DATO, required=False,
                          help_text=_("Tomt når avbruddet ikke er avsluttet. Da kan læretid til ikke beregnes før "
                                      "avbruddet avsluttes."))  # fmt: skip
    arsak = forms.ChoiceField(label=_("Årsak"), choices=Avbrudd.Arsak.choices)
    merknad = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class AvsluttAvbruddSkjema(forms.Form):
    til = forms.DateField(label=_("Avbrudd til"), widget=DATO)


class AvsluttSkjema(forms.Form):
    dato = forms.DateField(label=_("Kontrakt avsluttet dato (C10)"), widget=DATO)
    mate = forms.ChoiceField(label=_("Avsluttet ved"), choices=[c for c in Kontrakt.Avslutningsmate.choices
                                                               if c[0] != Kontrakt.Avslutningsmate.OVERFORT])  # fmt: skip
    avslutningskode = forms.ModelChoiceField(Avslutningskode.objects.none(), label=_("Avslutningskode (C12)"),
                                             to_field_name="kode")  # fmt: skip
    hevet_av = forms.ModelChoiceField(HevetAv.objects.filter(aktiv=True).order_by("kode"), label=_("Hevet av (C11)"),
                                      required=False, to_field_name="kode",
                                      help_text=_("Kreves ved heving og ved oppsigelse av arbeidsavtalen."))  # fmt: skip
    muntlig_hort = forms.DateField(label=_("Lærlingen hørt muntlig"), widget=DATO, required=False,
                                   help_text=_("Kreves før heving etter krav fra lærebedriften (§ 7-3 tredje ledd)."))  # fmt: skip
    attest_utstedt = forms.BooleanField(label=_("Attest utstedt av lærebedriften"), required=False)
    bekreft = forms.BooleanField(label=_("Jeg bekrefter at kontrakten skal avsluttes"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avslutningskode"].queryset = Avslutningskode.objects.filter(aktiv=True).order_by("kode")
        self.fields["avslutningskode"].label_from_instance = lambda k: f"{k.kode} {k.navn}"
        self.fields["hevet_av"].label_from_instance = lambda k: k.navn


class OmgjorSkjema(forms.Form):
    fra = forms.DateField(label=_("Lærekontrakten starter"), widget=DATO,
                          help_text=_("Opplæringskontrakten avsluttes dagen før med kode EK."))  # fmt: skip
    netto_laeretid_mnd = forms.IntegerField(
        label=_("Netto læretid (måneder)"), min_value=1, max_value=72, initial=24
    )
    godskriving_mnd = forms.IntegerField(label=_("Godskrevet (måneder)"), min_value=0, max_value=71, initial=0,
                                         help_text=_("F.eks. tiden som lærekandidat som teller i læretiden."))  # fmt: skip
    bekreft = forms.BooleanField(label=_("Jeg bekrefter omgjøringen (fylkets samtykke)"), required=True)


class AnnullerSkjema(forms.Form):
    grunn = forms.CharField(label=_("Grunn"), max_length=300)
    bekreft = forms.BooleanField(label=_("Jeg bekrefter at kontrakten skal annulleres"), required=True)
