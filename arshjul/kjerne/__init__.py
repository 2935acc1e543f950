"""Rammeverksfri kjerne for årshjulet: modell, parser, kategoriregler, datoflytting og iCal.

Ingen Django-import her – Django-appen (``arshjul``) bygger på dette laget.
"""

from .datoer import FLYTTBARE_TYPER, er_virkedag, flytt_alle, flytt_til_neste_ar, neste_virkedag
from .ical import hendelse_til_dict, til_ical, til_json
from .kategorier import KATEGORIREGLER, TYPEREGLER, bestem_type, kategoriser
from .kilder import les_innebygd
from .modell import (
    Datotype,
    Hendelse,
    Hendelsestype,
    IkkePlassert,
    Kategori,
    ParseResultat,
    Tekstlinje,
    Tidspunkt,
    lag_nokkel,
)
from .parser import les_arshjul, oppdag_format, parse_2017, parse_2022

__all__ = [
    "FLYTTBARE_TYPER",
    "KATEGORIREGLER",
    "TYPEREGLER",
    "Datotype",
    "Hendelse",
    "Hendelsestype",
    "IkkePlassert",
    "Kategori",
    "ParseResultat",
    "Tekstlinje",
    "Tidspunkt",
    "bestem_type",
    "er_virkedag",
    "flytt_alle",
    "flytt_til_neste_ar",
    "hendelse_til_dict",
    "kategoriser",
    "lag_nokkel",
    "les_arshjul",
    "les_innebygd",
    "neste_virkedag",
    "oppdag_format",
    "parse_2017",
    "parse_2022",
    "til_ical",
    "til_json",
]
