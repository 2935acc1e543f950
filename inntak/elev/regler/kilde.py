"""Kildehenvisning i forklaringslinjene: hver linje slutter med seksjonen i docs/elev.md den bygger på."""

from __future__ import annotations

DOKUMENT = "docs/elev.md"


def kilde(seksjon: str) -> str:
    """``"(docs/elev.md §2.2)"`` for ``"2.2"``."""
    return f"({DOKUMENT} §{seksjon})"


def linje(tekst: str, seksjon: str) -> str:
    """En forklaringslinje med kilde til slutt."""
    return f"{tekst} {kilde(seksjon)}"
