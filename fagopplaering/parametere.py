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

_HONORAR = "Honorar i kroner per kandidat for rollen, etter fylkets satser. 0 betyr ikke fastsatt."


def _utsteder(fylke, kode: str) -> str:
    return fylke.navn


# The county authorities' own numbers in Enhetsregisteret for the two demo counties; others must set theirs (the
# NVB control stops every document while the number is invalid, with a message that names this parameter).
_ORGNR = {"50": "817920632", "03": "958935420"}


def _nvb_orgnr(fylke, kode: str) -> str:
    return _ORGNR.get(fylke.nummer, "000000000")


def _nvb_skolenr(fylke, kode: str) -> str:
    return f"{fylke.nummer}999"


PROVER = (
    Parameter("fagopplaering.nemnd_maks_perioder", "Høyeste antall perioder på rad i en prøvenemnd", Type.HELTALL,
              standard=3, omrade="fagopplaering", min=1, maks=10, enhet="perioder",
              hjelp="Fire år per periode. Vestland: høyst tre perioder (12 år) på rad."),
    Parameter("fagopplaering.nemnd_maks_alder", "Høyeste alder ved oppnevning til prøvenemnd", Type.HELTALL,
              standard=64, omrade="fagopplaering", min=18, maks=80, enhet="år"),
    Parameter("fagopplaering.honorar_leiar", "Honorar til nemndleder", Type.DESIMAL, standard=Decimal("0"),
              omrade="fagopplaering", min=Decimal("0"), maks=Decimal("100000"), enhet="kr", hjelp=_HONORAR),
    Parameter("fagopplaering.honorar_medlem", "Honorar til nemndmedlem", Type.DESIMAL, standard=Decimal("0"),
              omrade="fagopplaering", min=Decimal("0"), maks=Decimal("100000"), enhet="kr", hjelp=_HONORAR),
    Parameter("fagopplaering.honorar_koordinator", "Honorar til koordinator", Type.DESIMAL, standard=Decimal("0"),
              omrade="fagopplaering", min=Decimal("0"), maks=Decimal("100000"), enhet="kr", hjelp=_HONORAR),
    Parameter("fagopplaering.proveavgift", "Prøveavgift for praksiskandidater", Type.DESIMAL, standard=Decimal("0"),
              omrade="fagopplaering", min=Decimal("0"), maks=Decimal("100000"), enhet="kr",
              hjelp="Fastsatt i statsbudsjettet for året (opplæringsforskrifta § 9-56). 0 betyr ikke fastsatt."),
    Parameter("fagopplaering.utstedersted", "Utstedersted på vitnemål og fagbrev", Type.TEKST, standard=_utsteder,
              omrade="fagopplaering", maks_lengde=100, hjelp="Stedet som står på dokumentene og i NVB (V9)."),
    Parameter("fagopplaering.underskriver_navn", "Underskriver på vitnemål og fagbrev", Type.TEKST,
              standard="Fagopplæringssjefen",
              omrade="fagopplaering", maks_lengde=100,
              hjelp="Navnet som står under signaturen (NVB V12/V13)."),
    Parameter("fagopplaering.underskriver_tittel", "Underskriverens tittel", Type.TEKST, standard="Fagopplæringssjef",
              omrade="fagopplaering", maks_lengde=100),
    Parameter("fagopplaering.nvb_orgnr", "Organisasjonsnummer for fagopplæringen i NVB", Type.TEKST,
              standard=_nvb_orgnr, omrade="fagopplaering", maks_lengde=9,
              hjelp="Fylkeskommunens organisasjonsnummer som utsteder vitnemål og kompetansebevis (NVB A1/V7)."),
    Parameter("fagopplaering.nvb_skolenr", "Skolenummer for fagopplæringen i NVB", Type.TEKST,
              standard=_nvb_skolenr, omrade="fagopplaering", maks_lengde=5,
              hjelp="VIGO-nummeret til fagopplæringsenheten (fem siffer, de to første er fylkesnummeret; NVB A2)."),
)  # fmt: skip


def registrer_fagopplaering() -> None:
    registrer(*FAGOPPLAERING, *PROVER)
