"""Datotolking, årsplassering og flytting av årshjulet til neste skoleår.

Dokumentene skriver datoer uten år («18.jun», «uke 40», «En gang pr. måned etter
1.sept»); året utledes av hjulets måneder (fra månedsoverskriftene) og radenes
rekkefølge. Flytteregelen for neste skoleår er dokumentert i ``flytt_til_neste_ar``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kodeverk.virkedager import er_virkedag, helligdag, neste_virkedag

from .modell import Datotype, Hendelse, Hendelsestype, Tidspunkt

MANEDSNAVN = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
UKEDAGER = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MANED_FORKORTELSER = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "mai": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "des": 12,
}
_KORT = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")

_MND = r"(?:jan|feb|mar|apr|mai|jun|jul|aug|sept?|okt|nov|des)"
DATO_START_RE = re.compile(rf"^\d{{1,2}}\.{_MND}\b")
UKE_START_RE = re.compile(r"^[Uu]ke\s+\d{1,2}\b")
GJENTAKENDE_START_RE = re.compile(r"^En gang\b")
MANEDSOVERSKRIFT_RE = re.compile(r"^(?P<navn>[A-ZÆØÅ][a-zæøå]+)\s+(?P<ar>\d{4})$")

_PERIODE_RE = re.compile(rf"(?P<d1>\d{{1,2}})\.(?P<m1>{_MND})\s+til\s+(?P<d2>\d{{1,2}})\.(?P<m2>{_MND})\b")
_DATO_RE = re.compile(rf"(?P<d1>\d{{1,2}})\.(?P<m1>{_MND})\b")
_UKE_RE = re.compile(r"[Uu]ke\s+(?P<u1>\d{1,2})(?:\s*/\s*(?P<u2>\d{1,2}))?\b")
_GJENTAKENDE_RE = re.compile(
    rf"En\s+gang\s+pr\.\s*måned\s+etter\s+(?P<d1>\d{{1,2}})\.\s*(?P<m1>{_MND})\w*\.?", re.IGNORECASE
)


@dataclass(frozen=True)
class Datouttrykk:
    """Et datouttrykk fra kilden før året er kjent."""

    type: Datotype
    tekst: str
    slutt: int
    dag: int = 0
    maned: int = 0
    dag2: int = 0
    maned2: int = 0
    uker: tuple[int, ...] = ()


def tolk_datouttrykk(tekst: str) -> Datouttrykk | None:
    """Tolker datouttrykket i starten av ``tekst`` (kan gå over flere linjer i PDF-teksten)."""
    if m := _GJENTAKENDE_RE.match(tekst):
        return Datouttrykk(
            Datotype.GJENTAKENDE, _enkel(m.group()), m.end(), int(m["d1"]), MANED_FORKORTELSER[m["m1"]]
        )
    if m := _PERIODE_RE.match(tekst):
        return Datouttrykk(
            Datotype.PERIODE,
            _enkel(m.group()),
            m.end(),
            int(m["d1"]),
            MANED_FORKORTELSER[m["m1"]],
            int(m["d2"]),
            MANED_FORKORTELSER[m["m2"]],
        )
    if m := _DATO_RE.match(tekst):
        return Datouttrykk(Datotype.DATO, m.group(), m.end(), int(m["d1"]), MANED_FORKORTELSER[m["m1"]])
    if m := _UKE_RE.match(tekst):
        uker = (int(m["u1"]),) + ((int(m["u2"]),) if m["u2"] else ())
        return Datouttrykk(Datotype.UKE, _enkel(m.group()), m.end(), uker=uker)
    return None


def _enkel(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst).strip()


def tolk_manedsoverskrift(tekst: str) -> tuple[int, int] | None:
    """«August 2017» → (2017, 8); None om teksten ikke er en månedsoverskrift."""
    m = MANEDSOVERSKRIFT_RE.match(tekst.strip())
    if not m or m["navn"].lower() not in MANEDSNAVN:
        return None
    return int(m["ar"]), MANEDSNAVN.index(m["navn"].lower()) + 1


@dataclass(frozen=True)
class Arshjulsperiode:
    """Månedene hjulet dekker; brukes til å gi rader uten år riktig år."""

    forste: tuple[int, int]
    siste: tuple[int, int]

    @classmethod
    def fra_skolear(cls, skolear: str) -> Arshjulsperiode:
        """Reserve når dokumentet mangler månedsoverskrifter: juli–august året etter."""
        start = int(skolear[:4])
        return cls((start, 7), (start + 1, 8))

    def __str__(self) -> str:
        (a1, m1), (a2, m2) = self.forste, self.siste
        return f"{MANEDSNAVN[m1 - 1]} {a1}–{MANEDSNAVN[m2 - 1]} {a2}"

    def maneder(self) -> list[tuple[int, int]]:
        ar, mnd = self.forste
        ut = []
        while (ar, mnd) <= self.siste:
            ut.append((ar, mnd))
            ar, mnd = (ar + 1, 1) if mnd == 12 else (ar, mnd + 1)
        return ut

    def inneholder(self, ar_mnd: tuple[int, int]) -> bool:
        return self.forste <= ar_mnd <= self.siste

    def velg_ar(self, maned: int, markor: tuple[int, int]) -> int | None:
        """Entydig måned → dens år; tvetydig (juli/august i begge ender) → første ≥ markøren."""
        kandidater = [(a, m) for a, m in self.maneder() if m == maned]
        if len(kandidater) == 1:
            return kandidater[0][0]
        etter = [k for k in kandidater if k >= markor]
        return etter[0][0] if etter else None

    def velg_iso_ar(self, uke: int, markor: tuple[int, int]) -> int | None:
        """ISO-år der ukas mandag ligger i hjulet; tvetydig → første med mandag ≥ markøren."""
        kandidater = []
        for ar in range(self.forste[0] - 1, self.siste[0] + 2):
            try:
                mandag = date.fromisocalendar(ar, uke, 1)
            except ValueError:
                continue
            if self.inneholder((mandag.year, mandag.month)):
                kandidater.append((ar, (mandag.year, mandag.month)))
        if len(kandidater) == 1:
            return kandidater[0][0]
        etter = [ar for ar, am in kandidater if am >= markor]
        return etter[0] if etter else None


# --- virkedager -------------------------------------------------------------------------


# Working days live in kodeverk.virkedager (the intake's deadlines use them too); re-exported here.


def norsk_dato(d: date, med_ar: bool = True) -> str:
    """«1. mars 2025» – til merknader for saksbehandler."""
    tekst = f"{d.day}. {MANEDSNAVN[d.month - 1]}"
    return f"{tekst} {d.year}" if med_ar else tekst


def kort_dato(d: date) -> str:
    """Dokumentenes format «01.mar»."""
    return f"{d.day:02d}.{_KORT[d.month - 1]}"


def fridagsgrunn(d: date) -> str:
    """Hvorfor ``d`` ikke er virkedag, f.eks. «lørdag» eller «skjærtorsdag»."""
    navn = helligdag(d)
    ukedag = UKEDAGER[d.weekday()]
    if navn and not navn.startswith("Kristi"):  # «Kristi himmelfartsdag» beholder stor K
        navn = navn[0].lower() + navn[1:]
    if navn and d.weekday() >= 5:
        return f"{ukedag} og {navn}"
    return navn or ukedag


# --- flytting til neste skoleår ---------------------------------------------------------

FLYTTBARE_TYPER = frozenset(t for t in Hendelsestype if t is not Hendelsestype.FERIE)
"""Enkeltdatoer av disse typene flyttes fra lørdag/søndag/helligdag til neste virkedag.

Valg: alle enkeltdatoer i årshjulet er arbeidsoppgaver (frister, leveranser, første/siste
dato, kjøringer), og den alminnelige fristregelen (jf. forvaltningsloven § 30 og
domstolloven § 149) forlenger en frist som faller på fridag til neste virkedag – aldri
tidligere. Ferie (uker) flyttes ikke; perioder og gjentakende regler flyttes heller ikke,
men perioder som treffer fridager får en merknad til kontroll.
"""


def _samme_dag_neste_ar(d: date) -> tuple[date, str | None]:
    try:
        return d.replace(year=d.year + 1), None
    except ValueError:  # 29. februar
        ny = date(d.year + 1, 2, 28)
        return ny, f"{norsk_dato(d)} finnes ikke i {d.year + 1} – satt til {norsk_dato(ny)}"


def neste_skolear(skolear: str) -> str:
    """«2017-2018» → «2018-2019»."""
    start, slutt = (int(x) for x in skolear.split("-"))
    return f"{start + 1}-{slutt + 1}"


def flytt_til_neste_ar(hendelse: Hendelse) -> tuple[Hendelse, str | None]:
    """Kopierer hendelsen til neste skoleår; merknaden forklarer det som ble flyttet og hvorfor.

    Enkeltdato: samme dag og måned neste år, og – for ``FLYTTBARE_TYPER`` – videre til
    neste virkedag. Uke: samme ISO-ukenummer neste år. Periode: begge ender ett år
    frem. Gjentakende: startdatoen ett år frem, regelen (RRULE med COUNT) beholdes.
    """
    tid = hendelse.tid
    merknader: list[str] = []
    if tid.type is Datotype.DATO:
        ny, merknad = _samme_dag_neste_ar(tid.start)
        merknader += [merknad] if merknad else []
        if hendelse.type in FLYTTBARE_TYPER and not er_virkedag(ny):
            flyttet = neste_virkedag(ny)
            merknader.append(
                f"{norsk_dato(ny)} er {fridagsgrunn(ny)} – flyttet til "
                f"{UKEDAGER[flyttet.weekday()]} {norsk_dato(flyttet, med_ar=flyttet.year != ny.year)}"
            )
            ny = flyttet
        ny_tid = Tidspunkt.dato(ny, kort_dato(ny))
    elif tid.type is Datotype.PERIODE:
        start, m1 = _samme_dag_neste_ar(tid.start)
        slutt, m2 = _samme_dag_neste_ar(tid.slutt)
        merknader += [m for m in (m1, m2) if m]
        fridager = [d for d in (start, slutt) if not er_virkedag(d)]
        if fridager:
            merknader.append(
                f"Perioden {norsk_dato(start)}–{norsk_dato(slutt)} starter eller slutter på fridag "
                f"({', '.join(f'{norsk_dato(d)}: {fridagsgrunn(d)}' for d in fridager)}) – ikke flyttet, bør kontrolleres"
            )
        ny_tid = Tidspunkt.periode(start, slutt, f"{kort_dato(start)} til {kort_dato(slutt)}")
    elif tid.type is Datotype.UKE:
        ar = tid.iso_ar + 1
        uker = []
        for uke in tid.uker:
            try:
                date.fromisocalendar(ar, uke, 1)
                uker.append(uke)
            except ValueError:
                uker.append(52)
                merknader.append(f"{ar} har ikke uke {uke} – satt til uke 52")
        ny_tid = Tidspunkt.uke(ar, tuple(uker), "Uke " + "/".join(str(u) for u in uker))
    else:
        start, merknad = _samme_dag_neste_ar(tid.start)
        merknader += [merknad] if merknad else []
        ny_tid = replace(tid, start=start, slutt=start)
    ny_hendelse = replace(hendelse, skolear=neste_skolear(hendelse.skolear), tid=ny_tid)
    return ny_hendelse, ("; ".join(merknader) or None)


def flytt_alle(hendelser: list[Hendelse]) -> list[tuple[Hendelse, str | None]]:
    """Kopierer et helt hjul; rekkefølgen beholdes."""
    return [flytt_til_neste_ar(h) for h in hendelser]
