"""Benchmark of lærlingtilskudd (job 5A113): ``python -m bench tilskudd`` (or ``python -m bench.tilskudd_bench [N]``).

20 000 contracts in one county (every contract kind, with and without ungdomsrett, starts and ends inside months,
ended early, 15 % with one or two avbrudd of which some are open, some not approved or «uten tilskudd», 2 000
companies) are generated set-based with ``generate_series`` into a throwaway schema with the same table definitions
as the app, and ``fagopplaering.services.tilskudd.beregn`` computes the first half-year of 2026 exactly as the job
does (its SQL names tables unqualified, so ``search_path`` points it at the schema). The schema is dropped
afterwards; real data are never read or written.

Prints and stores in ``var/bench.json``: the computation (target < 30 s), the job's file step (one CSV per company
in a zip and the explanation file, where every line is recomputed by the Python rule), and a full control that the
rule gives exactly the lines the SQL wrote for all contracts (any difference fails the benchmark).
"""

from __future__ import annotations

import datetime
import os
import resource
import sys
import time
from pathlib import Path

from bench.inntaksmotor_bench import lagre_maling  # one writer of var/bench.json

BASE_DIR = Path(__file__).resolve().parent.parent
SKJEMA = f"tilskudd_bench_{os.getpid()}"
MAL_SEKUNDER = 30
FRA, TIL = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
TABELLER = ("kodeverk_fylke", "kodeverk_skolear", "kodeverk_programomrade", "vigo_systemparameter", "fagopplaering_kontraktstype",
            "fagopplaering_bedrift", "fagopplaering_kontrakt", "fagopplaering_avbrudd",
            "fagopplaering_tilskuddsberegning", "fagopplaering_tilskuddslinje", "fagopplaering_tilskuddsutbetaling",
            "fagopplaering_hendelse")  # fmt: skip


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
    c.execute(f"""INSERT INTO {s}.kodeverk_skolear (id, kode, startdato, sluttdato, aktiv)
        SELECT i, (2023 + i)::text || '-' || (2024 + i)::text, make_date(2023 + i, 8, 1), make_date(2024 + i, 7, 31),
               i = 2
        FROM generate_series(1, 3) i""")  # the parameters are read per school year (joined in their ordering)
    c.execute(f"""INSERT INTO {s}.kodeverk_programomrade (id, kode, navn, navn_nn, navn_en, niva, poengberegnes,
        landslinje)
        SELECT i, 'FAG' || lpad(i::text, 4, '0') || '3-', 'Lærefag ' || i, '', '', 'LAER', false, false
        FROM generate_series(1, 20) i""")
    c.execute(f"""INSERT INTO {s}.fagopplaering_kontraktstype (id, kode, navn, beskrivelse, aktiv, kandidattype,
        ssb_ftype, gir_tilskudd)
        VALUES (1, 'LK', 'Lærekontrakt', '', true, 'laerling', 'L', true),
               (2, 'OK', 'Opplæringskontrakt', '', true, 'laerekandidat', 'O', true),
               (3, 'PB', 'Praksisbrevkontrakt', '', true, 'praksisbrevkandidat', 'O', true),
               (4, 'FJ', 'Fagbrev på jobb', '', true, 'fagbrev_pa_jobb', 'L', true),
               (5, 'VG3', 'Vg3 i skole', '', true, 'elev', 'E', false)""")
    c.execute(f"""INSERT INTO {s}.fagopplaering_bedrift (id, orgnr, navn, type, organisasjonsform, adresse,
        postnummer, poststed, postadresse, naeringskode, naeringsnavn, bransje, epost, telefon, kontaktperson,
        konkurs, aktiv, opprettet, endret)
        SELECT i, (900000000 + i)::text, 'Bedrift ' || i, CASE WHEN i % 50 = 0 THEN 'opplaeringskontor'
               ELSE 'selvstendig' END, 'AS', '', '', '', '', '', '', '', '', '', '', false, true, now(), now()
        FROM generate_series(1, 2000) i""")
    # Starts spread over 2023-09 … 2026-05 on every day of the month; 24–48 months; 3 % not approved yet, 2 % «uten
    # tilskudd», 8 % ended early (inside the half-year for many), 35 % without ungdomsrett.
    c.execute(f"""INSERT INTO {s}.fagopplaering_kontrakt (id, fylke_id, person_id, kontraktstype_id,
        programomrade_id, bedrift_id, opplaeringsmodell, laeretid_fra, netto_laeretid_mnd, netto_opplaeringstid_mnd,
        laeretid_til, godskriving_mnd, godskriving_merknad, arbeidsavtale_ref, tilleggsvilkar, ungdomsrett, tilskudd,
        status, godkjent_dato, avsluttet_dato, avslutningsmate, attest_utstedt, opprettet, endret)
        SELECT i, 1, i, t.kt, 1 + i % 20, 1 + (i * 7) % 2000, '2+2', f.fra, f.mnd,
               CASE WHEN i % 5 = 0 THEN f.mnd / 2 END,
               (f.fra + make_interval(months => f.mnd - CASE WHEN i % 9 = 0 THEN 3 ELSE 0 END))::date - 1
                   + CASE WHEN i % 7 = 0 THEN 20 ELSE 0 END,
               CASE WHEN i % 9 = 0 THEN 3 ELSE 0 END, '', '', '', i % 20 >= 7, i % 50 <> 1,
               CASE WHEN i % 33 = 0 THEN 'til_godkjenning' WHEN i % 12 = 0 THEN 'avsluttet' ELSE 'godkjent' END,
               CASE WHEN i % 33 = 0 THEN NULL ELSE f.fra + (i % 90) END,
               CASE WHEN i % 12 = 0 THEN DATE '2025-12-01' + (i * 13) % 250 END, '', false, now(), now()
        FROM generate_series(1, {n}) i,
             LATERAL (SELECT DATE '2023-09-01' + (i * 37) % 1000 AS fra, 24 + (i % 5) * 6 AS mnd) f,
             LATERAL (SELECT CASE WHEN i % 10 < 6 THEN 1 WHEN i % 10 < 8 THEN 2 WHEN i % 10 = 8 THEN 4
                                  WHEN i % 20 = 9 THEN 3 ELSE 5 END AS kt) t""")  # fmt: skip
    c.execute(f"""INSERT INTO {s}.fagopplaering_avbrudd (kontrakt_id, fra, til, arsak, merknad, registrert)
        SELECT k.id, d.fra, CASE WHEN k.id % 40 = 3 AND j = 1 THEN NULL ELSE d.fra + ((k.id * j) % 75)::int END,
               'sykdom', '', now()
        FROM {s}.fagopplaering_kontrakt k, generate_series(1, 2) j,
             LATERAL (SELECT DATE '2025-11-15' + ((k.id * 11 + j * 29) % 200)::int AS fra) d
        WHERE k.id % 7 IN (2, 3) AND (j = 1 OR k.id % 3 = 0)""")  # fmt: skip
    for kode, bt1, bt2, lk in (
        ("2025-2026", "183093", "5963", "12000"),
        ("2026-2027", "190000", "6100", "12500"),
    ):
        for nokkel, verdi in (
            ("basistilskudd_1", bt1),
            ("basistilskudd_2", bt2),
            ("tilskudd_laerekandidat", lk),
        ):
            c.execute(f"""INSERT INTO {s}.vigo_systemparameter (fylke_id, skolear_id, nokkel, verdi, endret)
                VALUES (1, %s, %s, to_jsonb(%s::text), now())""", [kode, f"fagopplaering.{nokkel}", verdi])  # fmt: skip
    for tabell in TABELLER:
        c.execute(f"ANALYZE {s}.{tabell}")


def _kontroll() -> tuple[int, int]:
    """Every contract through the Python rule against the lines the SQL wrote: (lines, differences)."""
    from fagopplaering.models import Kontrakt, Tilskuddsberegning, Tilskuddslinje
    from fagopplaering.regler import tilskudd as regel
    from fagopplaering.selectors.tilskudd import grunnlag_for
    from fagopplaering.services.tilskudd import satser_for

    b = Tilskuddsberegning.objects.get()
    hent = satser_for(b.satser)
    alle = grunnlag_for(Kontrakt.objects.values_list("pk", flat=True))
    python = set()
    for pk, g in alle.items():
        for li in regel.beregn(g, b.fra, b.til, hent, b.satser["tilskudd_start"]).linjer:
            python.add((pk, li.maned, li.ordning, li.dager, li.sats, li.belop))
    sql = set(
        Tilskuddslinje.objects.filter(beregning=b).values_list("kontrakt_id", "maned", "ordning", "dager", "sats",
                                                               "belop")
    )  # fmt: skip
    return len(sql), len(sql ^ python)


def main(antall: int = 20_000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.db import connection

    from fagopplaering.jobber.tilskudd import skriv_filer
    from fagopplaering.services.tilskudd import beregn

    with connection.cursor() as c:
        try:
            t = time.perf_counter()
            _last(c, antall)
            c.execute(f"SELECT count(*) FROM {SKJEMA}.fagopplaering_avbrudd")
            avbrudd = c.fetchone()[0]
            print(
                f"   lastet {antall} kontrakter med {avbrudd} avbrudd på {time.perf_counter() - t:.1f} s",
                flush=True,
            )
            c.execute(f"SET search_path TO {SKJEMA}, public")
            t = time.perf_counter()
            b = beregn(None, fylke_id=1, fra=FRA, til=TIL)
            sekunder = time.perf_counter() - t
            print(f"   beregning {FRA:%d.%m.%Y}–{TIL:%d.%m.%Y}: {b.antall_kontrakter} kontrakter, "
                  f"{b.linjer.count()} kontraktmåneder, {b.antall_bedrifter} bedrifter, {b.sum} kr på {sekunder:.1f} s",
                  flush=True)  # fmt: skip
            t = time.perf_counter()
            filer = skriv_filer(b)
            filer_sek = time.perf_counter() - t
            filer["zip"].close()
            filer["forklaring"].close()
            lik = filer["bedrifter"] == filer["forklart"]
            print(f"   filer (zip per bedrift + forklaring): {filer_sek:.1f} s, {len(filer['bedrifter'])} bedriftsfiler, "
                  f"summer like: {'ja' if lik else 'NEI'}, avvik regel/SQL: {filer['avvik']}", flush=True)  # fmt: skip
            t = time.perf_counter()
            linjer, forskjeller = _kontroll()
            print(f"   kontroll: regelen gir {'de samme' if not forskjeller else 'ANDRE'} {linjer} linjene "
                  f"({forskjeller} forskjeller) på {time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
            topp_rss = _topp_minne_mb()
            status = "OK" if sekunder < MAL_SEKUNDER else "OVER MÅL"
            print(f"   tilskudd {sekunder:.1f} s (mål < {MAL_SEKUNDER} s), filer {filer_sek:.1f} s, "
                  f"topp-RSS {topp_rss:.0f} MB – {status}", flush=True)  # fmt: skip
            lagre_maling("tilskudd_halvar_sekunder", sekunder, "s", MAL_SEKUNDER)
            lagre_maling("tilskudd_filer_sekunder", filer_sek, "s", None)
            lagre_maling("tilskudd_topp_rss_mb", topp_rss, "MB", None)
            if forskjeller or not lik or filer["avvik"]:
                raise SystemExit("Regelen og SQL-beregningen er uenige.")
            if sekunder >= MAL_SEKUNDER:
                raise SystemExit(f"Tilskuddsberegningen brukte {sekunder:.1f} s (mål < {MAL_SEKUNDER} s).")
        finally:
            c.execute("SET search_path TO public")
            c.execute(f"DROP SCHEMA IF EXISTS {SKJEMA} CASCADE")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
