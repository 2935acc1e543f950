"""Avbruddskaskaden (Regbok B04) og fullførtkode ved skoleslutt (Regbok B21), som rene funksjoner
(docs/elev.md §4).

B04 (2024): avbruddsdato på programområdet gir samme dato på alle fag, fagstatus ``S``, elevstatus ``S`` og
fullførtkode ``S`` – unntatt fag som allerede har karakter for termin 2 (H2), standpunkt eller eksamen. Funksjonen
endrer ingenting; den gir de nye verdiene tilbake, så kalleren (en tjeneste med databasen) kan lagre dem og logge
forklaringen.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .kilde import linje

__all__ = [
    "FULLFORTKODER",
    "Avbrudd",
    "Elevfag",
    "Ugyldig",
    "avbryt",
    "fullfortkode_ved_skoleslutt",
]

SLUTTET = "S"
BLANK_FRA_SAS = "X"
FULLFORTKODER: dict[str, str] = {
    "B": "Fullført og bestått",
    "I": "Fullført og ikke bestått",
    "M": "Ikke fullført, mangler grunnlag for vurdering",
    "A": "Opplæring mot grunnkompetanse (IOP / IV + FAM05)",
    "H": "Holder fortsatt på med opplæringen eller er deltidselev",
    "L": "L (godtas av importen; betydningen er ikke verifisert)",
    "K": "K (godtas av importen; betydningen er ikke verifisert)",
    "S": "Sluttet/avbrutt",
    "X": "Blank fra SAS",
}
"""Fullførtkodene (B21) slik VIGO-importen godtar dem, pluss X for blank (docs/elev.md §4.3)."""
GRUNNSKOLE_FULLFORTKODER = ("B", "S")


class Ugyldig(ValueError):
    """Inndata som reglene ikke godtar (norsk melding)."""


@dataclass(frozen=True)
class Elevfag:
    """Én kompetansebevislinje. Karakterfeltene er karakteren som tekst, eller ``None``/tom når den mangler."""

    fagkode: str
    fagstatus: str = "E"
    startdato: datetime.date | None = None
    avbruddsdato: datetime.date | None = None
    h1: str | None = None
    h2: str | None = None
    standpunkt: str | None = None
    skriftlig: str | None = None
    muntlig: str | None = None
    annen: str | None = None

    def vurdert(self) -> str | None:
        """Navnet på den første karakteren som gjør faget urørlig ved avbrudd, eller ``None``."""
        for navn, verdi in (
            ("H2", self.h2), ("standpunkt", self.standpunkt), ("skriftlig eksamen", self.skriftlig),
            ("muntlig eksamen", self.muntlig), ("annen eksamen", self.annen),
        ):  # fmt: skip
            if verdi not in (None, ""):
                return navn
        return None


@dataclass(frozen=True)
class Avbrudd:
    """Resultatet av kaskaden: nye verdier for elevkurset og alle fag (urørte fag er med uendret)."""

    elevstatus: str
    fullfortkode: str
    avbruddsdato: datetime.date
    fag: tuple[Elevfag, ...]
    endret: tuple[str, ...]
    urort: tuple[str, ...]
    forklaring: list[str]


def _dato(d: datetime.date) -> str:
    return d.strftime("%d.%m.%Y")


def avbryt(
    avbruddsdato: datetime.date,
    fag: Sequence[Elevfag],
    forste_skoledag: datetime.date | None = None,
) -> Avbrudd:
    """Avbruddsdato på programområdet (B04): nye fagstatuser og datoer, elevstatus S og fullførtkode S.

    Fag med H2, standpunkt- eller eksamenskarakter røres ikke. Et fag som allerede er sluttet (``S``) med en
    tidligere avbruddsdato, beholder sin egen dato. Avbruddsdato før første skoledag avvises.
    """
    if forste_skoledag is not None and avbruddsdato < forste_skoledag:
        raise Ugyldig(
            f"Avbruddsdato {_dato(avbruddsdato)} er før første skoledag {_dato(forste_skoledag)}; "
            "ingen fag kan ha avbruddsdato før første skoledag."
        )
    forklaring = [
        linje(
            f"Avbruddsdato {_dato(avbruddsdato)} på programområdet: samme dato og fagstatus S på fagene, "
            "elevstatus S og fullførtkode S.",
            "4.1",
        )
    ]
    nye: list[Elevfag] = []
    endret: list[str] = []
    urort: list[str] = []
    for f in fag:
        vurdert = f.vurdert()
        if vurdert:
            forklaring.append(linje(f"{f.fagkode}: har {vurdert}-karakter og røres ikke.", "4.1"))
            nye.append(f)
            urort.append(f.fagkode)
            continue
        if f.fagstatus == SLUTTET and f.avbruddsdato is not None and f.avbruddsdato <= avbruddsdato:
            forklaring.append(
                linje(f"{f.fagkode}: sluttet allerede {_dato(f.avbruddsdato)} og beholder den datoen.", "4.2")
            )
            nye.append(f)
            urort.append(f.fagkode)
            continue
        nye.append(replace(f, fagstatus=SLUTTET, avbruddsdato=avbruddsdato))
        endret.append(f.fagkode)
        forklaring.append(
            linje(
                f"{f.fagkode}: fagstatus {f.fagstatus} → S, avbruddsdato {_dato(avbruddsdato)}.",
                "4.1",
            )
        )
    forklaring.append(linje("Elevstatus S og fullførtkode S settes på elevkurset.", "4.1"))
    return Avbrudd(
        elevstatus=SLUTTET,
        fullfortkode=SLUTTET,
        avbruddsdato=avbruddsdato,
        fag=tuple(nye),
        endret=tuple(endret),
        urort=tuple(urort),
        forklaring=forklaring,
    )


def fullfortkode_ved_skoleslutt(
    fra_sas: str | None,
    *,
    grunnskole: bool = False,
    avbrutt: bool = False,
) -> tuple[str, list[str]]:
    """Fullførtkoden som lagres ved skoleslutt: blank fra SAS blir ``X``; ukjente koder avvises.

    ``avbrutt``: elevkurset har avbruddsdato, og kaskaden har allerede gitt ``S``, som beholdes.
    """
    kode = (fra_sas or "").strip().upper()
    if avbrutt:
        if kode not in ("", SLUTTET):
            return SLUTTET, [
                linje(
                    f"Elevkurset er avbrutt; fullførtkode S fra avbruddet beholdes (SAS sendte «{kode}»).",
                    "4.3",
                )
            ]
        return SLUTTET, [linje("Elevkurset er avbrutt; fullførtkode S fra avbruddet beholdes.", "4.3")]
    if not kode:
        return BLANK_FRA_SAS, [linje("Fullførtkode er blank fra SAS og lagres som X.", "4.3")]
    if kode == BLANK_FRA_SAS or kode not in FULLFORTKODER:
        raise Ugyldig(f"Ukjent fullførtkode «{kode}» (gyldige: B, I, M, A, H, L, K, S eller blank).")
    if grunnskole and kode not in GRUNNSKOLE_FULLFORTKODER:
        raise Ugyldig(f"Grunnskoler kan bare sende fullførtkode B eller S, ikke «{kode}».")
    return kode, [linje(f"Fullførtkode {kode} ({FULLFORTKODER[kode]}) fra SAS ved skoleslutt.", "4.3")]
