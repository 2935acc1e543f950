"""Job 6I020 «Import av privatskoledata fra Udir» (``rapporter.innlesing.privatskole``).

As job 6A001, the file is uploaded first (``views.privatskole``: private storage, a random name) and the job gets its
storage name. A refused file ends the run as failed with the CSV error report as a run file; nothing is written to the
register (docs/leveranser/innlesing.md §2).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inntak.elev.jobber.sas import Opplastingsskjema, opplastet_fil
from vigo.jobber import jobbtype

KODE = "6I020"
MAPPE = "privatskole_import"
FILSTI = re.compile(rf"^{MAPPE}/[0-9a-f]{{32}}\.txt$")
LOGGEDE_FEIL = 20


def lagring():
    from inntak.elev.jobber.sas import lagring as sas_lagring

    return sas_lagring()


class PrivatskoleSkjema(Opplastingsskjema):
    filsti = FILSTI


def _resultat_tekst(r: dict[str, Any]):
    yield _("Fil"), r.get("filnavn", "")
    yield _("Kilde"), _("Udir (WIS)")
    yield _("Status"), _("Importert") if r.get("status") == "importert" else _("Avvist (ingenting lagret)")
    yield _("Linjer"), r.get("linjer", 0)
    yield _("Privatskoler i filen"), ", ".join(r.get("privatskoler", [])) or "–"
    for nokkel, navn in (("personer", _("Personer")), ("elevkurs", _("Elevkurs")), ("elevfag", _("Elevfag"))):
        a = r.get(nokkel)
        if isinstance(a, dict):
            yield navn, _("%(ny)d nye, %(endret)d endret, %(uendret)d uendret") % {
                "ny": a.get("ny", 0), "endret": a.get("endret", 0), "uendret": a.get("uendret", 0)}  # fmt: skip
    yield _("Feil"), r.get("antall_feil", 0)


@jobbtype(
    KODE,
    "Import av privatskoledata fra Udir",
    tillatelse="elev.add_elevforhold",
    skjema=PrivatskoleSkjema,
    omrade="Rapporter",
    personopplysninger=True,
    startside="rapporter:privatskoleimport",
    resultat_tekst=_resultat_tekst,
    beskrivelse="Leser privatskoledata fra Udir (WIS) i SAS-formatet og importerer dem med SAS-importen. Filen kan "
    "bare gjelde fylkets privatskoler: én linje for en offentlig skole avviser hele filen, og ingenting lagres.",
)
def importer_privatskoledata(ktx) -> dict[str, Any]:
    from rapporter.innlesing.privatskole import importer_privatskolefil

    lager, navn, filnavn = opplastet_fil(ktx, FILSTI, _("siden for privatskoledata"))
    ktx.logg(_("Leser privatskolefilen «%(f)s» fra Udir.") % {"f": filnavn})
    try:
        res = importer_privatskolefil(ktx.bruker, lager.path(navn), fylke=ktx.fylke, filnavn=filnavn,
                                      kjoring=ktx.kjoring, ktx=ktx)  # fmt: skip
    finally:
        lager.delete(navn)  # the register (or the report) holds what matters; no copy of the file is kept
    if not res.ok:
        ktx.lagre_fil(
            f"feilrapport_privatskole_{ktx.kjoring.pk}.csv", res.rapport_csv, "text/csv; charset=utf-8"
        )
        feil = res.feil if res.sas is None else res.sas.feil
        for f in feil[:LOGGEDE_FEIL]:
            ktx.logg(_("Linje %(l)s, %(p)s: %(m)s") % {"l": f["linje"], "p": f["post"] or "–", "m": f["melding"]},
                     "feil")  # fmt: skip
        raise ValidationError(
            _("Filen ble avvist med %(n)d feil; ingenting er lagret. Se feilrapporten (CSV) under filer.")
            % {"n": res.antall_feil}
        )
    resultat = {"filnavn": filnavn, "status": "importert", "linjer": res.linjer, "privatskoler": res.skoler,
                "antall_feil": 0, "privatskoleimport": res.import_id}  # fmt: skip
    resultat.update(
        {k: v for k, v in res.sas.som_resultat().items() if k in ("personer", "elevkurs", "elevfag")}
    )
    return resultat
