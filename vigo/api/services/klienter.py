"""API clients and their keys (the admin and ``manage.py opprett_apiklient`` call these)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from kodeverk.models import Fylke, Skole
from vigo.models import ApiKlient, ApiNokkel


@transaction.atomic
def opprett_klient(
    *,
    navn: str,
    fylke: Fylke,
    skole: Skole | None = None,
    scopes: Iterable[str],
    beskrivelse: str = "",
    orgnr: str = "",
) -> ApiKlient:
    klient = ApiKlient(
        navn=navn, fylke=fylke, skole=skole, scopes=sorted(set(scopes)), beskrivelse=beskrivelse, orgnr=orgnr
    )
    klient.full_clean()
    klient.save()
    return klient


def lag_nokkel(
    klient: ApiKlient, *, navn: str = "", utloper: datetime.datetime | None = None
) -> tuple[ApiNokkel, str]:
    """A new key; the plain key is returned once and never stored (only its hash)."""
    return ApiNokkel.objects.create_key(klient=klient, name=(navn or klient.navn)[:50], expiry_date=utloper)


# The per-call API log is audit material: kept 13 months, then deleted.
APIKALL_LEVETID = datetime.timedelta(days=396)


def rydd_apikall(naa: datetime.datetime | None = None) -> int:
    """Delete API call log rows older than APIKALL_LEVETID; returns how many."""
    from django.utils import timezone

    from vigo.models import ApiKall

    antall, _detaljer = ApiKall.objects.filter(
        tidspunkt__lt=(naa or timezone.now()) - APIKALL_LEVETID
    ).delete()
    return antall
