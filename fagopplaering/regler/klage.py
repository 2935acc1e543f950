"""Klage on a prøve result (docs/fagopplaering/domene.md §5): the deadline, which instance decides, what a klage
requires, the allowed outcomes per instance and what each outcome leads to (new result, new documents, annulment of
the NVB document, a new prøve, the contract's avslutningskode).

Framework-free: plain Python, no Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from fagopplaering.regler.prove import (
    BESTATT,
    BESTATT_MEGET_GODT,
    FAG,
    IKKE_BESTATT,
    PROVETYPENAVN,
    RESULTATER,
    SVENNE,
    Vurdering,
    avslutningskode_for,
)

DOK = "docs/fagopplaering/domene.md"

KLAGEFRIST_DAGER = 21
"""Three weeks from the day the candidate receives the letter with the result (domene §5)."""

# --- Type and instance ----------------------------------------------------------------------------------------------
KARAKTER = "karakter"
FORMELLE_FEIL = "formelle_feil"
TYPENAVN = {KARAKTER: "klage på karakteren", FORMELLE_FEIL: "klage på formelle feil"}

KLAGENEMND = "klagenemnd"
FYLKET = "fylkeskommunen"
INSTANSNAVN = {KLAGENEMND: "klagenemnda", FYLKET: "fylkeskommunen"}


def klagefrist(resultatbrev_dato: datetime.date) -> datetime.date:
    """The last day a klage is in time: the date the result letter was received + 21 days (domene §5)."""
    return resultatbrev_dato + datetime.timedelta(days=KLAGEFRIST_DAGER)


def instans_for(type: str, provetype: str) -> str:
    """The grade on a fag-/svenneprøve goes to a klagenemnd (ol-2023 § 8-3); formal errors, and every klage on a
    praksisbrev- or kompetanseprøve, go to the county (ofo §§ 10-9, 10-10 per domene §5, UNVERIFIED against
    Lovdata)."""
    if type not in TYPENAVN:
        raise ValueError(f"Ukjent klagetype «{type}».")
    if provetype not in PROVETYPENAVN:
        raise ValueError(f"Ukjent prøvetype «{provetype}».")
    if type == KARAKTER and provetype in (FAG, SVENNE):
        return KLAGENEMND
    return FYLKET


def valider_klage(
    *,
    resultat: str | None,
    mottatt: datetime.date,
    resultatbrev_dato: datetime.date | None,
    type: str,
) -> Vurdering:
    """Only «ikke bestått» can be appealed, within three weeks of the result letter (domene §5).

    ``resultatbrev_dato`` is the date the candidate received the letter (the county registers the sending date
    when receipt is unknown). A late klage is refused here; whether the county still considers it after
    forvaltningsloven § 31 is a decision the saksbehandler takes outside this rule."""
    v = Vurdering()
    if type not in TYPENAVN:
        v.legg_til_feil("type", "Velg om klagen gjelder karakteren eller formelle feil.")
    if resultat != IKKE_BESTATT:
        navn = RESULTATER.get(resultat or "", "ikke registrert")
        v.legg_til_feil(
            "resultat",
            f"Bare «Ikke bestått» kan påklages; resultatet er {navn.lower() if resultat else navn} ({DOK} §5).",
        )
    if resultatbrev_dato is None:
        v.legg_til_feil(
            "resultatbrev_dato",
            "Resultatbrevet er ikke sendt ennå; klagefristen løper fra kandidaten mottar det.",
        )
    else:
        frist = klagefrist(resultatbrev_dato)
        v.forklaring.append(
            f"Klagefristen er tre uker fra resultatbrevet ble mottatt {resultatbrev_dato:%d.%m.%Y}: "
            f"{frist:%d.%m.%Y} ({DOK} §5)."
        )
        if mottatt > frist:
            v.legg_til_feil(
                "mottatt",
                f"Klagen kom etter klagefristen {frist:%d.%m.%Y} (tre uker fra resultatbrevet, {DOK} §5).",
            )
        elif mottatt < resultatbrev_dato:
            v.varsler.append("Klagen er registrert mottatt før resultatbrevet; sjekk datoene.")
    return v


# --- Outcome --------------------------------------------------------------------------------------------------------
STADFESTET = "stadfestet"
ENDRET = "endret"
NY_PROVE = "ny_prove"
ANNULLERT = "annullert"

UTFALLNAVN = {
    STADFESTET: "resultatet stadfestet",
    ENDRET: "resultatet endret",
    NY_PROVE: "ny prøve",
    ANNULLERT: "prøven annullert",
}

UTFALL_PER_INSTANS = {
    KLAGENEMND: frozenset({STADFESTET, ENDRET}),
    FYLKET: frozenset({STADFESTET, ENDRET, NY_PROVE, ANNULLERT}),
}
"""The klagenemnd assesses only the grade (ol-2023 § 8-3): it confirms it or sets a new one. Setting a prøve aside
(annulled, or held again) is the remedy for a formal error, which the county decides (domene §5: formal errors → the
county). The county also decides the grade on praksisbrev- and kompetanseprøver, so it may confirm or change a
grade too. DERIVED from domene §5; the exact wording of ofo §§ 10-9, 10-10 is UNVERIFIED."""


def valider_utfall(*, utfall: str, nytt_resultat: str | None, instans: str) -> Vurdering:
    """See ``UTFALL_PER_INSTANS``: «endret» needs a new result (Bestått or Bestått meget godt, since only «ikke
    bestått» can be appealed); every other outcome must leave it empty."""
    v = Vurdering()
    if utfall not in UTFALLNAVN:
        v.legg_til_feil("utfall", "Velg utfall: stadfestet, endret, ny prøve eller annullert.")
        return v
    if instans not in UTFALL_PER_INSTANS:
        v.legg_til_feil("instans", "Velg klageinstans: klagenemnda eller fylkeskommunen.")
        return v
    if utfall not in UTFALL_PER_INSTANS[instans]:
        v.legg_til_feil(
            "utfall",
            f"{INSTANSNAVN[instans].capitalize()} vurderer bare karakteren og kan stadfeste eller endre den; "
            f"ny prøve eller annullering er utfall av en klage på formelle feil, som fylkeskommunen avgjør ({DOK} §5).",
        )
    if utfall == ENDRET:
        if nytt_resultat not in (BESTATT, BESTATT_MEGET_GODT):
            v.legg_til_feil(
                "nytt_resultat",
                "Når resultatet endres, skal det nye resultatet være Bestått eller Bestått meget godt.",
            )
    elif nytt_resultat:
        v.legg_til_feil(
            "nytt_resultat", f"Nytt resultat fylles bare ut når utfallet er «{UTFALLNAVN[ENDRET]}»."
        )
    v.forklaring.append(f"Utfall: {UTFALLNAVN[utfall]} ({INSTANSNAVN[instans]}, {DOK} §5).")
    return v


@dataclass(frozen=True)
class Konsekvens:
    nytt_resultat: str | None
    """The prøve's result after the klage; None = unchanged."""
    nye_dokumenter: bool
    """Issue new documents (fag-/svennebrev etc.) for the new result."""
    annuller_nvb: bool
    """Annul the kompetansebevis sent to NVB for the failed result (¤D line)."""
    ny_prove: bool
    """The county arranges a new prøve."""
    avslutningskode: str | None
    """The contract's new C12; None = leave it as it is."""
    annulleringsarsak: str | None = None
    """NVB D5 Annulleringaarsakkode when ``annuller_nvb`` (KLA = new grade after klage, domene §7)."""
    forklaring: list[str] = field(default_factory=list)


def konsekvens(utfall: str, nytt_resultat: str | None) -> Konsekvens:
    """What the service must do after a decided klage.

    * stadfestet: nothing changes.
    * endret to Bestått/Bestått meget godt: the result is replaced, the contract's S1/S2 becomes AB, documents for a
      passed prøve are issued, and the kompetansebevis issued for the failed result is annulled in NVB with årsak
      KLA (domene §0.3, §6, §7).
    * ny prøve / annullert: the prøve is set aside (status ``annullert``). DERIVED: the prøve held again after a
      formal error replaces the flawed one, so the service keeps the attempt number; documents and the contract code
      are decided when the new prøve has a result, so nothing is annulled or re-issued here.
    """
    if utfall == STADFESTET:
        return Konsekvens(
            None, False, False, False, None, forklaring=[f"Resultatet står ved lag ({DOK} §5)."]
        )
    if utfall == ENDRET:
        if nytt_resultat not in (BESTATT, BESTATT_MEGET_GODT):
            raise ValueError("Et endret resultat må være Bestått eller Bestått meget godt.")
        return Konsekvens(
            nytt_resultat,
            nye_dokumenter=True,
            annuller_nvb=True,
            ny_prove=False,
            avslutningskode=avslutningskode_for(nytt_resultat, 1),
            annulleringsarsak="KLA",
            forklaring=[
                f"Resultatet er endret til {RESULTATER[nytt_resultat]}: kontrakten får avslutningskode AB, nye "
                f"dokumenter utstedes, og kompetansebeviset for «Ikke bestått» annulleres i NVB med årsak KLA "
                f"({DOK} §0.3, §6, §7)."
            ],
        )
    if utfall == NY_PROVE:
        return Konsekvens(
            None,
            False,
            False,
            True,
            None,
            forklaring=[
                "Prøven settes til side og avlegges på nytt; den nye prøven erstatter den med formelle feil. "
                f"Dokumenter og avslutningskode avgjøres av resultatet på den nye prøven ({DOK} §5)."
            ],
        )
    if utfall == ANNULLERT:
        return Konsekvens(
            None,
            False,
            False,
            False,
            None,
            forklaring=[
                "Prøven er annullert på grunn av formelle feil; resultatet gjelder ikke, og kandidaten kan meldes "
                f"opp på nytt ({DOK} §5)."
            ],
        )
    raise ValueError(f"Ukjent utfall «{utfall}».")
