"""Routines with a fixed order of jobs, from the årshjul texts.

The same routines are seeded into the database (``Rutine``/``RutineSteg``, migration 0002) so they can be shown
and reviewed; the order is enforced by the platform's registry (``vigo.jobber.rekkefolge``), which is filled from
this constant list at start-up (a DB query in ``AppConfig.ready`` is not allowed).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Steg:
    jobbkode: str  # "" for a manual step without a job
    beskrivelse: str


@dataclass(frozen=True)
class RutineDef:
    navn: str
    beskrivelse: str
    steg: tuple[Steg, ...]


RUTINER: tuple[RutineDef, ...] = (
    RutineDef(
        "Overføring av sluttet til OT",
        "Før overføring til OTTO må rapportene 5A018 - Utvid kvoter for rett og 5A019 - Oppdater rett "
        "(i denne rekkefølgen) kjøres i VIGO.",
        (
            Steg("5A018", "Utvid kvoter for rett"),
            Steg("5A019", "Oppdater rett"),
            Steg("6A015", "Utlasting til OT"),
        ),
    ),
    RutineDef(
        "Overføring fra søker til elev og videre til OT",
        "Viktig at følgende rekkefølge følges i fylkene: 1. Privatskolene kommer først til elevbildet. "
        "2. Så overføres søker til elev (retten fra søker følger med). 3. Så overføres OT-linjer. "
        "4. Logg de som fortsatt ligger uten rett.",
        (
            Steg("", "Privatskoledata er kommet inn i elevbildet (fra Udir/WIS via sentralbasen)"),
            Steg("5A001", "Oppdater elev fra søker"),
            Steg("6A015", "Utlasting til OT"),
            Steg("", "Logg de som fortsatt ligger uten rett"),
        ),
    ),
)


def par(rutiner=RUTINER) -> list[tuple[str, str]]:
    """(forgjenger, etterfolger) for consecutive job steps of each routine (manual steps are skipped)."""
    ut: list[tuple[str, str]] = []
    for rutine in rutiner:
        koder = [s.jobbkode for s in rutine.steg if s.jobbkode]
        for a, b in zip(koder, koder[1:], strict=False):
            if (a, b) not in ut:
                ut.append((a, b))
    return ut


def registrer() -> None:
    """Fill the platform's order registry (called from ArshjulConfig.ready).

    The routines in the database are plugged in as a predecessor source too, so an edited routine takes effect
    without a deploy.
    """
    from vigo.jobber import rekkefolge

    for forgjenger, etterfolger in par():
        rekkefolge.registrer_rekkefolge(forgjenger, etterfolger)
    from arshjul.selectors import forgjengere_fra_db

    rekkefolge.registrer_kilde(forgjengere_fra_db)
