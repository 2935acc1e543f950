"""Forms of the company register's pages (docs/fagopplaering/bedrift.md). They only validate input; every write is
a call to ``fagopplaering.services.bedrift``."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fagopplaering.models import Bedriftstype, Opplaeringsansvarlig
from fagopplaering.services.bedrift import LAEREFAG_NIVA, normaliser_orgnr
from kodeverk.models import Kommune, Programomrade

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _laerefag():
    return Programomrade.objects.filter(niva=LAEREFAG_NIVA).order_by("navn")


def _dato(label, required=True, **kw) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATO, **kw)


class OrgnrFelt(forms.CharField):
    def __init__(self, **kw):
        kw.setdefault("label", _("Organisasjonsnummer"))
        kw.setdefault("max_length", 20)
        kw.setdefault("help_text", _("9 siffer, mellomrom er lov."))
        super().__init__(**kw)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        return normaliser_orgnr(super().clean(value))


class BedriftFilter(forms.Form):
    q = forms.CharField(label=_("Navn eller organisasjonsnummer"), required=False, max_length=100)
    kommune = forms.ModelChoiceField(Kommune.objects.none(), label=_("Kommune"), required=False,
                                     to_field_name="nummer")  # fmt: skip
    fag = forms.ModelChoiceField(
        _laerefag(), label=_("Godkjent i lærefag"), required=False, to_field_name="kode"
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle"))] + list(Bedriftstype.choices)
    )
    bare_godkjente = forms.BooleanField(label=_("Bare bedrifter med gyldig godkjenning"), required=False)

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        kommuner = Kommune.objects.select_related("fylke").order_by("navn")
        if not bruker.er_systemadministrator and bruker.fylke_id:
            kommuner = kommuner.filter(fylke_id=bruker.fylke_id)
        self.fields["kommune"].queryset = kommuner
        self.fields["fag"].queryset = _laerefag()


class OrgnrSkjema(forms.Form):
    """Step 1 of «Ny bedrift»: the number to look up."""

    orgnr = OrgnrFelt()


class NyBedriftSkjema(forms.Form):
    """Step 2: what the county adds to Enhetsregisteret's data (and the name when Enhetsregisteret has none)."""

    orgnr = OrgnrFelt(widget=forms.HiddenInput)
    type = forms.ChoiceField(label=_("Type"), choices=Bedriftstype.choices, initial=Bedriftstype.SELVSTENDIG)
    navn = forms.CharField(label=_("Navn"), max_length=300, required=False,
                           help_text=_("Bare når Enhetsregisteret ikke kjenner nummeret."))  # fmt: skip
    kommune = forms.ModelChoiceField(Kommune.objects.order_by("navn"), label=_("Kommune"), required=False,
                                     help_text=_("Bare når Enhetsregisteret ikke kjenner nummeret."))  # fmt: skip
    bransje = forms.CharField(label=_("Bransje"), max_length=200, required=False)
    kontaktperson = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    epost = forms.EmailField(label=_("E-post"), required=False)
    telefon = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    bekreft = forms.BooleanField(
        label=_("Jeg har kontrollert opplysningene fra Enhetsregisteret"), required=True
    )


class EndreBedriftSkjema(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=Bedriftstype.choices)
    bransje = forms.CharField(label=_("Bransje"), max_length=200, required=False)
    kontaktperson = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    epost = forms.EmailField(label=_("E-post"), required=False)
    telefon = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    aktiv = forms.BooleanField(label=_("Aktiv"), required=False)


class _AnsvarligFelt(forms.Form):
    fodselsdato = _dato(_("Fødselsdato"), required=False)
    epost = forms.EmailField(label=_("E-post"), required=False)
    mobil = forms.CharField(label=_("Mobil"), max_length=20, required=False)
    kompetanse = forms.CharField(label=_("Kompetanse"), max_length=300, required=False,
                                 help_text=_("F.eks. fagbrev i faget, mesterbrev eller relevant høyere utdanning."))  # fmt: skip
    kurs_fullfort = _dato(_("Kurs for faglig leder fullført"), required=False)


class GodkjenningSkjema(_AnsvarligFelt):
    programomrade = forms.ModelChoiceField(_laerefag(), label=_("Lærefag"))
    godkjent_fra = _dato(_("Godkjent fra"))
    godkjent_til = _dato(
        _("Godkjent til"), required=False, help_text=_("Tom for godkjenning uten sluttdato.")
    )
    begrenset = forms.BooleanField(label=_("Begrenset godkjenning"), required=False,
                                   help_text=_("Kan bare ta lærekandidater, eller må være med i et opplæringskontor."))  # fmt: skip
    vilkar = forms.CharField(label=_("Vilkår"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    vedtak_ref = forms.CharField(label=_("Vedtak (saksnummer)"), max_length=50, required=False)
    fl_fornavn = forms.CharField(label=_("Faglig leder – fornavn"), max_length=100, required=False)
    fl_etternavn = forms.CharField(label=_("Faglig leder – etternavn"), max_length=100, required=False)

    field_order = ["programomrade", "godkjent_fra", "godkjent_til", "begrenset", "vilkar", "vedtak_ref",
                   "fl_fornavn", "fl_etternavn", "fodselsdato", "epost", "mobil", "kompetanse", "kurs_fullfort"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programomrade"].queryset = _laerefag()
        self.fields["programomrade"].label_from_instance = lambda p: f"{p.navn} ({p.kode})"
        for f in ("fodselsdato", "epost", "mobil", "kompetanse", "kurs_fullfort"):
            self.fields[f].label = _("Faglig leder – %(felt)s") % {"felt": str(self.fields[f].label).lower()}
        self.fields["kurs_fullfort"].label = _("Faglig leder – kurs fullført")

    def clean(self):
        data = super().clean()
        fornavn, etternavn = data.get("fl_fornavn", "").strip(), data.get("fl_etternavn", "").strip()
        andre = any(data.get(f) for f in ("fodselsdato", "epost", "mobil", "kompetanse", "kurs_fullfort"))
        if (fornavn or etternavn or andre) and not (fornavn and etternavn):
            raise ValidationError(_("Fyll inn både fornavn og etternavn på faglig leder, eller la alle feltene for "
                                    "faglig leder stå tomme."))  # fmt: skip
        return data

    def faglig_leder(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("fl_fornavn"):
            return None
        fl = {"fornavn": d["fl_fornavn"], "etternavn": d["fl_etternavn"]}
        for f in ("fodselsdato", "epost", "mobil", "kompetanse", "kurs_fullfort"):
            if d.get(f):
                fl[f] = d[f]
        return fl

    def godkjenning(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("programomrade", "godkjent_fra", "godkjent_til", "begrenset", "vilkar",
                                  "vedtak_ref")}  # fmt: skip


class TrekkSkjema(forms.Form):
    dato = _dato(_("Trukket tilbake fra"), initial=datetime.date.today)
    grunn = forms.CharField(label=_("Grunn"), widget=forms.Textarea(attrs={"rows": 3}))
    bekreft = forms.BooleanField(
        label=_("Jeg bekrefter at godkjenningen skal trekkes tilbake"), required=True
    )


class AnsvarligSkjema(_AnsvarligFelt):
    rolle = forms.ChoiceField(label=_("Rolle"), choices=Opplaeringsansvarlig.Rolle.choices)
    fornavn = forms.CharField(label=_("Fornavn"), max_length=100)
    etternavn = forms.CharField(label=_("Etternavn"), max_length=100)
    fra = _dato(_("Fra"), initial=datetime.date.today)

    field_order = ["rolle", "fornavn", "etternavn", "fra", "fodselsdato", "epost", "mobil", "kompetanse",
                   "kurs_fullfort"]  # fmt: skip

    def data_til_tjeneste(self) -> dict:
        d = dict(self.cleaned_data)
        return {k: v for k, v in d.items() if v not in (None, "")}


class AvsluttSkjema(forms.Form):
    til = _dato(_("Til og med"), initial=datetime.date.today)


class MedlemSkjema(forms.Form):
    medlem = OrgnrFelt(label=_("Medlemsbedriftens organisasjonsnummer"))
    fra = _dato(_("Medlem fra"), initial=datetime.date.today)
    samarbeidsavtale = forms.BooleanField(label=_("Samarbeidsavtale mottatt"), required=False)
