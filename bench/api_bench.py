"""Benchmarks of the SAS/school API: ``python -m bench api`` (or ``python -m bench.api_bench``).

In a throwaway test database (created and destroyed here), through the real HTTP stack (Django test client with
an API key):
1. 10 000 vgs grades in one ``POST /api/v1/karakterer`` — target < 3 s.
2. 10 000 grunnskole grades (588 vitnemål × 17) in one ``POST /api/v1/grunnskolekarakterer`` (creates the
   persons too) — same target.
3. 50 000 elever and elevforhold written in five requests each, then all 50 000 elevforhold read through the
   change feed with cursor pagination (``antall=1000``) — target < 10 s for the read.
"""

from __future__ import annotations

import datetime
import itertools
import os
import time
from collections.abc import Iterator

MAL_SKRIV = 3.0
MAL_LES = 10.0


def _fodselsnumre() -> Iterator[str]:
    from vigo.fodselsnummer import lag_syntetisk

    start = datetime.date(2008, 1, 1)
    for dag in range(2000):
        for individ in range(500, 1000):
            nr = lag_syntetisk(start + datetime.timedelta(days=dag), individ)
            if nr:
                yield nr


def _kodeverk():
    from kodeverk import models as km
    from kodeverk.koder import KARAKTERVERDIER

    fylke = km.Fylke.objects.create(nummer="50", navn="Trøndelag")
    skole = km.Skole.objects.create(skolenummer="50001", organisasjonsnummer="974760673", navn="Benkskolen",
                                    fylke=fylke)  # fmt: skip
    km.Programomrade.objects.create(kode="STUSP1----", navn="Studiespesialisering", niva="VG1")
    km.Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                              sluttdato=datetime.date(2026, 7, 31))  # fmt: skip
    km.Fagstatus.objects.create(kode="E", navn="Elev")
    for kode, navn, verdi, skala in KARAKTERVERDIER:
        km.Karakterverdi.objects.create(kode=kode, navn=navn, tallverdi=verdi, skala=skala)
    vgsfag = [f"VGS{n:04d}" for n in range(10)]
    grunnskolefag = [f"GRS{n:04d}" for n in range(17)]
    km.Fag.objects.bulk_create([km.Fag(kode=k, navn=k) for k in vgsfag]
                               + [km.Fag(kode=k, navn=k, grunnskole=True) for k in grunnskolefag])  # fmt: skip
    return skole, vgsfag, grunnskolefag


def _post(client, sti: str, data, headers) -> tuple[float, dict]:
    t = time.perf_counter()
    svar = client.post(sti, data, content_type="application/json", headers=headers)
    tid = time.perf_counter() - t
    if svar.status_code != 200:
        raise RuntimeError(f"{sti}: {svar.status_code} {svar.content[:500]!r}")
    return tid, svar.json()


def _kjor() -> None:
    from django.test import Client

    from vigo.api.services import lag_nokkel, opprett_klient
    from vigo.models import Scope

    skole, vgsfag, grunnskolefag = _kodeverk()
    klient = opprett_klient(navn="Benk", fylke=skole.fylke, skole=skole, scopes=Scope.values)
    headers = {"Authorization": f"Api-Key {lag_nokkel(klient)[1]}"}
    client = Client()
    fnr = list(itertools.islice(_fodselsnumre(), 50_588))
    elever, grunnskole = fnr[:50_000], fnr[50_000:]

    skrevet = 0.0
    for start in range(0, 50_000, 10_000):
        bit = [{"fodselsnummer": f, "fornavn": "Benk", "etternavn": f"Elev {i}"} for i, f in
               enumerate(elever[start : start + 10_000], start)]  # fmt: skip
        skrevet += _post(client, "/api/v1/elever", bit, headers)[0]
    print(f"   elever: 50 000 opprettet i 5 forespørsler på {skrevet:.2f} s", flush=True)
    skrevet = 0.0
    for start in range(0, 50_000, 10_000):
        bit = [{"fodselsnummer": f, "skolenummer": "50001", "skolear": "2025-2026", "programomrade": "STUSP1----",
                "startdato": "2025-08-18"} for f in elever[start : start + 10_000]]  # fmt: skip
        skrevet += _post(client, "/api/v1/elevforhold", bit, headers)[0]
    print(f"   elevforhold: 50 000 opprettet i 5 forespørsler på {skrevet:.2f} s", flush=True)

    karakterer = [{"fodselsnummer": f, "skolenummer": "50001", "skolear": "2025-2026", "fag": fag,
                   "vurdering": "standpunkt", "karakter": str(1 + (i + j) % 6)}
                  for i, f in enumerate(elever[:1000]) for j, fag in enumerate(vgsfag)]  # fmt: skip
    tid, svar = _post(client, "/api/v1/karakterer", karakterer, headers)
    print(f"   karakterer (vgs): {svar['antall']} lagret i én forespørsel på {tid:.2f} s (mål < {MAL_SKRIV:.0f} s) "
          f"{'OK' if tid < MAL_SKRIV else 'FOR TREGT'}", flush=True)  # fmt: skip
    tid, svar = _post(client, "/api/v1/karakterer", karakterer, headers)
    print(f"   karakterer (vgs) sendt på nytt: {svar['uendret']} uendret på {tid:.2f} s", flush=True)

    vitnemal = [{"fodselsnummer": f, "karakterer": [{"fag": fag, "vurdering": "standpunkt", "karakter": "4"}
                                                    for fag in grunnskolefag]} for f in grunnskole]  # fmt: skip
    tid, svar = _post(client, "/api/v1/grunnskolekarakterer", vitnemal, headers)
    print(f"   grunnskolekarakterer: {svar['antall_karakterer']} karakterer ({svar['nye_personer']} nye personer) "
          f"på {tid:.2f} s (mål < {MAL_SKRIV:.0f} s) {'OK' if tid < MAL_SKRIV else 'FOR TREGT'}", flush=True)  # fmt: skip

    t = time.perf_counter()
    url, antall, sider = "/api/v1/elevforhold?antall=1000", 0, 0
    while url:
        svar = client.get(url, headers=headers)
        data = svar.json()
        antall += len(data["resultater"])
        sider += 1
        url = data["neste"]
    tid = time.perf_counter() - t
    print(f"   endringsfeed elevforhold: {antall} poster lest på {sider} sider på {tid:.2f} s (mål < "
          f"{MAL_LES:.0f} s) {'OK' if tid < MAL_LES else 'FOR TREGT'}", flush=True)  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_vigo_api_bench_{os.getpid()}"
    gammel = settings.DATABASES["default"]["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        _kjor()
    finally:
        connection.creation.destroy_test_db(gammel, verbosity=0, keepdb=False)
        teardown_test_environment()


if __name__ == "__main__":
    main()
