"""Import of a feedback file (tilbakemelding) from Udir/SSB on one of our deliveries (docs/leveranser/innlesing.md §3).

The real layout is closed; our documented model is a CSV file (``;``, header row, UTF-8 or ISO-8859-1) with the
columns ``FilID;RadNr;Feilkode;Alvorlighet;Melding`` (and optionally ``Post``), each line pointing at a line of a
file we sent: ``RadNr`` is the ``RadNr`` column of that file when it has one (ssbResultat), else the data line's
number (1 = first line after the header). Every line is checked; one bad line refuses the file with each bad line
named, and nothing is written. A good file is stored with its SHA-256, its lines matched to what we sent (our
internal reference where the sent line carries one) and a ``Leveransehendelse`` written, all in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from rapporter.leveranser import definisjon as register
from rapporter.leveranser.definisjon import Filformat
from rapporter.leveranser.tjenester import krev_behandling
from rapporter.models import Leveransefil, Leveransehendelse
from rapporter.models_innlesing import Tilbakemelding, TilbakemeldingAvsender, Tilbakemeldingslinje

logger = logging.getLogger(__name__)

MAKS_BYTES = 20 * 1024 * 1024
MAKS_FEIL = 1_000  # refused lines listed (all are counted)
BULK = 2_000
ALVORLIGHET = {
    "FEIL": "FEIL", "F": "FEIL", "E": "FEIL", "ERROR": "FEIL", "FATAL": "FEIL",
    "ADVARSEL": "ADVARSEL", "A": "ADVARSEL", "W": "ADVARSEL", "WARNING": "ADVARSEL", "INFO": "ADVARSEL",
}  # fmt: skip
# The columns of a sent file that carry our stable internal reference, and the reference's prefix. Exact names
# first (the SSB files: RadID is the elevkurs in ssbResultat/ssbElev, Radid the elevfag in their fag files; a
# delivery can add its own in ``Leveransedefinisjon.ekstra["tilbakemelding_referanse"]``), then the id columns
# below, whichever stands first in the file's header (the record's own key comes before keys it points to).
EKSAKTE_REFERANSER = {"RadID": "elevkurs", "Radid": "elevfag"}
REFERANSEKOLONNER = {
    "soknadid": "soknad", "tilbudid": "tilbud", "tildelingid": "tildeling", "elevkursid": "elevkurs",
    "elevfagid": "elevfag", "proveid": "prove", "kontraktid": "kontrakt", "formidlingid": "formidling",
    "godkjenningid": "godkjenning",
}  # fmt: skip
POST = re.compile(r"^[a-z_]{2,30}:\d{1,20}$")
FNR = re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)")


class Tilbakemeldingsfeil(ValidationError):
    """The file is refused; ``linjer`` holds every refused line as (linje, melding), ``antall`` counts them."""

    def __init__(self, melding: str, linjer: list[tuple[int, str]] | None = None, antall: int = 0):
        super().__init__(melding)
        self.linjer = linjer or []
        self.antall = antall or len(self.linjer)


def _kolonne(navn: str) -> str:
    return re.sub(r"[\s_\-]", "", navn.strip().lstrip("\ufeff")).lower()


def _dekod(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


def masker(tekst: str) -> str:
    """Mask anything shaped like a fødselsnummer: a message from Udir/SSB may name one, we never store it."""
    return FNR.sub("***********", tekst)


@dataclass
class _Rad:
    linje: int
    fil: Leveransefil | None
    radnr: int | None
    post: str
    feilkode: str
    alvorlighet: str
    melding: str


# --- The sent files --------------------------------------------------------------------------------------------
def _referanse(d, hode: list[str]) -> tuple[int, str] | None:
    """(column index, prefix) of the column holding our internal reference in a sent file, or None."""
    egne = (d.ekstra.get("tilbakemelding_referanse") or {}) if d is not None else {}
    eksakte = {**EKSAKTE_REFERANSER, **egne}
    navn = [h.strip().lstrip("\ufeff") for h in hode]
    for j, h in enumerate(navn):
        if h in eksakte:
            return j, eksakte[h]
    for j, h in enumerate(navn):
        if _kolonne(h) in REFERANSEKOLONNER:
            return j, REFERANSEKOLONNER[_kolonne(h)]
    return None


class _SendtFil:
    """One file we sent, read as rows (lists of text): header (if any) and the data rows, streamed."""

    def __init__(self, lf: Leveransefil, d, fylke, skolear):
        self.lf = lf
        self.d = d
        self.format = d.format if d is not None else Filformat.CSV
        self.felt = [f for f in d.felt_i_kjoring(fylke, skolear)] if d is not None else []

    def _rader(self):
        """(header or None, iterator of data rows)."""
        fh = self.lf.fil.open("rb")
        tekst = io.TextIOWrapper(fh, encoding=self.lf.tegnsett or "utf-8", errors="replace", newline="")
        if self.format == Filformat.JSON:
            data = json.load(tekst)
            fh.close()
            hode = [f.navn for f in self.felt] or (list(data[0]) if data else [])
            return (
                hode,
                ([str(o.get(k, "") if o.get(k) is not None else "") for k in hode] for o in data),
                None,
            )
        if self.format == Filformat.FAST:
            grenser, start = [], 0
            for f in self.felt:
                grenser.append((start, start + (f.bredde or 0)))
                start += f.bredde or 0
            rader = ([linje[a:b].strip() for a, b in grenser] for linje in tekst if linje.strip("\r\n"))
            return [f.navn for f in self.felt], rader, fh
        leser = csv.reader(tekst, delimiter=";")
        return next(leser, []), leser, fh

    def finn(self, radnumre: set[int]) -> tuple[dict[int, str], int, str]:
        """RadNr -> internal reference ("" when the file carries none) for the numbers found, the number of data
        rows read, and the file's FilID value (its ``FilID`` column on the first row, if any)."""
        hode, rader, fh = self._rader()
        kol = [_kolonne(h) for h in hode]
        i_radnr = kol.index("radnr") if "radnr" in kol else None
        i_filid = kol.index("filid") if "filid" in kol else None
        ref = _referanse(self.d, hode)
        funnet: dict[int, str] = {}
        filid = ""
        n = 0
        try:
            for n, rad in enumerate(rader, start=1):
                if n == 1 and i_filid is not None and i_filid < len(rad):
                    filid = rad[i_filid].strip()
                nr = n
                if i_radnr is not None:
                    verdi = rad[i_radnr].strip() if i_radnr < len(rad) else ""
                    nr = int(verdi) if verdi.isdigit() else -1
                if nr in radnumre:
                    verdi = rad[ref[0]].strip() if ref and ref[0] < len(rad) else ""
                    funnet[nr] = f"{ref[1]}:{verdi}"[:60] if verdi else ""
                    if len(funnet) == len(radnumre) and (filid or i_filid is None):
                        break
        finally:
            if fh is not None:
                fh.close()
        return funnet, n, filid


def _filer(leveranse) -> tuple[list[_SendtFil], Any]:
    d = register.hent(leveranse.kode) if register.finnes(leveranse.kode) else None
    filer = [
        _SendtFil(lf, d, leveranse.fylke, leveranse.skolear) for lf in leveranse.filer.order_by("navn", "pk")
    ]
    return filer, d


def _filid_oppslag(filer: list[_SendtFil]) -> dict[str, _SendtFil]:
    """FilID -> file: the file name, the name without extension, its number, or the FilID column it carries."""
    oppslag: dict[str, _SendtFil] = {}
    for f in filer:
        for nokkel in (f.lf.navn, PurePath(f.lf.navn).stem, str(f.lf.pk)):
            oppslag.setdefault(nokkel.lower(), f)
    return oppslag


# --- Reading the feedback file ---------------------------------------------------------------------------------
def _les(tekst: str, filer: list[_SendtFil]) -> tuple[list[_Rad], list[tuple[int, str]], int]:
    leser = csv.reader(io.StringIO(tekst, newline=""), delimiter=";")
    hode = [_kolonne(h) for h in next(leser, [])]
    feil: list[tuple[int, str]] = []
    mangler = [k for k in ("feilkode", "alvorlighet") if k not in hode]
    if "radnr" not in hode and "post" not in hode:
        mangler.append("radnr")
    if mangler:
        raise Tilbakemeldingsfeil(
            _(
                "Filen mangler kolonnen %(k)s i overskriftslinjen. Forventet: FilID;RadNr;Feilkode;Alvorlighet;"
                "Melding (se dokumentasjonen)."
            )
            % {"k": ", ".join(mangler)},  # fmt: skip
            [(1, _("Mangler kolonne: %(k)s") % {"k": ", ".join(mangler)})],
        )
    i = {
        k: hode.index(k)
        for k in ("filid", "radnr", "post", "feilkode", "alvorlighet", "melding")
        if k in hode
    }
    oppslag = _filid_oppslag(filer)
    rader: list[_Rad] = []
    n = 0
    for n, felt in enumerate(leser, start=2):
        if not any(v.strip() for v in felt):
            continue

        def verdi(k: str, felt: list[str] = felt) -> str:
            return felt[i[k]].strip() if k in i and i[k] < len(felt) else ""

        linjefeil = []
        filid, radnr, post = verdi("filid"), verdi("radnr"), verdi("post")
        feilkode, alvor, melding = verdi("feilkode"), verdi("alvorlighet").upper(), masker(verdi("melding"))
        fil = None
        if filid:
            fil = oppslag.get(filid.lower())
            if fil is None and filer:
                fil = "filid"  # resolved against the files' own FilID column below
        elif len(filer) == 1:
            fil = filer[0]
        elif radnr:
            linjefeil.append(_("FilID mangler, og leveransen har %(n)d filer.") % {"n": len(filer)})
        if radnr and not radnr.isdigit():
            linjefeil.append(_("RadNr «%(v)s» er ikke et tall.") % {"v": radnr[:20]})
        if not radnr and not post:
            linjefeil.append(
                _("Linjen har verken RadNr eller Post, så den kan ikke kobles til det som ble sendt.")
            )
        if post and not POST.match(post):
            linjefeil.append(
                _("Post «%(v)s» er ikke en intern referanse (f.eks. «soknad:123»).") % {"v": post[:30]}
            )
        if not feilkode:
            linjefeil.append(_("Feilkode mangler."))
        elif len(feilkode) > 40:
            linjefeil.append(_("Feilkoden er lengre enn 40 tegn."))
        if alvor not in ALVORLIGHET:
            linjefeil.append(_("Alvorlighet «%(v)s» er ukjent (FEIL eller ADVARSEL).") % {"v": alvor[:20]})
        if linjefeil:
            feil.extend((n, m) for m in linjefeil)
            continue
        rader.append(_Rad(n, fil if fil != "filid" else None, int(radnr) if radnr else None, post, feilkode,
                          ALVORLIGHET[alvor], melding[:500]))  # fmt: skip
        if fil == "filid":
            rader[-1].fil = filid  # type: ignore[assignment]  (a FilID still to resolve)
    return rader, feil, n


def _koble(rader: list[_Rad], filer: list[_SendtFil], feil: list[tuple[int, str]]) -> None:
    """Match each line to the sent file and line; a line whose file or RadNr we did not send is refused."""
    ukjente = {r.fil for r in rader if isinstance(r.fil, str)}
    behov: dict[int, set[int]] = defaultdict(set)
    for r in rader:
        if isinstance(r.fil, _SendtFil) and r.radnr is not None:
            behov[r.fil.lf.pk].add(r.radnr)
    treff: dict[int, tuple[dict[int, str], int]] = {}
    filid: dict[str, _SendtFil] = {}
    for f in filer:
        if f.lf.pk in behov or ukjente:
            funnet, antall, egen = f.finn(behov.get(f.lf.pk, set()))
            treff[f.lf.pk] = (funnet, antall)
            if egen:
                filid.setdefault(egen.lower(), f)
    igjen: dict[int, set[int]] = defaultdict(set)
    for r in rader:
        if isinstance(r.fil, str):
            f = filid.get(r.fil.lower())
            if f is None:
                feil.append(
                    (r.linje, _("FilID «%(v)s» er ikke en fil i denne leveransen.") % {"v": r.fil[:60]})
                )
                r.fil = None
                continue
            r.fil = f
            if r.radnr is not None and r.radnr not in treff.get(f.lf.pk, ({}, 0))[0]:
                igjen[f.lf.pk].add(r.radnr)
    for pk, numre in igjen.items():  # lines resolved through a FilID column: one more pass over those files
        f = next(x for x in filer if x.lf.pk == pk)
        funnet, antall, _egen = f.finn(numre | set(treff.get(pk, ({}, 0))[0]))
        treff[pk] = (funnet, antall)
    for r in rader:
        if not isinstance(r.fil, _SendtFil) or r.radnr is None:
            continue
        funnet, antall = treff.get(r.fil.lf.pk, ({}, 0))
        if r.radnr not in funnet:
            feil.append((r.linje, _("RadNr %(r)d finnes ikke i filen %(f)s (%(n)d poster).")
                         % {"r": r.radnr, "f": r.fil.lf.navn, "n": antall}))  # fmt: skip
        elif not r.post:
            r.post = funnet[r.radnr]


# --- The service -----------------------------------------------------------------------------------------------
def importer_tilbakemelding(
    leveranse, fil, bruker, *, avsender: str = TilbakemeldingAvsender.UDIR
) -> Tilbakemelding:
    """Import a feedback file (a file object, or bytes) for ``leveranse``; raises ``Tilbakemeldingsfeil`` (every
    refused line named; nothing written) or ``PermissionDenied`` (who may run the delivery, in its county)."""
    krev_behandling(bruker, leveranse)
    if avsender not in TilbakemeldingAvsender.values:
        raise Tilbakemeldingsfeil(_("Ukjent avsender."))
    data = fil if isinstance(fil, bytes) else fil.read(MAKS_BYTES + 1)
    filnavn = (
        "tilbakemelding.csv" if isinstance(fil, bytes) else PurePath(getattr(fil, "name", "") or "x").name
    )
    if len(data) > MAKS_BYTES:
        raise Tilbakemeldingsfeil(_("Filen er for stor (høyst 20 MB)."))
    if not data.strip():
        raise Tilbakemeldingsfeil(_("Filen er tom."), [(0, _("Filen er tom."))])
    filer, _d = _filer(leveranse)
    if not filer:
        raise Tilbakemeldingsfeil(_("Leveransen har ingen filer å koble tilbakemeldingen til."))
    rader, feil, _n = _les(_dekod(data), filer)
    if not rader and not feil:
        feil.append((2, _("Filen har ingen linjer under overskriften.")))
    _koble(rader, filer, feil)
    if feil:
        feil.sort()
        raise Tilbakemeldingsfeil(
            _("Filen ble avvist: %(n)d feil på %(l)d linjer. Ingenting er lagret.")
            % {"n": len(feil), "l": len({f[0] for f in feil})},
            feil[:MAKS_FEIL], len(feil),
        )  # fmt: skip
    sha = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        tb = Tilbakemelding(
            leveranse=leveranse, avsender=avsender, filnavn=filnavn[:255], sha256=sha, storrelse=len(data),
            antall_linjer=len(rader), antall_feil=sum(r.alvorlighet == "FEIL" for r in rader),
            antall_advarsler=sum(r.alvorlighet == "ADVARSEL" for r in rader),
            antall_koblet=sum(bool(r.post) for r in rader), importert_av=bruker,
        )  # fmt: skip
        tb.fil.save(f"{uuid.uuid4().hex}.csv", ContentFile(data), save=False)
        tb.save()
        Tilbakemeldingslinje.objects.bulk_create(
            (Tilbakemeldingslinje(tilbakemelding=tb, linje=r.linje, fil=r.fil.lf if r.fil else None, radnr=r.radnr,
                                  post=r.post, feilkode=r.feilkode, alvorlighet=r.alvorlighet, melding=r.melding)
             for r in rader),
            batch_size=BULK,
        )  # fmt: skip
        Leveransehendelse.objects.create(
            leveranse=leveranse, bruker=bruker, handling="tilbakemelding", fra_status=leveranse.status,
            til_status=leveranse.status,
            tekst=(f"Tilbakemelding fra {TilbakemeldingAvsender(avsender).label} importert: {tb.antall_linjer} "
                   f"linjer, {tb.antall_feil} feil, {tb.antall_advarsler} advarsler, {tb.antall_koblet} koblet til "
                   f"intern referanse (SHA-256 {sha[:12]}…).")[:500],
        )  # fmt: skip
    logger.info(
        "Tilbakemelding %s importert for leveranse %s: %d linjer", tb.pk, leveranse.pk, tb.antall_linjer
    )
    return tb
