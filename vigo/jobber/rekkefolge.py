"""Routine order checks (årshjul): a job whose predecessor has not run in the period warns."""

from __future__ import annotations

import datetime

from django.utils import timezone

from kodeverk.skolear import skolear_for_dato
from vigo.models import Kjoring, KjoringStatus


def periode_start(dato: datetime.date | None = None) -> datetime.date:
    """The current school year starts 1 August; routines are checked within it."""
    return skolear_for_dato(dato or timezone.localdate()).start


# Predecessor pairs registered by other apps (e.g. årshjul routines): etterfolger -> {forgjenger, ...}.
_REKKEFOLGE: dict[str, set[str]] = {}


def registrer_rekkefolge(forgjenger: str, etterfolger: str) -> None:
    """Declare that ``forgjenger`` must have run (this school year) before ``etterfolger`` may start."""
    _REKKEFOLGE.setdefault(etterfolger, set()).add(forgjenger)


# Further sources of predecessors, e.g. årshjul routines edited in the database: fn(kode) -> set of codes.
_KILDER: list = []


def registrer_kilde(fn) -> None:
    if fn not in _KILDER:
        _KILDER.append(fn)


def avregistrer_rekkefolge(forgjenger: str, etterfolger: str) -> None:
    _REKKEFOLGE.get(etterfolger, set()).discard(forgjenger)


def forgjengere_for(jobbtype) -> list[str]:
    koder = set(jobbtype.forgjengere) | _REKKEFOLGE.get(jobbtype.kode, set())
    for kilde in _KILDER:
        koder |= set(kilde(jobbtype.kode))
    return sorted(koder)


def sjekk_forgjengere(jobbtype, fylke, parametere: dict) -> list[str]:
    """Codes among the job's predecessors with no successful run for the county in this school year."""
    koder = forgjengere_for(jobbtype)
    if not koder:
        return []
    fra = periode_start()
    mangler = []
    for kode in koder:
        ok = Kjoring.objects.filter(
            kode=kode, fylke=fylke, status=KjoringStatus.FERDIG, avsluttet__date__gte=fra
        ).exists()
        if not ok:
            mangler.append(kode)
    return mangler
