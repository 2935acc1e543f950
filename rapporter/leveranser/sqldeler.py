"""SQL pieces shared by the COPY-sourced deliveries (docs/leveranser.md «SQL-kilder»): text formats as the files
want them, and the fødselsnummer checks in SQL so a control never reads persons into Python."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapporter.leveranser.definisjon import Felt


def select(kolonner: tuple[tuple[str, Felt], ...], fra: str = "") -> str:
    """``SELECT`` of the (SQL expression, field) pairs in field order, then ``fra``. COPY writes an empty string as
    "" (only NULL is written as nothing), so every empty value becomes NULL, as a Python source leaves it empty."""
    return "SELECT " + ",\n       ".join(f"NULLIF(({uttrykk})::text, '')" for uttrykk, _ in kolonner) + fra


def dato(uttrykk: str) -> str:
    return f"to_char({uttrykk}, 'YYYYMMDD')"


def tekst(uttrykk: str) -> str:
    """Free text without line breaks: the COPY writer counts records by line."""
    return f"translate({uttrykk}, E'\\r\\n', '  ')"


def filid(navn: str) -> str:
    """One constant per file: the delivery, county and school year («ssbResultat_50_20252026»). Needs the
    parameter ``fylkenr`` and the school year joined as ``sa``."""
    return f"'{navn}_' || %(fylkenr)s || '_' || replace(sa.kode, '-', '')"


def _siffer(kol: str, vekter: tuple[int, ...]) -> str:
    return " + ".join(f"{v} * substr({kol}, {i}, 1)::int" for i, v in enumerate(vekter, start=1))


def fnr_gyldig(kol: str) -> str:
    """SQL: 11 digits and both mod-11 control digits right (F-nr, D-nr and Test Norge synthetic numbers alike).
    The CASE keeps the ::int casts away from values that are not digits. The birth date is not checked here."""
    k1 = _siffer(kol, (3, 7, 6, 1, 8, 9, 4, 5, 2, 1))
    k2 = _siffer(kol, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1))
    return f"(CASE WHEN {kol} ~ '^[0-9]{{11}}$' THEN mod({k1}, 11) = 0 AND mod({k2}, 11) = 0 ELSE false END)"


def fnr_fiktivt(kol: str) -> str:
    """SQL: a VIGO fiktivt number (day + 40, individ digits 9x; elev-og-eksport §1.2). It fails mod 11 by design."""
    return f"({kol} ~ '^[4-7][0-9]{{5}}9[0-9]{{4}}$' AND NOT {fnr_gyldig(kol)})"
