"""Poengberegning for inntak til videregående opplæring, uten Django.

Hvorfor en egen pakke uten rammeverk: reglene (forskrift til opplæringslova §§ 6-21, 6-34, Udir-2-2021, til og
med skoleåret 2024-2025; opplæringsforskrifta §§ 4-19, 4-20, 4-25, 4-26 fra 2025-2026) skal gi samme svar i CLI,
REST-API, saksbehandling og tester, og kunne speiles av SQL-batchen.
Se ``poeng`` for algoritmen, ``regelsett`` for versjonene og ``kalkulator`` for JSON-kontrakten.
"""

from .kalkulator import (
    Foresporsel,
    UgyldigForesporsel,
    beregn_fra_json,
    resultat_til_json,
    valider_foresporsel,
)
from .karakterer import (
    GYLDIGE_KARAKTERER,
    INNEBYGDE_GRUNNSKOLEFAG,
    FagtypeOppslag,
    Karakter,
    Valideringsfeil,
    karakter_tallverdi,
)
from .poeng import Resultat, TeltKarakter, UtelattKarakter, beregn_poeng
from .regelsett import (
    STANDARD_REGELSETT_ID,
    Regelsett,
    UkjentRegelsett,
    alle_regelsett,
    hent_regelsett,
    registrer_regelsett,
)

__all__ = [
    "GYLDIGE_KARAKTERER",
    "INNEBYGDE_GRUNNSKOLEFAG",
    "STANDARD_REGELSETT_ID",
    "FagtypeOppslag",
    "Foresporsel",
    "Karakter",
    "Regelsett",
    "Resultat",
    "TeltKarakter",
    "UgyldigForesporsel",
    "UkjentRegelsett",
    "UtelattKarakter",
    "Valideringsfeil",
    "alle_regelsett",
    "beregn_fra_json",
    "beregn_poeng",
    "hent_regelsett",
    "karakter_tallverdi",
    "registrer_regelsett",
    "resultat_til_json",
    "valider_foresporsel",
]
