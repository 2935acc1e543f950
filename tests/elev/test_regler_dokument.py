"""Hver kildehenvisning i forklaringene til elevreglene peker på en seksjon som finnes i docs/elev.md, og ingen
peker utenfor repoet."""

from __future__ import annotations

import re
from pathlib import Path

ROT = Path(__file__).resolve().parents[2]
REGLER = ROT / "inntak" / "elev" / "regler"


def _seksjoner() -> set[str]:
    tekst = (ROT / "docs" / "elev.md").read_text(encoding="utf-8")
    return set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\. ", tekst, flags=re.M)) | set(
        re.findall(r"^#{2,3} (\d+(?:\.\d+)?) ", tekst, flags=re.M)
    )


def test_alle_henviste_seksjoner_finnes():
    seksjoner = _seksjoner()
    brukt: set[str] = set()
    for fil in REGLER.glob("*.py"):
        tekst = fil.read_text(encoding="utf-8")
        brukt |= set(re.findall(r'"(\d+(?:\.\d+)?)",?\s*\)', tekst))  # linje(..., "2.4") og ferdig(...)
        brukt |= set(re.findall(r"docs/elev\.md §(\d+(?:\.\d+)?)", tekst))
    brukt = {s for s in brukt if not s.startswith("0")}  # Decimal("0.01"), endswith("000")
    assert {"2.10", "3.5", "4.3", "5.7", "6"} <= brukt, "fant ikke henvisningene"
    assert brukt <= seksjoner, f"mangler i docs/elev.md: {sorted(brukt - seksjoner)}"


def test_ingen_stier_utenfor_repoet():
    for fil in [*REGLER.glob("*.py"), ROT / "docs" / "elev.md"]:
        tekst = fil.read_text(encoding="utf-8")
        assert "/work/" not in tekst and "shared/domain" not in tekst, fil


def test_reglene_er_uten_django():
    for fil in REGLER.glob("*.py"):
        assert not re.search(r"^\s*(from|import) django", fil.read_text(encoding="utf-8"), flags=re.M), fil
