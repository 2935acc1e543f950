"""Postoppsettet i SAS ↔ VIGO-filen (IST «Grensesnitt SAS», versjon 3) som erklærte data (docs/sas.md §2–§3).

Dette er det eneste stedet oppsettet står. Endres oppsettet (et nytt felt, en ny kode, en annen lengde), endres
tabellene her; leseren (:mod:`.les`), skriveren (:mod:`.skriv`) og testfilgeneratoren (:mod:`.testfil`) leser
alt herfra.

**Den fysiske formen er en lesing vi har valgt** (docs/sas.md §2). Feltlistene (nummer, navn, format ``x(n)`` /
``9(n)``, obligatorisk) er offentlige som en avskrift av IST-dokumentet, men avskriften sier ikke hvordan feltene
skilles eller rammes inn (skilletegn eller fast bredde); originalen (PDF-en) er ikke lest. Vi leser filen slik:

* én post per linje; linjeskift ``\\n`` eller ``\\r\\n``;
* feltene skilles med :data:`SKILLETEGN` (semikolon), felt 1 er linjeidentifikatoren (``TOF``, ``$EL``, ``$EK``,
  ``$KL``, ``$VM``) og feltene står i den nummererte rekkefølgen fra tabellene;
* ``x(n)`` og ``9(n)`` er **største** lengde. Koder og nøkler i ``9(n)`` (fødselsnummer, skoleår, skolenummer,
  postnummer, kommunenummer, fylkesnummer, datoer) må ha nøyaktig ``n`` siffer; antall (fravær, elevtimer) har
  1 til ``n`` siffer;
* mellomrom foran og bak en verdi fjernes (en SAS som fyller ut med blanke, leses likt); et tomt felt er blankt;
* felt som mangler til slutt på linjen, leses som blanke (eldre versjoner har færre felt); flere felt enn
  oppsettet har, er en feil;
* et skilletegn kan ikke stå inne i en verdi (ingen sitering); skriveren nekter slike verdier.

Hvorfor skilletegn og ikke fast bredde: feltene er nummerert, og ``$EL`` felt 7 er «ikke i bruk» uten format – et
felt uten bredde gir bare mening når feltene skilles med tegn. To fritekstparametere på 255 tegn i ``$VM`` ville
dessuten gitt linjer på over 600 tegn med fast bredde. Viser originalen noe annet, er det :data:`SKILLETEGN` og
:func:`del_linje` i :mod:`.les` som endres.
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass
from typing import Any

from inntak.elev.regler.fodselsnummer import FYLKESNUMRE

__all__ = [
    "KARAKTERER",
    "POSTTYPER",
    "SKILLETEGN",
    "Elev",
    "Elevkurs",
    "Felt",
    "Kompetansebevislinje",
    "Post",
    "Posttype",
    "Tof",
    "Vitnemalsmerknad",
]

SKILLETEGN = ";"
"""Skilletegnet mellom feltene (vår lesing, docs/sas.md §2)."""

VERSJON = "3"
"""Versjonen av grensesnittet feltlistene er hentet fra (TOF felt 2 skrives slik av skriveren)."""

# Typer. Verdien i posten (Python) står i parentes.
TEKST = "tekst"  # x(n): fri tekst, høyst n tegn (str)
KODE = "kode"  # x(n) med kodeliste eller mønster (str)
SIFFER = "siffer"  # 9(n) som er en nøkkel eller kode: nøyaktig n siffer (str, ledende nuller beholdes)
TALL = "tall"  # 9(n) som er et antall: 1 til n siffer (int)
DATO = "dato"  # 9(8) ÅÅÅÅMMDD (datetime.date)
FNR = "fnr"  # 9(11) fødselsnummer, D-nummer eller VIGO-fiktivt (str)
SKOLEAR = "skolear"  # 9(8) ÅÅÅÅÅÅÅÅ, andre år = første + 1 (str)
JN = "jn"  # x(1) J/N (bool)
UBRUKT = "ubrukt"  # «ikke i bruk»: skal være blankt, kommer ikke med i posten

JA_NEI = frozenset({"J", "N"})
KARAKTERER = frozenset(
    {"1", "2", "3", "4", "5", "6", "B", "IB", "D", "F", "GK", "IG", "IV", "IM", "ID"}
    | {"7", "A", "C", "E"}  # IB-programmet: 1–7 og A–E (B og D er med over)
)
"""Karakterverdier (Regbok B26, også IB-programmet og den eldre ``ID``) (docs/sas.md §3.4)."""
ORDEN_OPPFORSEL = frozenset({"G", "NG", "LG"})
FAGSTATUS = frozenset("EABNUVOSFPRMG")
KARAKTERSTATUS = frozenset("NUSEK")
FULLFORTKODE = frozenset("BIMAHLKS")
BEVISTYPE = frozenset({"VM", "KB"})
RETTSTYPE = frozenset("UVI")
MALFORM = frozenset("BNS")
TERMIN = frozenset("HV")

PROGRAMOMRADE = r"[A-ZÆØÅ0-9]{6}[A-ZÆØÅ0-9-]{4}"
"""10 tegn: 6 fra Grep (utdanningsprogram, område, trinn) og 4 for VIGO-variant, ``-`` for standard."""
FAGKODE = r"[A-ZÆØÅ]{3}[A-ZÆØÅ0-9]{1,4}"
"""Høyst 7 tegn: 3 bokstaver og så bokstaver/siffer (``NOR1267``, ``NOR1Z37``)."""
KODE_STORE = r"[A-ZÆØÅ0-9]+"
"""Koder som bare kan sjekkes mot kodeverket i databasen (årsak, eksamensform, fagmerknad, vitnemålsmerknad)."""


@dataclass(frozen=True, slots=True)
class Felt:
    nr: int
    navn: str  # navnet i posten (Python)
    tittel: str  # navnet i IST-dokumentet, brukes i meldingene
    format: str  # som i dokumentet: «x(10)», «9(8)»
    type: str
    obligatorisk: bool = False
    koder: frozenset[str] | None = None
    monster: str | None = None
    advar_blank: bool = False  # obligatorisk i tabellen, men dokumentet sier «advarsel hvis blank»

    @property
    def lengde(self) -> int:
        return int(self.format[2:-1]) if self.format else 0

    @property
    def regex(self) -> re.Pattern[str] | None:
        return re.compile(self.monster) if self.monster else None


@dataclass(frozen=True)
class Posttype:
    kode: str  # linjeidentifikatoren, felt 1
    navn: str  # norsk navn i meldinger og oppsummering
    felter: tuple[Felt, ...]  # felt 2 og utover, i rekkefølge
    klasse: Any  # NamedTuple-klassen posten leses til

    @property
    def verdifelter(self) -> tuple[Felt, ...]:
        return tuple(f for f in self.felter if f.type != UBRUKT)


def _felt(nr, navn, tittel, format_, type_, obl=False, **ekstra) -> Felt:
    return Felt(nr, navn, tittel, format_, type_, obl, **ekstra)


# Nøkkelen til et elevkurs, felt 2–5 i $EK, $KL og $VM.
_NOKKEL = (
    _felt(2, "fodselsnr", "Fødselsnr", "9(11)", FNR, True),
    _felt(3, "skolear", "Skoleår", "9(8)", SKOLEAR, True),
    _felt(4, "skolenr", "Skolenr", "9(5)", SIFFER, True),
    _felt(5, "programomrade", "Programområdekode", "x(10)", KODE, True, monster=PROGRAMOMRADE),
)
NOKKELFELT = tuple(f.navn for f in _NOKKEL)

TOF_FELTER = (
    _felt(2, "versjon", "Versjonsnr", "x(7)", TEKST, True),
    _felt(3, "fildato", "Fildato", "9(8)", DATO),
    _felt(4, "melding", "Melding", "x(80)", TEKST),
    _felt(5, "fylkesnr", "Fylkesnummer", "9(2)", SIFFER, True, koder=FYLKESNUMRE),
    _felt(6, "skolenr", "Skolenummer", "9(5)", SIFFER),
    _felt(7, "avgiver_id", "Avgiver-ID", "x(80)", TEKST),
)

EL_FELTER = (
    _felt(2, "fodselsnr", "Fødselsnr", "9(11)", FNR, True),
    _felt(3, "navn", "Elevnavn", "x(100)", TEKST),
    _felt(4, "gateadresse", "Gateadresse (bosted)", "x(60)", TEKST),
    _felt(5, "postnr", "Postnr (bosted)", "9(4)", SIFFER),
    _felt(6, "kommunenr", "Kommunenr (bosted)", "9(4)", SIFFER),
    _felt(7, "ubrukt_7", "(ikke i bruk)", "", UBRUKT),
    _felt(8, "morsmal", "Morsmålskode", "x(3)", KODE, monster=KODE_STORE),
    _felt(9, "fritekst", "Fritekstfelt", "x(60)", TEKST),
)

EK_FELTER = _NOKKEL + (
    _felt(6, "klasse", "Klassekode", "x(40)", TEKST),
    _felt(7, "startdato", "Startdato", "9(8)", DATO, True, advar_blank=True),
    _felt(8, "avbruddsdato", "Avbruddsdato", "9(8)", DATO),
    _felt(9, "avbruddsarsak", "Avbruddsårsak", "x(8)", KODE, monster=KODE_STORE),
    _felt(10, "deltid", "Deltidselev?", "x(1)", JN),
    _felt(11, "bevistype", "Bevistype", "x(2)", KODE, koder=BEVISTYPE),
    _felt(12, "fullfortkode", "Fullførtkode", "x(1)", KODE, koder=FULLFORTKODE),
    _felt(13, "fravaer_dager", "Antall dager fravær", "9(3)", TALL),
    _felt(14, "fravaer_timer", "Antall timer fravær", "9(4)", TALL),
    _felt(15, "ordenskarakter", "Ordenskarakter", "x(2)", KODE, koder=ORDEN_OPPFORSEL),
    _felt(16, "oppforselskarakter", "Oppførselskarakter", "x(2)", KODE, koder=ORDEN_OPPFORSEL),
    _felt(17, "rettstype", "Rettstype – importert", "x(1)", KODE, koder=RETTSTYPE),
    _felt(18, "voksen", "Voksen i opplæringstilbud tilpasset voksne?", "x(1)", JN),
    _felt(19, "malform", "Målform (norsk hovedmål)", "x(1)", KODE, koder=MALFORM),
    _felt(20, "fritekst", "Fritekstfelt", "x(60)", TEKST),
    _felt(21, "fravaer_dager_totalt", "Antall dager fravær totalt", "9(3)", TALL),
    _felt(22, "saerskilt_sprak", "Vedtak om særskilt språkopplæring", "x(1)", JN),
    _felt(23, "fravaer_timer_totalt", "Antall timer fravær totalt", "9(4)", TALL),
    _felt(24, "rett_pabygging", "Rett til påbygging", "x(1)", JN),
)

KL_FELTER = _NOKKEL + (
    _felt(6, "fagkode", "Fagkode", "x(7)", KODE, True, monster=FAGKODE),
    _felt(7, "karakter_t1", "Karakter termin 1", "x(2)", KODE, koder=KARAKTERER),
    _felt(8, "karakter_t2", "Karakter termin 2", "x(2)", KODE, koder=KARAKTERER),
    _felt(9, "karakter_standpunkt", "Karakter standpunkt", "x(2)", KODE, koder=KARAKTERER),
    _felt(10, "karakter_skriftlig", "Karakter skriftlig eksamen", "x(2)", KODE, koder=KARAKTERER),
    _felt(11, "karakter_muntlig", "Karakter muntlig eksamen", "x(2)", KODE, koder=KARAKTERER),
    _felt(12, "karakter_annen", "Karakter annen eksamen", "x(2)", KODE, koder=KARAKTERER),
    _felt(13, "eksamensform", "Eksamensform", "x(2)", KODE, monster=KODE_STORE),
    _felt(14, "skolenr2", "Skolenr 2", "9(5)", SIFFER),
    _felt(15, "skolear2", "Skoleår 2", "9(8)", SKOLEAR),
    _felt(16, "fagstatus", "Fagstatus", "x(1)", KODE, koder=FAGSTATUS),
    _felt(17, "startdato", "Startdato", "9(8)", DATO),
    _felt(18, "avbruddsdato", "Avbruddsdato", "9(8)", DATO),
    _felt(19, "elevtimer", "Elevtimer", "9(4)", TALL),
    _felt(20, "termin", "Termin", "x(1)", KODE, koder=TERMIN),
    _felt(21, "fagmerknad", "Fagmerknad – kode", "x(5)", KODE, monster=KODE_STORE),
    _felt(22, "fagmerknad_parameter", "Fagmerknad – parameter", "x(40)", TEKST),
    _felt(23, "karakterstatus", "Karakterstatus", "x(1)", KODE, koder=KARAKTERSTATUS),
    _felt(24, "fritekst", "Fritekstfelt", "x(60)", TEKST),
    _felt(25, "realkompetanse_dato", "Realkompetansevurdert dato", "9(8)", DATO),
)

VM_FELTER = _NOKKEL + (
    _felt(6, "merknad", "Vitnemålsmerknad – kode", "x(5)", KODE, True, monster=KODE_STORE),
    _felt(7, "parameter1", "Vitnemålsmerknad – parameter 1", "x(255)", TEKST),
    _felt(8, "parameter2", "Vitnemålsmerknad – parameter 2", "x(255)", TEKST),
)


def _klasse(navn: str, felter: tuple[Felt, ...]):
    """En NamedTuple-klasse med ``linje`` (linjenummeret i filen, 0 når posten ikke er lest) og verdifeltene."""
    klasse = namedtuple(navn, ["linje"] + [f.navn for f in felter if f.type != UBRUKT])  # noqa: PYI024
    klasse.__module__ = __name__
    return klasse


Tof = _klasse("Tof", TOF_FELTER)
Elev = _klasse("Elev", EL_FELTER)
Elevkurs = _klasse("Elevkurs", EK_FELTER)
Kompetansebevislinje = _klasse("Kompetansebevislinje", KL_FELTER)
Vitnemalsmerknad = _klasse("Vitnemalsmerknad", VM_FELTER)

Post = Any
"""En av :class:`Tof`, :class:`Elev`, :class:`Elevkurs`, :class:`Kompetansebevislinje`, :class:`Vitnemalsmerknad`."""

POSTTYPER: dict[str, Posttype] = {
    "TOF": Posttype("TOF", "startpost", TOF_FELTER, Tof),
    "$EL": Posttype("$EL", "elev", EL_FELTER, Elev),
    "$EK": Posttype("$EK", "elevkurs", EK_FELTER, Elevkurs),
    "$KL": Posttype("$KL", "kompetansebevislinje", KL_FELTER, Kompetansebevislinje),
    "$VM": Posttype("$VM", "vitnemålsmerknad", VM_FELTER, Vitnemalsmerknad),
}
"""Posttypene i filens rekkefølge, etter linjeidentifikator."""

POSTTYPE_FOR_KLASSE = {p.klasse: p for p in POSTTYPER.values()}
