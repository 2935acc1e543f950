"""Benchmark of job 1P001's set-based SQL: ``python -m bench poeng`` (or ``python -m bench.poeng_bench [N]``).

200 000 søknader × 25 grades (5 million rows) are loaded with COPY (psycopg2 ``copy_expert``, streamed, so the
Python process never holds the data) into a throwaway schema with the same table definitions as the app, and
points are computed with exactly the statement the job runs (``inntak.poeng_sql.beregn_poeng``; the table names
are unqualified, so ``search_path`` points it at the throwaway schema). The schema is dropped afterwards; real
data are never read or written. Prints load time, computation time (first run and idempotent re-run), peak RSS
of this process, and a cross-check of a sample against the Python module. Target: computation < 60 s on 2 cores.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import time

SKJEMA = f"poeng_bench_{os.getpid()}"
GS = ["NOR0214", "NOR0215", "NOR0216", "ENG0012", "ENG0013", "MAT0010", "NAT0010", "SAF0010", "RLE0030",
      "KHV0010", "MHE0010", "MUS0010", "KRO0020"]  # fmt: skip
VALGFAG = ["VAL0001", "VAL0002", "VAL0003", "VAL0004", "VAL0005", "VAL0006"]
KARAKTERER_PER_SOKER = 25


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class _Strom:
    """A file-like object for COPY that generates rows on demand (bounded memory whatever the row count)."""

    def __init__(self, rader):
        self._rader = rader
        self._buffer = ""

    def read(self, storrelse: int = 65536) -> str:
        biter = [self._buffer]
        lengde = len(self._buffer)
        for rad in self._rader:
            biter.append(rad)
            lengde += len(rad)
            if lengde >= storrelse:
                break
        tekst = "".join(biter)
        self._buffer = tekst[storrelse:]
        return tekst[:storrelse]

    readline = read


def _karakterrader(antall: int, seed: int):
    """25 grades per søker: 13 standpunkt, a language, 3 valgfag, 6 exams, orden and oppførsel, with edge values."""
    rng = random.Random(seed)
    halen = "\t1\tGS\timport\t2026-01-01T00:00:00Z\n"
    for person in range(1, antall + 1):
        evne = rng.gauss(4.1, 0.8)
        fritak = 0.7 if rng.random() < 0.01 else 0.02  # about 1 % lack most grades: individuell behandling
        linjer = []
        for fag in GS:
            u = rng.random()
            k = (
                "F"
                if u < fritak
                else "IV"
                if u < fritak + 0.005
                else str(min(6, max(1, round(evne + rng.gauss(0, 0.7)))))
            )
            linjer.append(f"{person}\t{fag}\tstandpunkt\t{k}\tf\tfellesfag{halen}")
        linjer.append(
            f"{person}\tFSP0011\tstandpunkt\t{min(6, max(1, round(evne)))}\tf\tfremmedspraak{halen}"
        )
        for fag in rng.sample(VALGFAG, 3):
            linjer.append(f"{person}\t{fag}\tstandpunkt\t{rng.randint(3, 6)}\tf\tvalgfag{halen}")
        for fag in ("NOR0214", "MAT0010", "ENG0012"):
            k = "IM" if rng.random() < 0.01 else str(min(6, max(1, round(evne + rng.gauss(0, 0.9)))))
            dok = "t" if k == "IM" and rng.random() < 0.5 else "f"
            linjer.append(f"{person}\t{fag}\teksamen_skriftlig\t{k}\t{dok}\tfellesfag{halen}")
        for fag in rng.sample(GS[3:], 3):
            linjer.append(
                f"{person}\t{fag}\teksamen_muntlig\t{min(6, max(1, round(evne)))}\tf\tfellesfag{halen}"
            )
        linjer.append(f"{person}\tORD0010\tstandpunkt\tG\tf\torden{halen}")
        linjer.append(f"{person}\tATF0010\tstandpunkt\tNG\tf\toppforsel{halen}")
        yield "".join(linjer)


def _soknadsrader(antall: int):
    for i in range(1, antall + 1):
        yield f"{i}\t{i}\t1\t1\tVG1\n"


def _opprett_skjema(c) -> None:
    c.execute(f"CREATE SCHEMA {SKJEMA}")
    # Same columns, defaults and checks as the app's tables; the indexes are added after the load.
    for tabell in ("inntak_soknad", "inntak_karakter"):
        c.execute(
            f"CREATE TABLE {SKJEMA}.{tabell} (LIKE public.{tabell} INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
    c.execute(f"CREATE TABLE {SKJEMA}.inntak_poeng (LIKE public.inntak_poeng INCLUDING ALL)")


def _last(c, antall: int) -> None:
    # The soknad table's NOT NULL columns that the batch does not read get constant values.
    c.execute(f"ALTER TABLE {SKJEMA}.inntak_soknad ALTER COLUMN hjemfylke_id DROP NOT NULL, "
              "ALTER COLUMN behandlingskategori_id DROP NOT NULL, ALTER COLUMN rettstatus SET DEFAULT 'ungdomsrett', "
              "ALTER COLUMN sokergruppe SET DEFAULT 'ordinaer', ALTER COLUMN deltid SET DEFAULT false, "
              "ALTER COLUMN voksen SET DEFAULT false, ALTER COLUMN status SET DEFAULT 'registrert', "
              "ALTER COLUMN registrert SET DEFAULT now(), ALTER COLUMN endret SET DEFAULT now()")  # fmt: skip
    c.cursor.copy_expert(
        f"COPY {SKJEMA}.inntak_soknad (id, person_id, fylke_id, skolear_id, niva) FROM STDIN",
        _Strom(_soknadsrader(antall)),
    )
    c.cursor.copy_expert(
        f"COPY {SKJEMA}.inntak_karakter (person_id, fagkode, vurdering, karakter, dokumentert_fravaer, fagtype, "
        "fylke_id, trinn, kilde, registrert) FROM STDIN",
        _Strom(_karakterrader(antall, seed=2026)),
    )
    c.execute(f"ALTER TABLE {SKJEMA}.inntak_soknad ADD PRIMARY KEY (id)")
    c.execute(f"CREATE INDEX ON {SKJEMA}.inntak_soknad (fylke_id, skolear_id, niva)")
    c.execute(f"CREATE UNIQUE INDEX ON {SKJEMA}.inntak_karakter (person_id, trinn, fagkode, vurdering)")
    c.execute(f"ANALYZE {SKJEMA}.inntak_soknad")
    c.execute(f"ANALYZE {SKJEMA}.inntak_karakter")


def _kontroll(c, regelsett, utvalg: int = 300) -> int:
    """Compare a sample of SQL results with the Python module (the page's explanation); returns mismatches."""
    from inntak.regler import Karakter, beregn_poeng

    c.execute(f"SELECT soknad_id, poeng, individuell_behandling FROM {SKJEMA}.inntak_poeng "
              "ORDER BY soknad_id LIMIT %s", [utvalg])  # fmt: skip
    feil = 0
    for soknad_id, poeng, individuell in c.fetchall():
        c.execute(f"SELECT fagkode, vurdering, karakter, fagtype, dokumentert_fravaer FROM {SKJEMA}.inntak_karakter "
                  "WHERE person_id = %s", [soknad_id])  # fmt: skip
        rader = [Karakter(f, v, k, fagtype=t if t in ("valgfag", "orden", "oppforsel") else None,
                          dokumentert_fravaer=d) for f, v, k, t, d in c.fetchall()]  # fmt: skip
        py = beregn_poeng(rader, "VG1", regelsett=regelsett)
        feil += (py.poeng, py.individuell_behandling) != (poeng, individuell)
    return feil


def main(antall: int = 200_000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.db import connection

    from inntak.poeng_sql import beregn_poeng, regelsett_for

    regelsett = regelsett_for("2026-2027")
    rader = antall * KARAKTERER_PER_SOKER
    with connection.cursor() as c:
        try:
            t = time.perf_counter()
            _opprett_skjema(c)
            _last(c, antall)
            last = time.perf_counter() - t
            print(f"   lastet {antall} søknader og {rader} karakterer med COPY på {last:.1f} s", flush=True)
            c.execute(f"SET search_path TO {SKJEMA}")
            tider = []
            for runde in ("første kjøring", "omkjøring (upsert)"):
                t = time.perf_counter()
                resultat = beregn_poeng(fylke_id=1, skolear_id=1, regelsett=regelsett)
                tider.append(time.perf_counter() - t)
                print(f"   {runde}: {resultat['soknader']} søknader på {tider[-1]:.1f} s "
                      f"({resultat['individuell_behandling']} individuell behandling)", flush=True)  # fmt: skip
            c.execute("SET search_path TO public")
            feil = _kontroll(c, regelsett)
            print(f"   kontroll mot Python-modulen: {300 - feil} av 300 like", flush=True)
            status = "OK" if tider[0] < 60 and not feil else "OVER MÅL"
            print(
                f"   poeng {tider[0]:.1f} s (mål < 60 s), topp-RSS {_topp_minne_mb():.0f} MB – {status}",
                flush=True,
            )
        finally:
            c.execute("SET search_path TO public")
            c.execute(f"DROP SCHEMA IF EXISTS {SKJEMA} CASCADE")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
