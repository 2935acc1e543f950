"""Benchmark of job 5A020 (elevstatus and kursprosent): ``python -m bench elev_beregning`` (or
``python -m bench.elev_beregning_bench [N]``).

200 000 elevkurs × 12 fag lines (2.4 million rows) are generated set-based with ``generate_series`` into a
throwaway schema with the same table definitions as the app (elevkurs, fag lines, their history, and the code
tables: schools, programområder, fag, fagstatus, elevstatus), and ``inntak.elev.services.beregning.beregn_elevkurs``
runs on it exactly as the job does (its table names are unqualified, so ``search_path`` points it at the
schema). The schema is dropped afterwards; real data are never read or written. Prints load time, the first run
(every elevkurs written, with history), the idempotent re-run (nothing written), peak RSS and tracemalloc peak.
Target: the first run < 60 s, bounded memory. Results go to ``var/bench.json``. ``--varierte`` gives every
elevkurs its own elevtimer, the worst case for the per-run rule cache (recorded under its own names).
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from bench.inntaksmotor_bench import lagre_maling  # one writer of var/bench.json

SKJEMA = f"elev_beregning_bench_{os.getpid()}"
FAG_PER_KURS = 12
MAL_SEKUNDER = 60
BASE_DIR = Path(__file__).resolve().parent.parent


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


TABELLER = ("kodeverk_skole", "kodeverk_programomrade", "kodeverk_fag", "kodeverk_fagstatus",
            "kodeverk_elevstatus", "elev_elevforhold", "elev_elevfag", "elev_historicalelevforhold")  # fmt: skip


def _last(c, antall: int, varierte: bool = False) -> None:
    from kodeverk import koder

    c.execute(f"CREATE SCHEMA {SKJEMA}")
    for tabell in TABELLER:
        c.execute(
            f"CREATE TABLE {SKJEMA}.{tabell} (LIKE public.{tabell} INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
    s = SKJEMA
    # 100 schools, two of them «opplæring i bedrift» (number ending in 000, Vedlegg 1 rule 4).
    c.execute(f"""INSERT INTO {s}.kodeverk_skole (id, skolenummer, organisasjonsnummer, navn, fylke_id, adresse,
        postnummer, poststed, nettside, skoleeiertype, privat, aktiv)
        SELECT i, CASE WHEN i <= 2 THEN (50 + i)::text || '000' ELSE '5' || lpad(i::text, 4, '0') END,
               '974760673', 'Skole ' || i, 1, '', '', '', '', 1, false, true
        FROM generate_series(1, 100) i""")
    # 40 programområder: 840 or 980 hours, one without (kursprosent not computed, a warning).
    c.execute(f"""INSERT INTO {s}.kodeverk_programomrade (id, kode, navn, navn_nn, navn_en, niva, poengberegnes,
        arstimer, landslinje, gyldig_fra)
        SELECT i, 'PO' || lpad(i::text, 4, '0') || CASE WHEN i % 5 = 0 THEN 'K1--' ELSE '----' END, 'Po ' || i,
               '', '', 'VG1', true, CASE WHEN i = 40 THEN NULL WHEN i % 2 = 0 THEN 840 ELSE 980 END, false,
               DATE '2020-08-01'
        FROM generate_series(1, 40) i""")
    # 300 fag with Grep hours (a few without), and NOR3001, where elevtimer are the basis (B09).
    c.execute(f"""INSERT INTO {s}.kodeverk_fag (id, kode, navn, navn_nn, grunnskole, aktiv, arstimer,
        elevtimer_grunnlag)
        SELECT i, 'FAG' || lpad(i::text, 4, '0'), 'Fag ' || i, '', false, true,
               CASE WHEN i % 97 = 0 THEN NULL ELSE (ARRAY[56, 84, 112, 140])[1 + i % 4] END, false
        FROM generate_series(1, 300) i
        UNION ALL SELECT 301, 'NOR3001', 'Norsk', '', false, true, 112, true""")
    c.executemany(f"INSERT INTO {s}.kodeverk_fagstatus (kode, navn, beskrivelse, aktiv) VALUES (%s, %s, '', true)",
                  koder.FAGSTATUS)  # fmt: skip
    c.executemany(f"INSERT INTO {s}.kodeverk_elevstatus (kode, navn, beskrivelse, aktiv) VALUES (%s, %s, '', true)",
                  koder.ELEVSTATUS)  # fmt: skip
    c.execute(f"""INSERT INTO {s}.elev_elevforhold (id, person_id, skole_id, programomrade_id, skolear_id,
        startdato, avbruddsdato, avbruddsarsak, voksen, opprettet, endret)
        SELECT i, i, 1 + i % 100, 1 + i % 40, 1, DATE '2026-08-19',
               CASE WHEN i % 50 = 0 THEN DATE '2026-11-02' END, '', i % 33 = 0, now(), now()
        FROM generate_series(1, {int(antall)}) i""")  # fmt: skip
    # Worst case for the rule cache (``--varierte``): every elevkurs has NOR3001 (elevtimer the basis) with its own
    # elevtimer, so nearly every input is unique.
    nor3001 = "true" if varierte else "i % 10 = 0"
    elevtimer = (
        "CASE WHEN j = 1 THEN 1 + i % 9999 END" if varierte else "CASE WHEN j = 1 AND i % 20 = 0 THEN 100 END"
    )
    # 12 lines per elevkurs; statuses mostly E, some S, F, P, A, N; NOR3001 on every 10th, elevtimer on half.
    c.execute(f"""INSERT INTO {s}.elev_elevfag (person_id, skole_id, skolear_id, fag_id, fagstatus_id, elevkurs_id,
        startdato, elevtimer, opprettet, endret)
        SELECT i, 1 + i % 100, 1,
               CASE WHEN j = 1 AND {nor3001} THEN 301 ELSE 1 + (i * 7 + j * 23) % 300 END,
               (SELECT id FROM {s}.kodeverk_fagstatus WHERE kode =
                   (ARRAY['E','E','E','E','E','E','E','E','E','E','E','E','S','F','P','A','N'])[1 + (i * j) % 17]),
               i, DATE '2026-08-19', {elevtimer}, now(), now()
        FROM generate_series(1, {int(antall)}) i, generate_series(1, {FAG_PER_KURS}) j""")  # fmt: skip
    for tabell in TABELLER:
        if tabell != "elev_historicalelevforhold":
            c.execute(f"ALTER TABLE {s}.{tabell} ADD PRIMARY KEY (id)")
    c.execute(f"CREATE INDEX ON {s}.elev_elevfag (elevkurs_id)")
    c.execute(f"CREATE INDEX ON {s}.elev_elevforhold (skolear_id, skole_id)")
    c.execute(f"CREATE UNIQUE INDEX ON {s}.kodeverk_elevstatus (kode)")
    for tabell in TABELLER:
        c.execute(f"ANALYZE {s}.{tabell}")


def main(antall: int = 200_000, varierte: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.db import connection

    from inntak.elev.services.beregning import beregn_elevkurs

    with connection.cursor() as c:
        try:
            t = time.perf_counter()
            _last(c, antall, varierte)
            print(f"   lastet {antall} elevkurs og {antall * FAG_PER_KURS} faglinjer på "
                  f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
            c.execute(f"SET search_path TO {SKJEMA}, public")
            tider = []
            runder = ["første kjøring", "omkjøring", "omkjøring med tracemalloc"]
            if varierte:
                runder.pop()  # tracemalloc makes the all-miss run several minutes long; RSS is measured anyway
            for runde in runder:
                if runde.endswith("tracemalloc"):
                    tracemalloc.start()  # slows Python down, so only on a run that is not the figure
                t = time.perf_counter()
                r = beregn_elevkurs(fylke=1, skolear=1)
                tider.append(time.perf_counter() - t)
                print(f"   {runde}: {r['beregnet']} elevkurs på {tider[-1]:.1f} s, {r['endret']} endret, "
                      f"{r['mangler_elevtimer']} mangler elevtimer, {r['uten_timegrunnlag']} uten årstimer",
                      flush=True)  # fmt: skip
            topp_python = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
            tracemalloc.stop()
            c.execute(f"SELECT count(*) FROM {SKJEMA}.elev_historicalelevforhold")
            print(f"   historikkrader: {c.fetchone()[0]}", flush=True)
            topp_rss = _topp_minne_mb()
            python_topp = f"{topp_python / 2**20:.0f} MB" if topp_python else "ikke målt"
            status = "OK" if tider[0] < MAL_SEKUNDER else "OVER MÅL"
            print(f"   elevstatus/kursprosent {tider[0]:.1f} s (mål < {MAL_SEKUNDER} s), omkjøring {tider[1]:.1f} s, "
                  f"topp-RSS {topp_rss:.0f} MB, tracemalloc-topp {python_topp} – {status}",
                  flush=True)  # fmt: skip
            hale = "_varierte" if varierte else ""
            lagre_maling(f"elev_beregning{hale}_sekunder", tider[0], "s", MAL_SEKUNDER)
            lagre_maling(f"elev_beregning{hale}_omkjoring_sekunder", tider[1], "s", None)
            lagre_maling(f"elev_beregning{hale}_topp_rss_mb", topp_rss, "MB", None)
            if topp_python:
                lagre_maling(f"elev_beregning{hale}_tracemalloc_topp_mb", topp_python / 2**20, "MB", None)
        finally:
            c.execute("SET search_path TO public")
            c.execute(f"DROP SCHEMA IF EXISTS {SKJEMA} CASCADE")


if __name__ == "__main__":
    tall = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(tall[0]) if tall else 200_000, varierte="--varierte" in sys.argv)
