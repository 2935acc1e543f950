"""SAS import into the student register, with the database: ``python -m bench elev_import`` (or
``python -m bench.elev_import_bench [N]``).

A throwaway test database (``create_test_db``, migrated like the real one; destroyed afterwards) gets the kodeverk
a county file names (30 schools in county 50, the programområder and fag of ``inntak.elev.sas.testfil``,
fagstatuser, the skoleår). A county file of 20 000 pupils × 15 fag lines (one TOF, 20 000 $EL, 20 000 $EK,
300 000 $KL, 2 000 $VM) is generated into a temporary directory and imported by
``inntak.elev.services.sas_import.importer_sas_fil`` as a county caseworker: read and checked (pass 1), then
written in one transaction (pass 2: COPY, set-based upserts, history). Then the same file is imported again,
which must change nothing. Target: the first import < 60 s (issue 14). Results go to ``var/bench.json``.
"""

from __future__ import annotations

import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

FAG_PER_ELEV = 15
MAL_SEKUNDER = 60.0


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _kodeverk():
    from django.contrib.auth.models import Permission

    from inntak.elev.sas.testfil import FAGKODER, PROGRAMOMRADER
    from kodeverk import models as km
    from vigo.models import Bruker

    fylke, _ = km.Fylke.objects.get_or_create(nummer="50", defaults={"navn": "Trøndelag"})
    km.Kommune.objects.get_or_create(nummer="5001", defaults={"navn": "Trondheim", "fylke": fylke})
    for n in range(10, 40):
        km.Skole.objects.get_or_create(skolenummer=f"50{n:03d}", defaults={
            "navn": f"Benkskole {n}", "fylke": fylke, "organisasjonsnummer": "974760673"})  # fmt: skip
    up, _ = km.Utdanningsprogram.objects.get_or_create(kode="BE", defaults={"navn": "Benk"})
    for kode in PROGRAMOMRADER:
        km.Programomrade.objects.get_or_create(kode=kode, defaults={"navn": kode, "niva": "VG1",
                                                                    "utdanningsprogram": up})  # fmt: skip
    for kode in FAGKODER:
        km.Fag.objects.get_or_create(kode=kode, defaults={"navn": kode})
    for kode in "EABNUVOSFPRMG":
        km.Fagstatus.objects.get_or_create(kode=kode, defaults={"navn": kode})
    km.Skolear.objects.get_or_create(kode="2025-2026", defaults={
        "startdato": datetime.date(2025, 8, 1), "sluttdato": datetime.date(2026, 7, 31), "aktiv": True})  # fmt: skip
    bruker, _ = Bruker.objects.get_or_create(username="benk_sas", defaults={"fylke": fylke})
    bruker.user_permissions.add(
        Permission.objects.get(codename="add_elevforhold", content_type__app_label="elev")
    )
    return fylke, Bruker.objects.get(pk=bruker.pk)


def kjor(antall: int) -> float:
    from bench.inntaksmotor_bench import lagre_maling
    from inntak.elev.sas import lag_testfil
    from inntak.elev.services.sas_import import importer_sas_fil

    fylke, bruker = _kodeverk()
    with tempfile.TemporaryDirectory(prefix="elev_import_bench_") as mappe:
        fil = Path(mappe) / "sas.txt"
        t = time.perf_counter()
        with fil.open("w", encoding="utf-8", newline="") as ut:
            ut.writelines(lag_testfil(antall, FAG_PER_ELEV, seed=2026, fylke="50"))
        print(f"   laget {antall} elever × {FAG_PER_ELEV} fag ({fil.stat().st_size / 1e6:.0f} MB) på "
              f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
        t = time.perf_counter()
        res = importer_sas_fil(bruker, fil, fylke=fylke, filnavn="benk.txt")
        tid = time.perf_counter() - t
        if not res.ok:
            print(f"   FEIL I FILEN: {res.antall_feil} feil, første: {res.feil[:3]}", flush=True)
            sys.exit(1)
        a = res.antall
        print(f"   import: {res.linjer} linjer, personer {a['personer']}, elevkurs {a['elevkurs']}, "
              f"elevfag {a['elevfag']} på {tid:.1f} s (steg: {res.tider})", flush=True)  # fmt: skip
        t = time.perf_counter()
        igjen = importer_sas_fil(bruker, fil, fylke=fylke, filnavn="benk.txt")
        tid_igjen = time.perf_counter() - t
        endret = sum(
            igjen.antall[k]["ny"] + igjen.antall[k]["endret"] for k in ("personer", "elevkurs", "elevfag")
        )
        print(
            f"   samme fil igjen: {endret} endrede rader på {tid_igjen:.1f} s (steg: {igjen.tider})",
            flush=True,
        )
    lagre_maling("elev_import_sas_s", tid, "s", MAL_SEKUNDER)
    lagre_maling("elev_import_sas_igjen_s", tid_igjen, "s", MAL_SEKUNDER)
    status = "OK" if tid < MAL_SEKUNDER and endret == 0 else "OVER MÅL" if endret == 0 else "IKKE IDEMPOTENT"
    print(f"   elev_import {tid:.1f} s (mål < {MAL_SEKUNDER:.0f} s), topp-RSS {_topp_minne_mb():.0f} MB – {status}",
          flush=True)  # fmt: skip
    return tid


def main(antall: int | None = None) -> None:
    antall = antall or (int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 20_000)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    settings.DEBUG = False
    settings.TILLAT_SYNTETISKE_FNR = True  # the test file holds Test Norge numbers only
    gammel = settings.DATABASES["default"]["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_elev_import_bench_{os.getpid()}"
    t = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"   testdatabase migrert på {time.perf_counter() - t:.1f} s", flush=True)
        kjor(antall)
    finally:
        connection.creation.destroy_test_db(gammel, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
