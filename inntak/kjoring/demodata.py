"""Demo step (after the intake demo data): points as job 1P001, one published round-1 Vg1 run, a Brevmal.

The offer letters take their text from the standard-document tool (the built-in «tilbudsbrev» until the county
publishes its own under Dokumentmaler); the demo Brevmal only carries the e-mail subject (and a logo, if one is
uploaded), so it gets no text of its own.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable

from django.utils import timezone

from inntak.demodata import intaksar
from inntak.kjoring import services
from inntak.models import Brevmal, Inntakskjoring, Soknad
from inntak.poeng_sql import beregn_poeng, regelsett_for
from kodeverk.models import Fylke, Skolear


def lag_inntakskjoring_demo(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    ar = intaksar()
    skolear = Skolear.objects.filter(kode=f"{ar}-{ar + 1}").first()
    if skolear is None or not Soknad.objects.filter(fylke=fylke, skolear=skolear, niva="VG1").exists():
        ut("Inntakskjøring: ingen Vg1-søknader i demofylket; hopper over.")
        return
    if not Brevmal.objects.filter(fylke=fylke).exists():
        Brevmal.objects.create(fylke=fylke, navn="Standard tilbudsbrev", innhold="")
    if Inntakskjoring.objects.filter(
        fylke=fylke, skolear=skolear, niva="VG1", runde=1, publisert=True
    ).exists():
        ut(f"Inntakskjøring: runde 1 for Vg1 {skolear} er allerede publisert i {fylke.navn}; hopper over.")
        return
    start = time.perf_counter()
    # The same function as job 1P001 (idempotent upsert), so the run reads current points.
    beregn_poeng(
        fylke_id=fylke.pk, skolear_id=skolear.pk, regelsett=regelsett_for(skolear.kode), nivaer=["VG1"]
    )
    # Through the job 1I001 (as a caseworker starts it), so the run is in the job log: the årshjul's utført and
    # the deliveries that must follow the intake (1L002 inntaksfil, 1L004 to the schools) read it.
    from vigo.jobber.tjenester import start_kjoring, utfor

    kj = start_kjoring("1I001", fylke, parametere={"skolear": skolear.kode, "niva": "VG1", "runde": 1,
                                                   "simulering": False, "navn": "Hovedinntak (demodata)"},
                       startet_av_tekst="demodata", send=False)  # fmt: skip
    utfor(kj.pk)
    kj.refresh_from_db()
    if "inntakskjoring" not in (kj.resultat or {}):
        ut(
            f"Inntakskjøring: jobb 1I001 nr. {kj.pk} ble ikke ferdig ({kj.get_status_display()}); hopper over."
        )
        return
    ik = Inntakskjoring.objects.get(pk=kj.resultat["inntakskjoring"])
    services.publiser_runde(
        ik, svarfrist=timezone.localdate() + datetime.timedelta(days=7), bekreftet_antall=ik.antall_sokere
    )
    ut(
        f"Inntakskjøring: runde 1 Vg1 {skolear} publisert i {fylke.navn}: {ik.antall_sokere} søkere, "
        f"{ik.antall_onske1} på 1. ønske, {ik.antall_uten_plass} uten plass "
        f"({time.perf_counter() - start:.1f} s)."
    )
