"""Writing a delivery file while the rows stream: encoded on the fly into a temporary file, SHA-256 as it goes."""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import tempfile
from typing import Any

from rapporter.leveranser.definisjon import Felt, Filformat, Leveransedefinisjon

INNHOLDSTYPE = {
    Filformat.CSV: "text/csv",
    Filformat.FAST: "text/plain",
    Filformat.JSON: "application/json",
}


def tekstverdi(verdi: Any) -> str:
    """Field values as text in CSV and fixed-width files: J/N, ÅÅÅÅMMDD, empty for missing."""
    if verdi is None:
        return ""
    if isinstance(verdi, bool):
        return "J" if verdi else "N"
    if isinstance(verdi, datetime.date):
        return verdi.strftime("%Y%m%d")
    return str(verdi)


def jsonverdi(verdi: Any) -> Any:
    if isinstance(verdi, datetime.date):
        return verdi.isoformat()
    return verdi


class Filskriver:
    """One output file. ``skriv(rad)`` adds a record; ``lukk()`` returns the temporary file, rewound.

    ``felt``: the file's fields (a Delfil's, or the county's own choice); default the definition's."""

    def __init__(self, definisjon: Leveransedefinisjon, felt: tuple[Felt, ...] | None = None):
        self.format = definisjon.format
        self.tegnsett = definisjon.tegnsett
        self.felt = felt if felt is not None else definisjon.felt
        self.fil = tempfile.TemporaryFile()
        self.sha = hashlib.sha256()
        self.storrelse = 0
        self.antall = 0
        self._csv = (
            csv.writer(self, delimiter=";", lineterminator="\r\n") if self.format == Filformat.CSV else None
        )
        if self._csv is not None:
            self._csv.writerow([f.navn for f in self.felt])
        elif self.format == Filformat.JSON:
            self.write("[")

    # csv.writer writes here
    def write(self, tekst: str) -> None:
        self.skriv_bytes(tekst.encode(self.tegnsett, errors="replace"))

    def skriv_bytes(self, data: bytes) -> None:
        self.sha.update(data)
        self.fil.write(data)
        self.storrelse += len(data)

    def skriv(self, rad: dict[str, Any]) -> None:
        felt = self.felt
        if self.format == Filformat.CSV:
            self._csv.writerow([tekstverdi(rad.get(f.navn)) for f in felt])
        elif self.format == Filformat.FAST:
            self.write(
                "".join(tekstverdi(rad.get(f.navn)).ljust(f.bredde)[: f.bredde] for f in felt) + "\r\n"
            )
        else:
            objekt = {f.navn: jsonverdi(rad.get(f.navn)) for f in felt}
            self.write(("," if self.antall else "") + "\n" + json.dumps(objekt, ensure_ascii=False))
        self.antall += 1

    def lukk(self):
        if self.format == Filformat.JSON:
            self.write("\n]\n")
        self.fil.seek(0)
        return self.fil

    @property
    def innholdstype(self) -> str:
        return f"{INNHOLDSTYPE[self.format]}; charset={self.tegnsett}"
