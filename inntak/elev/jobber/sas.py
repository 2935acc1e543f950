"""Job 6A001 «Import fra SAS»: one school's SAS file into the student register (``services.sas_import``).

The parameters are JSON, so the file is uploaded first (``views.sas``: private storage, a random name) and the
job gets its storage name. A refused file ends the run as failed with the CSV error report as a run file and the
first errors in the log; nothing is written to the register (docs/sas.md §10).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigo.jobber import jobbtype

KODE = "6A001"
MAPPE = "sas_import"
FILSTI = re.compile(rf"^{MAPPE}/[0-9a-f]{{32}}\.txt$")
LOGGEDE_FEIL = 20


def lagring():
    """The private storage of uploads (never under a public URL), as the applicants' documents."""
    from inntak.models.dokument import privat_lagring

    return privat_lagring()


class Opplastingsskjema(forms.Form):
    """A job started from an upload page: the storage name of the uploaded file (technical, hidden, and only the
    shape the upload page gives: ``filsti``) and the name the user knows it by. Also the private-school import's
    (rapporter.innlesing)."""

    filsti = FILSTI
    fil = forms.CharField(widget=forms.HiddenInput, max_length=100)
    filnavn = forms.CharField(label=gettext_lazy("Filnavn"), max_length=255)

    def clean_fil(self) -> str:
        verdi = self.cleaned_data["fil"]
        if not self.filsti.match(verdi):
            raise ValidationError(_("Ugyldig filreferanse; last opp filen på nytt."))
        return verdi


class SasImportSkjema(Opplastingsskjema):
    pass


def opplastet_fil(ktx, filsti: re.Pattern, side: str):
    """The uploaded file a job was started with: (storage, storage name, the user's file name). Refused with a
    Norwegian message when the run has no user (``side``: the page it must be started from) or the file is gone."""
    if ktx.bruker is None:
        raise ValidationError(_("Importen må startes av en bruker (fra %(side)s).") % {"side": side})
    navn = ktx.parametere["fil"]
    if not filsti.match(navn):
        raise ValidationError(_("Ugyldig filreferanse; last opp filen på nytt."))
    lager = lagring()
    if not lager.exists(navn):
        raise ValidationError(_("Den opplastede filen finnes ikke lenger; last den opp på nytt."))
    return lager, navn, ktx.parametere.get("filnavn") or navn


def _resultat_tekst(r: dict[str, Any]):
    yield _("Fil"), r.get("filnavn", "")
    yield _("Status"), _("Importert") if r.get("status") == "importert" else _("Avvist (ingenting lagret)")
    yield _("Linjer"), r.get("linjer", 0)
    for nokkel, navn in (("personer", _("Personer")), ("elevkurs", _("Elevkurs")), ("elevfag", _("Elevfag")),
                         ("vitnemalsmerknader", _("Vitnemålsmerknader"))):  # fmt: skip
        a = r.get(nokkel)
        if isinstance(a, dict):
            tekst = _("%(ny)d nye, %(endret)d endret, %(uendret)d uendret") % {
                "ny": a.get("ny", 0), "endret": a.get("endret", 0), "uendret": a.get("uendret", 0)}  # fmt: skip
            if a.get("slettet"):
                tekst += ", " + _("%(n)d slettet") % {"n": a["slettet"]}
            yield navn, tekst
    yield _("Advarsler"), r.get("antall_advarsler", 0)


@jobbtype(
    KODE,
    "Import fra SAS",
    tillatelse="elev.add_elevforhold",
    skjema=SasImportSkjema,
    omrade="Elevdatabasen",
    personopplysninger=True,
    startside="elev:sas_import",
    resultat_tekst=_resultat_tekst,
    beskrivelse="Leser en SAS-fil (TOF, $EL, $EK, $KL, $VM) fra en skole, kontrollerer hver post og lagrer alt "
    "eller ingenting. Feil gir en feilrapport (CSV) på kjøringen.",
)
def importer_sas(ktx) -> dict[str, Any]:
    from inntak.elev.services.sas_import import importer_sas_fil

    lager, navn, filnavn = opplastet_fil(ktx, FILSTI, _("siden for SAS-import"))
    ktx.logg(_("Leser filen «%(f)s».") % {"f": filnavn})
    res = importer_sas_fil(ktx.bruker, lager.path(navn), fylke=ktx.fylke, filnavn=filnavn, kjoring=ktx.kjoring,
                           ktx=ktx)  # fmt: skip
    poster = ", ".join(f"{k} {v}" for k, v in res.antall.get("poster", {}).items())
    ktx.logg(_("Filen har %(n)d linjer (%(p)s).") % {"n": res.linjer, "p": poster})
    for a in res.advarsler[:LOGGEDE_FEIL]:
        ktx.logg(_("Advarsel: %(t)s") % {"t": a.tekst()}, "advarsel")
    if res.antall_advarsler > LOGGEDE_FEIL:
        ktx.logg(_("… og %(n)d advarsler til.") % {"n": res.antall_advarsler - LOGGEDE_FEIL}, "advarsel")
    lager.delete(navn)  # the register (or the report) now holds what matters; no copy of the file is kept
    if not res.ok:
        ktx.lagre_fil(f"feilrapport_sas_{ktx.kjoring.pk}.csv", res.rapport_csv(), "text/csv; charset=utf-8")
        for f in res.feil[:LOGGEDE_FEIL]:
            ktx.logg(_("Linje %(l)s, %(p)s, felt %(f)s (%(k)s): %(m)s")
                     % {"l": f["linje"], "p": f["post"] or "–", "f": f["felt"] or "–", "k": f["kode"],
                        "m": f["melding"]}, "feil")  # fmt: skip
        raise ValidationError(
            _("Filen ble avvist med %(n)d feil; ingenting er lagret. Se feilrapporten (CSV) under filer.")
            % {"n": res.antall_feil}
        )
    for linje in _resultat_tekst(res.som_resultat()):
        if linje[0] in (_("Personer"), _("Elevkurs"), _("Elevfag"), _("Vitnemålsmerknader")):
            ktx.logg(f"{linje[0]}: {linje[1]}")
    return res.som_resultat()
