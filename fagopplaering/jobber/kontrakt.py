"""Job 5A112 «Kontrakter som snart slutter» (docs/fagopplaering/kontrakt.md «Oppmelding til prøve»).

The county's contracts that are løpende today (docs/fagopplaering/domene.md §0.4) and whose læretid til falls within N months,
as a CSV file: a reminder list for oppmelding til prøve, which the lærebedrift must send at the latest two months
before læretid ends (opplæringsforskrifta § 9-56). Thin: the selection is ``selectors.kontrakt.slutter_snart`` and
the deadlines ``regler.kontrakt.provefrister``.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.regler.kontrakt import provefrister
from fagopplaering.selectors.kontrakt import slutter_snart
from vigo.jobber import jobbtype
from vigo.revisjon import logg_innsyn

OMRADE = "Fagopplæring"
STANDARD_MANEDER = 4

KOLONNER = ["kontrakt_id", "etternavn", "fornavn", "fodselsdato", "kontraktstype", "laerefag_kode", "laerefag",
            "orgnr", "laerebedrift", "medlemsbedrift_orgnr", "medlemsbedrift", "faglig_leder", "faglig_leder_epost",
            "laeretid_fra", "laeretid_til", "tidligst_prove", "oppmeldingsfrist"]  # fmt: skip


class SnartSlutterSkjema(forms.Form):
    antall_maneder = forms.IntegerField(
        label=_("Antall måneder"), min_value=1, max_value=24, initial=STANDARD_MANEDER, required=False,
        help_text=_("Kontrakter der læretid til er innen så mange måneder fra i dag. Tomt: 4."),
    )  # fmt: skip


def _dato(d) -> str:
    return d.isoformat() if d else ""


def skriv_fil(kontrakter) -> tuple[bytes, int]:
    """The rows as CSV (semicolon, UTF-8 with BOM for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(KOLONNER)
    antall = 0
    for k in kontrakter.iterator(chunk_size=2000):
        frister = provefrister(k.laeretid_til)
        leder = k.faglig_leder
        w.writerow([
            k.pk, k.person.etternavn, k.person.fornavn, _dato(k.person.fodselsdato), k.kontraktstype.kode,
            k.programomrade.kode, k.programomrade.navn, k.bedrift.orgnr, k.bedrift.navn,
            k.medlemsbedrift.orgnr if k.medlemsbedrift else "", k.medlemsbedrift.navn if k.medlemsbedrift else "",
            f"{leder.fornavn} {leder.etternavn}" if leder else "", leder.epost if leder else "",
            _dato(k.laeretid_fra), _dato(k.laeretid_til), _dato(frister.tidligst_prove),
            _dato(frister.oppmeldingsfrist),
        ])  # fmt: skip
        antall += 1
    return ("\ufeff" + buf.getvalue()).encode("utf-8"), antall


@jobbtype(
    "5A112",
    "Kontrakter som snart slutter",
    tillatelse="fagopplaering.change_kontrakt",
    skjema=SnartSlutterSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    beskrivelse=(
        "Liste (CSV) over løpende kontrakter der læretiden slutter innen valgt antall måneder (standard 4), med "
        "tidligste prøvedato og frist for oppmelding til prøve (to måneder før læretiden slutter, "
        "opplæringsforskrifta § 9-56). Brukes som påminnelse til lærebedriftene."
    ),
    resultat_tekst={
        "antall_maneder": _("Antall måneder"),
        "kontrakter": _("Kontrakter i listen"),
        "dato": _("Løpende per"),
    },  # fmt: skip
)
def kontrakter_som_snart_slutter(ktx) -> dict:
    maneder = int(ktx.parametere.get("antall_maneder") or STANDARD_MANEDER)
    idag = timezone.localdate()
    ktx.fremdrift(0, 2, "Finner kontraktene", tving=True)
    innhold, antall = skriv_fil(slutter_snart(ktx.fylke.pk, idag, maneder))
    ktx.fremdrift(1, 2, "Skriver filen", tving=True)
    ktx.lagre_fil(f"kontrakter_slutter_innen_{maneder}_mnd_{ktx.fylke.nummer}_{idag:%Y%m%d}.csv", innhold,
                  "text/csv; charset=utf-8")  # fmt: skip
    logg_innsyn("eksport", f"Kjøring 5A112 (kontrakter som slutter innen {maneder} måneder)", bruker=ktx.bruker,
                antall=antall, fylke=ktx.fylke)  # fmt: skip
    ktx.logg(f"{antall} løpende kontrakter slutter innen {maneder} måneder.")
    ktx.fremdrift(2, 2, "Ferdig", tving=True)
    return {"antall_maneder": maneder, "kontrakter": antall, "dato": idag.isoformat()}
