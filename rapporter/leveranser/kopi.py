"""A delivery file written by PostgreSQL's ``COPY (SELECT …) TO STDOUT``: the server formats the CSV, Python only
buffers, re-encodes, hashes and turns LF into CRLF, a megabyte at a time, so memory does not grow with the population
(docs/leveranser.md «SQL-kilder»). The header row is written from the declared fields, so the SELECT's column names
do not matter, only their number and order."""

from __future__ import annotations

import codecs

from django.db import connection

from rapporter.leveranser.definisjon import Felt, SqlKilde
from rapporter.leveranser.skriving import Filskriver

BUFFER = 1 << 20


def bundet_sql(sql: SqlKilde, fylke, skolear) -> str:
    """The SELECT with its parameters bound (psycopg2 ``mogrify``), ready to nest in COPY or INSERT … SELECT."""
    tekst, parametere = sql(fylke, skolear)
    with connection.cursor() as c:
        return c.cursor.mogrify(tekst, parametere).decode()


class _CopyMottak:
    """The file object psycopg2's ``copy_expert`` writes to (bytes, one row per call): buffered into ``skriver``."""

    def __init__(self, skriver: Filskriver):
        self.skriver = skriver
        self.buffer = bytearray()
        self.linjer = 0
        # The connection's client encoding is UTF-8; another target encoding is re-encoded incrementally (a chunk
        # may end inside a multi-byte character). Characters the target lacks become «?», as in Python sources.
        self.utf8 = codecs.lookup(skriver.tegnsett).name == "utf-8"
        self.dekoder = None if self.utf8 else codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= BUFFER:
            self.tom()
        return len(data)

    def tom(self, slutt: bool = False) -> None:
        if not self.buffer and not slutt:
            return
        data = bytes(self.buffer)
        self.buffer.clear()
        self.linjer += data.count(b"\n")
        data = data.replace(b"\n", b"\r\n")
        if self.dekoder is not None:
            data = self.dekoder.decode(data, final=slutt).encode(self.skriver.tegnsett, errors="replace")
        if data:
            self.skriver.skriv_bytes(data)


def skriv_med_copy(skriver: Filskriver, felt: tuple[Felt, ...], sql: str) -> int:
    """Write the header and every row of the bound SELECT ``sql`` into ``skriver``; returns the number of rows."""
    with connection.cursor() as c:
        c.execute(f"SELECT * FROM ({sql}) AS q LIMIT 0")
        if len(c.description) != len(felt):
            raise ValueError(
                f"SQL-kilden gir {len(c.description)} kolonner, men leveransen har {len(felt)} felt "
                f"({', '.join(f.navn for f in felt)})."
            )
        mottak = _CopyMottak(skriver)
        c.cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')", mottak)
        mottak.tom(slutt=True)
    skriver.antall = mottak.linjer
    return mottak.linjer
