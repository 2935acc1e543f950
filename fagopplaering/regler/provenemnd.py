"""Prøvenemnder and their members (docs/fagopplaering/domene.md §1.3): the 4-year periods, who may be appointed,
habilitet towards a kandidat, the composition of a nemnd and the fee per kandidat.

Framework-free: plain Python, no Django. The county's limits (maximum age, periods in a row) and fee rates are
parameters: they are county practice, not national rules (§1.3).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from fagopplaering.regler.prove import Vurdering

DOK = "docs/fagopplaering/domene.md"

LEIAR = "leiar"
MEDLEM = "medlem"
KOORDINATOR = "koordinator"
VARA = "vara"
ROLLENAVN = {LEIAR: "leiar", MEDLEM: "medlem", KOORDINATOR: "koordinator", VARA: "varamedlem"}

ARBEIDSGIVER = "arbeidsgiver"
ARBEIDSTAKER = "arbeidstaker"
ANNET = "annet"
REPRESENTERERNAVN = {ARBEIDSGIVER: "arbeidsgiversiden", ARBEIDSTAKER: "arbeidstakersiden", ANNET: "annet"}
"""Which side a member represents — the value list is UNVERIFIED (domene §1.3)."""

PERIODE_AR = 4
PERIODE_ANKER = 2016
"""Periods run 1 Jan–31 Dec over four years: 2016–2019, 2020–2023, 2024–2027 … (domene §1.3)."""

MIN_AR_PRAKSIS = 5
VURDERER = frozenset({LEIAR, MEDLEM})
"""The roles that assess the prøve; koordinator distributes oppmeldinger, vara steps in."""
MIN_VURDERER = 2


def periode_for(ar: int) -> tuple[int, int]:
    fra = PERIODE_ANKER + (ar - PERIODE_ANKER) // PERIODE_AR * PERIODE_AR
    return fra, fra + PERIODE_AR - 1


def _periode(p: tuple[int, int]) -> str:
    return f"{p[0]}–{p[1]}"


def _alder(fodselsdato: datetime.date, dato: datetime.date) -> int:
    return dato.year - fodselsdato.year - ((dato.month, dato.day) < (fodselsdato.month, fodselsdato.day))


def _sammenhengende(periode: tuple[int, int], alle: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The run of back-to-back periods that contains ``periode``, oldest first."""
    rekke = [periode]
    p = periode
    while (forrige := (p[0] - PERIODE_AR, p[0] - 1)) in alle:
        rekke.insert(0, forrige)
        p = forrige
    p = periode
    while (neste := (p[1] + 1, p[1] + PERIODE_AR)) in alle:
        rekke.append(neste)
        p = neste
    return rekke


def valider_oppnevning(
    *,
    fodselsdato: datetime.date,
    oppnevnt_dato: datetime.date,
    periode: tuple[int, int],
    tidligere_perioder: list[tuple[int, int]],
    maks_perioder_pa_rad: int,
    maks_alder: int,
    har_fagbrev: bool,
    ar_praksis: int | None,
) -> Vurdering:
    """County practice seen in §1.3: not older than ``maks_alder`` at appointment (Oppland: 64), at most
    ``maks_perioder_pa_rad`` consecutive periods (Vestland: 3 = 12 years), relevant fagbrev or ≥5 years practice.
    The last is only a warning: the county may appoint on other grounds."""
    v = Vurdering()
    if periode_for(periode[0]) != periode:
        v.legg_til_feil(
            "periode",
            f"Perioden {_periode(periode)} følger ikke de faste fireårsperiodene (f.eks. 2024–2027) ({DOK} §1.3).",
        )
        return v
    if oppnevnt_dato.year > periode[1]:
        v.legg_til_feil(
            "oppnevnt_dato", f"Oppnevningen er datert etter at perioden {_periode(periode)} er slutt."
        )

    alder = _alder(fodselsdato, oppnevnt_dato)
    if alder > maks_alder:
        v.legg_til_feil(
            "fodselsdato",
            f"Medlemmet er {alder} år ved oppnevningen; fylket oppnevner ikke medlemmer som er eldre enn "
            f"{maks_alder} år ({DOK} §1.3).",
        )

    rekke = _sammenhengende(periode, set(tidligere_perioder) | {periode})
    if len(rekke) > maks_perioder_pa_rad:
        v.legg_til_feil(
            "periode",
            f"Oppnevningen gir {len(rekke)} perioder på rad ({', '.join(_periode(p) for p in rekke)}); høyst "
            f"{maks_perioder_pa_rad} er tillatt ({DOK} §1.3).",
        )

    if not har_fagbrev and (ar_praksis is None or ar_praksis < MIN_AR_PRAKSIS):
        v.varsler.append(
            f"Medlemmet har ikke fagbrev og under {MIN_AR_PRAKSIS} års praksis i faget; vanlig krav er relevant "
            f"fagbrev eller minst {MIN_AR_PRAKSIS} års praksis ({DOK} §1.3)."
        )
    v.forklaring.append(
        f"Oppnevning for {_periode(periode)}: høyst {maks_alder} år ved oppnevning og høyst {maks_perioder_pa_rad} "
        f"perioder på rad (fylkets regler, {DOK} §1.3)."
    )
    return v


def habilitet(
    *,
    medlem_arbeidsgivere: set[str],
    medlem_naerstaende: set[int],
    medlem_person_id: int,
    kandidat_person_id: int,
    kandidat_bedrifter: set[str],
) -> list[str]:
    """Why a member may not assess this kandidat; empty = no known ground. The nemnd is a forvaltningsorgan, so
    forvaltningsloven § 6 applies (domene §1.3). ``kandidat_bedrifter`` holds the orgnr of the lærebedrift and of
    the medlemsbedrift where the kandidat is trained. The reasons name no person, so they can be logged."""
    grunner: list[str] = []
    if medlem_person_id == kandidat_person_id:
        grunner.append("Medlemmet er selv kandidaten (forvaltningsloven § 6 første ledd bokstav a).")
    if kandidat_person_id in medlem_naerstaende:
        grunner.append(
            "Medlemmet er i nær familie eller har annen nær tilknytning til kandidaten (forvaltningsloven § 6 "
            "første ledd bokstav b og c)."
        )
    felles = sorted(medlem_arbeidsgivere & kandidat_bedrifter)
    if felles:
        grunner.append(
            f"Medlemmet er ansatt i kandidatens lærebedrift eller medlemsbedrift (orgnr {', '.join(felles)}); "
            "det er et særegent forhold som svekker tilliten (forvaltningsloven § 6 andre ledd)."
        )
    return grunner


def sammensetning(roller: list[str]) -> list[str]:
    """Warnings about a nemnd's composition. The whole nemnd meets the kandidat at the start and the end (ofo
    § 9-61); the leiar registers the result. The minimum number of members is UNVERIFIED (domene §1.3, §13), so
    these are warnings, not errors."""
    varsler: list[str] = []
    antall_leiar = roller.count(LEIAR)
    if antall_leiar == 0:
        varsler.append(f"Nemnda har ingen leiar; leiaren registrerer prøvedato og resultat ({DOK} §1.3).")
    elif antall_leiar > 1:
        varsler.append(f"Nemnda har {antall_leiar} leiarer; vanlig er én.")
    vurderer = sum(1 for r in roller if r in VURDERER)
    if vurderer < MIN_VURDERER:
        varsler.append(
            f"Nemnda har færre enn {MIN_VURDERER} som vurderer (leiar og medlemmer); minimum er UNVERIFIED "
            f"({DOK} §1.3)."
        )
    return varsler


def honorar(rolle: str, satser: dict[str, Decimal], antall_kandidater: int) -> Decimal:
    """Fees are paid per kandidat per role (Hordaland: leiar 2000, medlem 1500, koordinator 100 NOK, domene §1.3).
    A role without a rate is an error rather than 0, so a missing setting is not paid out silently as nothing."""
    if antall_kandidater < 0:
        raise ValueError("Antall kandidater kan ikke være negativt.")
    if rolle not in satser:
        raise ValueError(f"Det er ingen honorarsats for rollen {ROLLENAVN.get(rolle, rolle)}.")
    return (Decimal(satser[rolle]) * antall_kandidater).quantize(Decimal("0.01"))
