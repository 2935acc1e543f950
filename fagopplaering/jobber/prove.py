"""The prøve jobs (docs/fagopplaering/prove.md, docs/fagopplaering/nvb.md). The codes are this system's own; VIGO's
are not public.

* 5A114 «Honorar til prøvenemnder»: the payment list per member and role for a period (CSV);
* 5A115 «Eksport til NVB»: vitnemål, kompetansebevis and annulments not yet sent, controlled, as one NVB file;
* 5A116 «Masseutskrift av dokumenter»: the county's documents issued in a period as one merged PDF and a ZIP with
  one file per candidate (for the ceremony, or to send by post).
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fagopplaering.models import Fagdokument
from fagopplaering.regler import dokument as dokregel
from fagopplaering.services import nvb as nvbtjeneste
from fagopplaering.services.provenemnd import honorarlinjer
from vigo.jobber import jobbtype
from vigo.revisjon import logg_innsyn

OMRADE = "Fagopplæring"
CSV = "text/csv; charset=utf-8"


class PeriodeSkjema(forms.Form):
    fra = forms.DateField(label=_("Fra og med"), widget=forms.DateInput(attrs={"type": "date"}))
    til = forms.DateField(label=_("Til og med"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
            raise ValidationError(_("Til-datoen kan ikke være før fra-datoen."))
        return data


def _dato(v) -> datetime.date:
    return v if isinstance(v, datetime.date) else datetime.date.fromisoformat(str(v))


@jobbtype(
    "5A114", "Honorar til prøvenemnder", tillatelse="fagopplaering.change_provenemnd", skjema=PeriodeSkjema,
    omrade=OMRADE, personopplysninger=True,
    beskrivelse=("Utbetalingsliste (CSV) med honorar per nemndmedlem og rolle for prøver med resultat i perioden: "
                 "antall kandidater ganger fylkets sats for rollen (systemparametere «Honorar til …»)."),
    resultat_tekst={"linjer": _("Linjer"), "sum": _("Sum (kr)"), "fra": _("Fra"), "til": _("Til")},
)  # fmt: skip
def honorar(ktx) -> dict:
    fra, til = _dato(ktx.parametere["fra"]), _dato(ktx.parametere["til"])
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["nemnd", "rolle", "etternavn", "fornavn", "kontonummer", "kandidater", "sats", "belop"])
    antall, total = 0, 0
    for r in honorarlinjer(ktx.fylke, fra, til):
        w.writerow([r["nemnd"], r["rolle"], r["etternavn"], r["fornavn"], r["kontonummer"], r["kandidater"],
                    f"{r['sats']:.2f}".replace(".", ","), f"{r['belop']:.2f}".replace(".", ",")])  # fmt: skip
        antall += 1
        total += r["belop"]
    ktx.lagre_fil(f"honorar_provenemnder_{ktx.fylke.nummer}_{fra:%Y%m%d}_{til:%Y%m%d}.csv",
                  ("\ufeff" + buf.getvalue()).encode("utf-8"), CSV)  # fmt: skip
    logg_innsyn("eksport", "Kjøring 5A114 (honorar til prøvenemnder)", bruker=ktx.bruker, antall=antall,
                fylke=ktx.fylke)  # fmt: skip
    ktx.logg(f"{antall} linjer, sum {total} kr.")
    return {"linjer": antall, "sum": f"{total:.2f}", "fra": fra.isoformat(), "til": til.isoformat()}


@jobbtype(
    "5A115", "Eksport til NVB", tillatelse="fagopplaering.change_fagdokument", omrade=OMRADE,
    personopplysninger=True,
    beskrivelse=("Vitnemål og kompetansebevis som ikke er sendt, og annulleringer av sendte dokumenter, som én fil i "
                 "NVB-formatet. Kontrollmotoren kjøres først: dokumenter med FEIL holdes tilbake og vises i "
                 "kontrollrapporten; resten sendes."),
    resultat_tekst={"dokumenter": _("Dokumenter sendt"), "annulleringer": _("Annulleringer sendt"),
                    "stoppet": _("Stoppet av kontrollen"), "fil": _("Fil"), "sjekksum": _("Sjekksum (SHA-256)")},
)  # fmt: skip
def nvb_eksport(ktx) -> dict:
    ktx.fremdrift(0, 2, "Kontrollerer dokumentene", tving=True)
    res = nvbtjeneste.eksporter(ktx.fylke, bruker=ktx.bruker, kjoring=ktx.kjoring)
    if res.innhold:
        ktx.lagre_fil(res.filnavn, res.innhold, "text/plain; charset=utf-8")
        logg_innsyn("eksport", "Kjøring 5A115 (eksport til NVB)", bruker=ktx.bruker,
                    antall=res.dokumenter + res.annulleringer, fylke=ktx.fylke)  # fmt: skip
    for nr in res.avvist:
        feil = [m for m in res.meldinger if m.vgdoknr == nr and m.alvor == "FEIL"]
        ktx.logg(f"{nr} stoppet: " + "; ".join(f"{m.kode} {m.tekst}" for m in feil[:3]), "advarsel")
    ktx.fremdrift(2, 2, "Ferdig", tving=True)
    return {"dokumenter": res.dokumenter, "annulleringer": res.annulleringer, "stoppet": len(res.avvist),
            "fil": res.filnavn, "sjekksum": res.sjekksum}  # fmt: skip


class UtskriftSkjema(PeriodeSkjema):
    dokumenttype = forms.ChoiceField(label=_("Dokumenttype"), required=False,
                                     choices=[("", _("Alle"))] + sorted(dokregel.DOKUMENTNAVN.items()))  # fmt: skip


@jobbtype(
    "5A116", "Masseutskrift av dokumenter", tillatelse="fagopplaering.change_fagdokument", skjema=UtskriftSkjema,
    omrade=OMRADE, personopplysninger=True,
    beskrivelse=("Alle utstedte dokumenter i perioden (valgfritt én dokumenttype) som én samlet PDF for utskrift, og "
                 "en ZIP med én PDF per kandidat."),
    resultat_tekst={"dokumenter": _("Dokumenter"), "kandidater": _("Kandidater")},
)  # fmt: skip
def masseutskrift(ktx) -> dict:
    from pypdf import PdfWriter

    fra, til = _dato(ktx.parametere["fra"]), _dato(ktx.parametere["til"])
    qs = (Fagdokument.objects.filter(fylke=ktx.fylke, status=Fagdokument.Status.UTSTEDT, utstedt_dato__gte=fra,
                                     utstedt_dato__lte=til).exclude(fil="")
          .select_related("person").order_by("person__etternavn", "person__fornavn", "person_id", "pk"))  # fmt: skip
    if ktx.parametere.get("dokumenttype"):
        qs = qs.filter(dokumenttype=ktx.parametere["dokumenttype"])
    totalt = qs.count()
    samlet = PdfWriter()
    per_person: dict[int, PdfWriter] = {}
    navn: dict[int, str] = {}
    for i, dok in enumerate(qs.iterator(chunk_size=200)):
        with dok.fil.open("rb") as fh:
            data = fh.read()
        samlet.append(io.BytesIO(data))
        per_person.setdefault(dok.person_id, PdfWriter()).append(io.BytesIO(data))
        navn[dok.person_id] = f"{dok.person.etternavn}_{dok.person.fornavn}".replace(" ", "_")
        if i % 50 == 0:
            ktx.fremdrift(i, totalt, "Slår sammen dokumentene")
    ut = io.BytesIO()
    samlet.write(ut)
    ktx.lagre_fil(
        f"dokumenter_{ktx.fylke.nummer}_{fra:%Y%m%d}_{til:%Y%m%d}.pdf", ut.getvalue(), "application/pdf"
    )
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for pid, w in per_person.items():
                b = io.BytesIO()
                w.write(b)
                z.writestr(f"{navn[pid]}_{pid}.pdf", b.getvalue())
        tmp.seek(0)
        ktx.lagre_fil(f"dokumenter_per_kandidat_{ktx.fylke.nummer}_{fra:%Y%m%d}_{til:%Y%m%d}.zip", tmp,
                      "application/zip")  # fmt: skip
    logg_innsyn("eksport", "Kjøring 5A116 (masseutskrift av dokumenter)", bruker=ktx.bruker, antall=totalt,
                fylke=ktx.fylke)  # fmt: skip
    ktx.fremdrift(totalt, totalt, "Ferdig", tving=True)
    return {"dokumenter": totalt, "kandidater": len(per_person)}
