"""Benchmark of job 5A019 «Oppdater rett»: ``python -m bench elev_rett`` (or ``python -m bench.elev_rett_bench [N]``).

200 000 persons (born 1999–2011, so old law, new law and voksenrett all occur) with 1–3 elevkurs each in the
school years 2022-2023 … 2025-2026 (some ≤ 1/3 kursprosent, some broken off before or after the telledato, some in
an innføringsklasse), 5 % with an omval, 1 % with an extension and 2 % without grunnskole are generated set-based
with ``generate_series`` into a throwaway schema with the same table definitions as the app, and
``inntak.elev.services.rett.oppdater_rett`` runs on it for 2026-2027 exactly as the job does (its table names are
unqualified, so ``search_path`` points it at the schema). The schema is dropped afterwards; real data are never read
or written. Prints load time, the first run (every person's right written), the re-run (nothing changed), peak RSS
and the tracemalloc peak. Target: the first run < 60 s, bounded memory. Results go to ``var/bench.json``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from bench.inntaksmotor_bench import lagre_maling  # one writer of var/bench.json

BASE_DIR = Path(__file__).resolve().parent.parent
SKJEMA = f"elev_rett_bench_{os.getpid()}"
MAL_SEKUNDER = 60
TABELLER = ("kodeverk_fylke", "kodeverk_skole", "kodeverk_skolear", "kodeverk_programomrade", "vigo_person",
            "vigo_systemparameter", "inntak_soknad", "elev_elevforhold", "elev_rett", "elev_rettsgrunnlag",
            "elev_rettshendelse")  # fmt: skip


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _last(c, antall: int) -> None:
    s = SKJEMA
    n = int(antall)
    c.execute(f"CREATE SCHEMA {s}")
    for tabell in TABELLER:
        c.execute(f"CREATE TABLE {s}.{tabell} (LIKE public.{tabell} INCLUDING ALL)")
    c.execute(f"""INSERT INTO {s}.kodeverk_fylke (id, nummer, navn, aktiv, maks_onsker, tillat_venteliste_ved_ja)
        VALUES (1, '50', 'Benkfylket', true, 10, true)""")
    c.execute(f"""INSERT INTO {s}.kodeverk_skole (id, skolenummer, organisasjonsnummer, navn, fylke_id, adresse,
        postnummer, poststed, nettside, skoleeiertype, privat, aktiv)
        SELECT i, '5' || lpad(i::text, 4, '0'), '974760673', 'Skole ' || i, 1, '', '', '', '', 1, i % 20 = 0, true
        FROM generate_series(1, 100) i""")
    # Skoleår ids 1..5 = 2022-2023 … 2026-2027 (id 5 is computed).
    c.execute(f"""INSERT INTO {s}.kodeverk_skolear (id, kode, startdato, sluttdato, aktiv)
        SELECT i, (2021 + i)::text || '-' || (2022 + i)::text, make_date(2021 + i, 8, 17),
               make_date(2022 + i, 6, 20), i = 5
        FROM generate_series(1, 5) i""")
    c.execute(f"""INSERT INTO {s}.kodeverk_programomrade (id, kode, navn, navn_nn, navn_en, niva, poengberegnes,
        landslinje)
        SELECT i, CASE WHEN i = 40 THEN 'INNFOR----' ELSE 'PO' || lpad(i::text, 4, '0') || '----' END,
               CASE WHEN i = 40 THEN 'Innføringsklasse' ELSE 'Po ' || i END, '', '', 'VG1', true, false
        FROM generate_series(1, 40) i""")
    c.execute(f"""INSERT INTO {s}.vigo_person (id, fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato,
        adresse, postnummer, poststed, epost, mobil, malform, opprettet, endret, fylke_id)
        SELECT i, lpad(i::text, 11, '0'), 'F', '', 'E', DATE '1999-01-01' + (i * 7919) % 4700,
               '', '', '', '', '', 'nb', now(), now(), 1
        FROM generate_series(1, {n}) i""")  # fmt: skip
    # 1–3 elevkurs per person in consecutive years ending 2025-2026 (or 2026-2027 for every fourth person).
    c.execute(f"""INSERT INTO {s}.elev_elevforhold (id, person_id, skole_id, programomrade_id, skolear_id,
        startdato, avbruddsdato, avbruddsarsak, kursprosent, opprettet, endret)
        SELECT i * 3 + j, i, 1 + i % 100, CASE WHEN i % 61 = 0 AND j = 1 THEN 40 ELSE 1 + (i + j) % 39 END, ar,
               make_date(2021 + ar, 8, 17),
               CASE WHEN i % 23 = 0 THEN make_date(2021 + ar, 10, 15)
                    WHEN i % 29 = 0 THEN make_date(2021 + ar, 12, 1) END,
               '', CASE WHEN i % 17 = 0 THEN 30.00 WHEN i % 3 = 0 THEN NULL ELSE 100.00 END, now(), now()
        FROM generate_series(1, {n}) i, generate_series(1, 3) j,
             LATERAL (SELECT 5 - j - CASE WHEN i % 4 = 0 THEN 0 ELSE 1 END + 1 AS ar) a
        WHERE j <= 1 + i % 3 AND ar >= 1""")  # fmt: skip
    c.execute(f"""INSERT INTO {s}.elev_rettshendelse (id, person_id, type, dato, ar, grunn, opprettet)
        SELECT i, i, CASE WHEN i % 100 = 0 THEN 'utvidelse' ELSE 'omval' END, DATE '2023-02-01',
               CASE WHEN i % 100 = 0 THEN 1 END,
               CASE WHEN i % 100 = 0 THEN 'spesialundervisning: vedtak' ELSE 'omval' END, now()
        FROM generate_series(1, {n}) i WHERE i % 20 = 0""")  # fmt: skip
    c.execute(f"""INSERT INTO {s}.elev_rettsgrunnlag (person_id, grunnskole, voksen_valgt, saerlige_grunner, endret)
        SELECT i, false, false, false, now() FROM generate_series(1, {n}) i WHERE i % 50 = 7""")  # fmt: skip
    for tabell in TABELLER:
        c.execute(f"ANALYZE {s}.{tabell}")


def main(antall: int = 200_000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.db import connection

    from inntak.elev.services.rett import oppdater_rett

    with connection.cursor() as c:
        try:
            t = time.perf_counter()
            _last(c, antall)
            c.execute(f"SELECT count(*) FROM {SKJEMA}.elev_elevforhold")
            kurs = c.fetchone()[0]
            print(
                f"   lastet {antall} personer med {kurs} elevkurs på {time.perf_counter() - t:.1f} s",
                flush=True,
            )
            c.execute(f"SET search_path TO {SKJEMA}, public")
            tider = []
            for runde in ("første kjøring", "omkjøring", "omkjøring med tracemalloc"):
                if runde.endswith("tracemalloc"):
                    tracemalloc.start()  # slows Python down, so only on a run that is not the figure
                t = time.perf_counter()
                r = oppdater_rett(fylke=1, skolear=5)
                tider.append(time.perf_counter() - t)
                print(f"   {runde}: {r['personer']} personer på {tider[-1]:.1f} s, {r['nye']} nye, "
                      f"{r['endret']} endret, {r['elevkurs_oppdatert']} elevkurs fikk rettstype, "
                      f"rettstype {r['rettstype']}", flush=True)  # fmt: skip
            _, topp_python = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            topp_rss = _topp_minne_mb()
            status = "OK" if tider[0] < MAL_SEKUNDER else "OVER MÅL"
            print(f"   oppdater rett {tider[0]:.1f} s (mål < {MAL_SEKUNDER} s), omkjøring {tider[1]:.1f} s, "
                  f"topp-RSS {topp_rss:.0f} MB, tracemalloc-topp {topp_python / 2**20:.0f} MB – {status}",
                  flush=True)  # fmt: skip
            lagre_maling("elev_rett_sekunder", tider[0], "s", MAL_SEKUNDER)
            lagre_maling("elev_rett_omkjoring_sekunder", tider[1], "s", None)
            lagre_maling("elev_rett_topp_rss_mb", topp_rss, "MB", None)
            lagre_maling("elev_rett_tracemalloc_topp_mb", topp_python / 2**20, "MB", None)
        finally:
            c.execute("SET search_path TO public")
            c.execute(f"DROP SCHEMA IF EXISTS {SKJEMA} CASCADE")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
