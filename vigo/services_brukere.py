"""Writes to users: create/change (with roles), set password, delete. One function per state change; each checks
the role hierarchy (``vigo.tilgang``) and writes its admin log entry in the same transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from vigo import tilgang
from vigo.models import Bruker

log = logging.getLogger(__name__)
_HANDLING = {ADDITION: "opprettet", CHANGE: "endret", DELETION: "slettet"}


def _krev(aktor, perm: str) -> None:
    if not aktor.has_perm(perm):
        raise tilgang.IkkeTillatt("Du har ikke tilgang til å forvalte brukere.")


def _krev_forvaltbar(aktor, *, is_superuser: bool, fylke_id, skole_id, rettigheter: set[str]) -> None:
    grunn = tilgang.hvorfor_ikke(
        aktor, is_superuser=is_superuser, fylke_id=fylke_id, skole_id=skole_id, rettigheter=rettigheter
    )
    if grunn:
        raise tilgang.IkkeTillatt(grunn)


def _logg(aktor, bruker: Bruker, handling: int, melding) -> None:
    LogEntry.objects.log_actions(
        user_id=aktor.pk, queryset=[bruker], action_flag=handling, change_message=melding, single_object=True
    )
    # Ids only: no names or e-mail addresses in log lines.
    log.info("Bruker %s %s av bruker %s", bruker.pk, _HANDLING[handling], aktor.pk)


def kontroller_lagring(
    aktor,
    bruker: Bruker,
    *,
    grupper: Iterable[Group] | None = None,
    enkeltrettigheter: Iterable[Permission] | None = None,
) -> tuple[list[Group], list[Permission]]:
    """Raise IkkeTillatt if ``aktor`` may not save ``bruker`` in this state; returns the roles and individual
    permissions it will have. The admin form calls this to show the reason as a form error."""
    ny = bruker.pk is None
    _krev(aktor, "vigo.add_bruker" if ny else "vigo.change_bruker")
    if enkeltrettigheter is not None and not aktor.is_superuser:
        raise tilgang.IkkeTillatt("Bare en superbruker kan gi enkeltrettigheter.")
    if ny:
        grupper, enkelt = list(grupper or []), list(enkeltrettigheter or [])
    else:
        for_endring = Bruker.objects.get(pk=bruker.pk)
        _krev_forvaltbar(
            aktor,
            is_superuser=for_endring.is_superuser,
            fylke_id=for_endring.fylke_id,
            skole_id=for_endring.skole_id,
            rettigheter=tilgang.brukerens_rettigheter(for_endring),
        )
        grupper = list(for_endring.groups.all() if grupper is None else grupper)
        enkelt = list(for_endring.user_permissions.all() if enkeltrettigheter is None else enkeltrettigheter)
    fylke_id = bruker.fylke_id
    if ny and fylke_id is None and not aktor.er_systemadministrator:
        fylke_id = aktor.fylke_id  # a county administrator's new users belong to the county
    _krev_forvaltbar(
        aktor,
        is_superuser=bruker.is_superuser,
        fylke_id=fylke_id,
        skole_id=bruker.skole_id,
        rettigheter=tilgang.mulige_rettigheter(grupper, enkelt),
    )
    if bruker.skole_id is not None and bruker.skole.fylke_id != fylke_id:
        raise tilgang.IkkeTillatt("Skolen ligger ikke i brukerens fylke.")
    return grupper, enkelt


@transaction.atomic
def lagre_bruker(
    aktor,
    bruker: Bruker,
    *,
    grupper: Iterable[Group] | None = None,
    enkeltrettigheter: Iterable[Permission] | None = None,
    endringsmelding="",
) -> Bruker:
    """Create or change ``bruker`` (an unsaved or changed instance) with its roles. ``None`` keeps the roles or
    individual permissions it has. Refused (IkkeTillatt) if the user, before or after, is above the actor."""
    ny = bruker.pk is None
    if not ny:
        Bruker.objects.select_for_update().filter(pk=bruker.pk).first()  # one change at a time per user
    grupper, enkelt = kontroller_lagring(aktor, bruker, grupper=grupper, enkeltrettigheter=enkeltrettigheter)
    if ny and bruker.fylke_id is None and not aktor.er_systemadministrator:
        bruker.fylke_id = aktor.fylke_id
    bruker.save()
    bruker.groups.set(grupper)
    bruker.user_permissions.set(enkelt)
    _logg(aktor, bruker, ADDITION if ny else CHANGE, endringsmelding)
    return bruker


@transaction.atomic
def sett_passord(aktor, bruker: Bruker, passord: str | None, endringsmelding="") -> Bruker:
    """Set a new password (``None``: no password login). Only for users the actor may manage."""
    _krev(aktor, "vigo.change_bruker")
    bruker = Bruker.objects.select_for_update().get(pk=bruker.pk)
    if not tilgang.kan_forvalte_bruker(aktor, bruker):
        raise tilgang.IkkeTillatt("Du kan ikke endre passordet til denne brukeren.")
    if passord is None:
        bruker.set_unusable_password()
    else:
        bruker.set_password(passord)
    bruker.save(update_fields=["password"])
    _logg(aktor, bruker, CHANGE, endringsmelding or [{"changed": {"fields": ["password"]}}])
    return bruker


@transaction.atomic
def slett_bruker(aktor, bruker: Bruker) -> None:
    _krev(aktor, "vigo.delete_bruker")
    bruker = Bruker.objects.select_for_update().get(pk=bruker.pk)
    if not tilgang.kan_forvalte_bruker(aktor, bruker):
        raise tilgang.IkkeTillatt("Du kan ikke slette denne brukeren.")
    if bruker.pk == aktor.pk:
        raise tilgang.IkkeTillatt("Du kan ikke slette deg selv.")
    _logg(aktor, bruker, DELETION, "")
    bruker.delete()
