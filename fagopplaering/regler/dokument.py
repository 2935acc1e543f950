"""Which documents a kandidat gets after fagopplæring (docs/fagopplaering/domene.md §0.7, §6), which of them go to
NVB and as what type (§7), and the vitnemål's merknad VMM31.

Framework-free: plain Python, no Django. The type codes are the document template codes
(``fagopplaering/dokumenttyper.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from fagopplaering.regler.prove import (
    ELEV,
    FAG,
    KANDIDATTYPENAVN,
    KANDIDATTYPER,
    KOMPETANSE,
    LAERLING,
    PROVETYPENAVN,
    RESULTATER,
    SVENNE,
    er_bestatt,
)
from fagopplaering.regler.prove import (
    PRAKSISBREV as PRAKSISBREVPROVE,
)

DOK = "docs/fagopplaering/domene.md"

FAGBREV = "fagbrev"
SVENNEBREV = "svennebrev"
KOMPETANSEBREV = "kompetansebrev"
PRAKSISBREV = "praksisbrev"
KOMPETANSEBEVIS = "kompetansebevis"
VITNEMAL = "vitnemal"
RESULTATBREV = "resultatbrev"
OPPNEVNINGSBREV = "oppnevningsbrev"

DOKUMENTNAVN = {
    FAGBREV: "fagbrev",
    SVENNEBREV: "svennebrev",
    KOMPETANSEBREV: "kompetansebrev",
    PRAKSISBREV: "praksisbrev",
    KOMPETANSEBEVIS: "kompetansebevis",
    VITNEMAL: "vitnemål",
    RESULTATBREV: "resultatbrev",
    OPPNEVNINGSBREV: "oppnevningsbrev",
}

NVB_TYPE = {VITNEMAL: "VM", KOMPETANSEBEVIS: "KB"}
"""NVB V5 Vgdoktypekode (domene §7). Which kompetansebevis the county sends to NVB is UNVERIFIED (§7)."""

VMM31 = "VMM31"
"""Merknad on a vitnemål after fagopplæring, parameter = the date it was passed (domene §7)."""


@dataclass(frozen=True)
class Dokumentvalg:
    typer: list[str]
    forklaring: list[str] = field(default_factory=list)

    @property
    def navn(self) -> list[str]:
        return [DOKUMENTNAVN[t] for t in self.typer]


def _brev_for(provetype: str) -> str:
    return {FAG: FAGBREV, SVENNE: SVENNEBREV, KOMPETANSE: KOMPETANSEBREV, PRAKSISBREVPROVE: PRAKSISBREV}[
        provetype
    ]


def dokumenter_for(
    *, kandidattype: str, provetype: str, resultat: str | None, laeretid_fullfort: bool
) -> Dokumentvalg:
    """The documents for one ended course of training (domene §0.7, §6).

    * Lærling or elev (Vg3 i skole) who passed a fag-/svenneprøve and completed the læretid → vitnemål +
      fag-/svennebrev. Passed without completed læretid → fag-/svennebrev + kompetansebevis (the vitnemål needs
      completed læretid).
    * Praksiskandidat, fagbrev på jobb → kompetansebevis + fag-/svennebrev; lærekandidat → kompetansebevis +
      kompetansebrev; praksisbrevkandidat → kompetansebevis + praksisbrev.
    * Ikke bestått (anyone) → kompetansebevis. ``resultat=None`` means the training ended without a prøve →
      kompetansebevis.
    * A resultatbrev whenever there is a result (with klage information when ikke bestått, §5).

    The brev follows the prøvetype (the lærefag decides fag- or svennebrev); the vitnemål follows the kandidattype.
    """
    if kandidattype not in KANDIDATTYPER:
        raise ValueError(f"Ukjent kandidattype «{kandidattype}».")
    if provetype not in PROVETYPENAVN:
        raise ValueError(f"Ukjent prøvetype «{provetype}».")
    if resultat is not None and resultat not in RESULTATER:
        raise ValueError(f"Ukjent resultat «{resultat}».")
    typer: list[str] = []
    forklaring: list[str] = []
    if resultat is None:
        typer.append(KOMPETANSEBEVIS)
        forklaring.append(
            "Opplæringen er avsluttet uten prøve: kandidaten får kompetansebevis for det som er fullført "
            f"({DOK} §6)."
        )
    elif not er_bestatt(resultat):
        typer.append(KOMPETANSEBEVIS)
        forklaring.append(
            "Prøven er ikke bestått: kandidaten får kompetansebevis sammen med resultatbrevet, som forklarer "
            f"klageretten ({DOK} §5, §6)."
        )
    else:
        brev = _brev_for(provetype)
        if kandidattype in (LAERLING, ELEV) and provetype in (FAG, SVENNE):
            if laeretid_fullfort:
                typer += [VITNEMAL, brev]
                forklaring.append(
                    f"Bestått {PROVETYPENAVN[provetype]} som {'lærling' if kandidattype == LAERLING else 'elev'} "
                    f"med fullført læretid: vitnemål og {DOKUMENTNAVN[brev]}. Vitnemålet utstedes etter "
                    f"kontraktens sluttdato og får merknad VMM31 ({DOK} §0.7, §6, §7)."
                )
            else:
                typer += [brev, KOMPETANSEBEVIS]
                forklaring.append(
                    f"Bestått {PROVETYPENAVN[provetype]}, men læretiden er ikke fullført: {DOKUMENTNAVN[brev]} og "
                    f"kompetansebevis. Vitnemål gis bare når læretiden er fullført ({DOK} §6)."
                )
        else:
            typer += [KOMPETANSEBEVIS, brev]
            hvem = KANDIDATTYPENAVN[kandidattype]
            forklaring.append(
                f"Bestått {PROVETYPENAVN[provetype]} som {hvem}: kompetansebevis og {DOKUMENTNAVN[brev]}; brevet "
                f"gjelder bare sammen med kompetansebeviset ({DOK} §0.7, §6)."
            )
    if resultat is not None:
        typer.append(RESULTATBREV)
        forklaring.append(f"Resultatbrevet sendes når resultatet er registrert ({DOK} §5).")
    return Dokumentvalg(typer, forklaring)


def vmm31_tekst(dato: datetime.date) -> str:
    """The text of merknad VMM31 on the vitnemål: «Bestått fagopplæring DD.MM.ÅÅÅÅ» (domene §7)."""
    return f"Bestått fagopplæring {dato:%d.%m.%Y}"
