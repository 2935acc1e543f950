"""``Idempotency-Key``: a retried write returns the first answer instead of running again.

Stored: client, key, method, path, a hash of the request body, and the answer (status and body), in the same
transaction as the write itself, so the key and the data are committed together or not at all. A transaction-
scoped advisory lock on (client, key) makes a concurrent duplicate wait for the first one and then replay it.
Only executed requests are stored (2xx); a refused batch (400) stores nothing and may be corrected and resent
with the same key. Keys are remembered for ``LEVETID``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request

from vigo.api.validering import Avvist, feil
from vigo.models import ApiKlient, Idempotens

HEADER = "Idempotency-Key"
LEVETID = datetime.timedelta(days=7)
MAKS_LENGDE = 200


def foresporsel_hash(request: Request) -> str:
    tekst = json.dumps(
        request.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    return hashlib.sha256(f"{request.method} {request.path}\n{tekst}".encode()).hexdigest()


def med_idempotens(
    request: Request, klient: ApiKlient, utfor: Callable[[], tuple[int, Any]]
) -> tuple[int, Any, bool]:
    """Run ``utfor`` in one transaction; returns (status, body, replayed)."""
    nokkel = request.headers.get(HEADER)
    if nokkel is None:
        with transaction.atomic():
            status, data = utfor()
        return status, data, False
    nokkel = nokkel.strip()
    if not nokkel or len(nokkel) > MAKS_LENGDE or "\x00" in nokkel:
        raise Avvist(
            [
                feil(
                    None,
                    HEADER,
                    "ugyldig",
                    _("%(h)s må være 1–%(n)d tegn.") % {"h": HEADER, "n": MAKS_LENGDE},
                )
            ]
        )
    hash_ = foresporsel_hash(request)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"idempotens:{klient.pk}:{nokkel}"]
            )
        tidligere = Idempotens.objects.filter(klient=klient, nokkel=nokkel).first()
        if tidligere is not None and tidligere.opprettet >= timezone.now() - LEVETID:
            if (tidligere.foresporsel_hash, tidligere.metode, tidligere.sti) != (
                hash_,
                request.method,
                request.path,
            ):
                return 422, {"detail": _("Idempotency-Key «%(k)s» er allerede brukt til en annen forespørsel. "
                                         "Bruk en ny nøkkel for nye data.") % {"k": nokkel}}, False  # fmt: skip
            return tidligere.status, tidligere.svar, True
        if tidligere is not None:
            tidligere.delete()
        status, data = utfor()
        if 200 <= status < 300:
            Idempotens.objects.create(
                klient=klient, nokkel=nokkel, metode=request.method, sti=request.path[:300],
                foresporsel_hash=hash_, status=status, svar=data,
            )  # fmt: skip
    return status, data, False


def rydd(naa: datetime.datetime | None = None) -> int:
    """Delete stored answers older than LEVETID (beat task ``vigo.rydd_api``); returns how many."""
    grense = (naa or timezone.now()) - LEVETID
    antall, _detaljer = Idempotens.objects.filter(opprettet__lt=grense).delete()
    return antall
