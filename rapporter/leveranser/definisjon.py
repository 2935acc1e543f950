"""A delivery declared as data: recipient, population, fields, format, encoding, file name, preconditions and
controls. The runner (``rapporter.leveranser.kjoring``) reads only this declaration; adding a delivery is adding a
``Leveransedefinisjon`` to the registry (``registrer``), and it becomes a job in ``vigo.jobber`` with the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Filformat(StrEnum):
    CSV = "csv"  # semicolon, header row, CRLF
    FAST = "fast"  # fixed width, no header: each field padded or cut to its width
    JSON = "json"  # one JSON array of objects


@dataclass(frozen=True)
class Felt:
    navn: str
    kilde: str  # where the value comes from, e.g. "vigo.Person.fodselsnummer"
    beskrivelse: str = ""
    # Registreringshåndboka (Rhb, e.g. "A01") / SSB field number (e.g. "R.1 E.1") where known.
    variabel: str = ""
    bredde: int | None = None  # for Filformat.FAST
    format: str = ""  # e.g. "9(11)", "x(10)", "ÅÅÅÅMMDD"


@dataclass(frozen=True)
class Forutsetning:
    """A job that must have finished for the county before the delivery may run.

    ``parameter``: the job's parameter that must equal the delivery's skoleår (e.g. "skolear" for 1I001,
    "til_skolear" for 1A001); empty: any finished run in the current school year (årshjul routine order)."""

    kode: str
    parameter: str = ""


# A control looks at one record (the row dict, fields plus the underscore keys the source adds) and returns
# findings: (klasse, alvorlighet "FEIL"/"ADVARSEL", norsk melding).
Funn = tuple[str, str, str]
Kontroll = Callable[[dict[str, Any]], Iterable[Funn] | None]


@dataclass(frozen=True)
class Leveransedefinisjon:
    kode: str  # the job code (the årshjul's where one exists)
    navn: str
    mottaker: str
    populasjon: str  # who/what is in the file, in words
    felt: tuple[Felt, ...]
    # fylke, skolear -> rows: dicts with the field names plus "_post" (stable internal reference, never a
    # fødselsnummer) and, for per-school files, "_skole_id" / "_skolenummer". Must stream (iterator()).
    kilde: Callable[[Any, Any], Iterator[dict[str, Any]]]
    format: Filformat = Filformat.CSV
    tegnsett: str = "utf-8"
    # Placeholders: {kode} {fylke} {skolear} {dato} and, per school, {skole}.
    filnavn: str = "{kode}_{fylke}_{skolear}_{dato}.csv"
    forutsetninger: tuple[Forutsetning, ...] = ()
    kontroller: tuple[Kontroll, ...] = ()
    per_skole: bool = False  # one file per school; a school user may download its own
    personopplysninger: bool = True
    # Whether the layout is public (a published specification) or our documented model of a closed format.
    layout: str = "Dokumentert modell (formatet er lukket)"
    tillatelse: str = "inntak.change_inntakskjoring"
    arshjul: str = ""  # the årshjul entry the delivery answers, in words
    beskrivelse: str = ""
    ekstra: dict[str, Any] = field(default_factory=dict)

    @property
    def feltnavn(self) -> list[str]:
        return [f.navn for f in self.felt]

    @property
    def filendelse(self) -> str:
        return {"csv": "csv", "fast": "txt", "json": "json"}[self.format]


_REGISTER: dict[str, Leveransedefinisjon] = {}


def registrer(definisjon: Leveransedefinisjon) -> Leveransedefinisjon:
    if definisjon.kode in _REGISTER and _REGISTER[definisjon.kode] is not definisjon:
        raise ValueError(f"Leveransekoden {definisjon.kode} er allerede registrert.")
    if definisjon.format == Filformat.FAST and any(f.bredde is None for f in definisjon.felt):
        raise ValueError(f"{definisjon.kode}: alle felt i en fastbreddefil må ha bredde.")
    _REGISTER[definisjon.kode] = definisjon
    return definisjon


def hent(kode: str) -> Leveransedefinisjon:
    try:
        return _REGISTER[kode]
    except KeyError:
        raise KeyError(f"Ukjent leveranse «{kode}».") from None


def finnes(kode: str) -> bool:
    return kode in _REGISTER


def alle() -> list[Leveransedefinisjon]:
    return sorted(_REGISTER.values(), key=lambda d: d.kode)


def avregistrer(kode: str) -> None:
    """For tests that register throw-away deliveries."""
    _REGISTER.pop(kode, None)
