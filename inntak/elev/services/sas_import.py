"""Import of a school's SAS file into the student register (job 6A001, docs/sas.md §10).

Two passes over one file, all or nothing:

1. **Read and check** (``_Kontroll``): the streaming reader (``inntak.elev.sas.les``) checks format and structure;
   every record it passes is checked against the database here (school in the county and, for a school user,
   the user's own; skoleår, programområde, fag, fagstatus, kommune, skole 2 / skoleår 2) with the checks the REST
   upserts share (``sas_kontroll``). The checked records are spooled to temporary files in COPY format, so memory
   holds one pupil at a time, whatever the file's size. Every error is kept (line, posttype, field, value, code,
   Norwegian message), up to the reader's limit; the total is always counted.
2. **Write** (only when pass 1 found no error; ``sas_import_sql``): one transaction, COPY into temporary tables,
   set-based upserts that touch only rows that differ, history rows for what changed. The same file again changes
   nothing.

Either way an ``Elevimport`` row records the file (name, SHA-256, counts, status). A refused file leaves nothing
else behind; the caller (the job) stores the CSV error report from ``Resultat.rapport_csv()``.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inntak.elev.models import Elevimport
from inntak.elev.regler.fodselsnummer import klassifiser
from inntak.elev.sas import Elev, Elevkurs, Feil, Kompetansebevislinje, Leser, Tof, Vitnemalsmerknad
from inntak.elev.sas.format import POSTTYPER, SKILLETEGN
from inntak.elev.services import sas_import_sql as sql
from inntak.elev.services.sas_kontroll import Kodeverk, avbrudd_for_start, sas_skolear
from vigo.fodselsnummer import fodselsdato_fra_nummer
from vigo.scoping import krev_fylke

logger = logging.getLogger(__name__)

TILLATELSE = "elev.add_elevforhold"
FREMDRIFT_HVER = 5_000  # lines between progress reports
MAKS_FEIL = 1_000  # errors listed in the report (all are counted)
STANDARD_FAGSTATUS = "E"  # a new fag line with blank fagstatus (docs/sas.md §10)
_FNR_FELT = "fodselsnr"


@dataclass
class Resultat:
    """What an import did. ``ok`` false: nothing was written except the ``Elevimport`` row (status avvist)."""

    ok: bool
    filnavn: str
    sha256: str
    linjer: int = 0
    antall: dict[str, Any] = field(default_factory=dict)
    feil: list[dict[str, Any]] = field(default_factory=list)  # linje, post, felt, verdi, kode, melding
    antall_feil: int = 0
    advarsler: list[Feil] = field(default_factory=list)
    antall_advarsler: int = 0
    elevimport_id: int | None = None
    skole_id: int | None = None
    avbrudd_kaskade: int | None = None
    tider: dict[str, float] = field(default_factory=dict)  # seconds per step (bench and job log)

    def rapport_csv(self) -> bytes:
        """The error report: semicolon-separated, UTF-8 with BOM so Excel opens it with æøå intact."""
        ut = io.StringIO()
        w = csv.writer(ut, delimiter=";", lineterminator="\r\n")
        w.writerow([_("Linje"), _("Posttype"), _("Felt"), _("Verdi"), _("Kode"), _("Melding")])
        for f in self.feil:
            w.writerow([f["linje"], f["post"], f["felt"], f["verdi"], f["kode"], f["melding"]])
        if self.antall_feil > len(self.feil):
            w.writerow(["", "", "", "", "", _("… og %(n)d feil til (ikke listet).")
                        % {"n": self.antall_feil - len(self.feil)}])  # fmt: skip
        for a in self.advarsler:
            w.writerow([a.linje, a.post, a.felt, "", a.kode, _("Advarsel: %(m)s") % {"m": a.melding}])
        return ("\ufeff" + ut.getvalue()).encode("utf-8")

    def som_resultat(self) -> dict[str, Any]:
        """The job's result dict (JSON)."""
        return {
            "filnavn": self.filnavn,
            "status": "importert" if self.ok else "avvist",
            "linjer": self.linjer,
            "antall_feil": self.antall_feil,
            "antall_advarsler": self.antall_advarsler,
            **{k: v for k, v in self.antall.items() if k not in ("linjer",)},
            "elevimport": self.elevimport_id,
        }


# --- Reading -------------------------------------------------------------------------------------------------
class _Fil:
    """The file as text lines, hashed (SHA-256) and counted in bytes while read; bad UTF-8 is a line error."""

    def __init__(self, binaer: IO[bytes]):
        self.binaer = binaer
        self.hash = hashlib.sha256()
        self.lest = 0
        self.ugyldig: list[int] = []

    def linjer(self) -> Iterator[str]:
        for nr, raa in enumerate(self.binaer, start=1):
            self.hash.update(raa)
            self.lest += len(raa)
            try:
                yield raa.decode("utf-8")
            except UnicodeDecodeError:
                self.ugyldig.append(nr)
                yield raa.decode("utf-8", errors="replace")


def _navn(navn: str | None) -> tuple[str, str, str]:
    """«Etternavn Fornavn Mellomnavn» (IST) → (etternavn, fornavn, mellomnavn)."""
    deler = (navn or "").split()
    return (deler[0] if deler else "", deler[1] if len(deler) > 1 else "", " ".join(deler[2:]))


def _fodselsdato(fnr: str) -> datetime.date | None:
    k = klassifiser(fnr)
    if k.fodselsdato is not None:
        return k.fodselsdato
    try:
        return fodselsdato_fra_nummer(fnr)  # Test Norge synthetic numbers
    except ValueError:
        return None


class _Kontroll:
    """Pass 1: the reader's checks plus the database checks, and the checked records spooled for COPY."""

    def __init__(self, bruker, fylke, kodeverk: Kodeverk, ut: dict[str, IO[str]]):
        self.fylke = fylke
        self.bruker_skole_id = bruker.skole_id
        self.kv = kodeverk
        self.ut = ut
        self.feil: list[Feil] = []
        self.ek_nr = 0
        self.ek: dict[
            tuple, int
        ] = {}  # (fnr, skoleår, skolenr, programområde) → ek_nr, for the current pupil
        self.ek_ok = False  # the current $EK passed the database checks
        self.ek_skole: tuple[int, int] = (0, 0)  # (skole_id, skolear_id) of the current $EK
        self.fag: set[tuple] = set()  # (skole_id, skolear_id, fag_id) for the current pupil
        self.skoler: set[int] = set()
        self.standard_start: dict[int, datetime.date] = {}

    def _feil(self, post, felt: str, kode: str, melding: str) -> None:
        self.feil.append(Feil(post.linje, _POST[type(post)], felt, kode, melding))

    def _sjekk(self, post, felt: str, svar: tuple[Any, Any]) -> Any:
        verdi, funn = svar
        if funn is not None:
            self._feil(post, felt, *funn)
        return verdi

    def post(self, post) -> None:
        t = type(post)
        if t is Elev:
            self._el(post)
        elif t is Elevkurs:
            self._ek(post)
        elif t is Kompetansebevislinje:
            self._kl(post)
        elif t is Vitnemalsmerknad:
            self._vm(post)
        elif t is Tof and post.skolenr:
            skole = self._sjekk(post, "skolenr", self.kv.skole(post.skolenr, fylke_id=self.fylke.pk,
                                                               bruker_skole_id=self.bruker_skole_id))  # fmt: skip
            if skole:
                self.skoler.add(skole)

    def _el(self, p) -> None:
        self.ek.clear()
        self.fag.clear()
        kommune = self._sjekk(p, "kommunenr", self.kv.kommune(p.kommunenr)) if p.kommunenr else None
        etternavn, fornavn, mellomnavn = _navn(p.navn)
        fodt = _fodselsdato(p.fodselsnr)
        if fodt is None:
            self._feil(
                p, "fodselsnr", "ugyldig_fnr", _("Fødselsnummeret inneholder ikke en gyldig fødselsdato.")
            )
        poststed = self.kv.postnumre.get(p.postnr or "", "")
        self.ut["el"].write(sql.copy_linje([p.fodselsnr, etternavn, fornavn, mellomnavn, p.gateadresse or "",
                                            p.postnr or "", poststed, kommune, fodt]))  # fmt: skip

    def _nokkel(self, p) -> tuple[int | None, int | None, int | None]:
        skole = self._sjekk(p, "skolenr", self.kv.skole(p.skolenr, fylke_id=self.fylke.pk,
                                                        bruker_skole_id=self.bruker_skole_id))  # fmt: skip
        skolear = self._sjekk(p, "skolear", self.kv.skolear_kode(sas_skolear(p.skolear)))
        programomrade = self._sjekk(p, "programomrade", self.kv.programomrade(p.programomrade))
        return skole, skolear, programomrade

    def _ek(self, p) -> None:
        skole, skolear, programomrade = self._nokkel(p)
        funn = avbrudd_for_start(p.startdato, p.avbruddsdato)
        if funn:
            self._feil(p, "avbruddsdato", *funn)
        self.ek_ok = None not in (skole, skolear, programomrade)
        if not self.ek_ok:
            return
        self.skoler.add(skole)
        self.ek_skole = (skole, skolear)
        self.ek_nr += 1
        self.ek[(p.fodselsnr, p.skolear, p.skolenr, p.programomrade)] = self.ek_nr
        voksen = p.voksen is True
        self.ut["ek"].write(sql.copy_linje([
            self.ek_nr, p.fodselsnr, skole, skolear, programomrade, p.klasse or "", p.startdato, p.avbruddsdato,
            p.avbruddsarsak or "", p.deltid, p.bevistype or "", p.fullfortkode or "", p.fravaer_dager,
            p.fravaer_timer, p.ordenskarakter or "", p.oppforselskarakter or "",
            (p.rettstype or "") if voksen else "", p.voksen, p.malform or "", p.fravaer_dager_totalt,
            p.saerskilt_sprak, p.fravaer_timer_totalt, p.rett_pabygging if voksen else None,
            self._standard_start(skolear),
        ]))  # fmt: skip

    def _standard_start(self, skolear_id: int) -> datetime.date:
        if skolear_id not in self.standard_start:
            from kodeverk.models import Skolear

            self.standard_start[skolear_id] = Skolear.objects.get(pk=skolear_id).startdato
        return self.standard_start[skolear_id]

    def _ek_nr(self, p) -> int | None:
        """The elevkurs a $KL/$VM line belongs to (the reader has checked that it stands under it)."""
        return self.ek.get((p.fodselsnr, p.skolear, p.skolenr, p.programomrade)) if self.ek_ok else None

    def _kl(self, p) -> None:
        fag = self._sjekk(p, "fagkode", self.kv.fag_kode(p.fagkode))
        fagstatus = self._sjekk(p, "fagstatus", self.kv.fagstatus_kode(p.fagstatus)) if p.fagstatus else None
        skole2 = self._sjekk(p, "skolenr2", self.kv.skole2(p.skolenr2)) if p.skolenr2 else None
        skolear2 = (self._sjekk(p, "skolear2", self.kv.skolear_kode(sas_skolear(p.skolear2)))
                    if p.skolear2 else None)  # fmt: skip
        ek_nr = self._ek_nr(p)
        if fag is None or ek_nr is None:
            return
        fag_id, elevtimer_grunnlag = fag
        nokkel = (*self.ek_skole, fag_id)
        if nokkel in self.fag:
            # Elevfag is unique per person, skole, skoleår and fag (across programområder).
            self._feil(p, "fagkode", "dobbel_fag", _("Eleven har allerede dette faget ved skolen i skoleåret "
                                                       "(under et annet elevkurs i filen)."))  # fmt: skip
            return
        self.fag.add(nokkel)
        self.ut["kl"].write(sql.copy_linje([
            ek_nr, fag_id, fagstatus, p.karakter_t1 or "", p.karakter_t2 or "", p.karakter_standpunkt or "",
            p.karakter_skriftlig or "", p.karakter_muntlig or "", p.karakter_annen or "", p.eksamensform or "",
            skole2, skolear2, p.startdato, p.avbruddsdato, p.elevtimer, elevtimer_grunnlag, p.termin or "",
            p.fagmerknad or "", p.fagmerknad_parameter or "", p.karakterstatus or "", p.realkompetanse_dato,
        ]))  # fmt: skip

    def _vm(self, p) -> None:
        ek_nr = self._ek_nr(p)
        if ek_nr is not None:
            self.ut["vm"].write(sql.copy_linje([ek_nr, p.merknad, p.parameter1 or "", p.parameter2 or ""]))


_POST = {pt.klasse: kode for kode, pt in POSTTYPER.items()}


def _verdier(apne, linjenumre: set[int]) -> dict[int, list[str]]:
    """The raw fields of the error lines (for the «Verdi» column of the report), read again from the file."""
    ut: dict[int, list[str]] = {}
    if not linjenumre:
        return ut
    with apne() as binaer:
        for nr, raa in enumerate(binaer, start=1):
            if nr in linjenumre:
                ut[nr] = (
                    raa.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n").split(SKILLETEGN)
                )
            if nr >= max(linjenumre):
                break
    return ut


def _verdi(deler: list[str] | None, post: str, felt: str) -> str:
    if not deler or post not in POSTTYPER or not felt:
        return ""
    for i, f in enumerate(POSTTYPER[post].felter, start=1):
        if f.navn == felt:
            verdi = deler[i].strip() if i < len(deler) else ""
            # The report is a job file with personal data, but a fødselsnummer still need not be spelt out:
            # the line number finds it.
            return verdi[:6] + "*****" if f.navn == _FNR_FELT and len(verdi) == 11 else verdi[:60]
    return ""


# --- The service ---------------------------------------------------------------------------------------------
def importer_sas_fil(bruker, fil, *, fylke, filnavn: str, kjoring=None, ktx=None) -> Resultat:
    """Import one SAS file (a path, or a binary file object opened for reading) for ``fylke``.

    Raises ``PermissionDenied`` when the user may not import (``elev.add_elevforhold``, the county); a school
    user may only import lines for the own school (each other school is an error in the file). Returns the
    ``Resultat``; ``ok`` false means nothing but the ``Elevimport`` row (status avvist) was written.
    """
    if not bruker.has_perm(TILLATELSE):
        raise PermissionDenied(_("Du har ikke tilgang til å importere SAS-filer."))
    krev_fylke(bruker, fylke.pk)

    if isinstance(fil, str | os.PathLike):
        sti = Path(fil)

        def apne():
            return sti.open("rb")

        storrelse = sti.stat().st_size
    else:
        posisjon = fil.tell()

        def apne():
            fil.seek(posisjon)
            return _Uten_lukking(fil)

        storrelse = None

    start = time.perf_counter()
    kodeverk = Kodeverk.les()
    leser = Leser(fylke=fylke.nummer, tillat_syntetiske=getattr(settings, "TILLAT_SYNTETISKE_FNR", False))
    with tempfile.TemporaryDirectory(prefix="sas_import_") as mappe:
        ut = {n: open(Path(mappe) / f"{n}.tsv", "w+", encoding="utf-8", newline="") for n in sql.TABELLER}
        try:
            kontroll = _Kontroll(bruker, fylke, kodeverk, ut)
            with apne() as binaer:
                lesefil = _Fil(binaer)
                for post in leser.poster(lesefil.linjer()):
                    kontroll.post(post)
                    if ktx is not None and post.linje % FREMDRIFT_HVER == 0:
                        ktx.fremdrift(lesefil.lest, storrelse, _("Leser og kontrollerer linje %(n)d")
                                      % {"n": post.linje})  # fmt: skip
            lesing = leser.resultat()
            resultat = _samle(lesing, kontroll, lesefil, filnavn, apne)
            resultat.tider["lesing"] = round(time.perf_counter() - start, 2)
            skole_id = next(iter(kontroll.skoler)) if len(kontroll.skoler) == 1 else None
            resultat.skole_id = skole_id
            if resultat.ok:
                if ktx is not None:
                    ktx.fremdrift(0, None, _("Skriver til elevregisteret"), tving=True)
                _skriv(resultat, bruker, fylke, ut, kjoring)
        finally:
            for f in ut.values():
                f.close()
    if not resultat.ok:
        resultat.elevimport_id = _elevimport(resultat, bruker, fylke, kjoring, Elevimport.Status.AVVIST)
        logger.info(
            "SAS-fil avvist: %d feil", resultat.antall_feil, extra={"elevimport_id": resultat.elevimport_id}
        )
        return resultat
    t = time.perf_counter()
    resultat.avbrudd_kaskade = _kaskade(resultat)
    resultat.tider["avbrudd"] = round(time.perf_counter() - t, 2)
    return resultat


class _Uten_lukking:  # noqa: N801 - a tiny context manager that leaves the caller's file open
    def __init__(self, fil):
        self.fil = fil

    def __enter__(self):
        return self.fil

    def __exit__(self, *exc):
        return False


def _samle(lesing, kontroll: _Kontroll, lesefil: _Fil, filnavn: str, apne) -> Resultat:
    feil = list(lesing.feil) + kontroll.feil
    for nr in lesefil.ugyldig:
        feil.append(Feil(nr, "", "", "ugyldig_tegnsett", _("Linjen er ikke gyldig UTF-8.")))
    antall_feil = lesing.antall_feil + len(kontroll.feil) + len(lesefil.ugyldig)
    feil.sort(key=lambda f: (f.linje, f.post, f.felt))
    feil = feil[:MAKS_FEIL]
    raa = _verdier(apne, {f.linje for f in feil if f.linje}) if feil else {}
    return Resultat(
        ok=antall_feil == 0,
        filnavn=filnavn,
        sha256=lesefil.hash.hexdigest(),
        linjer=lesing.linjer,
        antall={"linjer": lesing.linjer, "poster": dict(lesing.antall)},
        feil=[
            {
                "linje": f.linje,
                "post": f.post,
                "felt": f.felt,
                "verdi": _verdi(raa.get(f.linje), f.post, f.felt),
                "kode": f.kode,
                "melding": f.melding,
            }
            for f in feil
        ],  # fmt: skip
        antall_feil=antall_feil,
        advarsler=list(lesing.advarsler),
        antall_advarsler=lesing.antall_advarsler,
    )


def _skriv(resultat: Resultat, bruker, fylke, ut: dict[str, IO[str]], kjoring) -> None:
    na = timezone.now()
    from kodeverk.models import Fagstatus

    standard_fagstatus = (
        Fagstatus.objects.filter(kode=STANDARD_FAGSTATUS).values_list("pk", flat=True).first()
    )
    t = time.perf_counter()

    def tid(steg: str) -> None:
        nonlocal t
        resultat.tider[steg] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()

    with transaction.atomic():
        sql.opprett_og_fyll(ut)
        tid("copy")
        resultat.antall["personer"] = sql.skriv_personer(fylke.pk, bruker.pk, na)
        tid("personer")
        resultat.antall["elevkurs"] = sql.skriv_elevkurs(bruker.pk, na)
        tid("elevkurs")
        resultat.antall["elevfag"] = sql.skriv_elevfag(bruker.pk, na, standard_fagstatus)
        tid("elevfag")
        resultat.antall["vitnemalsmerknader"] = sql.skriv_vitnemalsmerknader(na)
        resultat.antall["avbrudd"] = sql.elevkurs_med_avbrudd()
        resultat.elevimport_id = _elevimport(resultat, bruker, fylke, kjoring, Elevimport.Status.IMPORTERT)
        tid("vitnemalsmerknader")
    tid("commit")
    logger.info("SAS-fil importert", extra={"elevimport_id": resultat.elevimport_id})


def _elevimport(resultat: Resultat, bruker, fylke, kjoring, status) -> int:
    antall = {k: v for k, v in resultat.antall.items() if k != "avbrudd"}
    antall["feil"] = resultat.antall_feil
    antall["advarsler"] = resultat.antall_advarsler
    rad = Elevimport.objects.create(
        fylke=fylke, skole_id=resultat.skole_id, kjoring=kjoring, filnavn=resultat.filnavn[:255],
        sha256=resultat.sha256, status=status, antall=antall, importert_av=bruker,
    )  # fmt: skip
    return rad.pk


def _kaskade(resultat: Resultat) -> int | None:
    """The avbrudd cascade (another module's) for elevkurs that got an avbruddsdato; skipped if not there yet."""
    ids = resultat.antall.pop("avbrudd", [])
    if not ids:
        return 0
    try:
        from inntak.elev.services.beregning import kaskade_avbrudd
    except ImportError:
        logger.info("Avbruddskaskaden finnes ikke ennå; hoppet over for %d elevkurs.", len(ids))
        return None
    return kaskade_avbrudd(ids)
