"""De innebygde kildedokumentene i ``arshjul/data`` (produktet leser aldri referansematerialet utenfor depotet)."""

from __future__ import annotations

from pathlib import Path

from .modell import ParseResultat
from .parser import les_arshjul

DATAKATALOG = Path(__file__).resolve().parent.parent / "data"
INNEBYGDE = {
    "2017-2018": "arshjul_2017-2018.txt",
    "2022-2023": "arshjul_2022-2023.txt",
}


def innebygd_sti(skolear: str) -> Path:
    return DATAKATALOG / INNEBYGDE[skolear]


def les_innebygd(skolear: str) -> ParseResultat:
    """Parser det innebygde årshjulet for ``skolear`` («2017-2018» eller «2022-2023»)."""
    return les_arshjul(innebygd_sti(skolear).read_text(encoding="utf-8"), skolear)
