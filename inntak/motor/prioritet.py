"""Priority groups (prioritetsgruppe): who is admitted before whom, before points are compared.

Lower number = admitted first. Numbers are only compared within one tilbud (one nivå), so Vg1 and Vg2/Vg3 may
order the same kinds of søker differently. Sources are the tags of docs/regler/regler-2006.md §3.

Group 1 is reserved for fortrinnsrett given as a *priority* rather than as a vedtak (§ 6-14 a–d, § 6-29 a–c,
e.g. § 6-17 priority to one adapted school): normally fortrinn and individuell behandling are decided by vedtak
and enter the engine as ``fast_plass``, so :func:`prioritetsgruppe` never returns 1; callers set it directly.

Vg1, rule set ``udir-2-2021`` (forskrift kap. 6 as revised 2021, Udir-2-2021):

== ============================================================ =============================================
 2 ungdom med rett, heltid (the snapshot default)               § 6-14 ordinært inntak, §§ 6-20–6-24 [S-U614]
 3 ungdom med rett, deltid                                      § 6-14 bokstav f [S-U614]
 4 gjesteelev (ungdom med rett fra annet fylke)                 § 6-4; DERIVED/UNVERIFIED, local forskrift
 5 ungdom uten rett                                             DERIVED from § 6-29 fjerde avsnitt [S-U629]
 6 voksen med rett                                              § 6-14 siste avsnitt, § 6-49 [S-U614; S-U649]
 7 voksen uten rett, fullført men ikke bestått                  § 6-49 [S-U649]
 8 voksen uten rett med studie-/yrkeskompetanse (or unknown)    § 6-49 [S-U649]
== ============================================================ =============================================

Vg2/Vg3 (§ 6-29 [S-U629; S-LD6-III]): the same, except that adults with rett come after young people with rett
but *before* young people without rett: voksen med rett = 5, ungdom uten rett = 6.

Rule set ``udir-2-2021-gjesteavtale`` is for counties whose local forskrift or a gjesteelevavtale treats
gjesteelever like their own applicants (group 2/3 instead of 4).

These rule sets are for school years up to 2024-2025. From 2025-2026 the rule set is ``forskrift-2024``
(opplæringsforskrifta 2024 § 4-14–§ 4-16: own county before other counties on free capacity, særlege grunnar and
samisk first among those, full programme before deltid, no youth/adult split, residence ignored at landslinjer and
statlege skolar), in the sibling module :mod:`inntak.motor.prioritet_2024` with its own group numbers; it is not in
``REGELSETT`` because it needs other inputs. Intake runs choose by school year
(:func:`inntak.motor.rekkefolge.regelsett_for_skolear`); readings in docs/regler/regler-2024.md, «Prioritet etter
opplæringsforskrifta 2024 – slik er det implementert». Never edit an old rule set: stored runs replay byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FORTRINN",
    "REGELSETT",
    "STANDARD_REGELSETT",
    "RETTSTATUSER",
    "Regelsett",
    "gruppenavn",
    "prioritetsgruppe",
]

FORTRINN = 1
RETT = "rett"
UTEN_RETT = "uten_rett"
UTEN_RETT_IKKE_BESTATT = "uten_rett_ikke_bestatt"
UTEN_RETT_KOMPETANSE = "uten_rett_kompetanse"
RETTSTATUSER = (RETT, UTEN_RETT, UTEN_RETT_IKKE_BESTATT, UTEN_RETT_KOMPETANSE)
NIVAER = ("vg1", "vg2", "vg3")


@dataclass(frozen=True)
class Regelsett:
    """One dated, named version of the ordering rules (docs/regler/regler-2006.md asks for versioned rule sets)."""

    navn: str
    gjesteelev_likestilt: bool  # gjesteelever ranked as the county's own applicants

    def grupper(self, niva: str) -> dict[int, str]:
        """The groups this rule set uses at ``niva`` ("vg1"/"vg2"/"vg3"), with their labels (the module table)."""
        vg1 = niva.lower() == "vg1"
        grupper = {
            FORTRINN: "fortrinn",
            2: "ungdom med rett, heltid",
            3: "ungdom med rett, deltid",
            4: "gjesteelev",
            5: "ungdom uten rett" if vg1 else "voksen med rett",
            6: "voksen med rett" if vg1 else "ungdom uten rett",
            7: "voksen uten rett, ikke bestått",
            8: "voksen uten rett med kompetanse",
        }
        if self.gjesteelev_likestilt:  # gjesteelever are in groups 2 and 3; group 4 is unused
            del grupper[4]
        return grupper


STANDARD_REGELSETT = "udir-2-2021"
REGELSETT: dict[str, Regelsett] = {
    "udir-2-2021": Regelsett("udir-2-2021", gjesteelev_likestilt=False),
    "udir-2-2021-gjesteavtale": Regelsett("udir-2-2021-gjesteavtale", gjesteelev_likestilt=True),
}


def prioritetsgruppe(
    niva: str,
    rettstatus: str,
    voksen: bool,
    heltid: bool,
    gjesteelev: bool,
    regelsett: str | Regelsett = STANDARD_REGELSETT,
) -> int:
    """Group for an ordinary (non-fortrinn) søker; see the module table.

    ``niva`` is "vg1"/"vg2"/"vg3"; ``rettstatus`` one of ``RETTSTATUSER`` (the two detailed "uten_rett_*" values
    only matter for adults, § 6-49); ``voksen`` = turns 25 or more in the application year [S-U61].
    """
    regler = _regler(regelsett)
    niva = niva.lower()
    if niva not in NIVAER:
        raise ValueError(f"Ukjent nivå «{niva}» (forventet vg1, vg2 eller vg3).")
    if rettstatus not in RETTSTATUSER:
        raise ValueError(f"Ukjent rettstatus «{rettstatus}» (forventet {', '.join(RETTSTATUSER)}).")
    har_rett = rettstatus == RETT
    vg1 = niva == "vg1"
    if voksen:
        if har_rett:
            return 6 if vg1 else 5
        return 7 if rettstatus == UTEN_RETT_IKKE_BESTATT else 8
    if not har_rett:
        return 5 if vg1 else 6
    if gjesteelev and not regler.gjesteelev_likestilt:
        return 4
    return 2 if heltid else 3


def _regler(regelsett: str | Regelsett) -> Regelsett:
    regler = regelsett if isinstance(regelsett, Regelsett) else REGELSETT.get(regelsett)
    if regler is None:
        raise ValueError(f"Ukjent regelsett «{regelsett}» (kjente: {', '.join(sorted(REGELSETT))}).")
    return regler


def gruppenavn(niva: str, gruppe: int, regelsett: str | Regelsett = STANDARD_REGELSETT) -> str:
    """The label of ``gruppe`` at ``niva`` under ``regelsett`` ("" for a group the rule set does not use)."""
    return _regler(regelsett).grupper(niva).get(gruppe, "")
