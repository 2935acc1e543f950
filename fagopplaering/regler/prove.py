"""The prøve's rules (docs/fagopplaering/domene.md §4): the declared state machine, which prøve a kandidat takes and
which brevtype it gives, who registers (oppmelder) and to which county, prøveavgift, prøve dates, the teori
requirement, results (BM/B/IB), the automatic avslutningskode (AB/S1/S2) and the right to a new prøve.

Framework-free: plain Python, no Django. Services call ``krev_overgang`` and the ``valider_*`` functions and raise
the messages as ``ValidationError``. ``Vurdering`` is shared with ``klage`` and ``provenemnd``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from fagopplaering.regler.datoer import legg_til_maneder

DOK = "docs/fagopplaering/domene.md"

# --- Kandidattype (the values of fagopplaering.models.koder.Kandidattype; kept as strings so the rule stays free
# of Django) ---------------------------------------------------------------------------------------------------------
LAERLING = "laerling"
LAEREKANDIDAT = "laerekandidat"
PRAKSISBREVKANDIDAT = "praksisbrevkandidat"
FAGBREV_PA_JOBB = "fagbrev_pa_jobb"
PRAKSISKANDIDAT = "praksiskandidat"
ELEV = "elev"
KANDIDATTYPER = frozenset(
    {LAERLING, LAEREKANDIDAT, PRAKSISBREVKANDIDAT, FAGBREV_PA_JOBB, PRAKSISKANDIDAT, ELEV}
)
KANDIDATTYPENAVN = {
    LAERLING: "lærling",
    LAEREKANDIDAT: "lærekandidat",
    PRAKSISBREVKANDIDAT: "praksisbrevkandidat",
    FAGBREV_PA_JOBB: "kandidat for fagbrev på jobb",
    PRAKSISKANDIDAT: "praksiskandidat",
    ELEV: "elev i Vg3 fagopplæring i skole",
}


# --- Result of a check ----------------------------------------------------------------------------------------------
@dataclass
class Vurdering:
    """``feil`` blocks (field → message); ``varsler`` are shown but let the user go on; ``forklaring`` says which
    rule was applied, so a saksbehandler can see why."""

    feil: dict[str, str] = field(default_factory=dict)
    varsler: list[str] = field(default_factory=list)
    forklaring: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.feil

    def legg_til_feil(self, felt: str, tekst: str) -> None:
        # One message per field is what a form shows; a second problem on the same field is appended.
        self.feil[felt] = f"{self.feil[felt]} {tekst}" if felt in self.feil else tekst


# --- States ---------------------------------------------------------------------------------------------------------
OPPMELDT = "oppmeldt"
GODKJENT = "godkjent"
AVVIST = "avvist"
TILDELT = "tildelt"
PLANLAGT = "planlagt"
VURDERT = "vurdert"
UTSATT = "utsatt"
TRUKKET = "trukket"
ANNULLERT = "annullert"

STATUSNAVN = {
    OPPMELDT: "oppmeldt",
    GODKJENT: "oppmelding godkjent",
    AVVIST: "oppmelding avvist",
    TILDELT: "tildelt prøvenemnd",
    PLANLAGT: "planlagt",
    VURDERT: "vurdert",
    UTSATT: "utsatt",
    TRUKKET: "trukket",
    ANNULLERT: "annullert",
}

# §4.1: the county approves the oppmelding and forwards it to a nemnd (TILDELT; may be re-assigned), the nemnd sets
# prøvested and dates (PLANLAGT; may be re-planned) and registers the result (VURDERT). An utsatt prøve (ofo § 9-67)
# is continued by a new Prove row, so UTSATT is final here. Only a prøve that has started or been assessed can be
# annulled (bortvisning/annullering ofo §§ 9-68, 9-69, or a klage with outcome «annullert», §5).
OVERGANGER: dict[str, frozenset[str]] = {
    OPPMELDT: frozenset({GODKJENT, AVVIST, TRUKKET}),
    GODKJENT: frozenset({TILDELT, UTSATT, TRUKKET}),
    TILDELT: frozenset({TILDELT, PLANLAGT, UTSATT, TRUKKET}),
    PLANLAGT: frozenset({PLANLAGT, VURDERT, UTSATT, TRUKKET, ANNULLERT}),
    VURDERT: frozenset({ANNULLERT}),
    AVVIST: frozenset(),
    UTSATT: frozenset(),
    TRUKKET: frozenset(),
    ANNULLERT: frozenset(),
}

AKTIVE = frozenset({OPPMELDT, GODKJENT, TILDELT, PLANLAGT})
"""A prøve in these states is under way: a second oppmelding in the same lærefag should be refused."""


class Overgangsfeil(ValueError):
    pass


def kan_ga(fra: str, til: str) -> bool:
    return til in OVERGANGER.get(fra, frozenset())


def krev_overgang(fra: str, til: str) -> None:
    """Raises ``Overgangsfeil`` (a ValueError with a Norwegian message) when the table does not allow it."""
    if not kan_ga(fra, til):
        raise Overgangsfeil(
            f"En prøve som er {STATUSNAVN.get(fra, fra)}, kan ikke bli {STATUSNAVN.get(til, til)} ({DOK} §4)."
        )


# --- Prøvetype and brevtype -----------------------------------------------------------------------------------------
FAG = "fag"
SVENNE = "svenne"
PRAKSISBREV = "praksisbrev"
KOMPETANSE = "kompetanse"

PROVETYPENAVN = {
    FAG: "fagprøve",
    SVENNE: "svenneprøve",
    PRAKSISBREV: "praksisbrevprøve",
    KOMPETANSE: "kompetanseprøve",
}

BREVTYPE = {FAG: "F", SVENNE: "S", KOMPETANSE: "K", PRAKSISBREV: "B"}
"""FINT Brevtype (Regbok C22, domene §4.3): F fagbrev, S svennebrev, K kompetansebevis, B praksisbrev."""


def provetype_for(kandidattype: str, svennebrev: bool) -> str:
    """Lærekandidat → kompetanseprøve, praksisbrevkandidat → praksisbrevprøve; everyone else takes a fag- or
    svenneprøve, decided by the lærefag's brevtype (a property of the lærefag, domene §6) (§1.1)."""
    if kandidattype not in KANDIDATTYPER:
        raise ValueError(f"Ukjent kandidattype «{kandidattype}».")
    if kandidattype == LAEREKANDIDAT:
        return KOMPETANSE
    if kandidattype == PRAKSISBREVKANDIDAT:
        return PRAKSISBREV
    return SVENNE if svennebrev else FAG


def brevtype_for(provetype: str) -> str:
    try:
        return BREVTYPE[provetype]
    except KeyError:
        raise ValueError(f"Ukjent prøvetype «{provetype}».")


# --- Oppmelding (ofo § 9-56, domene §4.1) ---------------------------------------------------------------------------
BEDRIFT = "bedrift"
SKOLE = "skole"
KANDIDAT = "kandidat"

OPPMELDERNAVN = {BEDRIFT: "lærebedriften", SKOLE: "skolen", KANDIDAT: "kandidaten selv"}

_OPPMELDER = {
    LAERLING: BEDRIFT,
    LAEREKANDIDAT: BEDRIFT,
    PRAKSISBREVKANDIDAT: BEDRIFT,
    FAGBREV_PA_JOBB: BEDRIFT,
    ELEV: SKOLE,
    PRAKSISKANDIDAT: KANDIDAT,
}


def oppmelder_for(kandidattype: str) -> str:
    """The lærebedrift registers everyone with læretid in bedrift, the school registers its pupils (Vg3 i skole),
    praksiskandidater register themselves (ofo § 9-56)."""
    try:
        return _OPPMELDER[kandidattype]
    except KeyError:
        raise ValueError(f"Ukjent kandidattype «{kandidattype}».")


def oppmeldingsfrist(laeretid_til: datetime.date) -> datetime.date:
    """The lærebedrift registers at the latest 2 months before the contract time ends (ofo § 9-56)."""
    return legg_til_maneder(laeretid_til, -2)


def valider_oppmelding(
    *,
    kandidattype: str,
    oppmeldt_av: str,
    oppmeldt_dato: datetime.date,
    laeretid_til: datetime.date | None,
    kontrakt_fylke: int | None,
    prove_fylke: int,
    skole_fylke: int | None,
) -> Vurdering:
    """Who may register, and to which county (ofo § 9-56, domene §4.1). A late bedrift registration is only a
    warning: the rule puts a duty on the bedrift (and on the county to chase it), it does not take the right to a
    prøve away."""
    v = Vurdering()
    riktig = oppmelder_for(kandidattype)
    if oppmeldt_av != riktig:
        v.legg_til_feil(
            "oppmeldt_av",
            f"En {KANDIDATTYPENAVN[kandidattype]} meldes opp av {OPPMELDERNAVN[riktig]}, ikke av "
            f"{OPPMELDERNAVN.get(oppmeldt_av, oppmeldt_av)} (opplæringsforskrifta § 9-56; {DOK} §4.1).",
        )
    if riktig == BEDRIFT:
        v.forklaring.append(
            "Lærebedriften melder opp til fylket som godkjente kontrakten, seinest to måneder før kontraktstiden "
            f"er slutt (opplæringsforskrifta § 9-56; {DOK} §4.1)."
        )
        if laeretid_til is None:
            v.legg_til_feil(
                "kontrakt",
                "Kandidaten har ingen kontrakt med læretid. Den som har læretid i bedrift, må ha en godkjent "
                f"kontrakt for å bli meldt opp av bedriften ({DOK} §4.1).",
            )
        else:
            frist = oppmeldingsfrist(laeretid_til)
            if oppmeldt_dato > frist:
                v.varsler.append(
                    f"Oppmeldingen kom etter fristen, to måneder før læretiden er slutt (frist {frist:%d.%m.%Y}; "
                    "opplæringsforskrifta § 9-56)."
                )
        if kontrakt_fylke is None or kontrakt_fylke != prove_fylke:
            v.legg_til_feil(
                "fylke",
                "Oppmeldingen skal gå til fylket som godkjente kontrakten"
                + (f" (fylke {kontrakt_fylke:02d})" if kontrakt_fylke is not None else "")
                + " (opplæringsforskrifta § 9-56).",
            )
    elif riktig == SKOLE:
        v.forklaring.append(
            f"Skolen melder opp eleven til fylket der skolen ligger (opplæringsforskrifta § 9-56; {DOK} §4.1)."
        )
        if skole_fylke is None or skole_fylke != prove_fylke:
            v.legg_til_feil(
                "fylke",
                "Elever meldes opp til fylket der skolen ligger"
                + (f" (fylke {skole_fylke:02d})" if skole_fylke is not None else "")
                + " (opplæringsforskrifta § 9-56).",
            )
    else:
        v.forklaring.append(
            "Praksiskandidaten melder seg opp selv innen fylkets frist og betaler prøveavgift "
            f"(opplæringsforskrifta § 9-56; {DOK} §4.1)."
        )
    return v


def krever_proveavgift(kandidattype: str, *, utsatt: bool, etter_klage_bortvisning: bool) -> bool:
    """Only praksiskandidater pay; not for an utsatt prøve (ofo § 9-67) nor for a new prøve after a successful
    complaint about bortvisning/annullering (ofo §§ 9-68, 9-69) (domene §4.1)."""
    return kandidattype == PRAKSISKANDIDAT and not utsatt and not etter_klage_bortvisning


# --- Prøve dates ----------------------------------------------------------------------------------------------------
def tidligste_provedato(laeretid_til: datetime.date) -> datetime.date:
    """Not earlier than 3 months before læretid ends (ofo § 9-56, domene §0.5, §4.1)."""
    return legg_til_maneder(laeretid_til, -3)


def valider_provedatoer(
    *, fra: datetime.date, til: datetime.date | None, laeretid_til: datetime.date | None
) -> Vurdering:
    v = Vurdering()
    if laeretid_til is not None:
        tidligst = tidligste_provedato(laeretid_til)
        v.forklaring.append(
            f"Læretiden slutter {laeretid_til:%d.%m.%Y}; prøven kan tidligst starte {tidligst:%d.%m.%Y} "
            f"(tre måneder før, {DOK} §4.1)."
        )
        if fra < tidligst:
            v.legg_til_feil(
                "fra_dato",
                f"Prøven kan tidligst starte {tidligst:%d.%m.%Y}, tre måneder før læretiden er slutt ({DOK} §4.1).",
            )
        if fra > laeretid_til:
            v.varsler.append(
                f"Prøven starter etter at læretiden er slutt ({laeretid_til:%d.%m.%Y}); hovedregelen er at den "
                f"avlegges før ({DOK} §4.1)."
            )
    if til is not None and til < fra:
        v.legg_til_feil("til_dato", "Til-dato kan ikke være før fra-dato.")
    return v


# --- Teori requirement (domene §4.1) --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fagresultat:
    kode: str
    navn: str
    fellesfag: bool
    karakter: str
    """Empty = missing; "1"–"6", "IV" (ikke vurdert), "F" (fritatt), "GK" (godkjent) …"""


@dataclass(frozen=True)
class Teori:
    ok: bool
    grunner: list[str]
    """Why refused; each names the fag by name and code."""
    betinget: list[str]
    """Fellesfag with 1 that must be passed within 2 years to get the fag-/svennebrev."""
    forklaring: str


MAKS_FELLESFAG_MED_1 = 2


def _fag(f: Fagresultat) -> str:
    return f"{f.navn} ({f.kode})"


def sjekk_teori(kandidattype: str, provetype: str, fag: list[Fagresultat]) -> Teori:
    """All fag on Vg1, Vg2 (and Vg3) passed; 1 in up to two fellesfag is allowed (pass within 2 years to get the
    brev); IV in any fag or 1 in any programfag blocks. No requirement for kompetanse- and praksisbrevprøve;
    praksiskandidat and fagbrev på jobb need no fellesfag (domene §4.1)."""
    kilde = f"{DOK} §4.1"
    if provetype in (KOMPETANSE, PRAKSISBREV):
        return Teori(True, [], [], f"Det er ikke teorikrav for {PROVETYPENAVN[provetype]} ({kilde}).")
    if kandidattype in (LAERLING, ELEV) and not fag:
        return Teori(
            False,
            ["Kandidaten har ingen fag i elevregisteret; teorikravet kan ikke kontrolleres."],
            [],
            f"Teorikravet er ikke oppfylt: det er ingen fag i elevregisteret ({kilde}).",
        )
    uten_fellesfag = kandidattype in (PRAKSISKANDIDAT, FAGBREV_PA_JOBB)
    sjekket = [f for f in fag if not (uten_fellesfag and f.fellesfag)]
    grunner: list[str] = []
    fellesfag_1: list[Fagresultat] = []
    for f in sjekket:
        k = f.karakter.strip().upper()
        if not k:
            grunner.append(f"{_fag(f)} mangler karakter.")
        elif k == "IV":
            grunner.append(f"{_fag(f)} er ikke vurdert (IV).")
        elif k == "1":
            if f.fellesfag:
                fellesfag_1.append(f)
            else:
                grunner.append(f"{_fag(f)} har karakter 1; alle programfag må være bestått.")
    betinget: list[str] = []
    if len(fellesfag_1) > MAKS_FELLESFAG_MED_1:
        navn = ", ".join(_fag(f) for f in fellesfag_1)
        grunner.append(f"Karakter 1 i {len(fellesfag_1)} fellesfag ({navn}); høyst to er tillatt.")
    else:
        betinget = [
            f"{_fag(f)} har karakter 1 og må bestås innen to år etter prøven for å få fag-/svennebrev."
            for f in fellesfag_1
        ]
    unntak = " Fellesfag kreves ikke for denne kandidattypen." if uten_fellesfag else ""
    if grunner:
        forklaring = (
            f"Teorikravet er ikke oppfylt: {len(grunner)} forhold hindrer oppmelding ({kilde}).{unntak}"
        )
    elif betinget:
        forklaring = (
            f"Teorikravet er oppfylt med forbehold: karakter 1 i {len(betinget)} fellesfag, som må bestås innen "
            f"to år ({kilde}).{unntak}"
        )
    elif not sjekket:
        forklaring = (
            f"Teorikravet er oppfylt: ingen programfag er registrert å kontrollere ({kilde}).{unntak}"
        )
    else:
        forklaring = (
            f"Teorikravet er oppfylt: alle {len(sjekket)} kontrollerte fag er bestått ({kilde}).{unntak}"
        )
    return Teori(not grunner, grunner, betinget, forklaring)


# --- Results (domene §0.3, §4.3) ------------------------------------------------------------------------------------
BESTATT_MEGET_GODT = "BM"
BESTATT = "B"
IKKE_BESTATT = "IB"
RESULTATER = {BESTATT_MEGET_GODT: "Bestått meget godt", BESTATT: "Bestått", IKKE_BESTATT: "Ikke bestått"}


def er_bestatt(resultat: str | None) -> bool:
    return resultat in (BESTATT, BESTATT_MEGET_GODT)


def avslutningskode_for(resultat: str, forsok_nr: int) -> str:
    """Registering a result sets the contract's C12 automatically: AB bestått, S1/S2 ikke bestått 1st/2nd time
    (domene §0.3, §3.3, §4.3)."""
    if resultat not in RESULTATER:
        raise ValueError(f"Ukjent resultat «{resultat}».")
    if er_bestatt(resultat):
        return "AB"
    return "S1" if forsok_nr <= 1 else "S2"


def valider_resultat(
    *,
    resultat: str,
    tilleggsprotokoll: str,
    protokoll: bool,
    dato: datetime.date,
    fra_dato: datetime.date | None,
) -> Vurdering:
    """The nemnd keeps a protocol during the prøve (ofo § 9-61); «ikke bestått» needs a tilleggsprotokoll with the
    justification (domene §1.3, §4.3)."""
    v = Vurdering()
    if resultat not in RESULTATER:
        v.legg_til_feil("resultat", "Velg resultat: Bestått meget godt, Bestått eller Ikke bestått.")
    elif resultat == IKKE_BESTATT and not (tilleggsprotokoll or "").strip():
        v.legg_til_feil(
            "tilleggsprotokoll",
            f"Ved «Ikke bestått» må nemnda legge ved en tilleggsprotokoll med begrunnelsen ({DOK} §4.3).",
        )
    if not protokoll:
        v.legg_til_feil(
            "protokoll",
            "Prøveprotokollen mangler; nemnda fører protokoll under prøven (opplæringsforskrifta § 9-61).",
        )
    if fra_dato is not None and dato < fra_dato:
        v.legg_til_feil("dato", f"Resultatdatoen kan ikke være før prøven startet ({fra_dato:%d.%m.%Y}).")
    if resultat in RESULTATER:
        v.forklaring.append(f"Resultat: {RESULTATER[resultat]} ({DOK} §4.3).")
    return v


def kan_ta_ny_prove(forsok_nr: int, resultat: str | None) -> bool:
    """After «ikke bestått» on the first attempt the candidate has the right to a new prøve (ofo § 9-66); after the
    second the contract ends (S2) and the route is as praksiskandidat (domene §4.3)."""
    return resultat == IKKE_BESTATT and forsok_nr <= 1


def ny_prove_forklaring(forsok_nr: int, resultat: str | None) -> str:
    """The text that goes with ``kan_ta_ny_prove``."""
    if er_bestatt(resultat):
        return f"Prøven er bestått; det er ingen ny prøve ({DOK} §4.3)."
    if resultat != IKKE_BESTATT:
        return "Prøven har ikke noe resultat ennå."
    if kan_ta_ny_prove(forsok_nr, resultat):
        return (
            "Kandidaten har rett til ny prøve etter «Ikke bestått» (opplæringsforskrifta § 9-66). Lærebedriften "
            f"har ikke plikt til opplæring mellom prøvene, og ny oppmelding venter på en eventuell klage ({DOK} §4.3)."
        )
    return (
        "Kandidaten har ikke bestått for andre gang: kontrakten avsluttes (S2), og veien videre til fag-/svennebrev "
        f"er som praksiskandidat ({DOK} §4.3)."
    )
