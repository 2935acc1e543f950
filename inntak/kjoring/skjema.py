"""Forms of the intake run: the job parameters (1I001–1I003) and the caseworker's answer/exception forms."""

from __future__ import annotations

from django import forms
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


class RundeSkjema(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode")
    niva = forms.ChoiceField(label=_("Nivå"), choices=Niva.choices, initial=Niva.VG1)
    runde = forms.IntegerField(label=_("Runde"), min_value=1, max_value=20, initial=1,
                               help_text=_("1 = hovedinntak, 2 = suppleringsinntak, 3 … = senere runder."))  # fmt: skip


class KjorInntakSkjema(RundeSkjema):
    simulering = forms.BooleanField(
        label=_("Prøveinntak (simulering) – ingenting publiseres"), required=False, initial=True
    )
    svarfrist = forms.DateField(
        label=_("Svarfrist"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Bare ved publisering. Standard: om 7 dager."),
    )  # fmt: skip
    kapasitet = forms.CharField(
        label=_("Kapasitetsoverstyring (bare prøveinntak)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én per linje: tilbud-id=plasser, f.eks. 123=30. Tilbud-id står i tabellen på kjøringssiden."),
    )  # fmt: skip
    navn = forms.CharField(label=_("Merknad"), required=False, max_length=200)

    def clean_kapasitet(self) -> str:
        tekst = self.cleaned_data.get("kapasitet") or ""
        les_kapasitet(tekst)
        return tekst

    def clean(self):
        data = super().clean()
        if data.get("kapasitet") and not data.get("simulering"):
            self.add_error("kapasitet", _("Kapasitet kan bare overstyres i et prøveinntak."))
        return data


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
        self.fields["venteliste_tilbud"].choices = [
            (
                v.tilbud_id,
                f"{v.onske_nr}. {v.tilbud.skole.navn} – {v.tilbud.programomrade.navn} (nr. {v.plass})",
            )
            for v in venteliste or []
        ]


class UnntakSkjema(forms.Form):
    begrunnelse = forms.CharField(label=_("Begrunnelse for unntak fra svarfristen"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
