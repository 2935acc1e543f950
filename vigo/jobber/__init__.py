"""One registry of job types. Apps register their jobs with ``@jobbtype("5A019", "Oppdater rett", ...)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms


class IngenParametere(forms.Form):
    pass


@dataclass(frozen=True)
class Jobbtype:
    kode: str
    navn: str
    funksjon: Callable[[Any], dict | None]
    skjema: type[forms.Form] = IngenParametere
    beskrivelse: str = ""
    omrade: str = "Felles"
    # Codes that must have run successfully in the same period first (årshjul routines); checked at start.
    forgjengere: tuple[str, ...] = field(default_factory=tuple)
    personopplysninger: bool = False


_REGISTER: dict[str, Jobbtype] = {}


def jobbtype(kode: str, navn: str, **kwargs) -> Callable:
    def registrer(funksjon: Callable) -> Callable:
        _REGISTER[kode] = Jobbtype(kode=kode, navn=navn, funksjon=funksjon, **kwargs)
        return funksjon

    return registrer


def hent(kode: str) -> Jobbtype:
    try:
        return _REGISTER[kode]
    except KeyError:
        raise KeyError(f"Ukjent jobbkode «{kode}».") from None


def finnes(kode: str) -> bool:
    return kode in _REGISTER


def alle() -> list[Jobbtype]:
    return sorted(_REGISTER.values(), key=lambda j: j.kode)


def avregistrer(kode: str) -> None:
    """For tests that register throw-away job types."""
    _REGISTER.pop(kode, None)
