"""A delivery declared as data: recipient, population, fields, format, encoding, file name, preconditions and
controls. The runner (``rapporter.leveranser.tjenester``) reads only this declaration; adding a delivery is adding a
``Leveransedefinisjon`` to the registry (``registrer``), and it becomes a job in ``vigo.jobber`` with the same code.

Two kinds of source: ``kilde`` yields Python rows (small populations; per-record Python controls), ``sql`` gives one
SELECT that PostgreSQL writes with ``COPY … TO STDOUT`` (large populations such as elevkurs and elevfag: the rows never
become Python objects) with set-based ``sql_kontroller``. A delivery of several files (ssbResultat + ssbResultatfag)
declares the extra files as ``delfiler``.
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


# SQL with its parameters for (fylke, skolear): ``("SELECT … WHERE s.fylke_id = %(fylke)s", {"fylke": fylke.pk})``.
# Tables are named unqualified (the benchmark runs the same SQL in its own schema through search_path).
SqlKilde = Callable[[Any, Any], tuple[str, dict[str, Any] | tuple[Any, ...]]]


@dataclass(frozen=True)
class Delfil:
    """An extra file of the same delivery (e.g. ssbResultatfag beside ssbResultat).

    Python sources mark its rows with ``rad["_fil"] == nokkel``; SQL sources give it its own ``sql``."""

    nokkel: str
    navn: str
    felt: tuple[Felt, ...]
    filnavn: str  # the same placeholders as Leveransedefinisjon.filnavn
    sql: SqlKilde | None = None
    felt_for: Callable[[Any, Any], tuple[Felt, ...]] | None = (
        None  # the county's own columns (Python sources)
    )

    @property
    def feltnavn(self) -> list[str]:
        return [f.navn for f in self.felt]

    def felt_i_kjoring(self, fylke, skolear) -> tuple[Felt, ...]:
        return self.felt_for(fylke, skolear) if self.felt_for is not None else self.felt


@dataclass(frozen=True)
class SqlKontroll:
    """A set-based control: ``sql`` returns rows ``(post, melding)``, one per finding, with ``post`` the stable
    internal reference («elevkurs:123»), never a fødselsnummer or a name."""

    klasse: str
    alvorlighet: str  # "FEIL" or "ADVARSEL"
    sql: SqlKilde


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
    kilde: Callable[[Any, Any], Iterator[dict[str, Any]]] | None = None
    # Or: one SELECT whose columns are ``felt`` in order, values already text (dates 'YYYYMMDD', J/N), no newlines.
    sql: SqlKilde | None = None
    format: Filformat = Filformat.CSV
    tegnsett: str = "utf-8"
    # Placeholders: {kode} {fylke} {skolear} {dato} and, per school, {skole}.
    filnavn: str = "{kode}_{fylke}_{skolear}_{dato}.csv"
    forutsetninger: tuple[Forutsetning, ...] = ()
    kontroller: tuple[Kontroll, ...] = ()  # per record, Python sources only
    sql_kontroller: tuple[SqlKontroll, ...] = ()  # set-based, for either source
    delfiler: tuple[Delfil, ...] = ()
    # The county's own column choice for configurable extracts: (fylke, skolear) -> fields; overrides ``felt``.
    felt_for: Callable[[Any, Any], tuple[Felt, ...]] | None = None
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

    def felt_i_kjoring(self, fylke, skolear) -> tuple[Felt, ...]:
        return self.felt_for(fylke, skolear) if self.felt_for is not None else self.felt

    @property
    def filendelse(self) -> str:
        return {"csv": "csv", "fast": "txt", "json": "json"}[self.format]


_REGISTER: dict[str, Leveransedefinisjon] = {}


def registrer(definisjon: Leveransedefinisjon) -> Leveransedefinisjon:
    if definisjon.kode in _REGISTER and _REGISTER[definisjon.kode] is not definisjon:
        raise ValueError(f"Leveransekoden {definisjon.kode} er allerede registrert.")
    d = definisjon
    if d.format == Filformat.FAST and any(
        f.bredde is None for f in (*d.felt, *(x for df in d.delfiler for x in df.felt))
    ):
        raise ValueError(f"{d.kode}: alle felt i en fastbreddefil må ha bredde.")
    if (d.kilde is None) == (d.sql is None):
        raise ValueError(
            f"{d.kode}: en leveranse har enten kilde (Python) eller sql, ikke begge eller ingen."
        )
    if d.sql is not None:
        if d.format != Filformat.CSV or d.per_skole or d.kontroller or d.felt_for is not None:
            raise ValueError(
                f"{d.kode}: en SQL-leveranse er CSV, ikke per skole, med sql_kontroller og faste felt."
            )
        if any(df.sql is None or df.felt_for is not None for df in d.delfiler):
            raise ValueError(f"{d.kode}: hver delfil i en SQL-leveranse må ha sin egen sql.")
    elif any(df.sql is not None for df in d.delfiler):
        raise ValueError(f"{d.kode}: delfiler med sql krever at hovedfilen også har sql.")
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
