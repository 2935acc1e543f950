"""Uploaded files go when their row goes: a søknad's documents (``SoknadDokument``) and a vedtak's (``VedtakDokument``)
are personal data in private storage, and Django leaves a deleted row's file on disk. The rows are deleted by
cascade (a søknad or person removed, sletting) as well as directly, so the file is removed on the row's
``post_delete``, after the transaction commits: a rollback keeps both row and file."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def _slett_fil(sender, instance, **kwargs) -> None:
    fil = instance.fil
    if not fil or not fil.name:
        return
    lagring, navn = fil.storage, fil.name

    def slett() -> None:
        try:
            lagring.delete(navn)
        except OSError:  # logged, not raised: the row is gone already; an operator can remove the file
            logger.warning(
                "Kunne ikke slette fil etter slettet rad",
                extra={"modell": sender.__name__, "id": instance.pk},
            )

    transaction.on_commit(slett)


def koble_til() -> None:
    from inntak.models import SoknadDokument, VedtakDokument

    for modell in (SoknadDokument, VedtakDokument):
        post_delete.connect(_slett_fil, sender=modell, dispatch_uid=f"inntak-slett-fil-{modell.__name__}")
