"""Health check ``/helse/``: the database, the queue (Redis) and beat's sign of life, each with its own status.

Answers 200 when nothing is down and 503 when a component is ``feil``, as JSON:
``{"status": "ok"|"feil", "komponenter": {"database": {...}, "redis": {...}, "beat": {...}}}``.

Beat is judged by ``Livstegn("beat")``, written by the beat task ``vigo.beat_livstegn`` every
BEAT_LIVSTEGN_SEKUNDER through the queue and a worker (so a fresh one shows that the whole scheduled-job chain
works). Its status:

- ``ok``: the sign of life is at most BEAT_STILLE_MAKS_SEKUNDER old;
- ``ukjent``: beat has never reported in this database (a new installation, the test database) – not an error,
  or every fresh ``make run`` and every test would answer 503 before beat's first tick;
- ``starter``: the sign of life is old but this web process has run for less than BEAT_STILLE_MAKS_SEKUNDER
  (``make run`` over an old database: beat and the worker are starting as well) – not an error;
- ``feil``: older than that – beat, the queue or every worker is down; 503.

The answer names no hosts, addresses or error texts (it is public); the details go to the log.

``/helse/web/`` checks only what the web process itself needs to serve pages (the database), for a load
balancer's or Kubernetes' readiness probe: pages work without Redis and beat, so their outage must not take
every web instance out of service. ``/helse/`` is for monitoring and alerts.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)

BEAT = "beat"
# When this process started (monotonic): the grace period for a stale beat sign of life after a restart.
PROSESS_STARTET = time.monotonic()


def registrer_livstegn(navn: str = BEAT) -> None:
    from vigo.models import Livstegn

    Livstegn.objects.update_or_create(navn=navn, defaults={"tidspunkt": timezone.now()})


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as c:
            c.execute("SELECT 1")
    except DatabaseError as exc:
        log.warning("Helsesjekk: databasen svarer ikke: %s", type(exc).__name__)
        return {"status": "feil", "melding": "Databasen svarer ikke."}
    return {"status": "ok"}


def _redis() -> dict[str, Any]:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as c:
            c.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            c.default_channel.client.ping()
    except Exception as exc:  # kombu, redis and socket errors alike: the queue is not usable
        log.warning("Helsesjekk: køen (Redis) svarer ikke: %s: %s", type(exc).__name__, exc)
        return {"status": "feil", "melding": "Køen (Redis) svarer ikke."}
    return {"status": "ok"}


def _beat(database_ok: bool) -> dict[str, Any]:
    grense = settings.BEAT_STILLE_MAKS_SEKUNDER
    if not database_ok:
        return {"status": "ukjent", "melding": "Kan ikke lese livstegnet uten databasen."}
    from vigo.models import Livstegn

    try:
        sist = Livstegn.objects.filter(navn=BEAT).values_list("tidspunkt", flat=True).first()
    except DatabaseError as exc:
        log.warning("Helsesjekk: kunne ikke lese beat-livstegn: %s", type(exc).__name__)
        return {"status": "ukjent", "melding": "Kan ikke lese livstegnet."}
    if sist is None:
        return {"status": "ukjent", "melding": "Beat har ikke meldt seg ennå.", "grense_sekunder": grense}
    alder = max(0, int((timezone.now() - sist).total_seconds()))
    svar = {"sist": sist.isoformat(), "alder_sekunder": alder, "grense_sekunder": grense}
    if alder <= grense:
        return {"status": "ok", **svar}
    if time.monotonic() - PROSESS_STARTET < grense:
        return {"status": "starter", "melding": "Nylig startet; venter på første livstegn fra beat.", **svar}
    return {"status": "feil", "melding": "Beat (planlagte jobber) har ikke meldt seg.", **svar}


def sjekk() -> dict[str, Any]:
    database = _database()
    komponenter = {"database": database, "redis": _redis(), "beat": _beat(database["status"] == "ok")}
    nede = any(k["status"] == "feil" for k in komponenter.values())
    return {"status": "feil" if nede else "ok", "komponenter": komponenter}


@never_cache
def web(request):
    database = _database()
    ok = database["status"] == "ok"
    return JsonResponse({"status": "ok" if ok else "feil", "komponenter": {"database": database}},
                        status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})  # fmt: skip


@never_cache
def helse(request):
    svar = sjekk()
    return JsonResponse(
        svar, status=503 if svar["status"] == "feil" else 200, json_dumps_params={"ensure_ascii": False}
    )
