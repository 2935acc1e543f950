"""Benchmark of the ssbResultat + ssbResultatfag delivery (1L010): ``python -m bench leveranse`` (or
``python -m bench.leveranse_bench [N]``).

N elevkurs (standard 200 000) with 15 elevfag each (3 000 000) in one county are generated set-based with
``generate_series`` into a throwaway schema with the app's table definitions (``LIKE public.x INCLUDING ALL``),
including the delivery tables the engine writes (rapporter_*, vigo_innsyn) and the finished 5A018/5A019 runs it
requires. Every 1000th elevkurs lacks its fullførtkode (an ADVARSEL), so the set-based controls also write findings.
Then ``rapporter.leveranser.tjenester.kjor_leveranse`` runs exactly as the job does (its SQL names tables unqualified,
so ``search_path`` points it at the schema; the files go to a temporary MEDIA_ROOT), and PostgreSQL's own
``COPY (<the same SELECT>) TO STDOUT`` of the same rows into a discarding sink is timed for the ratio. The schema is
dropped afterwards; real data are never read or written.

Prints and stores in ``var/bench.json``: ``leveranse_ssbresultat_sekunder`` (target < 60 s),
``leveranse_ssbresultat_ratio_copy`` (target within 5×) and ``leveranse_ssbresultat_minne_mb`` (peak RSS). The
standard run first runs 20 000 elevkurs in a child process and prints both peak-memory figures, to show that memory
does not grow with the population.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time

from bench.inntaksmotor_bench import lagre_maling  # one writer of var/bench.json

SKJEMA = f"leveranse_bench_{os.getpid()}"
STANDARD_ANTALL = 200_000
LITEN = 20_000
FAG_PER_KURS = 15
SKOLER = 40
MAL_SEKUNDER = 60
MAL_RATIO = 5
TABELLER = ("kodeverk_fylke", "kodeverk_skole", "kodeverk_skolear", "kodeverk_programomrade", "kodeverk_fag",
            "kodeverk_fagstatus", "kodeverk_elevstatus", "kodeverk_karakterverdi", "vigo_person", "elev_elevforhold",
            "elev_elevfag", "elev_rett", "vigo_kjoring", "vigo_innsyn", "rapporter_leveranse",
            "rapporter_leveransefil", "rapporter_kontrollfunn", "rapporter_leveransehendelse")  # fmt: skip


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _last(c, n: int, ar) -> None:
    """The schema and its data: county 50 with SKOLER schools, 30 fag, 20 programområder, n persons and elevkurs,
    FAG_PER_KURS elevfag per elevkurs (distinct fag), a computed rett per person."""
    from kodeverk import koder

    s = SKJEMA
    c.execute(f"CREATE SCHEMA {s}")
    for tabell in TABELLER:
        c.execute(f"CREATE TABLE {s}.{tabell} (LIKE public.{tabell} INCLUDING ALL)")
    c.execute(f"SET search_path TO {s}, public")
    c.execute("INSERT INTO kodeverk_fylke (id, nummer, navn, aktiv, maks_onsker, tillat_venteliste_ved_ja) "
              "VALUES (1, '50', 'Benkfylket', true, 6, true)")  # fmt: skip
    c.execute("INSERT INTO kodeverk_skolear (id, kode, startdato, sluttdato, aktiv) VALUES (1, %s, %s, %s, false)",
              [ar.kode, ar.start, ar.slutt])  # fmt: skip
    c.execute(f"""INSERT INTO kodeverk_skole (id, skolenummer, organisasjonsnummer, navn, fylke_id, kommune_id, adresse,
        postnummer, poststed, nettside, skoleeiertype, privat, aktiv)
        SELECT i, (50000 + i)::text, '974760673', 'Benk ' || i || ' videregående skole', 1, NULL, '', '', '', '', 1,
               false, true FROM generate_series(1, {SKOLER}) i""")  # fmt: skip
    c.execute("""INSERT INTO kodeverk_programomrade (id, kode, navn, navn_nn, navn_en, niva, utdanningsprogram_id,
        gyldig_fra, gyldig_til, poengberegnes, arstimer, landslinje)
        SELECT i, 'BENK' || lpad(i::text, 2, '0') || '----', 'Programområde ' || i, '', '', 'VG1', NULL, NULL, NULL,
               true, 1200, false FROM generate_series(1, 20) i""")  # fmt: skip
    c.execute("""INSERT INTO kodeverk_fag (id, kode, navn, navn_nn, fagtype_id, grunnskole, aktiv, arstimer,
        elevtimer_grunnlag)
        SELECT i, 'BEN' || lpad(i::text, 4, '0'), 'Fag ' || i, '', NULL, false, true, 140, false
        FROM generate_series(1, 30) i""")  # fmt: skip
    for tabell, rader in (("kodeverk_fagstatus", koder.FAGSTATUS), ("kodeverk_elevstatus", koder.ELEVSTATUS)):
        for kode, navn in rader:
            c.execute(
                f"INSERT INTO {tabell} (kode, navn, beskrivelse, aktiv) VALUES (%s, %s, '', true)",
                [kode, navn],
            )
    for kode, navn, tall, skala in koder.KARAKTERVERDIER:
        c.execute("INSERT INTO kodeverk_karakterverdi (kode, navn, tallverdi, skala) VALUES (%s, %s, %s, %s)",
                  [kode, navn, tall, skala])  # fmt: skip
    c.execute(f"""INSERT INTO vigo_person (id, fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato, adresse,
        postnummer, poststed, epost, mobil, malform, opprettet, endret, fylke_id, kommune_id)
        SELECT i, to_char(DATE '2006-01-01' + i % 3650, 'DDMMYY') || lpad((i / 3650)::text, 5, '0'),
               (ARRAY['Ola', 'Kari', 'Bjørn', 'Ingrid', 'Åse', 'Emil'])[1 + i % 6], '',
               (ARRAY['Hansen', 'Sæther', 'Olsen', 'Løvås', 'Berg'])[1 + i % 5], DATE '2006-01-01' + i % 3650,
               '', '7700', 'Steinkjer', '', '', 'nb', now(), now(), 1, NULL
        FROM generate_series(1, {n}) i""")  # fmt: skip
    c.execute(f"""INSERT INTO elev_elevforhold (id, person_id, skole_id, programomrade_id, skolear_id, startdato,
        avbruddsdato, avbruddsarsak, elevstatus_id, fullfortkode, bevistype, malform, rettstype, kursprosent,
        fravaer_dager, fravaer_timer, forrige_elevstatus, rett_pabygging, opprettet, endret)
        SELECT i, i, 1 + i % {SKOLER}, 1 + i % 20, 1, DATE '{ar.start.isoformat()}', NULL, '',
               (SELECT id FROM kodeverk_elevstatus WHERE kode = 'E'), CASE WHEN i % 1000 = 0 THEN 'X' ELSE 'B' END,
               'VM', 'B', 'U', 100.00, i % 7, i % 11, 'E', i % 13 = 0, now(), now()
        FROM generate_series(1, {n}) i""")  # fmt: skip
    c.execute(f"""INSERT INTO elev_elevfag (id, person_id, skole_id, skolear_id, fag_id, fagstatus_id, elevkurs_id,
        karakter_t1, karakter_t2, standpunkt, skriftlig, muntlig, elevtimer, forrige_fagstatus, opprettet, endret)
        SELECT (i - 1) * {FAG_PER_KURS} + k + 1, i, 1 + i % {SKOLER}, 1, 1 + (i + k) % 30, fs.id, i,
               (2 + (i + k) % 5)::text, (2 + (i + k) % 5)::text, (1 + (i * k) % 6)::text,
               CASE WHEN k = 0 THEN (1 + i % 6)::text ELSE '' END, CASE WHEN k = 1 THEN '4' ELSE '' END, 140, 'E',
               now(), now()
        FROM generate_series(1, {n}) i CROSS JOIN generate_series(0, {FAG_PER_KURS - 1}) k,
             (SELECT id FROM kodeverk_fagstatus WHERE kode = 'E') fs""")  # fmt: skip
    c.execute(f"""INSERT INTO elev_rett (person_id, skolear_id, regime, rettstype, ar_brukt, voksen_mulig, beregnet)
        SELECT i, 1, 'opplaeringslova-2023', 'U', 1, false, now() FROM generate_series(1, {n}) i""")  # fmt: skip
    from django.utils import timezone

    from vigo.models import Kjoring, KjoringStatus

    # The årshjul's routine order, finished this school year (written through search_path into the schema).
    naa = timezone.now()
    for kode in ("5A018", "5A019"):
        Kjoring.objects.create(kode=kode, navn=kode, fylke_id=1, parametere={"skolear": 1},
                               status=KjoringStatus.FERDIG, startet=naa, avsluttet=naa)  # fmt: skip
    for tabell in TABELLER:
        c.execute(f"ANALYZE {tabell}")


class _Sluk:
    """Where PostgreSQL's own COPY writes: counts the bytes and keeps nothing."""

    def __init__(self):
        self.bytes = 0

    def write(self, data) -> int:
        self.bytes += len(data)
        return len(data)


def _copy_sekunder(c, fylke, skolear) -> tuple[float, int]:
    """PostgreSQL's own COPY of the delivery's SELECTs (the same bound SQL as the engine) into a sink."""
    from rapporter.leveranser import definisjon as register
    from rapporter.leveranser.kopi import bundet_sql

    d = register.hent("1L010")
    sluk = _Sluk()
    t = time.perf_counter()
    for sql in (d.sql, *(df.sql for df in d.delfiler)):
        bundet = bundet_sql(sql, fylke, skolear)
        c.cursor.copy_expert(f"COPY ({bundet}) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER)", sluk)
    return time.perf_counter() - t, sluk.bytes


def main(antall: int | None = None) -> None:
    barn = antall is not None  # an explicit size: no child run
    antall = antall or STANDARD_ANTALL
    standard = antall == STANDARD_ANTALL  # the stored names are for the standard size
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from kodeverk.models import Fylke, Skolear
    from kodeverk.skolear import skolear_for_dato
    from rapporter.leveranser.tjenester import kjor_leveranse

    liten_minne = None
    if not barn:  # the same delivery at a tenth of the population, in its own process (its own peak RSS)
        ut = subprocess.run([sys.executable, "-m", "bench.leveranse_bench", str(LITEN)], capture_output=True,
                            text=True)  # fmt: skip
        print(ut.stdout, end="", flush=True)
        if ut.returncode != 0:
            raise SystemExit(f"Kjøringen med {LITEN} elevkurs feilet: {ut.stderr[-2000:]}")
        if treff := re.search(r"topp-RSS (\d+) MB", ut.stdout):
            liten_minne = float(treff.group(1))

    from django.utils import timezone

    idag = timezone.localdate()
    ar = skolear_for_dato(idag.replace(year=idag.year - 1))  # the results of last school year
    with connection.cursor() as c, tempfile.TemporaryDirectory(prefix="leveranse_bench_") as media:
        try:
            t = time.perf_counter()
            _last(c, antall, ar)
            print(f"   lastet {antall} elevkurs og {antall * FAG_PER_KURS} elevfag på {time.perf_counter() - t:.1f} s",
                  flush=True)  # fmt: skip
            settings.MEDIA_ROOT = media
            fylke, skolear = Fylke.objects.get(pk=1), Skolear.objects.get(pk=1)
            for_rss = _topp_minne_mb()
            t = time.perf_counter()
            lev = kjor_leveranse("1L010", fylke, skolear)
            sekunder = time.perf_counter() - t
            topp_rss = _topp_minne_mb()
            filer = {f.navn.split("_")[0]: f for f in lev.filer.all()}
            storrelse = sum(f.storrelse for f in filer.values())
            print(f"   leveransen: {filer['ssbResultat'].antall_poster} + {filer['ssbResultatfag'].antall_poster} "
                  f"poster, {storrelse / 1e6:.0f} MB, {lev.antall_feil} feil, {lev.antall_advarsler} advarsler, "
                  f"status {lev.status}, på {sekunder:.1f} s", flush=True)  # fmt: skip
            copy_s, copy_bytes = _copy_sekunder(c, fylke, skolear)
            ratio = sekunder / copy_s if copy_s else 0.0
            print(f"   PostgreSQLs egen COPY av de samme radene: {copy_s:.1f} s ({copy_bytes / 1e6:.0f} MB); "
                  f"forhold {ratio:.2f}× (mål < {MAL_RATIO}×)", flush=True)  # fmt: skip
            avvik = []
            if (filer["ssbResultat"].antall_poster, filer["ssbResultatfag"].antall_poster) != (
                antall,
                antall * FAG_PER_KURS,
            ):
                avvik.append("feil antall poster i filene")
            if (lev.antall_feil, lev.antall_advarsler) != (0, antall // 1000):
                avvik.append(f"ventet 0 feil og {antall // 1000} advarsler")
            status = "OK" if sekunder < MAL_SEKUNDER and ratio < MAL_RATIO and not avvik else "OVER MÅL"
            print(f"   ssbResultat {antall}: {sekunder:.1f} s (mål < {MAL_SEKUNDER} s), {ratio:.2f}× COPY, topp-RSS "
                  f"{topp_rss:.0f} MB (før leveransen {for_rss:.0f} MB) – {status}", flush=True)  # fmt: skip
            if liten_minne is not None:
                print(f"   minne: topp-RSS {liten_minne:.0f} MB ved {LITEN} elevkurs, {topp_rss:.0f} MB ved {antall}",
                      flush=True)  # fmt: skip
            if standard:
                lagre_maling("leveranse_ssbresultat_sekunder", sekunder, "s", MAL_SEKUNDER)
                lagre_maling("leveranse_ssbresultat_ratio_copy", ratio, "x", MAL_RATIO)
                lagre_maling("leveranse_ssbresultat_minne_mb", topp_rss, "MB", None)
                if liten_minne is not None:
                    lagre_maling(f"leveranse_ssbresultat_minne_mb_{LITEN}", liten_minne, "MB", None)
            if avvik:
                raise SystemExit("ssbResultat-leveransen ga feil resultat: " + "; ".join(avvik))
            if standard and (sekunder >= MAL_SEKUNDER or ratio >= MAL_RATIO):
                raise SystemExit(f"ssbResultat brukte {sekunder:.1f} s ({ratio:.2f}× COPY).")
        finally:
            c.execute("SET search_path TO public")
            c.execute(f"DROP SCHEMA IF EXISTS {SKJEMA} CASCADE")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
