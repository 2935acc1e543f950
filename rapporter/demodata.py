"""Demo step (after the intake run, the student register and fagopplæring): one søkerfil (1L001) so the delivery
pages have a run, and one elevkurs with an expired programområde so the ssbResultat delivery (1L010) shows what its
control does: a new user runs 1L010, is told to run 5A018 and 5A019 first, then gets a stopped delivery with one FEIL
(«Mangler programområde»), corrects the course in 4S001 and runs it again (docs/leveranser/ssb.md)."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db.models import Q

from inntak.demodata import intaksar
from kodeverk.models import Fylke, Programomrade, Skolear
from rapporter.leveranser.tjenester import LeveranseNektet, kjor_leveranse
from rapporter.models import Leveranse


def lag_leveranse_demo(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    _sokerfil(fylke, ut)
    _utgatt_programomrade(fylke, ut)


def _sokerfil(fylke: Fylke, ut: Callable[[str], None]) -> None:
    ar = intaksar()
    skolear = Skolear.objects.filter(kode=f"{ar}-{ar + 1}").first()
    if skolear is None:
        return
    if Leveranse.objects.filter(fylke=fylke, skolear=skolear, kode="1L001").exists():
        ut(f"Leveranser: søkerfil for {skolear} finnes i {fylke.navn}; hopper over.")
        return
    try:
        lev = kjor_leveranse("1L001", fylke, skolear)
    except LeveranseNektet as feil:
        ut(f"Leveranser: {' '.join(feil.messages)}")
        return
    ut(f"Leveranser: søkerfil nr. {lev.pk} for {skolear} i {fylke.navn}: {lev.antall_poster} poster, "
       f"{lev.antall_feil} feil.")  # fmt: skip


def _utgatt_programomrade(fylke: Fylke, ut: Callable[[str], None]) -> None:
    from inntak.elev.models import Elevforhold

    ek = (
        Elevforhold.objects.filter(skole__fylke=fylke, avbruddsdato__isnull=True)
        .select_related("programomrade", "skolear")
        .order_by("-skolear__kode", "pk")
        .first()
    )
    if ek is None:
        return
    start = ek.skolear.startdato
    if ek.programomrade.gyldig_til is not None and ek.programomrade.gyldig_til < start:
        return  # already planted
    utgatt = (
        Programomrade.objects.filter(niva=ek.programomrade.niva, gyldig_til__lt=start)
        .exclude(Q(kode="") | Q(pk=ek.programomrade_id))
        .order_by("-gyldig_til", "kode")
        .first()
    )
    if utgatt is None:
        ut("Leveranser: fant ikke noe utgått programområde å plante i demoen; hopper over.")
        return
    # As a SAS file from a school with an outdated code would leave it (4S001 refuses such a code): seed data.
    Elevforhold.objects.filter(pk=ek.pk).update(programomrade=utgatt)
    ut(f"Leveranser: elevkurs {ek.pk} i {ek.skolear} har fått det utgåtte programområdet {utgatt.kode}, så "
       "kontrollen i 1L010 ssbResultat har én feil å vise (rett det i 4S001).")  # fmt: skip
