"""Formidling til læreplass as a declared transition table (docs/fagopplaering/formidling.md; docs/fagopplaering/domene.md §2.3,
derived from §2.1 and Udir-2-2021 § 6A-6 / ol-2023 § 7-1 og § 5-6).

Framework-free: plain strings for the states (the values of ``Formidling.Status``), so the table can be read and
tested without Django. Services call :func:`krev_overgang` before every change of status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

DOK = "docs/fagopplaering/formidling.md"

SOKT = "sokt"
UKVALIFISERT = "ukvalifisert"
ANNET_FYLKE = "annet_fylke"
FORMIDLET = "formidlet"
INTERVJU = "intervju"
TILBUD = "tilbud"
AKSEPTERT = "akseptert"
AVSLATT = "avslatt"
IKKE_SVART = "ikke_svart"
KONTRAKT = "kontrakt"
INNTATT_ANNET = "inntatt_annet"
PASSIV = "passiv"
VG3_SKOLE = "vg3_skole"
TRUKKET = "trukket"

NAVN = {
    SOKT: "Søker til læreplass",
    UKVALIFISERT: "Ikke kvalifisert",
    ANNET_FYLKE: "Bosatt i annet fylke",
    FORMIDLET: "Formidlet til bedrift",
    INTERVJU: "Til intervju",
    TILBUD: "Tilbud om læreplass",
    AKSEPTERT: "Takket ja",
    AVSLATT: "Takket nei",
    IKKE_SVART: "Svarte ikke på tilbud",
    KONTRAKT: "Kontrakt opprettet",
    INNTATT_ANNET: "Tatt inn på annet ønske",
    PASSIV: "Passiv",
    VG3_SKOLE: "Tilbud om Vg3 i skole",
    TRUKKET: "Trukket",
}

# fra -> the states it may go to. Declining a læreplass the county formidlet, or not answering, ends the
# formidling for the year (no new offer, docs/fagopplaering/domene.md §2.1); a withdrawn formidling can be reopened.
OVERGANGER: dict[str, frozenset[str]] = {
    SOKT: frozenset({UKVALIFISERT, ANNET_FYLKE, FORMIDLET, INNTATT_ANNET, PASSIV, VG3_SKOLE, TRUKKET}),
    UKVALIFISERT: frozenset({SOKT, TRUKKET}),
    ANNET_FYLKE: frozenset({SOKT, TRUKKET}),
    FORMIDLET: frozenset({INTERVJU, TILBUD, SOKT, INNTATT_ANNET, PASSIV, VG3_SKOLE, TRUKKET}),
    INTERVJU: frozenset({TILBUD, FORMIDLET, SOKT, INNTATT_ANNET, PASSIV, VG3_SKOLE, TRUKKET}),
    TILBUD: frozenset({AKSEPTERT, AVSLATT, IKKE_SVART, FORMIDLET, SOKT, TRUKKET}),
    AKSEPTERT: frozenset({KONTRAKT, TRUKKET}),
    AVSLATT: frozenset(),
    IKKE_SVART: frozenset(),
    # A contract annulled before approval sends the applicant back to the list.
    KONTRAKT: frozenset({SOKT}),
    INNTATT_ANNET: frozenset({SOKT, TRUKKET}),
    PASSIV: frozenset({SOKT, TRUKKET}),
    # «Formidlingen kan fortsette» after the Vg3 offer (until about 1 November, docs/fagopplaering/domene.md §2.1).
    VG3_SKOLE: frozenset({FORMIDLET, TRUKKET}),
    TRUKKET: frozenset({SOKT}),
}

# The states a caseworker sets by hand (the others follow from offers, answers and contracts).
MANUELLE = frozenset({SOKT, UKVALIFISERT, ANNET_FYLKE, INNTATT_ANNET, PASSIV, IKKE_SVART, TRUKKET})

# Not placed: who is still looking for a læreplass in this fag.
IKKE_PLASSERT = frozenset({SOKT, FORMIDLET, INTERVJU})
# Placed in this fag (a læreplass accepted or a contract made).
PLASSERT = frozenset({AKSEPTERT, KONTRAKT})
# Out of the formidling for the year.
AVSLUTTET = frozenset({AVSLATT, IKKE_SVART, INNTATT_ANNET, PASSIV, TRUKKET, UKVALIFISERT, ANNET_FYLKE})

# Udir's status codes on the wish (docs/fagopplaering/domene.md §2.1, [F-SLIDE-VIGO]). Only these are known; the list is
# truncated in the source, so the other states carry no code (UNVERIFIED).
UDIR_STATUSKODE = {
    SOKT: "4",  # SFORM søker til læreplass
    INNTATT_ANNET: "61",  # STRINN strøket, tatt inn på annet ønske
    IKKE_SVART: "67",  # STRILÆ strøket, ikke svart på tilbud om læreplass
    PASSIV: "77",  # STOPP passiv
    UKVALIFISERT: "82",  # UKVAL2 ikke kvalifisert
}

# What a company answers to a referral (Formidlingstilbud.Svar).
SVAR_VENTER = "venter"
SVAR_INTERVJU = "intervju"
SVAR_TILBUD = "tilbud"
SVAR_NEI = "nei"
SVAR_TRUKKET = "trukket"
SVAR_OVERGANGER: dict[str, frozenset[str]] = {
    SVAR_VENTER: frozenset({SVAR_INTERVJU, SVAR_TILBUD, SVAR_NEI, SVAR_TRUKKET}),
    SVAR_INTERVJU: frozenset({SVAR_TILBUD, SVAR_NEI, SVAR_TRUKKET}),
    SVAR_TILBUD: frozenset({SVAR_NEI, SVAR_TRUKKET}),
    SVAR_NEI: frozenset(),
    SVAR_TRUKKET: frozenset(),
}
SVAR_NAVN = {
    SVAR_VENTER: "Venter på svar",
    SVAR_INTERVJU: "Innkalt til intervju",
    SVAR_TILBUD: "Tilbyr læreplass",
    SVAR_NEI: "Tar ikke søkeren",
    SVAR_TRUKKET: "Trukket",
}


class UlovligOvergang(ValueError):
    """A change the table does not allow; ``melding`` is the Norwegian sentence to show."""

    def __init__(self, melding: str):
        super().__init__(melding)
        self.melding = melding


def kan_ga(fra: str, til: str) -> bool:
    return til in OVERGANGER.get(fra, frozenset())


def krev_overgang(fra: str, til: str) -> None:
    """Raises ``UlovligOvergang`` (the services turn it into a ValidationError) when ``fra`` → ``til`` is not in
    the table."""
    if kan_ga(fra, til):
        return
    lovlige = sorted(NAVN[s] for s in OVERGANGER.get(fra, frozenset()))
    tekst = f"Formidlingen kan ikke gå fra «{NAVN.get(fra, fra)}» til «{NAVN.get(til, til)}»."
    if lovlige:
        tekst += " Mulige neste steg: " + ", ".join(lovlige) + "."
    else:
        tekst += " Formidlingen er avsluttet for skoleåret."
    raise UlovligOvergang(tekst)


def kan_svare(fra: str, til: str) -> bool:
    return til in SVAR_OVERGANGER.get(fra, frozenset())


def krev_svar(fra: str, til: str) -> None:
    if not kan_svare(fra, til):
        raise UlovligOvergang(
            f"Svaret fra bedriften kan ikke endres fra «{SVAR_NAVN.get(fra, fra)}» til «{SVAR_NAVN.get(til, til)}»."
        )


def statuskode(status: str) -> str:
    return UDIR_STATUSKODE.get(status, "")


@dataclass
class Resultat:
    verdi: object
    forklaring: list[str] = field(default_factory=list)


def svarfrist(tilbudsdato: datetime.date, dager: int) -> Resultat:
    """The applicant's deadline for answering an offer: the offer date + the county's ``svarfrist_dager``."""
    frist = tilbudsdato + datetime.timedelta(days=dager)
    return Resultat(
        frist,
        [
            f"Tilbudet ble registrert {tilbudsdato:%d.%m.%Y}; fylkets svarfrist er {dager} dager "
            f"(systemparameter «Svarfrist på tilbud om læreplass»), så søkeren må svare innen {frist:%d.%m.%Y} "
            f"({DOK}, «Tilbud og svar»).",
            "Den som takker nei til en læreplass fylket har formidlet, har ikke rett til ny læreplass eller "
            "skoleplass samme år (docs/fagopplaering/domene.md §2.1).",
        ],
    )


def vg3_i_skole(*, ungdomsrett: bool, status: str, frist: datetime.date, dato: datetime.date) -> Resultat:
    """Whether an applicant should be offered Vg3 i skole (ol-2023 § 5-6; forskrift 2006 § 6A-9): ungdomsrett,
    still not placed, and the county's formidlingsfrist reached."""
    grunner: list[str] = []
    ja = True
    if not ungdomsrett:
        ja = False
        grunner.append(
            "Søkeren har ikke ungdomsrett, og har derfor ikke krav på Vg3 i skole (opplæringslova § 5-6)."
        )
    if status not in IKKE_PLASSERT:
        ja = False
        grunner.append(
            f"Status er «{NAVN.get(status, status)}», ikke en søker som fortsatt venter på læreplass."
        )
    if dato < frist:
        grunner.append(
            f"Fylkets frist for formidling er {frist:%d.%m.%Y}; før den kan søkeren fortsatt bli formidlet "
            f"({DOK}, «Alternativ: Vg3 i skole»)."
        )
    if ja:
        grunner.append(
            "Søkeren har ungdomsrett og er ikke formidlet; en kvalifisert søker med rett som ikke har fått læreplass "
            f"innen fristen, skal få tilbud om Vg3 i skole (opplæringslova § 5-6; {DOK})."
        )
    return Resultat(ja, grunner)
