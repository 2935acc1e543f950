"""Priority groups under opplæringsforskrifta 2024 (FOR-2024-06-03-900) § 4-14–§ 4-16: rule set ``forskrift-2024``.

Framework-free, like :mod:`inntak.motor.prioritet` (whose rule sets ``udir-2-2021*`` are never changed). Sources:
docs/regler/regler-2024.md §2.1 (§ 4-14), §2.5 (§ 4-15, § 4-16), §3.1 (§ 5-1), §3.4 (§ 18-3); the readings chosen
are listed at the end of that file («Prioritet etter opplæringsforskrifta 2024 – slik er det implementert»).

Lower number = admitted first; one numbering for Vg1, Vg2 and Vg3 (§ 4-14 is one rule for all levels, and it has
no youth/adult split). Group 1 = ``FORTRINN`` (§ 4-14 første ledd a, §§ 4-21–4-23, §§ 4-27–4-28) as in the old
rule sets: given by vedtak, set by the caller, never returned by :func:`prioritet_2024`.

== ============================================================== ===================================================
 2 eget fylke med rett, fullstendig program                       § 4-14 første ledd b, andre ledd
 3 eget fylke med rett, ikke fullstendig (deltid)                 § 4-14 første ledd b, andre ledd
 4 annet fylke med rett, særlige grunner eller samisk, fullstendig § 4-14 tredje ledd (ledig kapasitet)
 5 annet fylke med rett, særlige grunner eller samisk, deltid     § 4-14 tredje ledd, andre ledd gjelder tilsvarende
 6 annet fylke med rett, andre, fullstendig                       § 4-14 tredje ledd
 7 annet fylke med rett, andre, deltid                            § 4-14 tredje ledd
 8 voksenrett, fullstendig (only with ``voksenrett_som_rett=False``) DERIVED, lokal praksis (Agder § 20)
 9 voksenrett, deltid (only with ``voksenrett_som_rett=False``)   DERIVED
10 uten rett, fullstendig                                         DERIVED: § 4-14 nevner dem ikke
11 uten rett, deltid                                              DERIVED
== ============================================================== ===================================================

"Eget fylke" = folkeregistrert in the behandlende fylke, or a documented mover (§ 4-8 andre ledd). At a landslinje
(§ 4-16) and at a statleg skole (§ 4-15) residence does not matter: everybody with rett is in group 2/3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .prioritet import FORTRINN

__all__ = [
    "FORSKRIFT_2024",
    "REGELSETT_2024",
    "Prioritet",
    "Regelsett2024",
    "Soker2024",
    "gruppenavn_2024",
    "prioritet_2024",
]

FORSKRIFT_2024 = "forskrift-2024"
RETTER = ("ungdomsrett", "voksenrett", "ingen")
NIVAER = ("vg1", "vg2", "vg3")

GRUPPER: dict[int, str] = {
    FORTRINN: "fortrinn",
    2: "eget fylke med rett, fullstendig",
    3: "eget fylke med rett, deltid",
    4: "annet fylke med rett, særlige grunner eller samisk, fullstendig",
    5: "annet fylke med rett, særlige grunner eller samisk, deltid",
    6: "annet fylke med rett, fullstendig",
    7: "annet fylke med rett, deltid",
    8: "voksenrett, fullstendig",
    9: "voksenrett, deltid",
    10: "uten rett, fullstendig",
    11: "uten rett, deltid",
}


@dataclass(frozen=True)
class Regelsett2024:
    """The ``forskrift-2024`` priority rules with their named readings (defaults = the recommended readings).

    * ``voksenrett_som_rett``: an applicant with the adult right (opplæringslova § 18-3) who chooses ordinary
      intake has «dei same rettane og pliktene» as § 5-1 applicants (§ 18-3 tredje ledd) and ranks with them in
      § 4-14 (default). ``False``: after all § 5-1 applicants, before applicants without rett (Agder § 20 style).
    * ``individuell_plassering``: where an individually treated applicant (§ 4-20 / § 4-26, no poengsum) stands
      inside its step (§ 4-14 første ledd b puts both in the same step). ``"etter_poeng"`` (default): after the
      applicants with points in the same group, since § 4-18/§ 4-24 rank by points and the individually treated
      have none to compare — they are not ranked *before* points applicants. ``"foran_poeng"``: the county ranks
      them first in the step (as the 2006 practice of placing them by vedtak); a county choice, not the default.
    """

    navn: str = FORSKRIFT_2024
    voksenrett_som_rett: bool = True
    individuell_plassering: Literal["etter_poeng", "foran_poeng"] = "etter_poeng"

    def grupper(self) -> dict[int, str]:
        grupper = dict(GRUPPER)
        if self.voksenrett_som_rett:  # adults with rett are in groups 2–7; 8 and 9 are unused
            del grupper[8], grupper[9]
        return grupper


REGELSETT_2024: dict[str, Regelsett2024] = {FORSKRIFT_2024: Regelsett2024()}


@dataclass(frozen=True)
class Soker2024:
    """What § 4-14–§ 4-16 need to know about one applicant at one tilbud."""

    rett: str  # one of RETTER
    eget_fylke: bool  # folkeregistrert in the behandlende fylke
    flytting_dokumentert: bool = False  # § 4-8 andre ledd
    deltid: bool = False  # not a full utdanningsprogram / programområde (§ 4-14 andre ledd)
    saerlige_grunner: bool = False  # særlege pedagogiske eller sosiale grunnar (§ 4-14 tredje ledd)
    samisk: bool = False  # rett til opplæring i eller på samisk, must go to school in another county


@dataclass(frozen=True)
class Prioritet:
    gruppe: int
    forklaring: tuple[str, ...]


def prioritet_2024(
    soker: Soker2024,
    *,
    niva: str = "vg1",
    landslinje: bool = False,
    statlig: bool = False,
    regelsett: Regelsett2024 | str = FORSKRIFT_2024,
) -> Prioritet:
    """Group and Norwegian explanation lines (each citing its section) for an ordinary (non-fortrinn) applicant."""
    regler = _regler(regelsett)
    if niva.lower() not in NIVAER:
        raise ValueError(f"Ukjent nivå «{niva}» (forventet vg1, vg2 eller vg3).")
    if soker.rett not in RETTER:
        raise ValueError(f"Ukjent rett «{soker.rett}» (forventet {', '.join(RETTER)}).")
    linjer = [
        f"Regelsett {regler.navn}: opplæringsforskrifta (FOR-2024-06-03-900) § 4-14 gjelder for Vg1, Vg2 og Vg3, "
        "og skiller ikke mellom ungdom og voksne."
    ]
    deltid_tillegg = 1 if soker.deltid else 0

    if soker.rett == "ingen":
        linjer.append(
            "Uten rett til videregående opplæring: § 4-14 nevner ikke søkere uten rett, så de tas inn etter alle "
            "søkere med rett, uansett bostedsfylke (UTLEDET, ikke sitat; jf. docs/regler/regler-2024.md §2.1)."
        )
        linjer.append(_fullstendig_linje(soker.deltid))
        return Prioritet(10 + deltid_tillegg, tuple(linjer))

    if soker.rett == "voksenrett":
        if regler.voksenrett_som_rett:
            linjer.append(
                "Voksenrett (opplæringslova § 18-3) og valgt ordinært inntak: søkeren har da de samme rettene som "
                "søkere med rett etter § 5-1 (§ 18-3 tredje ledd) og rangeres med dem i § 4-14 "
                "(lesemåte voksenrett_som_rett=ja; teksten er ikke entydig, se regler-2024.md §2.1)."
            )
        else:
            linjer.append(
                "Voksenrett (opplæringslova § 18-3): etter lesemåten voksenrett_som_rett=nei tas søkeren inn etter "
                "alle søkere med rett etter § 5-1 og før søkere uten rett (UTLEDET, lokal praksis som Agder § 20)."
            )
            linjer.append(_fullstendig_linje(soker.deltid))
            return Prioritet(8 + deltid_tillegg, tuple(linjer))
    else:
        linjer.append("Ungdomsrett etter opplæringslova § 5-1.")

    if landslinje or statlig:
        hjemmel = "§ 4-16 (landslinje)" if landslinje else "§ 4-15 (statlig skole)"
        if statlig and landslinje:
            hjemmel = "§ 4-15 og § 4-16 (statlig skole, landslinje)"
        linjer.append(
            f"Tilbudet er omfattet av {hjemmel}: hvor søkeren er folkeregistrert, har ingenting å si for "
            "rekkefølgen, så søkeren rangeres som søker fra eget fylke."
        )
        eget = True
    elif soker.eget_fylke:
        linjer.append(
            "Folkeregistrert i fylket som behandler søknaden: søker fra eget fylke (§ 4-14 første ledd bokstav b)."
        )
        eget = True
    elif soker.flytting_dokumentert:
        linjer.append(
            "Folkeregistrert i et annet fylke, men har dokumentert flytting til fylket: regnes som søker fra eget "
            "fylke (§ 4-14 første ledd, § 4-8 andre ledd)."
        )
        eget = True
    else:
        linjer.append(
            "Folkeregistrert i et annet fylke: tas bare inn dersom det er ledig kapasitet etter søkerne fra eget "
            "fylke (§ 4-14 tredje ledd, opplæringslova § 28-2 tredje ledd)."
        )
        eget = False

    if eget:
        linjer.append(_fullstendig_linje(soker.deltid))
        return Prioritet(2 + deltid_tillegg, tuple(linjer))

    if soker.saerlige_grunner or soker.samisk:
        grunner = []
        if soker.saerlige_grunner:
            grunner.append("har dokumentert særlige pedagogiske eller sosiale grunner")
        if soker.samisk:
            grunner.append("har rett til opplæring i eller på samisk og må gå på skole i et annet fylke")
        linjer.append(
            f"Søkeren {' og '.join(grunner)}: først blant søkerne fra andre fylker (§ 4-14 tredje ledd)."
        )
        basis = 4
    else:
        linjer.append(
            "Ingen særlige grunner eller samisk rett: etter søkerne fra andre fylker som har det "
            "(§ 4-14 tredje ledd)."
        )
        basis = 6
    linjer.append(_fullstendig_linje(soker.deltid, tilsvarende=True))
    return Prioritet(basis + deltid_tillegg, tuple(linjer))


def _fullstendig_linje(deltid: bool, tilsvarende: bool = False) -> str:
    hjemmel = "§ 4-14 andre ledd" + (", som gjelder tilsvarende etter tredje ledd" if tilsvarende else "")
    if deltid:
        return f"Søker ikke et fullstendig utdanningsprogram eller programområde: etter dem som gjør det ({hjemmel})."
    return f"Søker et fullstendig utdanningsprogram eller programområde: foran dem som ikke gjør det ({hjemmel})."


def _regler(regelsett: Regelsett2024 | str) -> Regelsett2024:
    regler = regelsett if isinstance(regelsett, Regelsett2024) else REGELSETT_2024.get(regelsett)
    if regler is None:
        raise ValueError(f"Ukjent regelsett «{regelsett}» (kjente: {', '.join(sorted(REGELSETT_2024))}).")
    return regler


def gruppenavn_2024(gruppe: int, regelsett: Regelsett2024 | str = FORSKRIFT_2024) -> str:
    """The label of ``gruppe`` under ``regelsett`` ("" for a group the rule set does not use)."""
    return _regler(regelsett).grupper().get(gruppe, "")
