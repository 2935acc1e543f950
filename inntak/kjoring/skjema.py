"""Forms of the intake run: the job parameters (1I001–1I003) and the caseworker's answer/exception forms."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from inntak.models.inntakskjoring import SvarType
from inntak.models.soknad import Niva
from kodeverk.models import Skolear


def les_kapasitet(tekst: str) -> dict[str, int]:
    """«tilbud-id=plasser», one per line (or separated by commas/semicolons)."""
    ut: dict[str, int] = {}
    for del_ in tekst.replace(",", "\n").replace(";", "\n").splitlines():
        del_ = del_.strip()
        if not del_:
            continue
        tid, er, plasser = del_.partition("=")
        tid, plasser = tid.strip(), plasser.strip()
        if not er or not tid.isdigit() or not plasser.isdigit():
            raise forms.ValidationError(
                _("«%(linje)s» må ha formen tilbud-id=plasser, f.eks. 123=30.") % {"linje": del_}
            )
        ut[tid] = int(plasser)
    return ut


class KapasitetFelt(forms.CharField):
    """«tilbud-id=plasser» lines as the job stores them; read on the job page as tilbud names."""

    def lesbar(self, verdi: str) -> str:
        from inntak.models import Tilbud

        try:
            endring = {int(k): v for k, v in les_kapasitet(verdi or "").items()}
        except forms.ValidationError:
            return verdi
        navn = {t.pk: f"{t.skole.navn} – {t.programomrade.navn}"
                for t in Tilbud.objects.filter(pk__in=endring).select_related("skole", "programomrade")}  # fmt: skip
        return "; ".join(f"{navn.get(t, t)}: {p} plasser" for t, p in endring.items()) or "–"


class RundeSkjema(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode")
    niva = forms.ChoiceField(label=_("Nivå"), choices=Niva.choices, initial=Niva.VG1)
    runde = forms.IntegerField(label=_("Runde"), min_value=1, max_value=20, initial=1,
                               help_text=_("1 = hovedinntak, 2 = suppleringsinntak, 3 … = senere runder."))  # fmt: skip


class KjorInntakSkjema(RundeSkjema):
    """Parameters of job 1I001. Capacity changes arrive as ``kapasitet`` («tilbud-id=plasser» lines) built by the
    view from the capacity table; caseworkers never type ids."""

    simulering = forms.BooleanField(
        label=_("Prøveinntak (simulering) – ingenting publiseres"), required=False, initial=True,
        help_text=_("Uten prøveinntak beregnes runden klar til publisering. Publiseringen er et eget steg der du "
                    "ser tallene og bekrefter."),
    )  # fmt: skip
    loddtrekning = forms.ChoiceField(
        label=_("Loddtrekning ved like poeng"), required=False, initial="samme",
        choices=[("samme", _("Samme som sist (siste publiserte runde eller grunnsimuleringen)")),
                 ("kjoring", _("Samme som en bestemt kjøring")), ("ny", _("Ny loddtrekning"))],
        widget=forms.RadioSelect,
        help_text=_("Med samme loddtrekning flytter bare endringen din søkere, så sammenligningen blir til å stole "
                    "på."),
    )  # fmt: skip
    seed_fra = forms.IntegerField(
        label=_("Kjøring å hente loddtrekningen fra (nr.)"), required=False, min_value=1
    )
    kapasitet = KapasitetFelt(label=_("Endret kapasitet"), required=False, widget=forms.HiddenInput)
    overstyring = forms.CharField(
        label=_("Begrunnelse for å kjøre før forrige rundes svarfrist er behandlet"), required=False,
        max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bare når det er nødvendig. Begrunnelsen lagres på kjøringen og i loggen."),
    )  # fmt: skip
    navn = forms.CharField(label=_("Merknad"), required=False, max_length=200)

    def clean_kapasitet(self) -> str:
        tekst = self.cleaned_data.get("kapasitet") or ""
        les_kapasitet(tekst)
        return tekst

    def clean(self):
        data = super().clean()
        if data.get("kapasitet") and not data.get("simulering"):
            self.add_error("kapasitet", _("Kapasitet kan bare endres i et prøveinntak."))
        if data.get("loddtrekning") == "kjoring" and not data.get("seed_fra"):
            self.add_error("seed_fra", _("Velg kjøringen loddtrekningen skal hentes fra."))
        return data


class PubliserSkjema(forms.Form):
    svarfrist = forms.DateField(
        label=_("Svarfrist"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Søkerne svarer innen denne datoen. Forslaget følger fylkets svarfrist (systemparameter)."),
    )  # fmt: skip
    antall = forms.IntegerField(widget=forms.HiddenInput)
    bekreft = forms.BooleanField(label="", required=True)

    def __init__(self, *args, antall: int, svarfrist_dager: int = 7, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["antall"].initial = antall
        self.fields["svarfrist"].initial = timezone.localdate() + datetime.timedelta(days=svarfrist_dager)
        self.fields["bekreft"].label = _(
            "Jeg har kontrollert tallene og vil publisere runden til %(n)s søkere"
        ) % {"n": formats.number_format(antall, force_grouping=True)}
        self.fields["bekreft"].error_messages["required"] = _("Kryss av for å bekrefte publiseringen.")


class SvarfristSkjema(RundeSkjema):
    pass


class TilbudsbrevSkjema(RundeSkjema):
    varsle = forms.BooleanField(label=_("Send varsel på e-post og SMS"), required=False, initial=True)


class SvarSkjema(forms.Form):
    svar = forms.ChoiceField(
        label=_("Svar"),
        widget=forms.RadioSelect,
        choices=[(k, v) for k, v in SvarType.choices if k in ("ja", "ja_venteliste", "venteliste", "nei")],
    )
    venteliste_tilbud = forms.TypedMultipleChoiceField(
        label=_("Stå på venteliste til"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args,
        venteliste: list | None = None,
        plassert: bool | None = None,
        tillat_vl: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if plassert is not None:  # only the answers that fit the søker's situation (the service checks again)
            lovlige = {"ja", "nei"} if plassert else {"venteliste", "nei"}
            if plassert and venteliste and tillat_vl:
                lovlige.add("ja_venteliste")
            self.fields["svar"].choices = [(k, v) for k, v in self.fields["svar"].choices if k in lovlige]
        # A søker can wait in both of a tilbud's quotas (§ 4-6); the answer is per tilbud, so it is offered once.
        valg: dict[int, str] = {}
        for v in venteliste or []:
            if v.tilbud_id not in valg:
                valg[v.tilbud_id] = (
                    f"{v.onske_nr}. {v.tilbud.skole.navn} – {v.tilbud.programomrade.navn} (nr. {v.plass})"
                )
        self.fields["venteliste_tilbud"].choices = list(valg.items())


class UnntakSkjema(forms.Form):
    begrunnelse = forms.CharField(label=_("Begrunnelse for unntak fra svarfristen"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
