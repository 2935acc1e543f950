"""Forms of the caseworker UI. Validation of the domain rules stays in the services; forms check input shape."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inntak.models import Tilbud, Vedtak
from kodeverk.models import Behandlingskategori, Skole


class FlereFilerInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FlereFilerFelt(forms.FileField):
    """Several documents in one <input type=file multiple> (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FlereFilerInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        enkelt = super().clean
        if isinstance(data, list | tuple):
            return [enkelt(d, initial) for d in data]
        return [enkelt(data, initial)] if data else []


class SokSkjema(forms.Form):
    q = forms.CharField(label=_("Navn eller fødselsnummer"), required=False)
    niva = forms.ChoiceField(
        label=_("Nivå"),
        required=False,
        choices=[("", _("Alle")), ("VG1", "Vg1"), ("VG2", "Vg2"), ("VG3", "Vg3")],
    )
    skole = forms.ModelChoiceField(
        Skole.objects.none(), label=_("Skole"), required=False, empty_label=_("Alle")
    )
    tilbud = forms.ModelChoiceField(
        Tilbud.objects.none(), label=_("Tilbud"), required=False, empty_label=_("Alle")
    )
    kategori = forms.ModelChoiceField(
        Behandlingskategori.objects.all(),
        label=_("Behandlingskategori"),
        required=False,
        empty_label=_("Alle"),
        to_field_name="kode",
    )
    etter_fristen = forms.BooleanField(label=_("Bare søkt etter fristen"), required=False)

    def __init__(self, *args, skoler=None, tilbud=None, **kwargs):
        super().__init__(*args, **kwargs)
        if skoler is not None:
            self.fields["skole"].queryset = skoler
        if tilbud is not None:
            self.fields["tilbud"].queryset = tilbud
            self.fields["tilbud"].label_from_instance = lambda t: f"{t.skole.navn} – {t.programomrade.navn}"


class VedtakSkjema(forms.Form):
    utfall = forms.ChoiceField(label=_("Utfall"), choices=Vedtak.Utfall.choices, widget=forms.RadioSelect)
    fast_plass = forms.ModelChoiceField(
        Tilbud.objects.none(),
        label=_("Fast plass (tilbud)"),
        required=False,
        help_text=_("Tilbudet søkeren får plass på før det ordinære inntaket. Søkerens ønsker står først."),
    )
    begrunnelse = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 4}))
    dokumenter = FlereFilerFelt(
        label=_("Dokumentasjon"),
        required=False,
        help_text=_("F.eks. sakkyndig vurdering. Bare brukere med særtilgang kan åpne dokumentene."),
    )

    def __init__(self, *args, tilbud=None, onskede=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tilbud is not None:
            self.fields["fast_plass"].queryset = tilbud
            onskede = set(onskede)
            self.fields["fast_plass"].label_from_instance = lambda t: (
                f"{'★ ' if t.pk in onskede else ''}{t.skole.navn} – {t.programomrade.navn}"
            )


class PrioritetsflaggSkjema(forms.Form):
    """The søknad's priority flags (opplæringsforskrifta 2024); the service checks access and writes the log."""

    saerlige_grunner = forms.BooleanField(
        label=_("Særlige grunner (§ 4-14 tredje ledd)"),
        required=False,
        help_text=_(
            "Dokumenterte særlige pedagogiske eller sosiale grunner: går foran andre søkere fra andre fylker."
        ),
    )
    samisk = forms.BooleanField(
        label=_("Samisk (§ 4-14 tredje ledd)"),
        required=False,
        help_text=_("Rett til opplæring i eller på samisk og må gå på skole i et annet fylke for å få den."),
    )
    flytting_dokumentert = forms.BooleanField(
        label=_("Dokumentert flytting (§ 4-8)"),
        required=False,
        help_text=_("Regnes som søker fra fylket selv om folkeregisteradressen er i et annet fylke."),
    )
