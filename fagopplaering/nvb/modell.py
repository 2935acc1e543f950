"""The NVB file as framework-free dataclasses (docs/fagopplaering/nvb.md; docs/fagopplaering/domene.md §7).

One class per line type: ``Avsender`` (¤A, with an optional ``Skole`` ¤S), ``Dokument`` (¤V with its ¤P
``Programomrade``, ¤F ``Fag`` and ¤M ``Merknad`` lines) and ``Annullering`` (¤D). ``Fil`` is the whole file. Field
names are the NVB database names in ASCII (``Foedtdato`` → ``foedtdato``); the comment after each field gives its
number in the NVB documentation. Every value is text exactly as it stands in the file except the dates (``date``)
and Tid_fil_laget (``datetime``), so reading and writing are exact inverses and the control engine
(:mod:`fagopplaering.nvb.kontroll`) sees what was sent. A date the reader cannot understand becomes ``None``.

``linje`` on each record is the line number in the file it was read from (``None`` when built in code) and
``Avsender.oppgitt_antall`` the counts A3–A7 as the file stated them; neither takes part in ``==`` because neither
is content: the writer always computes the counts from the content.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

__all__ = [
    "VGDOKNR_RE",
    "Annullering",
    "Antall",
    "Avsender",
    "Dokument",
    "Fag",
    "Fil",
    "Merknad",
    "Programomrade",
    "Skole",
    "lag_vgdoknr",
    "lopenr_fra_vgdoknr",
]

VGDOKNR_RE = re.compile(r"^([VK])(\d{9})(\d{4})([0-9A-ZÆØÅ]{4}|\d{5})$")
"""Vgdoknr (V1, A18): ``V`` vitnemål / ``K`` kompetansebevis, orgnr (9), year (4), løpenr. The løpenr is four
characters (digits, and for VIGO also the capitals A–Å) or, as NVB also accepts, five digits (A19). Groups: type,
orgnr, year, løpenr. Old 13-digit R94 numbers and test numbers starting with T are not accepted."""

_SIFRE = "0123456789"
_BOKSTAVER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALFABET = _SIFRE + _BOKSTAVER
_PLASSER_ETTER_BOKSTAV = len(_ALFABET) ** 3
MAKS_LOPENR = 10_000 + len(_BOKSTAVER) * _PLASSER_ETTER_BOKSTAV - 1
"""The highest løpenr ``lag_vgdoknr`` can encode for one orgnr and year (1 223 055)."""


def lag_vgdoknr(type: Literal["V", "K"], orgnr: str, ar: int, lopenr: int) -> str:
    """The Vgdoknr (A18) for løpenummer ``lopenr`` of ``orgnr`` in year ``ar``.

    Why letters: NVB allows VIGO the capitals A–Å in the four-character løpenr, and a number may never be reused
    (a changed document gets a new number and the old one is annulled), so a busy county must not run out after
    9 999 documents a year. The scheme, which keeps text order equal to allocation order:

    * 0–9 999: four digits, ``0000``–``9999``;
    * from 10 000: a letter A–Z followed by three characters from 0–9A–Z (base 36): 10 000 → ``A000``,
      10 001 → ``A001``, 10 036 → ``A010``, 56 655 → ``AZZZ``, 56 656 → ``B000`` … up to ``ZZZZ`` (1 223 055).

    Æ, Ø and Å are allowed by NVB but not used, so numbers stay ASCII and sort the same everywhere. The counter
    (``Vgdokteller``) starts at 1, so ``0000`` is never handed out in practice.
    """
    if type not in ("V", "K"):
        raise ValueError(f"Dokumenttypen må være V eller K, ikke «{type}».")
    if len(orgnr) != 9 or not orgnr.isascii() or not orgnr.isdigit():
        raise ValueError("Organisasjonsnummeret må ha ni siffer.")
    if not 1000 <= ar <= 9999:
        raise ValueError(f"Året må ha fire siffer, ikke {ar}.")
    if not 0 <= lopenr <= MAKS_LOPENR:
        raise ValueError(f"Løpenummeret må være mellom 0 og {MAKS_LOPENR}, ikke {lopenr}.")
    if lopenr < 10_000:
        hale = f"{lopenr:04d}"
    else:
        rest = lopenr - 10_000
        bokstav, rest = divmod(rest, _PLASSER_ETTER_BOKSTAV)
        tegn = []
        for _ in range(3):
            rest, siffer = divmod(rest, len(_ALFABET))
            tegn.append(_ALFABET[siffer])
        hale = _BOKSTAVER[bokstav] + "".join(reversed(tegn))
    return f"{type}{orgnr}{ar:04d}{hale}"


def lopenr_fra_vgdoknr(vgdoknr: str) -> int | None:
    """The inverse of ``lag_vgdoknr`` for the løpenr part; ``None`` if the number does not follow the scheme."""
    treff = VGDOKNR_RE.match(vgdoknr)
    if treff is None or len(treff.group(4)) != 4:
        return None
    hale = treff.group(4)
    if hale.isdigit():
        return int(hale)
    if hale[0] not in _BOKSTAVER or any(t not in _ALFABET for t in hale[1:]):
        return None
    verdi = 0
    for tegn in hale[1:]:
        verdi = verdi * len(_ALFABET) + _ALFABET.index(tegn)
    return 10_000 + _BOKSTAVER.index(hale[0]) * _PLASSER_ETTER_BOKSTAV + verdi


def _linje() -> int | None:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


@dataclass(kw_only=True)
class Programomrade:
    """¤P: one programområde on the document (1–5 per vitnemål, normally 3; 0–1 per kompetansebevis)."""

    promrkode: str  # P2, Grep code, e.g. RMKOK3----
    nivaakode: str  # P3, VG1–VG5
    paastandkode: str = ""  # P4, B/F/FB (H/I/M tolerated)
    paastand: str = ""  # P5, the text on the document
    fravaer_dager: str = ""  # P6
    fravaer_timer: str = ""  # P7
    utdprogramkode: str = ""  # P8
    aarstall: str = ""  # P9
    linje: int | None = _linje()


@dataclass(kw_only=True)
class Fag:
    """¤F: one subject on the document (at least one per document, one per fagkode)."""

    fagkode: str  # F2, A10
    fagtypekode: str = ""  # F3, FF/FP/VP/PF/UP/GS, obligatory for KL
    linjenr: str  # F4
    karakter_standpunkt: str  # F5
    karakter_eksamen: str = ""  # F6
    eksamensformkode: str = ""  # F7
    omfang: str = ""  # F8
    terminkode: str  # F9, V/H
    aar: str  # F10
    fagstatuskode: str  # F12, E/P
    merknadkode: str = ""  # F13, FAMnn
    merknadparameter1: str = ""  # F14
    merknadparameter2: str = ""  # F15
    fordypningsfag: str = ""  # F16, R94 only
    fagnavn: str = ""  # F17, R94 only
    faginfokode: str = ""  # F18
    linje: int | None = _linje()


@dataclass(kw_only=True)
class Merknad:
    """¤M: a merknad on the document (VMMnn), e.g. VMM31 «Bestått fagopplæring <dato>»."""

    merknadnr: str  # M2, 1, 2, … within the document
    merknadkode: str  # M3, VMMnn
    parameter1: str = ""  # M4
    parameter2: str = ""  # M5
    kategorikode: str = ""  # M6, DISP or blank for KL
    sidekode: str = ""  # M7, F (B never for KL)
    promrkode: str = ""  # M8
    linjenr: str = ""  # M9, R94 only
    merknadtekst: str = ""  # M10, R94 only
    linje: int | None = _linje()


@dataclass(kw_only=True)
class Dokument:
    """¤V: the document head (vitnemål VM or kompetansebevis KB) with its ¤P, ¤F and ¤M lines."""

    vgdoknr: str  # V1
    foerstegangsvm: str = ""  # V2, J/N
    reformkode: str  # V4, KL/R94
    vgdoktypekode: str  # V5, VM/KB
    avgangsaar: str  # V6
    orgnr: str  # V7
    utstedersted: str  # V9
    dato_utstedt: datetime.date | None  # V10, D8
    skolenavn: str  # V11
    rektornavn: str  # V12
    underskrivernavn: str  # V13
    foedtdato: str  # V14, DDMMÅÅ
    personnummer: str = ""  # V15, the last five digits of the fødselsnummer
    personnavn: str  # V16
    dispensasjonkode: str = ""  # V17, D/F
    gsk_ok: str = ""  # V18, J/N
    omfang: str  # V20
    orden: str = ""  # V22, G/N/L
    adferd: str = ""  # V23, G/N/L
    antall_vedlegg: str = ""  # V24
    filnavn_vedlegg: str = ""  # V25
    maalformkode: str = ""  # V26, B/N/S/A
    programomrader: list[Programomrade] = field(default_factory=list)
    fag: list[Fag] = field(default_factory=list)
    merknader: list[Merknad] = field(default_factory=list)
    linje: int | None = _linje()


@dataclass(kw_only=True)
class Annullering:
    """¤D: annulment of an issued document (a changed document always gets a new number)."""

    vgdoknr: str  # D1
    dato_annullert: datetime.date | None  # D2, D8
    saksbehandler: str  # D3
    erstattes_av: str = ""  # D4, Vgdoknr_erstattes_av
    aarsakkode: str  # D5, KLA/FEI/NVB/ANN
    merknad: str = ""  # D6
    linje: int | None = _linje()


@dataclass(kw_only=True)
class Skole:
    """¤S: optional school information after ¤A (S1–S33)."""

    orgnr: str  # S1
    orgnr_gml: str = ""  # S2
    skolenr: str  # S3
    skolenr_gml: str = ""  # S4
    orgnavn: str = ""  # S5
    skolenavn: str  # S6
    fylkesnr: str  # S7
    kommunetall: str  # S8
    bydelsnavn: str = ""  # S9
    skoletype: str  # S10, F/P/K/S/U
    eksamensrett: str = ""  # S11
    orgnr_eier: str = ""  # S12
    kontaktperson: str  # S13
    kontaktperson_tittel: str = ""  # S14
    kontaktperson_epost: str = ""  # S15
    kontaktperson_tlf: str = ""  # S16
    kontaktperson2: str = ""  # S17
    kontaktperson2_tittel: str = ""  # S18
    kontaktperson2_epost: str = ""  # S19
    kontaktperson2_tlf: str = ""  # S20
    adrlinje1: str = ""  # S21
    adrlinje2: str = ""  # S22
    adrpostnr: str = ""  # S23
    adrpoststed: str  # S24
    adrlandnavn: str = ""  # S25
    adrbesoek: str = ""  # S26
    adrpostnr_besoek: str = ""  # S27
    adrpoststed_besoek: str = ""  # S28
    adrlandnavn_besoek: str = ""  # S29
    telefonnr: str  # S30
    telefaksnr: str = ""  # S31
    epost: str = ""  # S32
    webadresse: str = ""  # S33
    linje: int | None = _linje()


class Antall(NamedTuple):
    """The counts A3–A7, in file order."""

    vgdok: int  # A3, ¤V
    vgdokann: int  # A4, ¤D
    vgdokfag: int  # A5, ¤F
    vgdokpromr: int  # A6, ¤P
    vgdokmerknad: int  # A7, ¤M


@dataclass(kw_only=True)
class Avsender:
    """¤A: one part of the file per orgnr, with its documents and annulments."""

    orgnr: str  # A1
    skolenr: str  # A2, the school's VIGO number (N05)
    systemnavn: str = "Vigo"  # A8
    systemversjon: str  # A9
    tid_fil_laget: datetime.datetime | None  # A10, T14, Norwegian time
    skole: Skole | None = None
    dokumenter: list[Dokument] = field(default_factory=list)
    annulleringer: list[Annullering] = field(default_factory=list)
    oppgitt_antall: Antall | None = field(default=None, compare=False, repr=False)
    linje: int | None = _linje()

    def antall(self) -> Antall:
        """The counts A3–A7 computed from the content (what the writer puts on the ¤A line)."""
        return Antall(
            len(self.dokumenter),
            len(self.annulleringer),
            sum(len(d.fag) for d in self.dokumenter),
            sum(len(d.programomrader) for d in self.dokumenter),
            sum(len(d.merknader) for d in self.dokumenter),
        )


@dataclass
class Fil:
    """A whole NVB input file: one ``Avsender`` per ¤A."""

    avsendere: list[Avsender] = field(default_factory=list)

    def __iter__(self) -> Iterator[Avsender]:
        return iter(self.avsendere)

    def dokumenter(self) -> Iterator[tuple[Avsender, Dokument]]:
        for avsender in self.avsendere:
            for dok in avsender.dokumenter:
                yield avsender, dok
