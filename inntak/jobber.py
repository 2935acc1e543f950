"""Job types of the intake area (registered in InntakConfig.ready)."""

from __future__ import annotations

import csv
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from inntak.poeng_sql import NIVAER, beregn_poeng, regelsett_for
from inntak.regler import UkjentRegelsett
from inntak.services import kopier_klasseordning
from kodeverk.models import Skolear
from vigo.jobber import jobbtype


class KopierKlasseordningSkjema(forms.Form):
    fra_skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Fra skoleår"), to_field_name="kode")
    til_skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Til skoleår"), to_field_name="kode")

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra_skolear"), data.get("til_skolear")
        if fra and til and til.startdato <= fra.startdato:
            raise forms.ValidationError(
                _("Skoleåret det kopieres til må komme etter skoleåret det kopieres fra.")
            )
        return data


@jobbtype(
    "1A001",
    "Kopiere klasseordning",
    tillatelse="inntak.add_tilbud",
    skjema=KopierKlasseordningSkjema,
    omrade="Inntak",
    resultat_tekst={
        "fra": _("Fra skoleår"),
        "til": _("Til skoleår"),
        "kopiert": _("Tilbud kopiert"),
        "fantes_fra_for": _("Tilbud som fantes fra før"),
        "utgatte_koder": (_("Utgåtte programområder (ikke kopiert)"), "liste"),
        "utgatte_tilbud": _("Tilbud på utgåtte programområder"),
    },
    beskrivelse="Kopierer fylkets tilbud (klasseordningen, 1S001) fra ett skoleår til det neste. Tilbud på "
    "programområder som er utgått før det nye skoleåret starter, kopieres ikke, men rapporteres.",
)
def kopier_klasseordning_jobb(ktx) -> dict:
    fra = Skolear.objects.get(pk=ktx.parametere["fra_skolear"])
    til = Skolear.objects.get(pk=ktx.parametere["til_skolear"])
    ktx.fremdrift(0, 1, f"Kopierer {fra} → {til}", tving=True)
    resultat = kopier_klasseordning(ktx.fylke, fra, til)
    ktx.logg(f"{resultat['kopiert']} tilbud kopiert, {resultat['fantes_fra_for']} fantes fra før.")
    if resultat["utgatte_koder"]:
        ktx.logg(
            f"Utgåtte programområder (ikke kopiert, {resultat['utgatte_tilbud']} tilbud): "
            + ", ".join(resultat["utgatte_koder"]),
            "advarsel",
        )
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(["programomrade"])
        for kode in resultat["utgatte_koder"]:
            w.writerow([kode])
        ktx.lagre_fil(f"utgatte_programomrader_{til.kode}.csv", buf.getvalue(), "text/csv; charset=utf-8",
                      personopplysninger=False)  # fmt: skip
    ktx.fremdrift(1, 1, "Ferdig", tving=True)
    return resultat


class BeregnPoengSkjema(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode")
    niva = forms.ChoiceField(
        label=_("Nivå"),
        required=False,
        choices=[("", _("Alle nivåer"))] + [(n, n.capitalize()) for n in NIVAER],
    )
    avrunding = forms.ChoiceField(
        label=_("Avrunding"),
        required=False,
        choices=[
            ("", _("Regelsettets standard (A)")),
            ("A", _("A: gjennomsnitt rundet til to desimaler × 10")),
            ("B", _("B: sum × 10 / antall rundet til to desimaler")),
        ],
        help_text=_(
            "Hvordan gjennomsnittet rundes av til to desimaler. Bruk regelsettets standard med mindre "
            "fylket har bestemt noe annet."
        ),
    )

    def clean_skolear(self):
        skolear = self.cleaned_data["skolear"]
        try:
            regelsett_for(skolear.kode)
        except UkjentRegelsett as feil:
            raise forms.ValidationError(str(feil)) from None
        return skolear

    def clean(self):
        """Reading B exists only in the 2006 rule sets; from 2025-2026 it is refused with the reason."""
        data = super().clean()
        skolear, avrunding = data.get("skolear"), data.get("avrunding")
        if skolear is not None and avrunding:
            try:
                regelsett_for(skolear.kode, avrunding)
            except UkjentRegelsett:
                pass  # reported on the school year
            except ValueError as feil:
                self.add_error("avrunding", str(feil))
        return data


@jobbtype(
    "1P001",
    "Beregn poeng",
    tillatelse="inntak.change_poeng",
    skjema=BeregnPoengSkjema,
    omrade="Inntak",
    resultat_tekst={
        "soknader": _("Søknader beregnet"),
        "individuell_behandling": _("Til individuell behandling"),
        "regelsett": _("Regelsett (skoleår)"),
        "avrunding": _("Avrunding"),
        "sekunder": (_("Beregningstid"), "sekunder"),
    },
    beskrivelse="Beregner poeng for alle søknader i fylket for valgt skoleår og nivå, mengdebasert i databasen "
    "(forskrift til opplæringslova §§ 6-21 og 6-34 til og med skoleåret 2024-2025, opplæringsforskrifta §§ 4-19 "
    "og 4-25 fra 2025-2026). Kan kjøres på nytt: radene oppdateres.",
)
def beregn_poeng_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    niva = ktx.parametere.get("niva") or ""
    regelsett = regelsett_for(skolear.kode, ktx.parametere.get("avrunding") or None)
    ktx.logg(f"Regelsett {regelsett.id}, avrunding {regelsett.avrunding}, nivå {niva or 'alle'}.")

    def fremdrift(ferdig: int, totalt: int, melding: str) -> None:
        ktx.fremdrift(ferdig, totalt, melding, tving=True)

    resultat = beregn_poeng(
        fylke_id=ktx.fylke.pk,
        skolear_id=skolear.pk,
        regelsett=regelsett,
        nivaer=[niva] if niva else NIVAER,
        fremdrift=fremdrift,
    )
    ktx.logg(
        f"{resultat['soknader']} søknader beregnet på {resultat['sekunder']} s; "
        f"{resultat['individuell_behandling']} til individuell behandling."
    )
    return resultat
