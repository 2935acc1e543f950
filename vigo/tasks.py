"""Celery tasks of the core: thin wrappers around vigo.jobber.tjenester."""

from celery import shared_task
from celery.signals import worker_ready

from vigo.jobber import tjenester


@shared_task(acks_late=True, reject_on_worker_lost=True, name="vigo.utfor_kjoring")
def utfor_kjoring(kjoring_id: int) -> str:
    return tjenester.utfor(kjoring_id, arbeider=utfor_kjoring.request.hostname or None)


@shared_task(name="vigo.marker_dode_kjoringer")
def marker_dode_kjoringer() -> int:
    return tjenester.marker_dode()


@shared_task(name="vigo.beat_livstegn", ignore_result=True)
def beat_livstegn() -> None:
    """Beat's sign of life for /helse/: reaches the database only through beat, the queue and a worker."""
    from vigo.helse import registrer_livstegn

    registrer_livstegn()


@shared_task(name="vigo.rydd_api")
def rydd_api() -> dict[str, int]:
    """Daily: expired idempotency answers and API call logs past their retention go."""
    from vigo.api import idempotens
    from vigo.api.services.klienter import rydd_apikall

    return {"idempotens": idempotens.rydd(), "apikall": rydd_apikall()}


@worker_ready.connect
def _ved_oppstart(sender=None, **kwargs) -> None:
    """A worker that starts cannot be running anything: its earlier runs died with the previous process."""
    if sender is not None:
        tjenester.marker_dode(arbeider=sender.hostname)
