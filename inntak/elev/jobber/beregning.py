"""Jobs that recompute the student register's computed columns (docs/elev.md §9).

The codes 5A020–5A022 are this system's own: VIGO's codes for these runs are not public.
"""

from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from inntak.elev.services.beregning import (
    beregn_elevkurs,
    sett_fullfortkode_ved_skoleslutt,
    standard_telledato,
    ta_telledato,
)
from kodeverk.models import Skolear
from vigo.jobber import jobbtype

OMRADE = "Elevdatabasen"
TILLATELSE = "elev.change_elevforhold"
EGNE_KODER = " Jobbkoden er denne løsningens egen; VIGOs koder for tilsvarende kjøringer er ikke offentlige."


class SkolearSkjema(forms.Form):
    skolear = forms.ModelChoiceField(Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode")


class TelledatoSkjema(SkolearSkjema):
    dato = forms.DateField(
        label=_("Telledato"),
        required=False,
        help_text=_("Tom: 1. oktober i skoleårets første år."),
    )


def _fremdrift(ktx):
    def meld(ferdig: int, totalt: int, melding: str) -> None:
        ktx.fremdrift(ferdig, totalt, melding)

    return meld


@jobbtype(
    "5A020",
    "Beregn elevstatus og kursprosent",
    tillatelse=TILLATELSE,
    skjema=SkolearSkjema,
    omrade=OMRADE,
    resultat_tekst={
        "beregnet": _("Elevkurs beregnet"),
        "endret": _("Elevkurs endret"),
        "mangler_elevtimer": _("Elevkurs der elevtimer mangler"),
        "uten_timegrunnlag": _("Elevkurs uten årstimer for programområdet"),
        "programomrader_uten_arstimer": (_("Programområder uten årstimer"), "liste"),
        "fag_uten_arstimer": (_("Fag uten årstimer (Grep)"), "liste"),
        "fag_pakrevd_uten_grunnlag": (_("Fag der B09 krever elevtimer, men som ikke er merket"), "liste"),
        "advarsler": _("Advarsler (se filen)"),
        "advarsler_utelatt": _("Advarsler utelatt fra filen"),
    },
    beskrivelse="Beregner elevstatus (Vedlegg 1 i Registreringshåndboken, første regel som treffer; manuell "
    "elevstatus går foran), kursprosent (Grep-timer eller registrerte elevtimer) og «mangler elevtimer» for alle "
    "elevkurs i fylket og skoleåret, og lagrer bare det som er endret, med historikk. Elevkurs der påkrevde "
    "elevtimer mangler, står i en CSV-fil. Kan kjøres på nytt." + EGNE_KODER,
)
def beregn_elevkurs_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    ktx.logg(f"Beregner elevstatus og kursprosent for skoleåret {skolear.kode}.")
    resultat = beregn_elevkurs(
        fylke=ktx.fylke, skolear=skolear, kjoring=ktx.kjoring, fremdrift=_fremdrift(ktx)
    )
    advarsler = resultat.pop("advarsler")
    if advarsler:
        # Personal data (elevkurs ids with school and fag) belong in the audited job file, never in the log.
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(["elevkurs_id", "skolenummer", "programomrade", "fagkode", "grunn"])
        for a in advarsler:
            w.writerow([a["elevkurs_id"], a["skolenummer"], a["programomrade"], a["fagkode"], a["grunn"]])
        ktx.lagre_fil(f"mangler_elevtimer_{skolear.kode}.csv", buf.getvalue(), "text/csv; charset=utf-8")
        ktx.logg(f"{len(advarsler)} faglinjer mangler påkrevde elevtimer (se filen).", "advarsel")
    if resultat["uten_timegrunnlag"]:
        ktx.logg(
            f"{resultat['uten_timegrunnlag']} elevkurs har programområde uten årstimer; kursprosent er ikke "
            "beregnet for dem.",
            "advarsel",
        )
    resultat["advarsler"] = len(advarsler)
    ktx.logg(f"{resultat['beregnet']} elevkurs beregnet, {resultat['endret']} endret.")
    ktx.fremdrift(resultat["beregnet"], resultat["beregnet"], "Ferdig", tving=True)
    return resultat


@jobbtype(
    "5A021",
    "Telledato 01.10 (forrige elevstatus og fagstatus)",
    tillatelse=TILLATELSE,
    skjema=TelledatoSkjema,
    omrade=OMRADE,
    resultat_tekst={
        "telledato": _("Telledato"),
        "elevkurs": _("Elevkurs i skoleåret"),
        "endret_elevkurs": _("Elevkurs endret"),
        "endret_fag": _("Faglinjer endret"),
    },
    beskrivelse="Lagrer elevstatus og fagstatus slik de var ved utgangen av telledatoen (standard 1. oktober) "
    "som «forrige elevstatus» og «forrige fagstatus», med telledatoen, for alle elevkurs i fylket og skoleåret. "
    "Verdiene leses fra historikken, så en ny kjøring gir de samme verdiene." + EGNE_KODER,
)
def telledato_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    dato_tekst = ktx.parametere.get("dato")
    dato = datetime.date.fromisoformat(dato_tekst) if dato_tekst else standard_telledato(skolear)
    ktx.fremdrift(0, 1, f"Telledato {dato:%d.%m.%Y}", tving=True)
    resultat = ta_telledato(fylke=ktx.fylke, skolear=skolear, dato=dato, kjoring=ktx.kjoring)
    ktx.logg(
        f"Telledato {dato:%d.%m.%Y}: {resultat['endret_elevkurs']} elevkurs og {resultat['endret_fag']} "
        "faglinjer endret."
    )
    ktx.fremdrift(1, 1, "Ferdig", tving=True)
    return resultat


@jobbtype(
    "5A022",
    "Fullførtkode ved skoleslutt",
    tillatelse=TILLATELSE,
    skjema=SkolearSkjema,
    omrade=OMRADE,
    resultat_tekst={
        "elevkurs": _("Elevkurs i skoleåret"),
        "endret": _("Elevkurs endret"),
        "til_x": _("Blank fullførtkode satt til X"),
        "til_s": _("Avbrutte elevkurs satt til S"),
        "ugyldige": _("Elevkurs med ukjent fullførtkode (urørt)"),
        "ugyldige_koder": (_("Ukjente fullførtkoder"), "liste"),
    },
    beskrivelse="Setter fullførtkode ved skoleslutt (Regbok B21) for alle elevkurs i fylket og skoleåret: "
    "avbrutte elevkurs får S, blank fullførtkode blir X, gyldige koder fra skolen beholdes." + EGNE_KODER,
)
def fullfortkode_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    ktx.fremdrift(0, 1, "Setter fullførtkode", tving=True)
    resultat = sett_fullfortkode_ved_skoleslutt(fylke=ktx.fylke, skolear=skolear, kjoring=ktx.kjoring)
    if resultat["ugyldige"]:
        ktx.logg(
            f"{resultat['ugyldige']} elevkurs har ukjent fullførtkode ({', '.join(resultat['ugyldige_koder'])}) "
            "og er ikke endret.",
            "advarsel",
        )
    ktx.logg(f"{resultat['endret']} elevkurs fikk ny fullførtkode.")
    ktx.fremdrift(1, 1, "Ferdig", tving=True)
    return resultat
