"""Uttrekk av VIGO-jobbkoder («5A019 - Oppdater rett») fra fritekst.

Jobbkodene kobler årshjulet til kjøringene i VIGO; de ser ut som siffer + bokstav +
tre siffer. Navnet tas med når teksten gir det («KODE - Navn» eller «KODE Navn»).
"""

from __future__ import annotations

import re

JOBBKODE_RE = re.compile(r"\b\d[A-Z]\d{3}\b")
_MED_NAVN_RE = re.compile(
    r"\b(?P<kode>\d[A-Z]\d{3})\s+-\s+(?P<navn>[A-Za-zÆØÅæøå][^.,;:()/\n«»]*?)"
    r"(?=\s+og\s+\d[A-Z]\d{3}|\s+(?:kjøres|Pga|Ligger|Kjør)\b|[.,;:()/\n«»]|\s*$)"
)
_KORT_NAVN_RE = re.compile(r"\b(?P<kode>\d[A-Z]\d{3})\s(?P<navn>[A-ZÆØÅ][\wÆØÅæøå-]*)(?=[\s.,;:)]|$)")
MISTENKELIG_KODE_RE = re.compile(r"\b\d[A-Z]\d{4,}\b|\b\d[A-Z]\d{1,2}\b")

# Events the wheel names only in words («Fagopplæringsfil (formidling) pr 11. november») but that a job of an app
# fulfils: (pattern, code, name), registered by the app in its AppConfig.ready so the core names no domain app.
_TEKSTKOBLINGER: list[tuple[re.Pattern[str], str, str]] = []


def registrer_tekstkobling(monster: str, kode: str, navn: str) -> None:
    """Link events whose text matches ``monster`` (case-insensitive) to job ``kode`` on every later import."""
    if not JOBBKODE_RE.fullmatch(kode):
        raise ValueError(f"ugyldig jobbkode: {kode}")
    if not any(m.pattern == monster and k == kode for m, k, _n in _TEKSTKOBLINGER):
        _TEKSTKOBLINGER.append((re.compile(monster, re.IGNORECASE), kode, navn))


def finn_jobbkoder(*tekster: str) -> dict[str, str | None]:
    """Kode → navn (None når teksten ikke navngir koden), i rekkefølgen de står."""
    koder: dict[str, str | None] = {}
    for tekst in tekster:
        for m in JOBBKODE_RE.finditer(tekst):
            koder.setdefault(m.group(), None)
        for m in (*_MED_NAVN_RE.finditer(tekst), *_KORT_NAVN_RE.finditer(tekst)):
            navn = m["navn"].strip(" -")
            if navn and koder.get(m["kode"]) is None:
                koder[m["kode"]] = navn
    for monster, kode, navn in _TEKSTKOBLINGER:
        if any(monster.search(t) for t in tekster):
            koder.setdefault(kode, navn)
    return koder


def mistenkelige_koder(*tekster: str) -> list[str]:
    """Ting som ligner jobbkoder men har feil lengde (f.eks. «9A0004») – varsles, rettes ikke."""
    return [m.group() for tekst in tekster for m in MISTENKELIG_KODE_RE.finditer(tekst)]
