"""Fiktive fødselsnumre (VIGO-konvensjon) gjenkjennes før kontrollsifrene sjekkes (docs/elev.md §6).

Hvorfor egen modul: ``vigo.fodselsnummer`` validerer F- og D-nummer (og Test Norge-numre) med python-stdnum, men
kjenner ikke VIGOs fiktive numre, og den bruker Django-innstillinger. Et fiktivt nummer feiler mod-11-kontrollen
(begge de publiserte eksemplene gjør det), så det må kjennes igjen på mønsteret først. Denne modulen er
rammeverksfri og bruker python-stdnum direkte for de vanlige numrene; i Django kan ``vigo.fodselsnummer`` fortsatt
brukes for numre som ikke er fiktive.

Mønster: DDMMÅÅ med dag + 40 (som et D-nummer), så løpenummer ``99`` (eller ``98``, ``97`` … når 99 er tatt),
et kjønnssiffer (partall = jente) og fylkesnummeret med to sifre.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumFeil
from stdnum.no import fodselsnummer as stdnum_fnr

from .kilde import linje

__all__ = ["Fnrtype", "Klassifisering", "er_fiktivt", "klassifiser"]

Fnrtype = Literal["F", "D", "H", "fiktivt", "ugyldig"]
LAVESTE_LOPENUMMER = 90
"""Laveste løpenummer som leses som fiktivt («99, 98, 97 …»; hvor langt ned er ikke oppgitt) (docs/elev.md §6)."""
FYLKESNUMRE = frozenset(
    [f"{n:02d}" for n in range(1, 21)] + ["30", "31", "32", "33", "34", "38", "39", "40", "42", "46", "50", "54",
                                          "55", "56"]
)  # fmt: skip
"""Fylkesnumre, gamle og nye, som kan stå til slutt i et fiktivt nummer (docs/elev.md §6)."""
_MELDINGER: tuple[tuple[type[StdnumFeil], str], ...] = (
    (InvalidLength, "Fødselsnummer må ha 11 siffer."),
    (InvalidFormat, "Fødselsnummer kan bare inneholde siffer."),
    (InvalidChecksum, "Fødselsnummeret har feil kontrollsiffer."),
    (InvalidComponent, "Fødselsnummeret inneholder ikke en gyldig fødselsdato."),
)


@dataclass(frozen=True)
class Klassifisering:
    nummer: str
    type: Fnrtype
    fodselsdato: datetime.date | None
    kjonn: str | None  # «K» eller «M»
    fylkesnummer: str | None  # bare for fiktive numre
    advarsel: str | None
    forklaring: list[str]


def fodselsdato(dag: int, maned: int, ar2: int, individ: int) -> datetime.date:
    """The birth date from day, month, two-digit year and individnummer (the century rule); ValueError if none."""
    if individ < 500:
        ar = 1900 + ar2
    elif individ < 750 and ar2 >= 54:
        ar = 1800 + ar2
    elif ar2 < 40:
        ar = 2000 + ar2
    elif individ >= 900:
        ar = 1900 + ar2
    else:
        raise ValueError("ugyldig individnummer")
    return datetime.date(ar, maned, dag)


def _fiktiv_dato(nummer: str) -> datetime.date | None:
    if len(nummer) != 11 or not nummer.isdigit():
        return None
    dag, maned, ar2 = int(nummer[0:2]) - 40, int(nummer[2:4]), int(nummer[4:6])
    lopenummer = int(nummer[6:8])
    if not 1 <= dag <= 31 or not LAVESTE_LOPENUMMER <= lopenummer <= 99 or nummer[9:11] not in FYLKESNUMRE:
        return None
    try:
        return fodselsdato(dag, maned, ar2, int(nummer[6:9]))
    except ValueError:
        return None


def er_fiktivt(nummer: str) -> bool:
    """Om nummeret følger VIGOs mønster for fiktive fødselsnumre."""
    return _fiktiv_dato((nummer or "").replace(" ", "")) is not None


def klassifiser(nummer: str) -> Klassifisering:
    """F-nummer, D-nummer, H-nummer, fiktivt eller ugyldig – fiktivt prøves før kontrollsifrene."""
    nummer = (nummer or "").replace(" ", "")
    dato = _fiktiv_dato(nummer)
    if dato is not None:
        kjonn = "K" if int(nummer[8]) % 2 == 0 else "M"
        fylke = nummer[9:11]
        forklaring = [
            linje(
                f"Fiktivt fødselsnummer: dag + 40, løpenummer {nummer[6:8]}, "
                f"{'jente' if kjonn == 'K' else 'gutt'}, fylke {fylke}, født {dato.strftime('%d.%m.%Y')}.",
                "6",
            )
        ]
        if stdnum_fnr.is_valid(nummer):
            forklaring.append(linje("Nummeret har også gyldige kontrollsifre som D-nummer.", "6"))
        advarsel = "Fødselsnummeret er fiktivt; vitnemål sendes ikke til NVB."
        forklaring.append(linje(advarsel, "6"))
        return Klassifisering(nummer, "fiktivt", dato, kjonn, fylke, advarsel, forklaring)
    try:
        stdnum_fnr.validate(nummer)
    except StdnumFeil as feil:
        melding = next((m for klasse, m in _MELDINGER if isinstance(feil, klasse)), "Ugyldig fødselsnummer.")
        return Klassifisering(nummer, "ugyldig", None, None, None, None, [linje(melding, "6")])
    fodt = stdnum_fnr.get_birth_date(nummer)
    kjonn = "K" if stdnum_fnr.get_gender(nummer) == "F" else "M"
    type_: Fnrtype = "D" if int(nummer[0]) >= 4 else "H" if int(nummer[2]) >= 4 else "F"
    navn = {"F": "fødselsnummer", "D": "D-nummer", "H": "H-nummer"}[type_]
    tekst = f"Gyldig {navn} (kontrollsifre i orden), født {fodt.strftime('%d.%m.%Y')}."
    return Klassifisering(nummer, type_, fodt, kjonn, None, None, [linje(tekst, "6")])
