"""Forms of the årshjul pages (every input gets a label in the templates)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from arshjul.jobber import skolear_validator
from arshjul.kjerne.kilder import INNEBYGDE
from arshjul.models import KATEGORIVALG, Status
from vigo.models import Bruker
from vigo.scoping import avgrens


class KategoriSkjema(forms.Form):
    kategori = forms.ChoiceField(label=_("Kategori"), choices=KATEGORIVALG)


class StatusSkjema(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class AnsvarSkjema(forms.Form):
    ansvarlig = forms.ModelChoiceField(label=_("Ansvarlig"), queryset=Bruker.objects.none(), required=False)
    paminnelse_dager = forms.IntegerField(
        label=_("Påminnelse på e-post, dager før"),
        required=False,
        min_value=0,
        max_value=365,
        help_text=_("Tomt: ingen påminnelse."),
    )

    def __init__(self, *args, bruker, fylke_id, **kwargs):
        super().__init__(*args, **kwargs)
        qs = avgrens(Bruker.objects.filter(is_active=True), bruker).filter(fylke_id=fylke_id)
        self.fields["ansvarlig"].queryset = qs.order_by("last_name", "first_name", "username")


class PlanleggSkjema(forms.Form):
    jobbkode = forms.ChoiceField(label=_("Jobb"))
    tidspunkt = forms.DateTimeField(
        label=_("Start automatisk"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, koder: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobbkode"].choices = koder


class OpplastingSkjema(forms.Form):
    fil = forms.FileField(
        label=_("Fil (tekst, UTF-8)"),
        required=False,
        help_text=_("Årshjulet som tabulatorseparert tekst eller tekst hentet ut av PDF."),
    )
    dokument = forms.ChoiceField(
        label=_("… eller et innebygd dokument"),
        required=False,
        choices=[("", "—")] + [(k, _("Årshjul %(ar)s") % {"ar": k}) for k in INNEBYGDE],
    )
    skolear = forms.CharField(
        label=_("Skoleår"),
        required=False,
        max_length=9,
        validators=[skolear_validator],
        help_text=_("Tomt: leses fra dokumentets tittel."),
    )

    MAKS = 2_000_000

    def clean(self):
        data = super().clean()
        if bool(data.get("fil")) == bool(data.get("dokument")):
            raise forms.ValidationError(_("Last opp en fil eller velg et innebygd dokument (ikke begge)."))
        fil = data.get("fil")
        if fil:
            if fil.size > self.MAKS:
                raise forms.ValidationError(_("Fila er for stor."))
            try:
                data["tekst"] = fil.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Fila må være tekst i UTF-8."))
        return data
