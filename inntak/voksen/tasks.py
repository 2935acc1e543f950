"""The nightly beat task of the intake of adults (scheduled by migration inntak 0008 at 02:30 Europe/Oslo):
starts job 1V001 for every county with tilbud for adults. The job does the work, with its own log and result."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="inntak.plasser_voksne_natt")
def plasser_voksne_natt() -> int:
    from django.utils import timezone

    from inntak.models import Tilbud
    from kodeverk.models import Fylke
    from vigo.jobber.tjenester import KjoringFeil, start_kjoring

    fylker = Fylke.objects.filter(
        pk__in=Tilbud.objects.filter(
            voksenopplaering=True, skolear__sluttdato__gte=timezone.localdate()
        ).values("fylke_id")
    ).order_by("nummer")
    startet = 0
    for fylke in fylker:
        try:
            start_kjoring("1V001", fylke, None, {}, startet_av_tekst="natt")
        except KjoringFeil as feil:  # e.g. a run is still active in the county: the next night catches up
            log.warning("1V001 ble ikke startet for fylke %s: %s", fylke.nummer, feil)
        else:
            startet += 1
    return startet
