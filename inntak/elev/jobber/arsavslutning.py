"""The year's end of the intake: 5A014 «Slette søkerdata», 5A006 «Preutfylling», 8A011 «Ajourholdskontroll»
(docs/elev.md «Årsavslutning av inntaket»). The work is in ``inntak.elev.services.arsavslutning`` /
``preutfylling`` and ``inntak.elev.selectors.ajourhold``; here are the forms, the files and the result texts."""

from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inntak.elev.selectors.ajourhold import KOLONNER, ajourholdsrapport, antall_per_skole, standard_til_dato
from inntak.elev.services.arsavslutning import (
    PARAMETER_FRA,
    PARAMETER_TIL,
    SLETTE_TILLATELSE,
    STANDARD_FRA,
    STANDARD_TIL,
    forutsetninger,
    omfang_tekst,
    slett_sokerdata,
    sokerdata_til_sletting,
)
from inntak.elev.services.preutfylling import TILLATELSE as PREUTFYLL_TILLATELSE
from inntak.elev.services.preutfylling import preutfyll
from kodeverk.models import Skolear
from kodeverk.skolear import skolear_for_kode
from vigo.jobber import jobbtype
from vigo.parametere import Parameter, Type, registrer, registrer_kontroll


def _dato(maned_dag: tuple[int, int]):
    def standard(fylke, skolear_kode: str) -> datetime.date:
        return datetime.date(skolear_for_kode(skolear_kode).startar, *maned_dag)

    return standard


def _kontroll(verdier: dict, skolear_kode: str) -> dict[str, str]:
    fra, til = verdier.get(PARAMETER_FRA), verdier.get(PARAMETER_TIL)
    if fra and til and til < fra:
        return {PARAMETER_TIL: "Siste dato for sletting av søkerdata kan ikke være før første dato."}
    return {}


registrer(
    Parameter(PARAMETER_FRA, "Første dato for sletting av søkerdata (5A014)", Type.DATO, standard=_dato(STANDARD_FRA),
              omrade="inntak", hjelp="Årshjulet: etter siste kontrakt fra ønske, siste formidlingsfil og siste "
              "6A015 «ikke startet». Standard 14. november."),
    Parameter(PARAMETER_TIL, "Siste dato for sletting av søkerdata (5A014)", Type.DATO, standard=_dato(STANDARD_TIL),
              omrade="inntak", hjelp="Før preutfylling (5A006). Standard 30. november."),
)  # fmt: skip
registrer_kontroll(_kontroll)


def _skolearfelt(label=None):
    return forms.ModelChoiceField(Skolear.objects.all(), label=label or _("Skoleår"), to_field_name="kode")


# --- 5A014 ----------------------------------------------------------------------------------------------------
class SletteSokerdataSkjema(forms.Form):
    skolear = _skolearfelt(_("Skoleåret inntaket gjaldt"))
    bekreft = forms.BooleanField(
        label=_("Jeg bekrefter at søkerdataene for skoleåret skal slettes. Slettingen kan ikke angres."),
        required=False,
        help_text=_("Uten avkrysning vises bare hvor mye som vil bli slettet, og ingenting startes."),
    )


def _sjekk_sletting(fylke, parametere: dict) -> None:
    """Before the run: without confirmation, say what would be deleted and which preconditions are unmet."""
    if parametere.get("bekreft"):
        return
    skolear = Skolear.objects.get(pk=parametere["skolear"])
    tekst = [
        f"Kryss av for å bekrefte slettingen. 5A014 vil slette for {fylke.navn} {skolear.kode}: "
        f"{omfang_tekst(sokerdata_til_sletting(fylke, skolear))}."
    ]
    uoppfylt = [f for f in forutsetninger(fylke, skolear) if not f.oppfylt]
    if uoppfylt:
        tekst.append("Forutsetninger som ikke er oppfylt ennå: " + "; ".join(f.navn for f in uoppfylt) + ".")
    raise ValidationError(" ".join(tekst))


@jobbtype(
    "5A014",
    "Slette søkerdata",
    tillatelse=SLETTE_TILLATELSE,
    skjema=SletteSokerdataSkjema,
    omrade="Inntak",
    personopplysninger=True,
    forhandssjekk=_sjekk_sletting,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "arkivert": _("Søknader arkivert"),
        "slettet_totalt": _("Rader slettet"),
        "slettet": _("Slettet per tabell"),
        "filer_slettet": _("Filer slettet"),
        "ikke_kontrollert": (_("Forutsetninger som ikke er en del av produktet ennå"), "liste"),
    },
    beskrivelse="Sletter inntakets arbeidsdata for fylket og skoleåret (søknader, ønsker, vedtak, tildelinger, "
    "svar, ventelister, dokumenter og inntakskjøringene) etter at 5A001 og siste 6A015 «ikke startet» har kjørt, "
    "og bare i tidsvinduet (14.–30. november som standard). Først lagres et arkiv av søknad, vedtak, endelig tilbud "
    "og svar per søker og en slettelogg. Personer, elevkurs, rett og OT slettes ikke.",
)
def slette_sokerdata_jobb(ktx) -> dict:
    p = ktx.parametere
    return slett_sokerdata(
        ktx.bruker, fylke=ktx.fylke, skolear=p["skolear"], kjoring=ktx, bekreft=bool(p.get("bekreft"))
    )


# --- 5A006 ----------------------------------------------------------------------------------------------------
class PreutfyllingSkjema(forms.Form):
    fra_skolear = _skolearfelt(_("Skoleåret elevene går i nå"))
    til_skolear = _skolearfelt(_("Skoleåret det søkes til"))

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra_skolear"), data.get("til_skolear")
        if fra and til and til.startdato <= fra.startdato:
            raise forms.ValidationError(
                _("Skoleåret det søkes til må komme etter skoleåret elevene går i nå.")
            )
        return data


@jobbtype(
    "5A006",
    "Preutfylling",
    tillatelse=PREUTFYLL_TILLATELSE,
    skjema=PreutfyllingSkjema,
    omrade="Inntak",
    personopplysninger=True,
    resultat_tekst={
        "fra_skolear": _("Fra skoleår"),
        "til_skolear": _("Til skoleår"),
        "elever": _("Elever på Vg1/Vg2"),
        "opprettet": _("Søknader preutfylt"),
        "hoppet_over": _("Hoppet over"),
        "grunner": _("Hoppet over, per grunn"),
        "avbrutt_ikke_med": _("Elever med avbrudd (ikke med)"),
        "hoppet_over_liste": None,
    },
    beskrivelse="Lager neste års søknader for fylkets elever på Vg1 og Vg2 som ikke har avbrutt: neste nivå, med "
    "programområdene på neste nivå i samme utdanningsprogram ved elevens skole som ønsker. Elever som allerede har "
    "søknad, hoppes over, så jobben kan kjøres flere ganger. Kjøres etter 5A014.",
)
def preutfylling_jobb(ktx) -> dict:
    p = ktx.parametere
    resultat = preutfyll(
        ktx.bruker, fylke=ktx.fylke, fra_skolear=p["fra_skolear"], til_skolear=p["til_skolear"], kjoring=ktx
    )
    hoppet = resultat.pop("hoppet_over_liste")
    if hoppet:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(["person_id", "elevkurs_id", "grunn"])
        for r in hoppet:
            w.writerow([r["person_id"], r["elevkurs_id"], r["grunn"]])
        ktx.lagre_fil(f"preutfylling_hoppet_over_{resultat['til_skolear']}.csv", buf.getvalue(),
                      "text/csv; charset=utf-8", personopplysninger=True)  # fmt: skip
    ktx.fremdrift(resultat["elever"], resultat["elever"], "Ferdig", tving=True)
    return resultat


# --- 8A011 ----------------------------------------------------------------------------------------------------
class AjourholdSkjema(forms.Form):
    skolear = _skolearfelt()
    til_dato = forms.DateField(
        label=_("Til og med dato"), required=False, help_text=_("Tom: 31. august i skoleåret (B01-fristen).")
    )


@jobbtype(
    "8A011",
    "Ajourholdskontroll",
    tillatelse="elev.change_elevforhold",
    skjema=AjourholdSkjema,
    omrade="Elevdatabasen",
    personopplysninger=True,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "til_dato": _("Til og med dato"),
        "antall": _("Avvik"),
        "per_kode": _("Avvik per ajourholdskode"),
        "per_skole": _("Avvik per skole"),
    },
    beskrivelse="Sammenligner inntatte søkere som har takket ja, med elevregisteret fram til 31. august: ikke møtt "
    "(N), endret programområde på samme skole (E), inntatt i august (I), avbrutt i august (S) og nei til plass fra "
    "venteliste (V). Skriver en CSV-fil og antall per skole. Kjøres før 5A001.",
)
def ajourholdskontroll_jobb(ktx) -> dict:
    p = ktx.parametere
    skolear = Skolear.objects.get(pk=p["skolear"])
    til_dato = datetime.date.fromisoformat(p["til_dato"]) if p.get("til_dato") else standard_til_dato(skolear)
    ktx.fremdrift(0, 2, "Sammenligner inntaket med elevregisteret", tving=True)
    rader = ajourholdsrapport(fylke=ktx.fylke, skolear=skolear, til_dato=til_dato)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=KOLONNER, delimiter=";", extrasaction="ignore")
    w.writeheader()
    for r in rader:
        w.writerow({**r, "dato": r["dato"].isoformat() if r["dato"] else ""})
    ktx.lagre_fil(f"ajourhold_{ktx.fylke.nummer}_{skolear.kode}.csv", buf.getvalue(), "text/csv; charset=utf-8",
                  personopplysninger=True)  # fmt: skip
    per_kode: dict[str, int] = {}
    for r in rader:
        per_kode[r["kode"]] = per_kode.get(r["kode"], 0) + 1
    ktx.fremdrift(2, 2, "Ferdig", tving=True)
    return {
        "skolear": skolear.kode,
        "til_dato": til_dato.isoformat(),
        "antall": len(rader),
        "per_kode": per_kode,
        "per_skole": {skole: ", ".join(f"{k}: {n}" for k, n in sorted(koder.items()))
                      for skole, koder in antall_per_skole(rader).items()},
    }  # fmt: skip
