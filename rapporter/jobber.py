"""Every declared delivery is a job in ``vigo.jobber`` with the delivery's code (registered in
RapporterConfig.ready), so it shows on /kjoringer/, can be planned from the årshjul, and the årshjul's
utført/forsinket reads its finished runs like any other job's. A run whose delivery has FEIL findings ends as
failed (the delivery is stored as «stoppet»), so only a delivery that passed its control counts as utført."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kodeverk.models import Skolear
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.tjenester import kjor_leveranse, sjekk_forutsetninger
from vigo import jobber


class LeveranseSkjema(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode")


def _jobb(kode: str):
    def kjor(ktx) -> dict:
        skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
        ktx.fremdrift(0, 1, f"Lager leveranse {kode} for {skolear.kode}", tving=True)
        lev = kjor_leveranse(kode, ktx.fylke, skolear, bruker=ktx.bruker, kjoring=ktx.kjoring)
        ktx.logg(f"Leveranse nr. {lev.pk}: {lev.antall_poster} poster, {lev.antall_feil} feil, "
                 f"{lev.antall_advarsler} advarsler.", "advarsel" if lev.antall_feil else "info")  # fmt: skip
        ktx.fremdrift(1, 1, "Ferdig", tving=True)
        if lev.antall_feil:
            # The run fails, so the årshjul does not show the delivery as utført; the stopped delivery and its
            # findings are kept (committed above) and are read on its page.
            raise ValidationError(
                f"Leveranse nr. {lev.pk} har {lev.antall_feil} feil og er stoppet. Se kontrollfunnene på "
                f"{reverse('rapporter:leveranse', args=[lev.pk])}, rett dataene og kjør på nytt."
            )
        return {"leveranse": lev.pk, "poster": lev.antall_poster, "feil": lev.antall_feil,
                "advarsler": lev.antall_advarsler, "status": lev.get_status_display()}  # fmt: skip

    return kjor


def _forhandssjekk(kode: str):
    def sjekk(fylke, p) -> None:
        sjekk_forutsetninger(register.hent(kode), fylke, Skolear.objects.get(pk=p["skolear"]))

    return sjekk


def registrer_jobber() -> None:
    for d in register.alle():
        if jobber.finnes(d.kode):
            continue
        jobber.jobbtype(
            d.kode,
            d.navn,
            tillatelse=d.tillatelse,
            skjema=LeveranseSkjema,
            omrade="Rapporter",
            personopplysninger=d.personopplysninger,
            forhandssjekk=_forhandssjekk(d.kode),
            resultat_tekst={
                "leveranse": (_("Leveranse"), "url:rapporter:leveranse"),
                "poster": _("Poster"),
                "feil": _("Feil i kontrollen"),
                "advarsler": _("Advarsler i kontrollen"),
                "status": _("Status"),
            },
            beskrivelse=f"{d.beskrivelse} Mottaker: {d.mottaker}."
            + (
                f" Kjøres etter {', '.join(f.kode for f in d.forutsetninger)} (rekkefølgen i årshjulet)."
                if d.forutsetninger
                else ""
            )
            + " Kontrolleres før filen frigis; en leveranse med feil kan ikke markeres som sendt.",
        )(_jobb(d.kode))
