"""Jobs 5A110 «Søkere til læreplass fra inntaket» and 5A111 «Formidlingsstatus» (docs/fagopplaering/formidling.md).

Thin: the work is in ``fagopplaering.services.formidling`` and ``fagopplaering.selectors.formidling``. The
school year is the year the læreplass starts (the søknad's), by default the one starting this calendar year:
applicants apply by 1 February / 1 March for the autumn, and formidling runs on until about 1 November.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.selectors import formidling as sel
from fagopplaering.services import formidling as tjeneste
from kodeverk.models import Skolear
from vigo.jobber import jobbtype
from vigo.parametere.selectors import parameter

OMRADE = "Fagopplæring"
CSV = "text/csv; charset=utf-8"


class FormidlingsarSkjema(forms.Form):
    skolear = forms.ModelChoiceField(
        Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode", required=False,
        help_text=_("Skoleåret læreplassen starter. Tomt: skoleåret som starter i år."),
    )  # fmt: skip

    def clean_skolear(self):
        skolear = self.cleaned_data["skolear"]
        if skolear is None:
            ar = timezone.localdate().year
            kode = f"{ar}-{ar + 1}"
            skolear = Skolear.objects.filter(kode=kode).first()
            if skolear is None:
                raise forms.ValidationError(
                    _("Skoleåret %(ar)s finnes ikke i kodeverket; velg et skoleår.") % {"ar": kode}
                )
        return skolear


def _skolear(ktx) -> Skolear:
    verdi = ktx.parametere["skolear"]
    return (
        Skolear.objects.get(kode=verdi)
        if isinstance(verdi, str) and "-" in verdi
        else Skolear.objects.get(pk=verdi)
    )


@jobbtype(
    "5A110",
    "Søkere til læreplass fra inntaket",
    tillatelse="fagopplaering.add_formidling",
    skjema=FormidlingsarSkjema,
    omrade=OMRADE,
    personopplysninger=False,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "opprettet": _("Nye søkere til læreplass"),
        "fantes": _("Sto allerede på formidlingslisten"),
        "trukket": _("Trukket (søknaden er trukket)"),
    },
    beskrivelse="Legger alle søkere i fylkets inntak med ønske om læreplass (lærefag, opplæring i bedrift) inn "
    "på formidlingslisten for skoleåret, med status «Søker til læreplass» (Udir-kode 4). Én rad per søker og "
    "lærefag; søkere som står der fra før, blir ikke endret, så jobben kan kjøres igjen etter hver søknadsfrist. "
    "Søkere som ikke er formidlet ennå og har trukket søknaden, får status «Trukket».",
)
def hent_sokere_jobb(ktx) -> dict:
    skolear = _skolear(ktx)
    ktx.fremdrift(0, None, f"Henter søkere til læreplass for {skolear.kode}", tving=True)
    resultat = tjeneste.hent_fra_inntaket(None, fylke_id=ktx.fylke.pk, skolear=skolear)
    ktx.logg(
        f"{resultat['opprettet']} nye søkere til læreplass, {resultat['fantes']} fantes fra før, "
        f"{resultat['trukket']} trukket fordi søknaden er trukket."
    )
    ktx.fremdrift(1, 1, "Ferdig", tving=True)
    return {"skolear": skolear.kode, **resultat}


def _statusfil(rader: list[dict]) -> str:
    navn = dict(tjeneste.S.choices)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["laerefag_kode", "laerefag", "status", "statusnavn", "udir_statuskode", "antall"])
    for r in rader:
        w.writerow([r["programomrade__kode"], r["programomrade__navn"], r["status"], str(navn.get(r["status"], "")),
                    sel.regel.statuskode(r["status"]), r["antall"]])  # fmt: skip
    w.writerow(["", "Sum", "", "", "", sum(r["antall"] for r in rader)])
    return buf.getvalue()


def _alternativfil(qs, frist) -> tuple[str, int]:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["formidling_id", "person_id", "fodselsnummer", "etternavn", "fornavn", "laerefag_kode", "laerefag",
                "onske_nr", "status", "statusdato", "frist"])  # fmt: skip
    n = 0
    for f in qs.iterator(chunk_size=2000):
        n += 1
        w.writerow([f.pk, f.person_id, f.person.fodselsnummer, f.person.etternavn, f.person.fornavn,
                    f.programomrade.kode, f.programomrade.navn, f.onskenr or "", str(f.get_status_display()),
                    f.status_dato.strftime("%d.%m.%Y"), frist.strftime("%d.%m.%Y")])  # fmt: skip
    return buf.getvalue(), n


@jobbtype(
    "5A111",
    "Formidlingsstatus",
    tillatelse="fagopplaering.change_formidling",
    skjema=FormidlingsarSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "laerefag": _("Lærefag med søkere"),
        "sokere": _("Søkere (formidlinger)"),
        "frist": _("Frist for formidling"),
        "ikke_formidlet_med_ungdomsrett": _("Søkere med ungdomsrett ikke formidlet innen fristen"),
    },
    beskrivelse="Lager en rapport (CSV) med antall søkere per lærefag og formidlingsstatus, med Udirs "
    "statuskoder der de er kjent, og en liste over søkere med ungdomsrett som ikke er formidlet innen fylkets "
    "frist for formidling (systemparameter «Frist for formidling før tilbud om Vg3 i skole»). De skal få tilbud "
    "om Vg3 i skole (opplæringslova § 5-6); tilbudet gis fra siden «Alternativ: Vg3 i skole».",
)
def formidlingsstatus_jobb(ktx) -> dict:
    skolear = _skolear(ktx)
    fylke = ktx.fylke
    ktx.fremdrift(0, 2, f"Formidlingsstatus for {skolear.kode}", tving=True)
    rader = sel.status_per_laerefag(sel.SYSTEM, fylke.pk, skolear)
    ktx.lagre_fil(f"formidlingsstatus_{skolear.kode}.csv", _statusfil(rader), CSV, personopplysninger=False)
    ktx.fremdrift(1, 2, "Søkere med ungdomsrett som ikke er formidlet", tving=True)
    frist = parameter(fylke, skolear, "fagopplaering.formidlingsfrist")
    tekst, antall = _alternativfil(
        sel.ikke_formidlet_med_ungdomsrett(sel.SYSTEM, fylke.pk, skolear, frist), frist
    )
    ktx.lagre_fil(f"ikke_formidlet_ungdomsrett_{skolear.kode}.csv", tekst, CSV, personopplysninger=True)
    if antall and timezone.localdate() > frist:
        ktx.logg(
            f"{antall} søkere med ungdomsrett er ikke formidlet etter fristen {frist:%d.%m.%Y}.", "advarsel"
        )
    ktx.fremdrift(2, 2, "Ferdig", tving=True)
    return {
        "skolear": skolear.kode,
        "laerefag": len({r["programomrade__kode"] for r in rader}),
        "sokere": sum(r["antall"] for r in rader),
        "frist": frist.strftime("%d.%m.%Y"),
        "ikke_formidlet_med_ungdomsrett": antall,
    }
