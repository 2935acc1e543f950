"""Fagopplæring's system parameters (area «Fagopplæring»): the county's tilskudd rates per school year, when
tilskudd starts, and the formidling dates (docs/fagopplaering/). Read with ``vigo.parametere.selectors.parameter``.
0 kr means «not set yet»: the tilskudd job refuses to run on a rate that is not set."""

from __future__ import annotations

import datetime
from decimal import Decimal

from vigo.parametere import Parameter, Type, registrer

_SATS_AR = "Sats i kroner per år med opplæring i bedrift (heltid), etter fylkets vedtak for året. 0 betyr ikke fastsatt."
_SATS_MND = "Sats i kroner per måned, etter fylkets vedtak for året. 0 betyr ikke fastsatt."

FAGOPPLAERING = (
    Parameter("fagopplaering.basistilskudd_1", "Basistilskudd I (lærling eller lærekandidat med ungdomsrett)",
              Type.DESIMAL, standard=Decimal("0"), omrade="fagopplaering", min=Decimal("0"),
              maks=Decimal("10000000"), enhet="kr", hjelp=_SATS_AR),
    Parameter("fagopplaering.basistilskudd_2", "Basistilskudd II (uten ungdomsrett, fagbrev på jobb)", Type.DESIMAL,
              standard=Decimal("0"), omrade="fagopplaering", min=Decimal("0"), maks=Decimal("1000000"),
              enhet="kr", hjelp=_SATS_MND),
    Parameter("fagopplaering.tilskudd_laerekandidat", "Tilskudd for lærekandidat (tillegg per år)", Type.DESIMAL,
              standard=Decimal("0"), omrade="fagopplaering", min=Decimal("0"), maks=Decimal("10000000"),
              enhet="kr", hjelp=_SATS_AR),
    Parameter("fagopplaering.tilskudd_start", "Tilskudd gis fra", Type.VALG, standard="laeretid_fra",
              omrade="fagopplaering",
              valg=(("laeretid_fra", "Datoen læretiden starter"),
                    ("maned_for_godkjenning", "Den 1. i måneden før kontrakten ble godkjent")),
              hjelp="Fra når en godkjent kontrakt gir tilskudd. Læretiden regnes alltid fra startdatoen."),
    Parameter("fagopplaering.utbetaling", "Utbetaling av tilskudd", Type.VALG, standard="halvar",
              omrade="fagopplaering", valg=(("halvar", "Hvert halvår"), ("kvartal", "Hvert kvartal")),
              hjelp="Hvor ofte lærebedriftene får utbetalt tilskuddet."),
    Parameter("fagopplaering.formidlingsfrist", "Frist for formidling før tilbud om Vg3 i skole", Type.DATO,
              standard=lambda fylke, kode: datetime.date(int(kode[:4]), 9, 1), omrade="fagopplaering",
              hjelp="Søkere med ungdomsrett som ikke er formidlet innen denne datoen, skal få tilbud om Vg3 i "
                    "skole (opplæringslova § 5-6)."),
    Parameter("fagopplaering.svarfrist_dager", "Svarfrist på tilbud om læreplass", Type.HELTALL, standard=7,
              omrade="fagopplaering", min=1, maks=60, enhet="dager",
              hjelp="Hvor mange dager søkeren har på å svare når en bedrift tilbyr læreplass."),
)  # fmt: skip


def registrer_fagopplaering() -> None:
    registrer(*FAGOPPLAERING)
