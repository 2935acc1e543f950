"""The applicant's answer form on «Min side»: only the answers that fit the applicant's situation (the service
``inntak.kjoring.svar.registrer_svar`` checks again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SVARTEKSTER = {
    "ja": _("Ja, jeg tar imot plassen"),
    "ja_venteliste": _("Ja, jeg tar imot plassen og vil stå på venteliste til høyere ønsker"),
    "venteliste": _("Jeg vil stå på venteliste"),
    "nei": _("Nei, jeg går ut av inntaket"),
}


class SvarSkjema(forms.Form):
    svar = forms.ChoiceField(label=_("Svaret ditt"), widget=forms.RadioSelect)
    venteliste_tilbud = forms.TypedMultipleChoiceField(
        label=_("Stå på venteliste til"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, mulighet, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"svar-{mulighet.tildeling.soknad_id}-%s")
        super().__init__(*args, **kwargs)
        self.mulighet = mulighet
        self.fields["svar"].choices = [(s, SVARTEKSTER[s]) for s in mulighet.lovlige]
        valg: dict[int, str] = {}
        for v in mulighet.ventelister:  # a tilbud can be waited for in two quotas: offered once
            if v.tilbud_id not in valg:
                valg[v.tilbud_id] = _("%(nr)s. ønske: %(po)s – %(skole)s (nr. %(plass)s på ventelisten)") % {
                    "nr": v.onske_nr, "po": v.tilbud.programomrade.vist_navn, "skole": v.tilbud.skole.navn,
                    "plass": v.plass,
                }  # fmt: skip
        self.fields["venteliste_tilbud"].choices = list(valg.items())

    @property
    def vis_ventelistevalg(self) -> bool:
        return "ja_venteliste" in self.mulighet.lovlige and self.mulighet.soker_velger_venteliste

    def valgte_ventelister(self) -> list[int]:
        """The chosen higher wishes; all of them where the county lets the applicant stay on every one."""
        svar = self.cleaned_data["svar"]
        if svar != "ja_venteliste":
            return []
        if not self.mulighet.soker_velger_venteliste:
            return self.mulighet.venter_pa
        return self.cleaned_data["venteliste_tilbud"]

    def clean(self):
        data = super().clean()
        if data.get("svar") == "ja_venteliste" and self.mulighet.soker_velger_venteliste:
            if not data.get("venteliste_tilbud"):
                self.add_error(
                    "venteliste_tilbud", _("Velg minst ett høyere ønske du vil stå på venteliste til.")
                )
        return data
