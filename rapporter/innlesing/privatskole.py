"""Private-school data from Udir (WIS) into the student register: job 6I020 (docs/leveranser/innlesing.md §2).

The file has the SAS line format (docs/sas.md), so the SAS import (``inntak.elev.services.sas_import``) does the
reading, the checks and the writing, unchanged. What differs is checked here first, over the whole file: every school
the file names (TOF field 6, field 4 of ``$EK``/``$KL``/``$VM``) must be one of the county's private schools. One
line for a public school refuses the whole file before the SAS import is called, each such line named; nothing is
written to the register. Either way a ``Privatskoleimport`` row records the file and its source (Udir).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from inntak.elev.sas.format import SKILLETEGN
from kodeverk.models import Skole
from rapporter.models_innlesing import Privatskoleimport
from vigo.scoping import krev_fylke

logger = logging.getLogger(__name__)

TILLATELSE = "elev.add_elevforhold"
# Where the school number stands (0-based after splitting on SKILLETEGN): TOF field 6, the others field 4.
SKOLEFELT = {"TOF": 5, "$EK": 3, "$KL": 3, "$VM": 3}
MAKS_FEIL = 1_000


def er_privat(skole_q: str = "") -> Q:
    """A private school: flagged ``privat`` or owned privately (either field is what the code list keeps)."""
    return Q(**{f"{skole_q}privat": True}) | Q(**{f"{skole_q}skoleeiertype": Skole.Eiertype.PRIVAT})


@dataclass
class Privatresultat:
    ok: bool
    filnavn: str
    sha256: str = ""
    linjer: int = 0
    feil: list[dict[str, Any]] = field(default_factory=list)  # linje, post, skolenr, melding
    antall_feil: int = 0
    skoler: list[str] = field(default_factory=list)  # private school numbers the file touches
    sas: Any = None  # the SAS import's Resultat, when it ran
    import_id: int | None = None

    @property
    def rapport_csv(self) -> bytes:
        """The error report (CSV ';', UTF-8 with BOM): our refusals, or the SAS import's report."""
        if self.sas is not None and not self.sas.ok:
            return self.sas.rapport_csv()
        ut = io.StringIO()
        w = csv.writer(ut, delimiter=";", lineterminator="\r\n")
        w.writerow([_("Linje"), _("Posttype"), _("Felt"), _("Verdi"), _("Kode"), _("Melding")])
        for f in self.feil:
            w.writerow([f["linje"], f["post"], "skolenr", f["skolenr"], "ikke_privatskole", f["melding"]])
        if self.antall_feil > len(self.feil):
            w.writerow(["", "", "", "", "", _("… og %(n)d feil til (ikke listet).")
                        % {"n": self.antall_feil - len(self.feil)}])  # fmt: skip
        return ("\ufeff" + ut.getvalue()).encode("utf-8")


def _linjer(binaer: IO[bytes]):
    """(line number, posttype, school number, raw bytes) for each line that names a school (streamed)."""
    for nr, raa in enumerate(binaer, start=1):
        tekst = raa.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
        post = tekst[:3]
        i = SKOLEFELT.get(post)
        if i is None:
            yield nr, "", "", raa
            continue
        deler = tekst.split(SKILLETEGN)
        yield nr, post, deler[i].strip() if i < len(deler) else "", raa


def _skolenumre(binaer: IO[bytes]) -> tuple[set[str], str, int]:
    """Pass 1: the school numbers the file names, its SHA-256 and its line count. Memory: one number per school."""
    sha = hashlib.sha256()
    skoler: set[str] = set()
    antall = 0
    for _nr, _post, skolenr, raa in _linjer(binaer):
        antall += 1
        sha.update(raa)
        if skolenr:
            skoler.add(skolenr)
    return skoler, sha.hexdigest(), antall


def _apne(fil):
    if isinstance(fil, str | os.PathLike):
        return Path(fil).open("rb")
    fil.seek(0)
    return _UtenLukking(fil)


class _UtenLukking:
    def __init__(self, fil):
        self.fil = fil

    def __enter__(self):
        return self.fil

    def __exit__(self, *exc):
        return False


def importer_privatskolefil(bruker, fil, *, fylke, filnavn: str, kjoring=None, ktx=None) -> Privatresultat:
    """Import a private-school file from Udir for ``fylke`` (a path or a binary file object).

    County users only (the file covers several schools; a school user is refused). Lines for the county's public
    schools refuse the whole file (``ikke_privatskole``, one error per line, nothing written to the register);
    otherwise the SAS import runs as is and its result is returned in ``sas``.
    """
    if bruker is None or not bruker.has_perm(TILLATELSE):
        raise PermissionDenied(_("Du har ikke tilgang til å importere privatskoledata."))
    if getattr(bruker, "er_skolebruker", False) or bruker.skole_id:
        raise PermissionDenied(_("Privatskoledata fra Udir importeres av fylket, ikke av en skole."))
    krev_fylke(bruker, fylke.pk)

    with _apne(fil) as binaer:
        numre, sha, antall_linjer = _skolenumre(binaer)
    i_fylket = Skole.objects.filter(skolenummer__in=list(numre), fylke=fylke)
    private = set(i_fylket.filter(er_privat()).values_list("skolenummer", flat=True))
    offentlige = dict(i_fylket.exclude(skolenummer__in=private).values_list("skolenummer", "navn"))
    res = Privatresultat(ok=True, filnavn=filnavn, sha256=sha, linjer=antall_linjer, skoler=sorted(private))
    if offentlige:  # pass 2, only for a file to refuse: the lines that name a public school
        with _apne(fil) as binaer:
            for linje, post, skolenr, _raa in _linjer(binaer):
                if skolenr not in offentlige:
                    continue
                res.antall_feil += 1
                if len(res.feil) < MAKS_FEIL:
                    res.feil.append({"linje": linje, "post": post, "skolenr": skolenr, "melding": _(
                        "Skole %(nr)s %(navn)s er ikke en privatskole; privatskoledata fra Udir kan bare gjelde "
                        "privatskoler. Linjen og filen er avvist.") % {"nr": skolenr, "navn": offentlige[skolenr]}})  # fmt: skip
    antall = {"linjer": antall_linjer, "privatskoler": res.skoler, "offentlige_linjer": res.antall_feil}

    if res.antall_feil:
        res.ok = False
        res.import_id = _logg(res, bruker, fylke, kjoring, antall, None)
        logger.info("Privatskolefil avvist: %d linjer for offentlige skoler", res.antall_feil,
                    extra={"privatskoleimport_id": res.import_id})  # fmt: skip
        return res

    from inntak.elev.services.sas_import import importer_sas_fil

    with transaction.atomic():
        with _apne(fil) as binaer:
            sas = importer_sas_fil(bruker, binaer, fylke=fylke, filnavn=filnavn, kjoring=kjoring, ktx=ktx)
        res.sas = sas
        res.ok = sas.ok
        res.antall_feil = sas.antall_feil
        antall.update(
            {k: v for k, v in sas.som_resultat().items() if k not in ("filnavn", "status", "elevimport")}
        )
        res.import_id = _logg(res, bruker, fylke, kjoring, antall, sas.elevimport_id)
    logger.info("Privatskolefil %s", "importert" if res.ok else "avvist av SAS-kontrollen",
                extra={"privatskoleimport_id": res.import_id})  # fmt: skip
    return res


def _logg(res: Privatresultat, bruker, fylke, kjoring, antall: dict, elevimport_id) -> int:
    rad = Privatskoleimport.objects.create(
        fylke=fylke, kjoring=kjoring, elevimport_id=elevimport_id, filnavn=res.filnavn[:255], sha256=res.sha256,
        status=Privatskoleimport.Status.IMPORTERT if res.ok else Privatskoleimport.Status.AVVIST, antall=antall,
        importert_av=bruker,
    )  # fmt: skip
    return rad.pk
