"""Writer and reader for the NVB ¤-file (docs/fagopplaering/nvb.md; docs/fagopplaering/domene.md §7).

The format: one record per line, every line starts with ``¤`` and a capital letter for the line type, fields are
separated by ``¤``; UTF-8; LF (the reader also accepts CRLF and CR). Dates are D8 (``ÅÅÅÅMMDD``), Tid_fil_laget is
T14 (``ÅÅÅÅMMDDTTMMSS``). Order: per ¤A an optional ¤S, then each ¤V followed by its ¤P, ¤F and ¤M lines, then the
¤D lines.

Values: trimmed for spaces and tabs (NVB does the same); a line break inside a value is written as the two
characters ``\\n`` (NVB's recommended alternative); a value containing ``¤`` – or starting with ``{``, which would
otherwise be read as a wrapped value – is wrapped in ``{ }``. Two limits of the format itself: the characters
``\\`` + ``n`` in a value are read back as a line break, and a value containing ``}¤`` (or ``} ¤``) cannot be
wrapped unambiguously, so its ``¤`` are replaced by ``*`` as NVB suggests. Line breaks in values are written as LF.

The reader is the exact inverse of the writer: ``les(skriv_tekst(fil)).fil == fil`` for every file of trimmed
values. It also reads what other systems may send: wrapped values spanning several lines, blank lines (skipped),
a byte-order mark. Problems become FIL messages (KM100–KM119) with the line number instead of exceptions, and the
reader carries on so one bad line does not hide the rest.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from fagopplaering.nvb.kontroll import Melding, lag_melding
from fagopplaering.nvb.modell import (
    Annullering,
    Antall,
    Avsender,
    Dokument,
    Fag,
    Fil,
    Merknad,
    Programomrade,
    Skole,
)

__all__ = ["Lesing", "les", "skriv", "skriv_tekst"]

SKILLE = "¤"
_TRIM = " \t"

# Field order per line type (after the record's own Vgdoknr for ¤P/¤F/¤M, which is the parent's). "D8"/"T14" mark
# dates; everything else is text.
_V_FELT = ("vgdoknr", "foerstegangsvm", "reformkode", "vgdoktypekode", "avgangsaar", "orgnr", "utstedersted",
           "dato_utstedt", "skolenavn", "rektornavn", "underskrivernavn", "foedtdato", "personnummer", "personnavn",
           "dispensasjonkode", "gsk_ok", "omfang", "orden", "adferd", "antall_vedlegg", "filnavn_vedlegg",
           "maalformkode")  # fmt: skip
_P_FELT = ("promrkode", "nivaakode", "paastandkode", "paastand", "fravaer_dager", "fravaer_timer", "utdprogramkode",
           "aarstall")  # fmt: skip
_F_FELT = ("fagkode", "fagtypekode", "linjenr", "karakter_standpunkt", "karakter_eksamen", "eksamensformkode",
           "omfang", "terminkode", "aar", "fagstatuskode", "merknadkode", "merknadparameter1", "merknadparameter2",
           "fordypningsfag", "fagnavn", "faginfokode")  # fmt: skip
_M_FELT = ("merknadnr", "merknadkode", "parameter1", "parameter2", "kategorikode", "sidekode", "promrkode",
           "linjenr", "merknadtekst")  # fmt: skip
_D_FELT = ("vgdoknr", "dato_annullert", "saksbehandler", "erstattes_av", "aarsakkode", "merknad")
_S_FELT = ("orgnr", "orgnr_gml", "skolenr", "skolenr_gml", "orgnavn", "skolenavn", "fylkesnr", "kommunetall",
           "bydelsnavn", "skoletype", "eksamensrett", "orgnr_eier", "kontaktperson", "kontaktperson_tittel",
           "kontaktperson_epost", "kontaktperson_tlf", "kontaktperson2", "kontaktperson2_tittel",
           "kontaktperson2_epost", "kontaktperson2_tlf", "adrlinje1", "adrlinje2", "adrpostnr", "adrpoststed",
           "adrlandnavn", "adrbesoek", "adrpostnr_besoek", "adrpoststed_besoek", "adrlandnavn_besoek", "telefonnr",
           "telefaksnr", "epost", "webadresse")  # fmt: skip
_DATOFELT = frozenset({"dato_utstedt", "dato_annullert"})

ANTALL_FELT = {"A": 10, "S": 33, "V": 22, "P": 9, "F": 17, "M": 10, "D": 6}
"""Number of fields after the line type. ¤F may also have 16 (written before F18 was added in 2014)."""
_UTDATA = frozenset("RKELO")
_LUKKER_FOR_TIDLIG = re.compile(r"\}[ \t]*¤")


# --- writing -----------------------------------------------------------------------------------------------------


def _felt(verdi: str) -> str:
    v = verdi.strip(_TRIM)
    if "\r" in v:
        v = v.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in v:
        v = v.replace("\n", "\\n")
    if SKILLE in v or v.startswith("{"):
        if _LUKKER_FOR_TIDLIG.search(v):
            v = v.replace(SKILLE, "*")
            return "{" + v + "}" if v.startswith("{") else v
        return "{" + v + "}"
    return v


def _d8(dato: datetime.date | None) -> str:
    return "" if dato is None else f"{dato.year:04d}{dato.month:02d}{dato.day:02d}"


def _t14(tid: datetime.datetime | None) -> str:
    if tid is None:
        return ""
    return f"{tid.year:04d}{tid.month:02d}{tid.day:02d}{tid.hour:02d}{tid.minute:02d}{tid.second:02d}"


def _linje(type_: str, verdier: Iterable[str]) -> str:
    return SKILLE + type_ + SKILLE + SKILLE.join(map(_felt, verdier))


def _verdier(post: object, navn: tuple[str, ...]) -> list[str]:
    return [_d8(getattr(post, n)) if n in _DATOFELT else getattr(post, n) for n in navn]


def _avsender_linjer(avsender: Avsender) -> list[str]:
    antall = avsender.antall()
    linjer = [
        _linje("A", [avsender.orgnr, avsender.skolenr, *map(str, antall), avsender.systemnavn,
                     avsender.systemversjon, _t14(avsender.tid_fil_laget)])
    ]  # fmt: skip
    if avsender.skole is not None:
        linjer.append(_linje("S", _verdier(avsender.skole, _S_FELT)))
    for dok in avsender.dokumenter:
        linjer.append(_linje("V", _verdier(dok, _V_FELT)))
        nr = dok.vgdoknr
        linjer.extend(_linje("P", [nr, *_verdier(p, _P_FELT)]) for p in dok.programomrader)
        linjer.extend(_linje("F", [nr, *_verdier(f, _F_FELT)]) for f in dok.fag)
        linjer.extend(_linje("M", [nr, *_verdier(m, _M_FELT)]) for m in dok.merknader)
    linjer.extend(_linje("D", _verdier(d, _D_FELT)) for d in avsender.annulleringer)
    return linjer


def skriv(fil: Fil | Iterable[Avsender], ut: TextIO) -> None:
    """Write ``fil`` as NVB text lines (LF) to ``ut``; open binary targets with ``encoding="utf-8"``."""
    for avsender in fil:
        ut.write("\n".join(_avsender_linjer(avsender)))
        ut.write("\n")


def skriv_tekst(fil: Fil | Iterable[Avsender]) -> str:
    """The file as one string."""
    ut = io.StringIO()
    skriv(fil, ut)
    return ut.getvalue()


# --- reading -----------------------------------------------------------------------------------------------------


@dataclass
class Lesing:
    """What ``les`` found: the file and the FIL messages for lines it could not read as they stand."""

    fil: Fil
    meldinger: list[Melding] = field(default_factory=list)


def _rens(verdi: str) -> str:
    v = verdi.strip(_TRIM)
    return v.replace("\\n", "\n") if "\\n" in v else v


def _finn_slutt(buf: str, fra: int) -> int | None:
    """Index of the ``}`` that closes a wrapped value: followed (after spaces/tabs) by ¤ or the end of a line."""
    i = buf.find("}", fra)
    while i >= 0:
        j = i + 1
        while j < len(buf) and buf[j] in _TRIM:
            j += 1
        if j == len(buf) or buf[j] == SKILLE or buf[j] == "\n":
            return i
        i = buf.find("}", i + 1)
    return None


def _del_med_klammer(linjer: list[str], i: int) -> tuple[list[str], int, bool]:
    """Split line ``i`` (which contains ``{``) into values; a wrapped value may go on over the next lines.
    Returns the values (the first is the line type), the index of the last line used and whether all closed."""
    buf = linjer[i]
    pos = 1
    verdier: list[str] = []
    while True:
        start = pos
        while start < len(buf) and buf[start] in _TRIM:
            start += 1
        if start < len(buf) and buf[start] == "{" and verdier:
            sok = start + 1
            while (slutt := _finn_slutt(buf, sok)) is None:
                if i + 1 >= len(linjer):
                    verdier.append(_rens(buf[start + 1 :]))
                    return verdier, i, False
                sok = max(sok, len(buf))
                i += 1
                buf += "\n" + linjer[i]
            verdier.append(_rens(buf[start + 1 : slutt]))
            neste = slutt + 1
            while neste < len(buf) and buf[neste] in _TRIM:
                neste += 1
            if neste >= len(buf) or buf[neste] == "\n":
                return verdier, i, True
            pos = neste + 1
        else:
            skille = buf.find(SKILLE, pos)
            if skille < 0:
                verdier.append(_rens(buf[pos:]))
                return verdier, i, True
            verdier.append(_rens(buf[pos:skille]))
            pos = skille + 1


def _tall_dato(tekst: str, lengde: int) -> list[int] | None:
    if len(tekst) != lengde or not tekst.isascii() or not tekst.isdigit():
        return None
    return [int(tekst[0:4]), int(tekst[4:6]), int(tekst[6:8])] + [
        int(tekst[k : k + 2]) for k in range(8, lengde, 2)
    ]


def _dato(tekst: str) -> datetime.date | None:
    deler = _tall_dato(tekst, 8)
    try:
        return None if deler is None else datetime.date(*deler)
    except ValueError:
        return None


def _tid(tekst: str) -> datetime.datetime | None:
    deler = _tall_dato(tekst, 14)
    try:
        return None if deler is None else datetime.datetime(*deler)
    except ValueError:
        return None


class _Leser:
    def __init__(self) -> None:
        self.fil = Fil()
        self.meldinger: list[Melding] = []
        self.avsender: Avsender | None = None
        self.dokument: Dokument | None = None
        self.forrige = ""

    def melding(self, kode: str, vgdoknr: str, tekst: str, nr: int) -> None:
        self.meldinger.append(lag_melding(kode, vgdoknr, tekst, nr))

    def verdier(
        self, post: dict[str, str], navn: tuple[str, ...], vgdoknr: str, nr: int
    ) -> dict[str, object]:
        ut: dict[str, object] = {}
        for n in navn:
            verdi = post[n]
            if n in _DATOFELT:
                dato = _dato(verdi)
                if dato is None and verdi:
                    self.melding(
                        "KM105", vgdoknr, f"«{verdi}» er ikke en gyldig dato på formen ÅÅÅÅMMDD.", nr
                    )
                ut[n] = dato
            else:
                ut[n] = verdi
        return ut

    def post(self, type_: str, felt: list[str], nr: int) -> None:
        antall = ANTALL_FELT[type_]
        if len(felt) != antall and not (type_ == "F" and len(felt) == antall - 1):
            vgdoknr = felt[0] if type_ in "VPFMD" and felt else ""
            self.melding("KM102", vgdoknr, f"¤{type_}-linjen har {len(felt)} felt, skal ha {antall}.", nr)
        felt = (felt + [""] * antall)[:antall]
        getattr(self, "post_" + type_)(felt, nr)

    def post_A(self, felt: list[str], nr: int) -> None:
        tall = [int(t) if t.isascii() and t.isdigit() else None for t in felt[2:7]]
        if None in tall:
            self.melding("KM107", "", "Antallsfeltene A3–A7 i ¤A-linjen skal være heltall.", nr)
        tid = _tid(felt[9])
        if tid is None and felt[9]:
            self.melding(
                "KM106", "", f"«{felt[9]}» er ikke et gyldig tidspunkt på formen ÅÅÅÅMMDDTTMMSS.", nr
            )
        self.avsender = Avsender(
            orgnr=felt[0], skolenr=felt[1], systemnavn=felt[7], systemversjon=felt[8], tid_fil_laget=tid,
            oppgitt_antall=None if None in tall else Antall(*tall), linje=nr,  # type: ignore[arg-type]
        )  # fmt: skip
        self.fil.avsendere.append(self.avsender)
        self.dokument = None

    def post_S(self, felt: list[str], nr: int) -> None:
        if self.avsender is None:
            self.melding("KM103", "", "¤S-linjen står før første ¤A-linje.", nr)
            return
        if self.forrige != "A":
            self.melding("KM109", "", "¤S-linjen skal stå rett etter sin ¤A-linje (høyst én ¤S per ¤A).", nr)
            return
        self.avsender.skole = Skole(**dict(zip(_S_FELT, felt, strict=True)), linje=nr)

    def post_V(self, felt: list[str], nr: int) -> None:
        vgdoknr = felt[0]
        if self.avsender is None:
            self.melding("KM103", vgdoknr, "¤V-linjen står før første ¤A-linje.", nr)
            self.dokument = None
            return
        verdier = self.verdier(dict(zip(_V_FELT, felt, strict=True)), _V_FELT, vgdoknr, nr)
        self.dokument = Dokument(**verdier, linje=nr)  # type: ignore[arg-type]
        self.avsender.dokumenter.append(self.dokument)

    def _barn(self, type_: str, felt: list[str], nr: int) -> Dokument | None:
        if self.dokument is None:
            self.melding("KM104", felt[0], f"¤{type_}-linjen står ikke under en ¤V-linje.", nr)
            return None
        if felt[0] != self.dokument.vgdoknr:
            self.melding(
                "KM104",
                felt[0],
                f"¤{type_}-linjen gjelder et annet Vgdoknr enn ¤V-linjen den står under.",
                nr,
            )
            return None
        return self.dokument

    def post_P(self, felt: list[str], nr: int) -> None:
        if (dok := self._barn("P", felt, nr)) is not None:
            dok.programomrader.append(Programomrade(**dict(zip(_P_FELT, felt[1:], strict=True)), linje=nr))

    def post_F(self, felt: list[str], nr: int) -> None:
        if (dok := self._barn("F", felt, nr)) is not None:
            dok.fag.append(Fag(**dict(zip(_F_FELT, felt[1:], strict=True)), linje=nr))

    def post_M(self, felt: list[str], nr: int) -> None:
        if (dok := self._barn("M", felt, nr)) is not None:
            dok.merknader.append(Merknad(**dict(zip(_M_FELT, felt[1:], strict=True)), linje=nr))

    def post_D(self, felt: list[str], nr: int) -> None:
        self.dokument = None
        if self.avsender is None:
            self.melding("KM103", felt[0], "¤D-linjen står før første ¤A-linje.", nr)
            return
        verdier = self.verdier(dict(zip(_D_FELT, felt, strict=True)), _D_FELT, felt[0], nr)
        self.avsender.annulleringer.append(Annullering(**verdier, linje=nr))  # type: ignore[arg-type]


def _uten_linjeslutt(linje: str) -> str:
    if linje.endswith("\r\n"):
        return linje[:-2]
    if linje.endswith(("\n", "\r")):
        return linje[:-1]
    return linje


def les(kilde: str | Iterable[str]) -> Lesing:
    """Read NVB text (a string, or lines as from an open text file) into a ``Fil`` and FIL messages."""
    tekst = kilde if isinstance(kilde, str) else "\n".join(map(_uten_linjeslutt, kilde))
    if tekst.startswith("\ufeff"):
        tekst = tekst[1:]
    if "\r" in tekst:
        tekst = tekst.replace("\r\n", "\n").replace("\r", "\n")
    linjer = tekst.split("\n")
    leser = _Leser()
    i = 0
    while i < len(linjer):
        linje = linjer[i]
        nr = i + 1
        if not linje.strip(_TRIM):
            i += 1
            continue
        if not linje.startswith(SKILLE):
            leser.melding("KM100", "", "Linjen starter ikke med ¤.", nr)
            i += 1
            continue
        if "{" in linje:
            deler, i, lukket = _del_med_klammer(linjer, i)
            if not lukket:
                leser.melding("KM108", "", "Et felt som starter med { blir aldri avsluttet med }.", nr)
        else:
            deler = [_rens(d) for d in linje[1:].split(SKILLE)]
        i += 1
        type_ = deler[0]
        if type_ not in ANTALL_FELT:
            hvorfor = " (den hører til resultatfilen)" if type_ in _UTDATA else ""
            leser.melding("KM101", "", f"Ukjent linjetype «¤{type_[:10]}»{hvorfor}.", nr)
            continue
        leser.post(type_, deler[1:], nr)
        leser.forrige = type_
    return Lesing(leser.fil, leser.meldinger)
