"""Forms of the caseworker's søknad registration and change (paper applications). They check input shape only;
the rules (wishes, categories, access, deadline) are the services' (``inntak.services.soknad_saksbehandler``)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inntak.models import Rettstatus, Sokergruppe, Tilbud
from inntak.models.soknad import Niva
from kodeverk.models import Behandlingskategori, Fylke, Skolear
from vigo.fodselsnummer import feilmelding

ANTALL_ONSKEFELT = 10
SKILLE = re.compile(r"[\s,;]+")


class TilbudValg(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tilbud) -> str:
        return f"{obj.skole.navn} – {obj.programomrade.navn}"


class FinnPersonSkjema(forms.Form):
    fodselsnummer = forms.CharField(
        label=_("Fødselsnummer"), max_length=20, help_text=_("11 siffer, også D-nummer."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )  # fmt: skip

    def clean_fodselsnummer(self) -> str:
        nummer = self.cleaned_data["fodselsnummer"].replace(" ", "")
        if melding := feilmelding(nummer):
            raise ValidationError(melding)
        return nummer


class _Onskefelt(forms.Form):
    """The søknad's classification and priority fields (both the paper registration and the change page), and the
    ordered wishes: one select per place (the browser's select is searchable by typing), or the tilbud written as
    ids or ``skolenummer:programområdekode`` (which then replaces the selects)."""

    def _legg_til_onskefelt(self, tilbud, antall: int) -> None:
        for i in range(1, antall + 1):
            self.fields[f"onske_{i}"] = TilbudValg(
                queryset=tilbud, required=False, label=_("Ønske %(nr)d") % {"nr": i},
                empty_label=_("– ikke valgt –"),
            )  # fmt: skip
        self.fields["onsker_tekst"] = forms.CharField(
            label=_("Eller skriv tilbudene"), required=False, max_length=2000,
            help_text=_("I prioritert rekkefølge, skilt med komma eller linjeskift: tilbudets id eller "
                        "skolenummer:programområdekode (f.eks. 50001:STUSP1----). Erstatter valgene over."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )  # fmt: skip
        self.antall_onskefelt = antall

    rettstatus = forms.ChoiceField(choices=Rettstatus.choices, label=_("Rettstatus"))
    sokergruppe = forms.ChoiceField(choices=Sokergruppe.choices, label=_("Søkergruppe"))
    behandlingskategori = forms.ModelChoiceField(
        queryset=Behandlingskategori.objects.order_by("kode"),
        label=_("Behandlingskategori"),
        to_field_name="kode",
    )
    deltid = forms.BooleanField(label=_("Deltid"), required=False)
    saerlige_grunner = forms.BooleanField(label=_("Særlige grunner (§ 4-14 tredje ledd)"), required=False)
    samisk = forms.BooleanField(label=_("Samisk (§ 4-14 tredje ledd)"), required=False)
    flytting_dokumentert = forms.BooleanField(label=_("Dokumentert flytting (§ 4-8)"), required=False)

    KLASSEFELT: tuple[str, ...] = ("rettstatus", "sokergruppe", "behandlingskategori")
    FLAGGFELT = ("deltid", "saerlige_grunner", "samisk", "flytting_dokumentert")

    @property
    def klassefelt(self):
        return [self[n] for n in self.KLASSEFELT]

    @property
    def flaggfelt(self):
        return [self[n] for n in self.FLAGGFELT]

    @property
    def onskefelt(self):
        return [self[f"onske_{i}"] for i in range(1, self.antall_onskefelt + 1)]

    def _onsker(self, skolear) -> list[Tilbud]:
        tekst = self.cleaned_data.get("onsker_tekst", "").strip()
        if not tekst:
            return [
                t for i in range(1, self.antall_onskefelt + 1) if (t := self.cleaned_data.get(f"onske_{i}"))
            ]
        verdier = [v for v in SKILLE.split(tekst) if v]
        ut, feil = [], []
        for v in verdier:
            q = None
            if v.isdigit() and len(v) < 10:
                q = Q(pk=int(v))
            elif ":" in v and skolear is not None:
                skole, po = v.split(":", 1)
                q = Q(skole__skolenummer=skole, programomrade__kode=po, skolear=skolear)
            t = (
                Tilbud.objects.select_related("skole", "programomrade", "skolear").filter(q).first()
                if q
                else None
            )
            if t is None:
                feil.append(_("Ukjent tilbud «%(v)s».") % {"v": v})
            else:
                ut.append(t)
        if feil:
            self.add_error("onsker_tekst", feil)
        return ut


def _tilbud(tilbud_qs):
    return tilbud_qs.select_related("skole", "programomrade", "skolear").order_by(
        "skole__navn", "programomrade__navn"
    )


class RegistrerSoknadSkjema(_Onskefelt):
    KLASSEFELT = ("fylke", "skolear", "niva", "rettstatus", "sokergruppe", "behandlingskategori")
    fodselsnummer = forms.CharField(widget=forms.HiddenInput)
    fylke = forms.ModelChoiceField(queryset=Fylke.objects.none(), label=_("Fylke"), empty_label=None)
    skolear = forms.ModelChoiceField(queryset=Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode")
    niva = forms.ChoiceField(choices=Niva.choices, label=_("Nivå"))
    begrunnelse = forms.CharField(
        label=_("Kilde og begrunnelse"), max_length=1000,
        help_text=_("Skrives i saksbehandlingsloggen, f.eks. «papirsøknad mottatt 3. februar»."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, fylker, tilbud, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fylke"].queryset = fylker
        self._legg_til_onskefelt(_tilbud(tilbud), ANTALL_ONSKEFELT)
        aktivt = Skolear.objects.filter(aktiv=True).order_by("-kode").first()
        if aktivt and not self.is_bound:
            self.initial.setdefault("skolear", aktivt.kode)
        if not self.is_bound:
            self.initial.setdefault("behandlingskategori", "ORD")

    def clean_fodselsnummer(self) -> str:
        nummer = self.cleaned_data["fodselsnummer"].replace(" ", "")
        if melding := feilmelding(nummer):
            raise ValidationError(melding)
        return nummer

    def clean(self):
        data = super().clean()
        data["onsker"] = self._onsker(data.get("skolear"))
        return data


class EndreSoknadSkjema(_Onskefelt):
    begrunnelse = forms.CharField(
        label=_("Begrunnelse"), max_length=1000,
        help_text=_("Skrives i saksbehandlingsloggen, f.eks. «søkeren ringte 4. mars og byttet ønske 2»."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, soknad, tilbud, **kwargs):
        super().__init__(*args, **kwargs)
        self.soknad = soknad
        onsker = list(soknad.onsker.order_by("nr").values_list("tilbud_id", flat=True))
        # the søknad's own wishes are always choosable, also a landslinje in another county
        tilbud = Tilbud.objects.filter(Q(pk__in=tilbud.values("pk")) | Q(pk__in=onsker))
        self._legg_til_onskefelt(_tilbud(tilbud), max(ANTALL_ONSKEFELT, len(onsker)))
        if not self.is_bound:
            self.initial.update(
                rettstatus=soknad.rettstatus, sokergruppe=soknad.sokergruppe,
                behandlingskategori=soknad.behandlingskategori.kode, deltid=soknad.deltid,
                saerlige_grunner=soknad.saerlige_grunner, samisk=soknad.samisk,
                flytting_dokumentert=soknad.flytting_dokumentert,
                **{f"onske_{i}": t for i, t in enumerate(onsker, 1)},
            )  # fmt: skip

    def clean(self):
        data = super().clean()
        data["onsker"] = self._onsker(self.soknad.skolear)
        return data
