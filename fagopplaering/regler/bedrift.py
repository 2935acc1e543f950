"""Rules of the company register (docs/fagopplaering/bedrift.md), framework-free.

* The approval's states as a declared transition table: an approval is given (``godkjent``) and may be withdrawn
  (``trukket``); a withdrawn approval is never given back – the county makes a new approval (a new vedtak), so the
  history of what was approved when stays (forskrift til opplæringslova 2006 § 11-1, ol-2023 kapittel 7; docs/fagopplaering/domene.md §1.2).
* ``gyldig_pa``: whether an approval covered a date, also after it was withdrawn (contracts signed before the
  withdrawal were made with an approved company).
* ``kan_bli_medlem``: a medlemsbedrift must itself be approved in the county in at least one lærefag
  (docs/fagopplaering/domene.md §1.2 «every medlemsbedrift must still be approved»).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

DOK = "docs/fagopplaering/bedrift.md"

GODKJENT = "godkjent"
TRUKKET = "trukket"

NAVN = {GODKJENT: "godkjent", TRUKKET: "trukket tilbake"}

OVERGANGER: dict[str, set[str]] = {
    GODKJENT: {TRUKKET},
    TRUKKET: set(),
}


class UlovligOvergang(ValueError):
    """Raised by ``krev_overgang``; the message is Norwegian and shown to the caseworker."""


def kan_ga(fra: str, til: str) -> bool:
    return til in OVERGANGER.get(fra, set())


def krev_overgang(fra: str, til: str) -> None:
    if not kan_ga(fra, til):
        raise UlovligOvergang(
            f"En godkjenning som er {NAVN.get(fra, fra)}, kan ikke bli {NAVN.get(til, til)}. "
            f"En godkjenning som er trukket tilbake, gis ikke tilbake: registrer en ny godkjenning ({DOK})."
        )


@dataclass(frozen=True)
class Resultat:
    ok: bool
    forklaring: list[str] = field(default_factory=list)


def gyldig_pa(
    *,
    status: str,
    godkjent_fra: datetime.date,
    godkjent_til: datetime.date | None,
    trukket_dato: datetime.date | None,
    dato: datetime.date,
) -> bool:
    """Whether the approval covered ``dato``: from ``godkjent_fra`` to ``godkjent_til`` (open end when empty), and
    for a withdrawn approval only before the day it was withdrawn."""
    if dato < godkjent_fra or (godkjent_til is not None and dato > godkjent_til):
        return False
    if status == GODKJENT:
        return True
    return status == TRUKKET and trukket_dato is not None and dato < trukket_dato


def kontroller_periode(godkjent_fra: datetime.date, godkjent_til: datetime.date | None) -> Resultat:
    if godkjent_til is not None and godkjent_til < godkjent_fra:
        return Resultat(False, [f"«Godkjent til» kan ikke være før «godkjent fra» ({DOK})."])
    return Resultat(True, [])


def kan_bli_medlem(*, antall_gyldige_godkjenninger: int, fylkesnavn: str, dato: datetime.date) -> Resultat:
    """A medlemsbedrift must be approved in the county in at least one lærefag on the day it joins."""
    if antall_gyldige_godkjenninger > 0:
        return Resultat(True, [f"Bedriften er godkjent i {fylkesnavn} i {antall_gyldige_godkjenninger} lærefag "
                               f"per {dato:%d.%m.%Y}."])  # fmt: skip
    return Resultat(
        False,
        [
            f"Bedriften har ingen gyldig godkjenning i {fylkesnavn} per {dato:%d.%m.%Y}. En medlemsbedrift i et "
            f"opplæringskontor må selv være godkjent som lærebedrift i minst ett lærefag (docs/fagopplaering/domene.md §1.2, "
            f"forskrift til opplæringslova 2006 kapittel 11; {DOK}). Godkjenn bedriften først."
        ],
    )
