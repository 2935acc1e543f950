"""The contract's rules (docs/fagopplaering/kontrakt.md): the declared state machine (docs/fagopplaering/domene.md §3.4),
«løpende på dato» exactly as Udir's extraction rule (§0.4), what ending a contract requires (ol-2023 §§ 7-3, 7-4;
C10/C11/C12), approval (§ 7-2) and the prøve deadlines that follow from læretid til (ofo § 9-56).

Framework-free: plain Python. Services call ``krev_overgang`` and ``valider_avslutning`` and raise the messages as
``ValidationError``; the selector ``lopende_q`` is the same rule as a database filter (tests compare the two).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from fagopplaering.regler.datoer import legg_til_maneder

DOK = "docs/fagopplaering/kontrakt.md"

# --- States (Kontrakt.Status values) ------------------------------------------------------------------------------
OPPRETTET = "opprettet"
TIL_GODKJENNING = "til_godkjenning"
GODKJENT = "godkjent"
AVSLUTTET = "avsluttet"
ANNULLERT = "annullert"

STATUSNAVN = {
    OPPRETTET: "opprettet",
    TIL_GODKJENNING: "til godkjenning",
    GODKJENT: "godkjent",
    AVSLUTTET: "avsluttet",
    ANNULLERT: "annullert",
}

# docs/fagopplaering/domene.md §3.4: OPPRETTET → (signering) → GODKJENT (the county sets C14) → løpende … → AVSLUTTET (C10 + C12).
# «Til godkjenning» covers signing; the county may send it back for correction. Only a contract that was never
# approved can be annulled; an approved one is ended (oppsagt, hevet, prøve, utløpt, overført) with a C12 code.
OVERGANGER: dict[str, frozenset[str]] = {
    OPPRETTET: frozenset({TIL_GODKJENNING, ANNULLERT}),
    TIL_GODKJENNING: frozenset({GODKJENT, OPPRETTET, ANNULLERT}),
    GODKJENT: frozenset({AVSLUTTET}),
    AVSLUTTET: frozenset(),
    ANNULLERT: frozenset(),
}

AKTIVE = frozenset({OPPRETTET, TIL_GODKJENNING, GODKJENT})
"""A contract in these states blocks a second contract for the same person in the same lærefag."""

ENDRES_DIREKTE = frozenset({OPPRETTET, TIL_GODKJENNING})
"""Before approval the county's registration is the contract itself; after approval a change needs consent
(ol-2023 § 7-2 andre ledd)."""


class Overgangsfeil(ValueError):
    pass


def kan_ga(fra: str, til: str) -> bool:
    return til in OVERGANGER.get(fra, frozenset())


def krev_overgang(fra: str, til: str) -> None:
    """Raises ``Overgangsfeil`` (a ValueError with a Norwegian message) when the table does not allow it."""
    if not kan_ga(fra, til):
        raise Overgangsfeil(
            f"En kontrakt som er {STATUSNAVN.get(fra, fra)}, kan ikke bli {STATUSNAVN.get(til, til)} "
            f"({DOK} «Livsløp»)."
        )


# --- Løpende på dato (§0.4) -----------------------------------------------------------------------------------------
def _dekker(avbrudd: tuple[datetime.date, datetime.date | None], dato: datetime.date) -> bool:
    fra, til = avbrudd
    return fra <= dato and (til is None or dato <= til)


def lopende_pa(
    kontrakt,
    dato: datetime.date,
    *,
    avbrudd: Iterable[tuple[datetime.date, datetime.date | None]] | None = None,
    uttrekksdato: datetime.date | None = None,
) -> bool:
    """Udir's rule (docs/fagopplaering/domene.md §0.4, §3.5): a contract is løpende on ``dato`` iff it is approved (Godkjentdato
    set, and on or before ``uttrekksdato`` when one is given), læretid fra ≤ dato ≤ læretid til, no avbrudd covers
    the date (an open avbrudd covers every day from its start) and it has no avslutningskode.

    ``kontrakt`` is anything with ``godkjent_dato``, ``laeretid_fra``, ``laeretid_til`` and ``avslutningskode_id``
    (or ``avslutningskode``); ``avbrudd`` defaults to ``kontrakt.avbrudd_perioder``, else the related
    ``kontrakt.avbrudd`` rows of a model instance."""
    if kontrakt.godkjent_dato is None:
        return False
    if uttrekksdato is not None and kontrakt.godkjent_dato > uttrekksdato:
        return False
    kode = getattr(kontrakt, "avslutningskode_id", None) or getattr(kontrakt, "avslutningskode", None)
    if kode:
        return False
    if not (
        kontrakt.laeretid_fra <= dato and (kontrakt.laeretid_til is None or dato <= kontrakt.laeretid_til)
    ):
        return False
    if avbrudd is None:
        avbrudd = getattr(kontrakt, "avbrudd_perioder", None)
        if avbrudd is None:
            # A model instance: its related avbrudd (duck-typed, so the rule stays free of Django).
            rel = getattr(kontrakt, "avbrudd", None)
            avbrudd = [(a.fra, a.til) for a in rel.all()] if hasattr(rel, "all") else ()
    return not any(_dekker(a, dato) for a in avbrudd)


# --- Approval (§ 7-2) ------------------------------------------------------------------------------------------------
def valider_godkjenning(dato: datetime.date, idag: datetime.date) -> list[str]:
    """The approval date is the county's decision date: not in the future. It never moves læretid fra."""
    if dato > idag:
        return ["Godkjent dato kan ikke være fram i tid."]
    return []


# --- Ending (§§ 7-3, 7-4; C10, C11, C12) ------------------------------------------------------------------------
OPPSAGT = "oppsagt"
HEVET = "hevet"
ARBEIDSAVTALE = "arbeidsavtale"
PROVE = "prove"
UTLOPT = "utlopt"
OVERFORT = "overfort"

HEVET_AV_LAERLING = "L"
HEVET_AV_BEDRIFT = "B"
HEVET_AV_BEGGE = "LB"
HEVET_AV_FYLKET = "F"

OVERFORINGSKODER = frozenset({"ON", "EK"})
PROVETID_MND = 6
"""ol-2023 § 7-4: in the first six months the arbeidsavtale may be terminated under aml §§ 15-3/15-6."""
FULL_OPPLAERING_I_BEDRIFT = "bedrift"


@dataclass(frozen=True)
class Kodeinfo:
    """What the rule needs of an Avslutningskode row."""

    kode: str
    aktiv: bool = True
    automatisk: bool = False
    gyldig_fra: datetime.date | None = None
    gyldig_til: datetime.date | None = None


@dataclass(frozen=True)
class Avslutningskrav:
    feil: dict[str, list[str]] = field(default_factory=dict)
    """Field name (``dato``, ``avslutningskode``, ``hevet_av``, ``muntlig_hort``, ``mate``) → messages."""
    hevet_av: str | None = None
    """The C11 value to store (OPPSAGT gets «LB» when none is given)."""
    forklaring: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.feil


def valider_avslutning(
    mate: str,
    dato: datetime.date,
    *,
    laeretid_fra: datetime.date,
    laeretid_til: datetime.date | None,
    kode: Kodeinfo | None,
    hevet_av: str | None = None,
    muntlig_hort: datetime.date | None = None,
    opplaeringsmodell: str = "",
) -> Avslutningskrav:
    """What ending a contract on ``dato`` by ``mate`` requires. Every ended contract gets C10 (the date) and a C12
    code (docs/fagopplaering/domene.md §0.3, §3.3); the automatic codes (AB, S1, S2) belong to a prøve result only."""
    feil: dict[str, list[str]] = {}
    forklaring: list[str] = []

    def f(felt: str, tekst: str) -> None:
        feil.setdefault(felt, []).append(tekst)

    if dato < laeretid_fra:
        f("dato", f"Avsluttet dato kan ikke være før læretid fra ({laeretid_fra:%d.%m.%Y}).")

    # C12
    if kode is None:
        f("avslutningskode", "Velg avslutningskode (C12): den kreves på alle avsluttede kontrakter.")
    else:
        if not kode.aktiv:
            f("avslutningskode", f"Avslutningskoden {kode.kode} er ikke aktiv.")
        if (kode.gyldig_fra and dato < kode.gyldig_fra) or (kode.gyldig_til and dato > kode.gyldig_til):
            f("avslutningskode", f"Avslutningskoden {kode.kode} gjelder ikke på {dato:%d.%m.%Y}.")
        if mate == PROVE and not kode.automatisk:
            f("avslutningskode", "Etter avlagt prøve er koden AB, S1 eller S2 (settes av prøveresultatet).")
        if mate != PROVE and kode.automatisk:
            f(
                "avslutningskode",
                f"Koden {kode.kode} settes bare av et prøveresultat (AB, S1, S2), ikke for hånd.",
            )
        if mate == OVERFORT and kode.kode not in OVERFORINGSKODER:
            f("avslutningskode", "En kontrakt som overføres til ny kontrakt, får koden ON eller EK.")

    # C11 and the hearing (§ 7-3)
    if mate == OPPSAGT:
        if hevet_av not in (None, "", HEVET_AV_BEGGE):
            f(
                "hevet_av",
                "Oppsigelse etter avtale er partenes felles beslutning: «hevet av» er begge parter.",
            )
        hevet_av = HEVET_AV_BEGGE
        forklaring.append(
            "Oppsagt etter avtale mellom partene; lærebedriften skal ha varslet fylket skriftlig først "
            "(opplæringslova § 7-3 første ledd)."
        )
    elif mate == HEVET:
        if not hevet_av:
            f("hevet_av", "Oppgi hvem som ville heve kontrakten (C11).")
        elif hevet_av == HEVET_AV_BEGGE:
            f("hevet_av", "Når begge parter er enige, er kontrakten oppsagt (§ 7-3 første ledd), ikke hevet.")
        if hevet_av == HEVET_AV_BEDRIFT:
            if muntlig_hort is None:
                f("muntlig_hort", "Før heving etter krav fra lærebedriften skal lærlingen ha fått forklare seg "
                                  "muntlig for fylket (opplæringslova § 7-3 tredje ledd). Oppgi datoen.")  # fmt: skip
            elif muntlig_hort > dato:
                f("muntlig_hort", "Lærlingen må være hørt muntlig før kontrakten heves.")
        forklaring.append(
            "Hevet av fylket: skal heves når lærlingen skriftlig sier fra om ikke å fortsette, kan heves ved "
            "alvorlig pliktbrudd eller når en part ikke kan oppfylle kontrakten (opplæringslova § 7-3 andre ledd)."
        )
    elif mate == ARBEIDSAVTALE:
        if not hevet_av or hevet_av in (HEVET_AV_BEGGE, HEVET_AV_FYLKET):
            f("hevet_av", "Oppgi hvem som sa opp arbeidsavtalen (lærlingen eller lærebedriften).")
        grense = legg_til_maneder(laeretid_fra, PROVETID_MND)
        if dato >= grense:
            f("dato", f"Arbeidsavtalen kan bare sies opp etter § 7-4 de første seks månedene (til "
                      f"{grense - datetime.timedelta(days=1):%d.%m.%Y}).")  # fmt: skip
        if opplaeringsmodell != FULL_OPPLAERING_I_BEDRIFT:
            f("mate", "Oppsigelse av arbeidsavtalen i prøvetiden gjelder bare kontrakter om hele opplæringen i "
                      "bedrift (opplæringslova § 7-4).")  # fmt: skip
        forklaring.append(
            "Arbeidsavtalen er sagt opp i prøvetiden; da faller kontrakten bort (opplæringslova § 7-4)."
        )
    elif mate == UTLOPT:
        if laeretid_til is not None and dato < laeretid_til:
            f("dato", f"Læretiden er ikke utløpt før {laeretid_til:%d.%m.%Y}.")
        forklaring.append(
            "Læretiden er utløpt uten prøve; uten forlengelse eller meropplæring avsluttes kontrakten seinest "
            "seks måneder etter at læretiden var slutt (opplæringsforskrifta § 9-66)."
        )
    elif mate == PROVE:
        forklaring.append("Avsluttet etter avlagt prøve (koden kommer fra prøveresultatet).")
    elif mate == OVERFORT:
        forklaring.append(
            "Overført til ny kontrakt, f.eks. annen bedrift (ON) eller annen kontraktstype (EK)."
        )
    else:
        f("mate", "Ukjent måte å avslutte kontrakten på.")
    return Avslutningskrav(feil=feil, hevet_av=hevet_av or None, forklaring=forklaring)


# --- Prøve deadlines (ofo § 9-56) -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Provefrister:
    tidligst_prove: datetime.date
    oppmeldingsfrist: datetime.date
    forklaring: list[str]


def provefrister(laeretid_til: datetime.date) -> Provefrister:
    """The prøve is taken at the earliest 3 months before læretid ends; the lærebedrift reports the candidate at
    the latest 2 months before (docs/fagopplaering/domene.md §0.5; opplæringsforskrifta § 9-56)."""
    tidligst = legg_til_maneder(laeretid_til, -3)
    frist = legg_til_maneder(laeretid_til, -2)
    return Provefrister(
        tidligst,
        frist,
        [
            f"Læretiden slutter {laeretid_til:%d.%m.%Y}. Prøven kan tidligst avlegges {tidligst:%d.%m.%Y} "
            f"(tre måneder før), og lærebedriften må melde opp seinest {frist:%d.%m.%Y} (to måneder før) "
            f"(opplæringsforskrifta § 9-56; {DOK} «Oppmelding til prøve»)."
        ],
    )
