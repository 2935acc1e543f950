"""Benchmark of job 1I001 in the product: ``python -m bench inntak`` (or ``python -m bench.inntak_bench [N]``).

A throwaway test database (``create_test_db``, migrated like the real one) gets a 20 000-applicant county loaded
with COPY: 40 schools × 12 Vg1 programmes (480 tilbud, capacity about 1.05 × applicants, skewed popularity so
that many tilbud are oversubscribed), 3–6 wishes per søknad, points for everyone, 1 % fortrinn/individuell with
a vedtak, 2 % without rett and 3 % part-time. Then the very service the job calls, ``kjor_inntak`` (read from
PostgreSQL, compute, verify, write placements/waitlists/thresholds), is timed, and publishing after it.
The database is destroyed afterwards; real data are never touched. Target: the run < 60 s with bounded memory.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import resource
import sys
import time

PROGRAMMER = [("ST", 40), ("HS", 10), ("EL", 8), ("TP", 7), ("BA", 6), ("IM", 5), ("ID", 5), ("RM", 4),
              ("NA", 4), ("SR", 4), ("FD", 3), ("MD", 4)]  # fmt: skip
SKOLER = 40


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _copy(c, tabell: str, kolonner: str, linjer) -> None:
    buf = io.StringIO()
    buf.writelines(linjer)
    buf.seek(0)
    c.cursor.copy_expert(f"COPY {tabell} ({kolonner}) FROM STDIN", buf)


def _last(antall: int, rng: random.Random) -> dict:
    """Code registers with the ORM (small), the county's søknader with COPY (large)."""
    from django.db import connection

    from inntak.models import Tilbud
    from kodeverk import koder
    from kodeverk import models as km

    fylke = km.Fylke.objects.create(nummer="50", navn="Benkfylket")
    skolear = km.Skolear.objects.create(kode="2026-2027", startdato=datetime.date(2026, 8, 1),
                                        sluttdato=datetime.date(2027, 7, 31))  # fmt: skip
    km.Behandlingskategori.objects.bulk_create([km.Behandlingskategori(kode=k, navn=n, gruppe=g, hjemmel=h, niva=nv)
                                                for k, n, g, h, nv in koder.BEHANDLINGSKATEGORIER])  # fmt: skip
    kat = dict(km.Behandlingskategori.objects.values_list("kode", "pk"))
    po = {}
    for kode, _ in PROGRAMMER:
        up = km.Utdanningsprogram.objects.create(kode=kode, navn=f"Utdanningsprogram {kode}")
        po[kode] = km.Programomrade.objects.create(kode=f"{kode}XXX1----", navn=f"Vg1 {kode}", niva="VG1",
                                                   utdanningsprogram=up)  # fmt: skip
    skoler = [km.Skole.objects.create(skolenummer=f"{50000 + i:05d}", organisasjonsnummer="974760673",
                                      navn=f"Benk {i} vgs", fylke=fylke) for i in range(SKOLER)]  # fmt: skip
    vekt_total = sum(v for _, v in PROGRAMMER)
    tilbud: dict[str, list[int]] = {}
    for kode, vekt in PROGRAMMER:
        plasser = antall * 1.05 * vekt / vekt_total / SKOLER
        tilbud[kode] = [Tilbud.objects.create(fylke=fylke, skole=s, programomrade=po[kode], skolear=skolear,
                                              plasser=max(8, round(plasser * rng.uniform(0.5, 1.5)))).pk
                        for s in skoler]  # fmt: skip
    skolevekt = [rng.paretovariate(1.2) for _ in skoler]
    naa = "2026-03-01T00:00:00+00:00"
    personer, soknader, onsker, poeng, vedtak = [], [], [], [], []
    koder_ = [k for k, _ in PROGRAMMER]
    vekter = [v for _, v in PROGRAMMER]
    for i in range(1, antall + 1):
        fodt = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        personer.append(
            f"{i}\t{i:011d}\tFornavn{i}\t\tEtternavn{i}\t{fodt}\t\t\t\t\t\tnb\t{naa}\t{naa}\t{fylke.pk}\n"
        )
        u = rng.random()
        kategori = "FOR615" if u < 0.004 else "IND622" if u < 0.01 else "ORD"
        rett = "uten_rett" if rng.random() < 0.02 else "ungdomsrett"
        deltid = "t" if rng.random() < 0.03 else "f"
        soknader.append(f"{i}\tVG1\t{rett}\tordinaer\t{deltid}\tf\tklar\t{naa}\t{naa}\t{kat[kategori]}\t{fylke.pk}\t"
                        f"{fylke.pk}\t{i}\t{skolear.pk}\n")  # fmt: skip
        programmer: list[str] = []
        while len(programmer) < 3:
            p = rng.choices(koder_, vekter)[0]
            if p not in programmer:
                programmer.append(p)
        valgt: list[int] = []
        for p in programmer:
            for _ in range(rng.choice((1, 1, 2))):
                t = rng.choices(tilbud[p], skolevekt)[0]
                if t not in valgt:
                    valgt.append(t)
        onsker.extend(f"{i}\t{nr}\t{t}\n" for nr, t in enumerate(valgt[:6], 1))
        if kategori == "ORD":
            p = min(60.0, max(10.0, rng.gauss(42, 8)))
            poeng.append(f"{i}\t{p:.2f}\t{p / 10:.2f}\t0\t20\t13\t13\tf\tbenk\tA\t{naa}\n")
        else:
            poeng.append(f"{i}\t\\N\t\\N\t0\t0\t13\t2\tt\tbenk\tA\t{naa}\n")
            vedtak.append(f"{i}\tinnvilget\tBenk.\t\t{naa}\t{valgt[0]}\t{i}\n")
    with connection.cursor() as c:
        _copy(c, "vigo_person", "id, fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato, adresse, postnummer, "
              "poststed, epost, mobil, malform, opprettet, endret, fylke_id", personer)  # fmt: skip
        _copy(c, "inntak_soknad", "id, niva, rettstatus, sokergruppe, deltid, voksen, status, registrert, endret, "
              "behandlingskategori_id, fylke_id, hjemfylke_id, person_id, skolear_id", soknader)  # fmt: skip
        _copy(c, "inntak_onske", "soknad_id, nr, tilbud_id", onsker)
        _copy(c, "inntak_poeng", "soknad_id, poeng, gjennomsnitt, sum_karakterer, antall, antall_fag, "
              "antall_fag_med_karakter, individuell_behandling, regelsett, avrunding, beregnet", poeng)  # fmt: skip
        _copy(
            c, "inntak_vedtak", "soknad_id, utfall, begrunnelse, hjemmel, fattet, fast_plass_id, id", vedtak
        )
        for tabell in ("vigo_person", "inntak_soknad", "inntak_onske", "inntak_vedtak"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabell}', 'id'), (SELECT max(id) FROM {tabell}))"
            )
        c.execute("ANALYZE")
    return {"fylke": fylke, "skolear": skolear, "onsker": len(onsker), "tilbud": SKOLER * len(PROGRAMMER)}


def main(antall: int = 20_000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from inntak.kjoring import services

    setup_test_environment()
    gammelt_navn = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_inntak_bench_{os.getpid()}"
    t = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"   testdatabase migrert på {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        data = _last(antall, random.Random(2026))
        print(f"   lastet {antall} søknader, {data['onsker']} ønsker, {data['tilbud']} tilbud med COPY på "
              f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
        t = time.perf_counter()
        ik = services.kjor_inntak(fylke=data["fylke"], skolear=data["skolear"], niva="VG1", runde=1,
                                  simulering=False)  # fmt: skip
        kjoring = time.perf_counter() - t
        t = time.perf_counter()
        services.publiser_runde(ik, bekreftet_antall=ik.antall_sokere)
        publisering = time.perf_counter() - t
        status = "OK" if kjoring < 60 and not ik.verifisering else "OVER MÅL"
        print(f"   inntak {antall} søkere: kjøring {kjoring:.1f} s (mål < 60 s; les+motor+verifiser+skriv), "
              f"publisering {publisering:.1f} s, {ik.antall_tildelt} tildelt ({ik.antall_onske1} på 1. ønske), "
              f"{ik.antall_uten_plass} uten plass, {len(ik.verifisering)} brudd, topp-RSS {_topp_minne_mb():.0f} MB "
              f"– {status}", flush=True)  # fmt: skip
    finally:
        connection.creation.destroy_test_db(gammelt_navn, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
