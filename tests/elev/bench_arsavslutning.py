"""Bench (run directly): 5A014 on a county with N søknader built set-based. Not part of the suite."""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from inntak.elev.services import arsavslutning
from inntak.models import Onske, Soknad
from kodeverk.models import Behandlingskategori
from tests.inntak.conftest import inntak  # noqa: F401
from vigo.models import Kjoring, Person

N = 20000


def test_bench_5a014(inntak, monkeypatch):  # noqa: F811
    monkeypatch.setattr(arsavslutning, "idag", lambda: datetime.date(2026, 11, 20))
    for kode, p in (("5A001", {}), ("6A015", {"utvalg": "ikke_startet"})):
        Kjoring.objects.create(kode=kode, navn=kode, fylke=inntak.A, status="ferdig", avsluttet=timezone.now(),
                               parametere={"skolear": inntak.ar.pk, **p})  # fmt: skip
    personer = Person.objects.bulk_create(
        [
            Person(
                fodselsnummer=f"{i:011d}",
                fornavn="B",
                etternavn="C",
                fodselsdato=datetime.date(2010, 1, 1),
                fylke=inntak.A,
            )
            for i in range(N)
        ]  # fmt: skip
    )
    ord_ = Behandlingskategori.objects.get(kode="ORD")
    sok = Soknad.objects.bulk_create(
        [
            Soknad(
                person=p,
                skolear=inntak.ar,
                fylke=inntak.A,
                hjemfylke=inntak.A,
                niva="VG1",
                rettstatus="ungdomsrett",
                behandlingskategori=ord_,
            )
            for p in personer
        ]  # fmt: skip
    )
    t = [inntak.t["st"], inntak.t["hs"], inntak.t["el"]]
    Onske.objects.bulk_create([Onske(soknad=s, tilbud=t[i], nr=i + 1) for s in sok for i in range(3)])
    start = time.monotonic()
    antall = arsavslutning.sokerdata_til_sletting(inntak.A, inntak.ar)
    telling = time.monotonic() - start
    start = time.monotonic()
    r = arsavslutning.slett_sokerdata(None, fylke=inntak.A, skolear=inntak.ar, bekreft=True)
    slett = time.monotonic() - start
    print(f"\nBENCH 5A014 N={N}: telling {telling:.2f}s, arkiv+sletting {slett:.2f}s, "
          f"arkiv {len(r['arkiv'])} byte, slettet {r['slettet_totalt']} rader ({antall['soknader']} søknader)")  # fmt: skip
    assert r["slettet"]["soknader"] == N
