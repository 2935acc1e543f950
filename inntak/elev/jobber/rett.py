"""Jobs 5A018 «Utvid kvoter for rett», 5A019 «Oppdater rett» and 5A001 «Oppdater elev fra søker» (docs/elev.md,
«Rett: jobbene 5A018, 5A019 og 5A001»).

The order 5A018 → 5A019 (→ 6A015) and 5A001 → 6A015 comes from the årshjul routines in the database
(``arshjul.rutiner``); ``start_kjoring`` refuses a job whose predecessor has not run in the school year unless the
caseworker gives a reason.
"""

from __future__ import annotations

import csv
import io
import tempfile

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inntak.elev.services import overforing
from inntak.elev.services import rett as tjeneste
from kodeverk.models import Skolear
from kodeverk.skolear import skolear_for_dato
from vigo.jobber import jobbtype

OMRADE = "Elevdatabasen"
CSV = "text/csv; charset=utf-8"


class SkolearSkjema(forms.Form):
    skolear = forms.ModelChoiceField(
        Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode", required=False,
        help_text=_("Tomt: skoleåret som pågår (også for kjøringer planlagt i årshjulet)."),
    )  # fmt: skip

    def clean_skolear(self):
        skolear = self.cleaned_data["skolear"]
        if skolear is None:
            kode = skolear_for_dato(timezone.localdate()).kode
            skolear = Skolear.objects.filter(kode=kode).first()
            if skolear is None:
                raise forms.ValidationError(
                    _("Skoleåret %(ar)s finnes ikke i kodeverket; velg et skoleår.") % {"ar": kode}
                )
        if skolear.startar < 2017:
            raise forms.ValidationError(
                _("Ingen rettsregler for skoleåret %(ar)s (femårsregelen før 2017 er ikke lagt inn).")
                % {"ar": skolear.kode}
            )
        return skolear


class OverforingSkjema(SkolearSkjema):
    overstyr_grunn = forms.CharField(
        label=_("Begrunnelse for å kjøre utenfor vinduet"), required=False, max_length=500,
        help_text=_("Bare når jobben kjøres utenfor fylkets vindu for 5A001 (standard 11.–22. september)."),
    )  # fmt: skip


def _per_type(verdi) -> str:
    if not verdi:
        return "–"
    return ", ".join(f"{k}: {v}" for k, v in verdi.items())


def _lagre(ktx, navn: str, fil) -> None:
    fil.seek(0)
    ktx.lagre_fil(navn, fil.read().encode("utf-8"), CSV, personopplysninger=True)


@jobbtype(
    "5A018",
    "Utvid kvoter for rett",
    tillatelse="elev.change_rett",
    skjema=SkolearSkjema,
    omrade=OMRADE,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "personer": _("Personer med utvidelser"),
        "utvidelser": _("Utvidelser lagt til kvoten"),
        "ugyldige": _("Utvidelser som ikke kan leses (se filen)"),
        "kvote_endret": _("Lagrede retter med endret kvote"),
    },
    beskrivelse="Legger registrerte utvidelser av retten (spesialundervisning, tegnspråk, punktskrift, særskilt "
    "språkopplæring, lengre læreplan) til kvoten for retter etter gammel lov, og lister utvidelser som mangler "
    "kode eller antall år. Hva VIGOs 5A018 gjør i detalj, er ikke verifisert. Kjøres før 5A019.",
)
def utvid_kvoter_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    ktx.fremdrift(0, 1, f"Utvider kvoter for {skolear}", tving=True)
    resultat = tjeneste.utvid_kvoter(fylke=ktx.fylke, skolear=skolear, kjoring=ktx.kjoring)
    if resultat["ugyldige"]:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(["person_id", "grunn", "ar"])
        for rad in tjeneste.ugyldige_utvidelser(ktx.fylke):
            w.writerow(rad)
        _lagre(ktx, f"ugyldige_utvidelser_{skolear.kode}.csv", buf)
        ktx.logg(f"{resultat['ugyldige']} utvidelser kan ikke leses; se filen.", "advarsel")
    ktx.logg(f"{resultat['utvidelser']} utvidelser, {resultat['kvote_endret']} kvoter endret.")
    ktx.fremdrift(1, 1, "Ferdig", tving=True)
    return resultat


@jobbtype(
    "5A019",
    "Oppdater rett",
    tillatelse="elev.change_rett",
    skjema=SkolearSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "personer": _("Personer beregnet"),
        "endret": _("Personer med endret rett"),
        "nye": _("Personer med rett beregnet første gang"),
        "uendret": _("Uendret"),
        "elevkurs_oppdatert": _("Elevkurs med ny rettstype"),
        "rettstype": (_("Rettstype (antall)"), _per_type),
    },
    beskrivelse="Beregner retten til videregående opplæring for skoleåret for alle med elevkurs i fylket og alle "
    "søkere som har fått plass, lagrer den og setter rettstype på skoleårets elevkurs. Filen lister alle "
    "personer der retten endret seg (før → etter). Kjøres etter 5A018.",
)
def oppdater_rett_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    ktx.fremdrift(0, None, f"Beregner rett for {skolear}", tving=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as fil:
        resultat = tjeneste.oppdater_rett(
            fylke=ktx.fylke, skolear=skolear, kjoring=ktx.kjoring, fremdrift=ktx.fremdrift, rapport=fil
        )
        if resultat["endret"] or resultat["nye"]:
            _lagre(ktx, f"endret_rett_{skolear.kode}.csv", fil)
    ktx.logg(f"{resultat['personer']} personer: {resultat['endret']} endret, {resultat['nye']} nye.")
    ktx.fremdrift(resultat["personer"], resultat["personer"], "Ferdig", tving=True)
    return resultat


def _sjekk_vindu(fylke, p) -> None:
    overforing.sjekk_vindu(fylke, Skolear.objects.get(pk=p["skolear"]), p.get("overstyr_grunn"))


@jobbtype(
    "5A001",
    "Oppdater elev fra søker",
    tillatelse="elev.add_elevforhold",
    skjema=OverforingSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    forhandssjekk=_sjekk_vindu,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "privatskoleelever": _("1. Privatskoleelever i elevbildet"),
        "akseptert": _("2. Søkere som har takket ja"),
        "elevkurs_opprettet": _("2. Elevkurs opprettet"),
        "elevkurs_oppdatert": _("2. Elevkurs som fikk rettstype fra søker"),
        "til_ot": _("3. Takket nei eller svarte ikke"),
        "meldt_til_ot": _("3. Nye OT-linjer"),
        "rett_beregnet": _("4. Personer med rett beregnet"),
        "uten_rett": _("4. Fortsatt uten rett (se filen)"),
        "overstyrt": _("Begrunnelse for å kjøre utenfor vinduet"),
    },
    beskrivelse="Overfører søkere til elev i rutinens rekkefølge: privatskoleelevene (allerede i elevbildet), "
    "søkere som har takket ja (retten fra søker følger med), OT-linjer for dem som takket nei eller ikke svarte, "
    "og logg over dem som fortsatt er uten rett. Kjøres i fylkets vindu (standard 11.–22. september); utenfor "
    "må en begrunnelse oppgis. En ny kjøring oppretter ingenting som finnes.",
)
def overfor_sokere_jobb(ktx) -> dict:
    skolear = Skolear.objects.get(pk=ktx.parametere["skolear"])
    ktx.fremdrift(0, 4, "1. Privatskoleelever og 2. søkere som har takket ja", tving=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as uten, \
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as endret:  # fmt: skip
        resultat = overforing.overfor_sokere(
            ktx.bruker, fylke=ktx.fylke, skolear=skolear, kjoring=ktx.kjoring,
            overstyr_grunn=ktx.parametere.get("overstyr_grunn"), uten_rett_fil=uten, rett_rapport=endret,
        )  # fmt: skip
        if resultat["uten_rett"]:
            _lagre(ktx, f"uten_rett_{skolear.kode}.csv", uten)
            ktx.logg(f"{resultat['uten_rett']} personer er fortsatt uten rett; se filen.", "advarsel")
        _lagre(ktx, f"endret_rett_{skolear.kode}.csv", endret)
    ktx.logg(
        f"{resultat['elevkurs_opprettet']} elevkurs opprettet, {resultat['til_ot']} til OT, "
        f"{resultat['uten_rett']} uten rett."
    )
    ktx.fremdrift(4, 4, "Ferdig", tving=True)
    return resultat
