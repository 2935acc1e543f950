"""Priority in the intake of adults: opplæringsforskrifta 2024 (FOR-2024-06-03-900) kapittel 13, § 13-4.

Framework-free, like :mod:`inntak.motor.prioritet_2024`. The rules and the readings chosen are in
docs/regler.md §9 («Inntak av voksne (kapittel 13)").

Adults apply all year round with up to three sluttkompetanser in priority order (§ 13-3). The county «kan ikkje ha
ventelister»: a place is offered as soon as one is free, in this order (§ 13-4):

== ========================================================= ==========================================
 1 rett etter opplæringslova § 18-3 eller § 18-6             § 13-4 bokstav a
 2 yrkesfaglig rekvalifisering, opplæringslova § 18-4         § 13-4 bokstav b
 3 påbygging til generell studiekompetanse, § 18-7            § 13-4 bokstav c
 4 søkere uten rett                                          § 13-4 (etter bokstav a–c)
== ========================================================= ==========================================

Inside a group § 13-4 says nothing. The reading here (named ``TIDSPUNKT_KOMPLETT``, local practice as Rogaland
§ 31): the applicant whose complete application was received first goes first. Two applications complete at the
very same instant are ordered by the caller's id (the søknad number: registered first), which the explanation says.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "GRUPPER_VOKSEN",
    "HJEMLER",
    "TIDSPUNKT_KOMPLETT",
    "Prioritet",
    "SokerVoksen",
    "gruppe_for_hjemmel",
    "ordne_voksne",
    "prioritet_voksen",
]

TIDSPUNKT_KOMPLETT = "tidspunkt_komplett_soknad"
"""The named reading for ties inside a § 13-4 group: time the complete application was received."""

HJEMLER = ("18-3", "18-6", "18-4", "18-7", "")
"""The accepted values of ``hjemmel``: the section of opplæringslova the adult's right rests on; "" = no right."""

GRUPPER_VOKSEN: dict[int, str] = {
    1: "rett etter opplæringslova § 18-3 eller § 18-6",
    2: "yrkesfaglig rekvalifisering (opplæringslova § 18-4)",
    3: "påbygging til generell studiekompetanse (opplæringslova § 18-7)",
    4: "uten rett",
}
_BOKSTAV = {
    1: "§ 13-4 bokstav a",
    2: "§ 13-4 bokstav b",
    3: "§ 13-4 bokstav c",
    4: "§ 13-4, etter bokstav a–c",
}
_GRUPPE = {"18-3": 1, "18-6": 1, "18-4": 2, "18-7": 3, "": 4}
_MANEDER = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
    "desember",
)  # fmt: skip


@dataclass(frozen=True)
class Prioritet:
    gruppe: int
    forklaring: tuple[str, ...]


@dataclass(frozen=True)
class SokerVoksen:
    """What § 13-4 needs to know about one adult applicant. ``komplett`` None: the application is not complete."""

    id: str
    hjemmel: str
    komplett: datetime.datetime | None


def gruppe_for_hjemmel(hjemmel: str | None) -> int:
    """1–4 for a hjemmel in :data:`HJEMLER`; raises ValueError (Norwegian) otherwise."""
    verdi = hjemmel or ""
    if verdi not in _GRUPPE:
        raise ValueError(
            f"Ukjent hjemmel «{verdi}» (forventet 18-3, 18-6, 18-4, 18-7 eller tom for uten rett; "
            "opplæringsforskrifta § 13-4)."
        )
    return _GRUPPE[verdi]


def tidspunkt_tekst(tidspunkt: datetime.datetime) -> str:
    """«3. februar 2026 kl. 10.15» (the caller gives local time)."""
    return f"{tidspunkt.day}. {_MANEDER[tidspunkt.month - 1]} {tidspunkt.year} kl. {tidspunkt:%H.%M}"


def prioritet_voksen(hjemmel: str | None, komplett_tidspunkt: datetime.datetime | None) -> Prioritet:
    """Group (1–4) and the Norwegian explanation lines, each citing § 13-4 and the section of the act."""
    gruppe = gruppe_for_hjemmel(hjemmel)
    bokstav = _BOKSTAV[gruppe]
    linjer = [
        f"Gruppe {gruppe}: {GRUPPER_VOKSEN[gruppe]} – opplæringsforskrifta {bokstav}.",
        "Inntak av voksne etter opplæringsforskrifta kapittel 13: løpende inntak uten ventelister (§ 13-3); "
        "rekkefølgen er § 13-4 bokstav a–c og deretter søkere uten rett (docs/regler.md §9).",
    ]
    if gruppe == 4:
        linjer.append(
            "Ingen rett etter opplæringslova §§ 18-3, 18-4, 18-6 eller 18-7: søkeren får plass etter alle søkere "
            "med rett (§ 13-4), når det er ledig plass."
        )
    else:
        linjer.append(f"Grunnlag: opplæringslova § {hjemmel}; det gir gruppe {gruppe} etter {bokstav}.")
    if komplett_tidspunkt is None:
        linjer.append(
            "Søknaden er ikke komplett: den er ikke med i inntaket før den er komplett, og rekkefølgen innen "
            "gruppen regnes fra da (§ 13-4, lesemåte tidspunkt for komplett søknad)."
        )
    else:
        linjer.append(
            f"Komplett søknad mottatt {tidspunkt_tekst(komplett_tidspunkt)}. Innen samme gruppe går den som kom "
            "først med komplett søknad foran: § 13-4 sier ikke hvordan søkere i samme gruppe ordnes, og vi har "
            f"valgt lesemåten «tidspunkt for komplett søknad» ({TIDSPUNKT_KOMPLETT}), som Rogaland "
            "fylkeskommunes forskrift § 31 (docs/regler.md §9)."
        )
    return Prioritet(gruppe, tuple(linjer))


def _nokkel(s: SokerVoksen) -> tuple:
    ufullstendig = s.komplett is None
    tid = s.komplett.timestamp() if s.komplett is not None else 0.0
    return (ufullstendig, gruppe_for_hjemmel(s.hjemmel), tid, _id_nokkel(s.id))


def _id_nokkel(sid: str) -> tuple:
    """Numeric ids in numeric order (søknad 9 before søknad 10), others as text after them."""
    return (0, int(sid), "") if sid.isdigit() else (1, 0, sid)


def ordne_voksne(sokere: Iterable[SokerVoksen]) -> list[tuple[SokerVoksen, Prioritet]]:
    """The applicants in § 13-4 order with each one's priority: group, then time of the complete application,
    then id. Incomplete applications (``komplett`` None) come last; the intake leaves them out."""
    rader = sorted(sokere, key=_nokkel)
    ut: list[tuple[SokerVoksen, Prioritet]] = []
    tider: dict[tuple[int, float], int] = {}
    for s in rader:
        if s.komplett is not None:
            k = (gruppe_for_hjemmel(s.hjemmel), s.komplett.timestamp())
            tider[k] = tider.get(k, 0) + 1
    for plass, s in enumerate(rader, start=1):
        p = prioritet_voksen(s.hjemmel, s.komplett)
        linjer = list(p.forklaring)
        if s.komplett is not None and tider[(p.gruppe, s.komplett.timestamp())] > 1:
            linjer.append(
                "Komplett på nøyaktig samme tidspunkt som en annen søker i gruppen: ordnet etter søknadsnummer "
                "(registrert først går foran; § 13-4 og lesemåten sier ikke mer, docs/regler.md §9)."
            )
        linjer.append(f"Plass {plass} i rekkefølgen etter § 13-4.")
        ut.append((s, Prioritet(p.gruppe, tuple(linjer))))
    return ut


def gruppenavn_voksen(gruppe: int) -> str:
    return GRUPPER_VOKSEN[gruppe]


def fordel(
    rekkefolge: Sequence[tuple[str, Sequence[tuple[int, int]]]], ledige: dict[int, int]
) -> tuple[list[tuple[str, int, int]], list[tuple[str, str]]]:
    """Give each applicant (in § 13-4 order, with its wishes as (wish number, tilbud id) in wish order) the highest wish
    that still has a free place; nobody is put on a waitlist (§ 13-3). ``ledige`` (tilbud id → free places) is
    updated. Returns (placements as (id, tilbud id, wish number), waiting as (id, reason)) where reason is
    ``"fullt"`` (every wished tilbud is full) or ``"ingen_onsker"`` (no wish to an adult tilbud)."""
    tildelt: list[tuple[str, int, int]] = []
    venter: list[tuple[str, str]] = []
    for sid, onsker in rekkefolge:
        if not onsker:
            venter.append((sid, "ingen_onsker"))
            continue
        for nr, tid in onsker:
            if ledige.get(tid, 0) > 0:
                ledige[tid] -= 1
                tildelt.append((sid, tid, nr))
                break
        else:
            venter.append((sid, "fullt"))
    return tildelt, venter
