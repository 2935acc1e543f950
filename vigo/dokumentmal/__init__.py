"""The standard-document tool (seed 000 «Standarddokumentverktøy»): the registry of document types.

The core owns the mechanism (model ``vigo.Dokumentmal`` with versions per county, ``selectors``, ``services``,
``gjengi`` and the caseworker pages); a domain app declares its document types in ``AppConfig.ready``::

    from vigo.dokumentmal import Dokumenttype, registrer

    registrer(Dokumenttype(kode="fagbrev", navn="Fagbrev", format="A3L", variabler={"kandidat.navn": "…"},
                           standardmal="<h1>Fagbrev</h1>…", eksempel=lambda: {...}, brevhode=False))

The core never imports a domain app: it only knows the codes registered here. ``standardmal`` is the built-in
body (a Django template) used until the county publishes its own version; ``eksempel`` gives a sample context of
exactly the shape the app's services pass, so the preview needs no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Page formats: code -> (name shown to the user, CSS @page size). The model's choices are built from this.
FORMATER: dict[str, tuple[str, str]] = {
    "A4": ("A4", "A4"),
    "A4L": ("A4 liggende", "A4 landscape"),
    "A3L": ("A3 liggende", "A3 landscape"),
}


@dataclass(frozen=True)
class Dokumenttype:
    """A kind of document the county can adjust the wording of.

    kode: stable code (≤ 40 characters) stored on ``Dokumentmal.dokumenttype``.
    format: a key of ``FORMATER``; the default format of a new version.
    variabler: variable name (dotted, as used in the template) -> description shown on the edit page.
    brevhode: letters carry the county's letterhead (sender name, address, logo); diplomas do not.
    """

    kode: str
    navn: str
    format: str
    variabler: dict[str, str]
    standardmal: str
    eksempel: Callable[[], dict[str, Any]]
    brevhode: bool = True
    beskrivelse: str = ""
    omrade: str = field(default="")

    def __post_init__(self) -> None:
        if not self.kode or len(self.kode) > 40 or not self.kode.replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"Ugyldig kode for dokumenttype: {self.kode!r}")
        if self.format not in FORMATER:
            raise ValueError(f"Ukjent format {self.format!r} for dokumenttypen {self.kode}")


_TYPER: dict[str, Dokumenttype] = {}


def registrer(dt: Dokumenttype) -> Dokumenttype:
    """Register (or replace, so a repeated ``ready`` or a test is harmless) a document type."""
    _TYPER[dt.kode] = dt
    return dt


def typer() -> list[Dokumenttype]:
    """Every registered type, in registration order."""
    return list(_TYPER.values())


def hent(kode: str) -> Dokumenttype:
    try:
        return _TYPER[kode]
    except KeyError:
        raise KeyError(f"Dokumenttypen {kode!r} er ikke registrert.") from None


def formatnavn(kode: str) -> str:
    return FORMATER.get(kode, (kode, kode))[0]


def sidestorrelse(kode: str) -> str:
    """The CSS ``@page { size: … }`` of a format code."""
    return FORMATER.get(kode, ("A4", "A4"))[1]
