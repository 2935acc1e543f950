"""Demo step (after the intake run): one søkerfil (1L001) for the demo county, so the delivery pages have a run."""

from __future__ import annotations

import random
from collections.abc import Callable

from inntak.demodata import intaksar
from kodeverk.models import Fylke, Skolear
from rapporter.leveranser.tjenester import LeveranseNektet, kjor_leveranse
from rapporter.models import Leveranse


def lag_leveranse_demo(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
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
