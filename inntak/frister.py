"""The søknadsfrist of one søknad: which of the county's two deadlines applies, moved off weekends and holidays.

Opplæringsforskrifta § 4-9 (docs/regler.md): 1 March; 1 February for fortrinn and individuell behandling (and for
lærling/lærekandidat applicants, whose formidling starts earlier); a deadline on a weekend or holiday moves to the
next working day. The dates themselves are the county's parameters ``inntak.soknadsfrist`` and
``inntak.fortrinnsfrist`` (per school year). After the deadline an applicant can still read the søknad in the
portal, but only a caseworker can change it, with a logged reason (``inntak.services.soknad_soker``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from kodeverk.virkedager import neste_virkedag
from vigo.parametere.selectors import parametere

TIDLIG_SOKERGRUPPER = frozenset({"laerling", "laerekandidat"})
"""Søkergrupper (or programområde wishes for apprenticeship) with the 1 February deadline."""


@dataclass(frozen=True)
class Frist:
    dato: datetime.date  # the last day an applicant may send or change, after moving off weekends/holidays
    fastsatt: datetime.date  # the county's date as set (before moving)
    grunn: str  # why this deadline applies, for the page

    @property
    def flyttet(self) -> bool:
        return self.dato != self.fastsatt


def tidlig_frist(behandlingskategori=None, sokergruppe: str = "") -> bool:
    """True when the 1 February deadline applies: fortrinn/individuell behandling (§ 4-9 a and e) or
    lærling/lærekandidat applicants."""
    gruppe = getattr(behandlingskategori, "gruppe", None)
    return gruppe in ("fortrinn", "individuell") or sokergruppe in TIDLIG_SOKERGRUPPER


def soknadsfrist(fylke, skolear, *, behandlingskategori=None, sokergruppe: str = "") -> Frist:
    """The deadline for an applicant in ``fylke`` for ``skolear`` with this category."""
    p = parametere(fylke, skolear, "inntak")
    if tidlig_frist(behandlingskategori, sokergruppe):
        fastsatt = p["inntak.fortrinnsfrist"]
        grunn = str(
            _lazy(
                "Fristen for fortrinn, individuell behandling og lærlingsøkere (opplæringsforskrifta § 4-9)"
            )
        )
    else:
        fastsatt = p["inntak.soknadsfrist"]
        grunn = str(_lazy("Den ordinære søknadsfristen (opplæringsforskrifta § 4-9)"))
    return Frist(dato=neste_virkedag(fastsatt), fastsatt=fastsatt, grunn=grunn)


def frist_for(soknad) -> Frist:
    return soknadsfrist(
        soknad.fylke,
        soknad.skolear,
        behandlingskategori=soknad.behandlingskategori,
        sokergruppe=soknad.sokergruppe,
    )


def i_dag() -> datetime.date:
    return timezone.localdate()


def etter_frist(frist: Frist, dag: datetime.date | None = None) -> bool:
    """True from the day after the (moved) deadline: the deadline day itself is open until midnight."""
    return (dag or i_dag()) > frist.dato
