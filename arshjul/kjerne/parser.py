"""Inngang for import: gjenkjenner kildeformatet og velger parser."""

from __future__ import annotations

import re

from .modell import ParseResultat
from .parser_pdf import parse_pdf_tekst
from .parser_tsv import parse_tsv

_TSV_KOLONNER_RE = re.compile(r"^Måned\tFra\tHva\tTil\tKommentar", re.MULTILINE)


def oppdag_format(tekst: str) -> str:
    """«tsv» når tabellen har tabulatorkolonner (2017-2018), ellers «pdf-tekst» (2022-2023)."""
    return "tsv" if _TSV_KOLONNER_RE.search(tekst) else "pdf-tekst"


def les_arshjul(tekst: str, skolear: str | None = None) -> ParseResultat:
    """Leser et årshjul i ett av de kjente formatene.

    ``skolear`` trengs bare når dokumentet mangler tittelen «ÅRSHJUL VIGO OPPLÆRING,
    skoleåret ÅÅÅÅ-ÅÅÅÅ»; et avvikende skoleår gir ``ValueError`` i stedet for feil år.
    """
    tekst = tekst.replace("\r\n", "\n").lstrip("\ufeff")
    if oppdag_format(tekst) == "tsv":
        return parse_tsv(tekst, skolear)
    return parse_pdf_tekst(tekst, skolear)


def parse_2017(tekst: str) -> ParseResultat:
    """Årshjul 2017-2018 (tabulatorseparert)."""
    return parse_tsv(tekst, "2017-2018")


def parse_2022(tekst: str) -> ParseResultat:
    """Årshjul 2022-2023 (tekst fra PDF)."""
    return parse_pdf_tekst(tekst, "2022-2023")
