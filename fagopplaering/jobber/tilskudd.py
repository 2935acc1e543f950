"""Job 5A113 «Lærlingtilskudd» (docs/fagopplaering/tilskudd.md; docs/fagopplaering/domene.md §8).

Thin: ``fagopplaering.services.tilskudd.beregn`` computes the half-year set-based; this module writes the files:

* ``tilskudd_<fylke>_<år>_<halvår>_per_bedrift.zip`` — one CSV per company (the payment basis the company gets):
  a line per contract and month (kontrakt id and person id, never a name or fødselsnummer), then a sum line;
* ``tilskudd_<fylke>_<år>_<halvår>_forklaring.csv`` — one row per contract-month with the rule's explanation;
* ``tilskudd_<fylke>_<år>_<halvår>_utbetalingsliste.csv`` — one row per company with its sum.

The amounts in all three come from the stored lines, so the sum of a company's file equals the sum of its
explanation rows and its payment-list row. While explaining, every line is recomputed by the Python rule; a line
where the rule and the SQL disagree (it should never happen; the tests prove they agree) is counted and logged.
The code 5A113 is this system's own (VIGO's job codes for tilskudd are not public).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
import zipfile
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagopplaering.models import Tilskuddslinje
from fagopplaering.regler import tilskudd as regel
from fagopplaering.selectors.tilskudd import forklar_tall, grunnlag_for
from fagopplaering.services import tilskudd as tjeneste
from vigo.jobber import jobbtype

KODE = "5A113"
OMRADE = "Fagopplæring"
CSV = "text/csv; charset=utf-8"
BEDRIFTSKOLONNER = ["orgnr", "bedrift", "kontrakt_id", "person_id", "laerefag", "maned", "ordning", "dager",
                    "dager_i_maned", "sats", "belop"]  # fmt: skip
FORKLARINGSKOLONNER = [
    "orgnr",
    "bedrift",
    "kontrakt_id",
    "person_id",
    "maned",
    "ordning",
    "belop",
    "forklaring",
]


def forrige_halvar(idag: datetime.date) -> tuple[int, int]:
    """The half-year paid now: in January–June the second half of last year, else the first half of this year
    (tilskudd is paid half-yearly in arrears, January and July; docs/fagopplaering/domene.md §8)."""
    return (idag.year - 1, 2) if idag.month <= 6 else (idag.year, 1)


class HalvarSkjema(forms.Form):
    # A choice of years, not an IntegerField: the run page shows choices by their label («2026», not «2 026»).
    ar = forms.TypedChoiceField(
        label=_("År"), coerce=int, required=False, empty_value=None, choices=(),
        help_text=_("Tomt: halvåret som skal utbetales nå (i januar–juni forrige års 2. halvår, ellers 1. halvår)."),
    )  # fmt: skip
    halvar = forms.TypedChoiceField(
        label=_("Halvår"), coerce=int, required=False, empty_value=None,
        choices=[("", _("Halvåret som skal utbetales nå")), (1, _("1. halvår (januar–juni)")),
                 (2, _("2. halvår (juli–desember)"))],
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        idag = timezone.localdate()
        self.fields["ar"].choices = [("", _("Halvåret som skal utbetales nå"))] + [
            (a, str(a)) for a in range(idag.year + 1, 2009, -1)
        ]

    def clean(self):
        data = super().clean()
        ar, halvar = data.get("ar"), data.get("halvar")
        if ar is None and halvar is None:
            data["ar"], data["halvar"] = forrige_halvar(timezone.localdate())
        elif ar is None or halvar is None:
            raise forms.ValidationError(_("Oppgi både år og halvår, eller ingen av dem."))
        return data


def _periode(p: dict) -> tuple[datetime.date, datetime.date]:
    return regel.halvar(int(p["ar"]), int(p["halvar"]))


def _sjekk(fylke, p: dict) -> None:
    """Refuse at once (not as a failed run) when the rates are not set."""
    fra, til = _periode(p)
    tjeneste.sjekk_satser(tjeneste.les_satser(fylke.pk, fra, til))


def _tall(belop: Decimal) -> str:
    return f"{belop:.2f}".replace(".", ",")


def _filnavn(orgnr: str, navn: str) -> str:
    rent = re.sub(r"[^0-9A-Za-zÆØÅæøå]+", "_", navn).strip("_")[:60]
    return f"{orgnr}_{rent or 'bedrift'}.csv"


# One stored line as the files need it (plain values: the job explains every line, so no model instances).
_FELT = ("bedrift_id", "bedrift__orgnr", "bedrift__navn", "kontrakt_id", "kontrakt__person_id",
         "kontrakt__programomrade__navn", "maned", "ordning", "dager", "dager_i_maned", "sats", "belop")  # fmt: skip
_BATCH = 5000


class _Bedriftsfil:
    """The CSV of one company, built while the lines stream by (ordered by company)."""

    def __init__(self, bedrift_id: int, orgnr: str, navn: str) -> None:
        self.bedrift_id, self.orgnr, self.navn = bedrift_id, orgnr, navn
        self.buf = io.StringIO()
        self.w = csv.writer(self.buf, delimiter=";", lineterminator="\n")
        self.w.writerow(BEDRIFTSKOLONNER)
        self.sum = Decimal("0.00")
        self.kontrakter: set[int] = set()

    def rad(self, kontrakt_id, person_id, fag, maned, ordning, dager, dim, sats, belop) -> None:
        self.w.writerow([self.orgnr, self.navn, kontrakt_id, person_id, fag, f"{maned:%Y-%m}", ordning, dager, dim,
                         _tall(sats), _tall(belop)])  # fmt: skip
        self.sum += belop
        self.kontrakter.add(kontrakt_id)

    def avslutt(self) -> str:
        self.w.writerow([self.orgnr, self.navn, "SUM", "", "", "", "", "", "", "", _tall(self.sum)])
        return self.buf.getvalue()


def _i_bolker(rader, storrelse: int):
    bolk = []
    for rad in rader:
        bolk.append(rad)
        if len(bolk) >= storrelse:
            yield bolk
            bolk = []
    if bolk:
        yield bolk


def skriv_filer(beregning, *, fremdrift=None) -> dict:
    """The zip with one file per company, the explanation file and the payment list.

    Returns ``{"zip": file, "forklaring": file, "utbetalingsliste": str, "avvik": n, "bedrifter": {orgnr: sum},
    "forklart": {orgnr: sum}}``; the two sum maps are what the tests (and the run) compare."""
    rader = (
        Tilskuddslinje.objects.filter(beregning=beregning)
        .order_by("bedrift__navn", "bedrift_id", "kontrakt_id", "maned")
        .values_list(*_FELT)
        .iterator(chunk_size=_BATCH)
    )
    satser = tjeneste.satser_for(beregning.satser)  # read once for every line
    zipfil = tempfile.TemporaryFile()
    forklaring = tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="")
    fw = csv.writer(forklaring, delimiter=";", lineterminator="\n")
    fw.writerow(FORKLARINGSKOLONNER)
    liste = io.StringIO()
    lw = csv.writer(liste, delimiter=";", lineterminator="\n")
    lw.writerow(["orgnr", "bedrift", "kontrakter", "belop"])
    per_bedrift: dict[str, Decimal] = {}
    forklart: dict[str, Decimal] = {}
    avvik = ferdig = 0
    totalt = beregning.linjer.count()
    with zipfile.ZipFile(zipfil, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        fil: _Bedriftsfil | None = None

        def lukk(f: _Bedriftsfil) -> None:
            zf.writestr(_filnavn(f.orgnr, f.navn), f.avslutt().encode("utf-8"))
            per_bedrift[f.orgnr] = f.sum
            lw.writerow([f.orgnr, f.navn, len(f.kontrakter), _tall(f.sum)])

        for bolk in _i_bolker(rader, _BATCH):
            grunnlag = grunnlag_for(rad[3] for rad in bolk)
            for bedrift_id, orgnr, navn, kid, person_id, fag, maned, ordning, dager, dim, sats, belop in bolk:
                if fil is None or fil.bedrift_id != bedrift_id:
                    if fil is not None:
                        lukk(fil)
                    fil = _Bedriftsfil(bedrift_id, orgnr, navn)
                fil.rad(kid, person_id, fag, maned, ordning, dager, dim, sats, belop)
                tekst, ulik = forklar_tall(grunnlag[kid], satser, maned, ordning, dager, dim, belop)
                avvik += ulik
                fw.writerow(
                    [orgnr, navn, kid, person_id, f"{maned:%Y-%m}", ordning, _tall(belop), " ".join(tekst)]
                )
                forklart[orgnr] = forklart.get(orgnr, Decimal("0.00")) + belop
            ferdig += len(bolk)
            if fremdrift is not None:
                fremdrift(ferdig, totalt)
        if fil is not None:
            lukk(fil)
    lw.writerow(["SUM", "", beregning.antall_kontrakter, _tall(sum(per_bedrift.values(), Decimal("0.00")))])
    zipfil.seek(0)
    forklaring.seek(0)
    return {"zip": zipfil, "forklaring": forklaring, "utbetalingsliste": liste.getvalue(), "avvik": avvik,
            "bedrifter": per_bedrift, "forklart": forklart}  # fmt: skip


@jobbtype(
    KODE,
    "Lærlingtilskudd",
    tillatelse="fagopplaering.add_tilskuddsberegning",
    skjema=HalvarSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    forhandssjekk=_sjekk,
    resultat_tekst={
        "periode": _("Periode"),
        "kontrakter": _("Kontrakter med tilskudd"),
        "bedrifter": _("Bedrifter"),
        "linjer": _("Kontraktmåneder"),
        "sum": _("Sum tilskudd"),
        "avvik": _("Linjer der regelen og beregningen er uenige"),
        "beregning": (_("Beregning"), "url:fagopplaering:tilskudd_beregning"),
    },
    beskrivelse="Beregner lærlingtilskudd (basistilskudd I og II og tillegg for lærekandidat) per kontrakt og "
    "måned for et halvår, og lager én fil per lærebedrift, en forklaringsfil med én setning per kontraktmåned og "
    "en utbetalingsliste. En ny kjøring for samme halvår erstatter den forrige beregningen. Satsene er "
    "systemparametere i området Fagopplæring. Jobbkoden er denne løsningens egen.",
)
def lærlingtilskudd_jobb(ktx) -> dict:
    fra, til = _periode(ktx.parametere)
    navn = f"tilskudd_{ktx.fylke.nummer}_{int(ktx.parametere['ar'])}_{int(ktx.parametere['halvar'])}"
    ktx.fremdrift(0, None, f"Beregner tilskudd {regel.dato(fra)}–{regel.dato(til)}", tving=True)
    try:
        beregning = tjeneste.beregn(None, fylke_id=ktx.fylke.pk, fra=fra, til=til, kjoring=ktx.kjoring)
    except ValidationError as feil:
        ktx.logg(" ".join(feil.messages), "feil")
        raise
    ktx.logg(
        f"Beregnet {beregning.antall_kontrakter} kontrakter hos {beregning.antall_bedrifter} bedrifter: "
        f"{regel.kr(beregning.sum)}."
    )
    linjer = beregning.linjer.count()
    ktx.fremdrift(0, linjer, "Skriver filer", tving=True)
    filer = skriv_filer(beregning, fremdrift=lambda ferdig, totalt: ktx.fremdrift(ferdig, totalt))
    ktx.lagre_fil(f"{navn}_per_bedrift.zip", filer["zip"], "application/zip", personopplysninger=True)
    ktx.lagre_fil(
        f"{navn}_forklaring.csv", filer["forklaring"].read().encode("utf-8"), CSV, personopplysninger=True
    )
    ktx.lagre_fil(f"{navn}_utbetalingsliste.csv", filer["utbetalingsliste"], CSV, personopplysninger=False)
    filer["zip"].close()
    filer["forklaring"].close()
    if filer["bedrifter"] != filer["forklart"]:  # by construction equal; a guard against a future change
        ktx.logg("Summen i bedriftsfilene er ikke lik summen i forklaringsfilen.", "feil")
        raise RuntimeError("Bedriftsfilene og forklaringsfilen har ulik sum.")
    if filer["avvik"]:
        ktx.logg(
            f"{filer['avvik']} kontraktmåneder der regelen gir et annet beløp enn beregningen (kontrakten endret "
            "under kjøringen?). Kjør jobben på nytt.",
            "advarsel",
        )
    ktx.fremdrift(linjer, linjer, "Ferdig", tving=True)
    return {
        "periode": f"{regel.dato(fra)}–{regel.dato(til)}",
        "kontrakter": beregning.antall_kontrakter,
        "bedrifter": beregning.antall_bedrifter,
        "linjer": linjer,
        "sum": regel.kr(beregning.sum),
        "avvik": filer["avvik"],
        "beregning": beregning.pk,
    }
