"""Fagopplæring's system parameters (area «Fagopplæring»): the county's tilskudd rates per school year.

The app has no services yet; the rates are real, editable values so the county can keep them from today, and the
tilskudd services will read them with ``vigo.parametere.selectors.parameter``. 0 kr means «not set yet».
"""

from __future__ import annotations

from decimal import Decimal

from vigo.parametere import Parameter, Type, registrer

_SATS = (
    "Sats i kroner per år for heltid, etter Utdanningsdirektoratets satser for året. 0 betyr ikke fastsatt."
)

FAGOPPLAERING = (
    Parameter("fagopplaering.basistilskudd_1", "Basistilskudd 1 (lærling)", Type.DESIMAL, standard=Decimal("0"),
              omrade="fagopplaering", min=Decimal("0"), maks=Decimal("10000000"), enhet="kr", hjelp=_SATS),
    Parameter("fagopplaering.basistilskudd_2", "Basistilskudd 2 (opplæring i bedrift etter skole)", Type.DESIMAL,
              standard=Decimal("0"), omrade="fagopplaering", min=Decimal("0"), maks=Decimal("10000000"),
              enhet="kr", hjelp=_SATS),
    Parameter("fagopplaering.tilskudd_laerekandidat", "Tilskudd for lærekandidat", Type.DESIMAL,
              standard=Decimal("0"), omrade="fagopplaering", min=Decimal("0"), maks=Decimal("10000000"),
              enhet="kr", hjelp=_SATS),
    Parameter("fagopplaering.utbetaling", "Utbetaling av tilskudd", Type.VALG, standard="halvar",
              omrade="fagopplaering", valg=(("halvar", "Hvert halvår"), ("kvartal", "Hvert kvartal")),
              hjelp="Hvor ofte lærebedriftene får utbetalt tilskuddet."),
)  # fmt: skip


def registrer_fagopplaering() -> None:
    registrer(*FAGOPPLAERING)
