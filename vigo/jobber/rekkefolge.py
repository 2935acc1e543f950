"""Routine order checks (årshjul): a job whose predecessor has not run in the period warns."""

from __future__ import annotations

import datetime

from django.utils import timezone

from vigo.models import Kjoring, KjoringStatus


def periode_start(dato: datetime.date | None = None) -> datetime.date:
    """The current school year starts 1 August; routines are checked within it."""
    dato = dato or timezone.localdate()
    ar = dato.year if dato.month >= 8 else dato.year - 1
    return datetime.date(ar, 8, 1)


def sjekk_forgjengere(jobbtype, fylke, parametere: dict) -> list[str]:
    """Codes among the job's predecessors with no successful run for the county in this school year."""
    if not jobbtype.forgjengere:
        return []
    fra = periode_start()
    mangler = []
    for kode in jobbtype.forgjengere:
        ok = Kjoring.objects.filter(
            kode=kode, fylke=fylke, status=KjoringStatus.FERDIG, avsluttet__date__gte=fra
        ).exists()
        if not ok:
            mangler.append(kode)
    return mangler
