"""What every fagopplæring service shares: the permission check and the audit/timeline row.

``bruker=None`` is the system (a job already checked by ``start_kjoring``, the demo data); a view, the admin and
the API always pass the signed-in user, and then the model permission and the county are checked here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from fagopplaering.models import Hendelse, Hendelsestype
from vigo.scoping import krev_fylke

APP = "fagopplaering"


def krev(bruker, handling: str, modell: type[models.Model] | str, fylke_id: int | None) -> None:
    """``handling`` is add/change/delete/view; ``modell`` a model class or its lower-case name."""
    if bruker is None:
        return
    navn = modell if isinstance(modell, str) else modell._meta.model_name
    if not bruker.is_authenticated or not bruker.is_active or not bruker.has_perm(f"{APP}.{handling}_{navn}"):
        raise PermissionDenied(_("Du har ikke tilgang til å gjøre dette i fagopplæringen."))
    if getattr(bruker, "skole_id", None) is not None and not bruker.er_systemadministrator:
        raise PermissionDenied(_("Skolebrukere har ikke tilgang til å endre i fagopplæringen."))
    if fylke_id is not None:
        krev_fylke(bruker, fylke_id)


def historikk(obj: models.Model, bruker, grunn: str) -> None:
    """The user and reason simple_history writes on the next save of ``obj``."""
    obj._history_user = bruker
    obj._change_reason = grunn[:100]


def hendelse(
    type: Hendelsestype | str,
    *,
    bruker,
    fylke_id: int,
    tekst: str,
    bedrift=None,
    godkjenning=None,
    formidling=None,
    kontrakt=None,
    prove=None,
    nemnd=None,
    data: dict[str, Any] | None = None,
    aktor: str | None = None,
) -> Hendelse:
    """The audit row. ``tekst`` is shown on timelines: never a fødselsnummer (names are fine there, not in logs)."""
    return Hendelse.objects.create(
        type=type,
        bruker=bruker,
        # An API client acts without a user; its name is the actor on the timeline.
        aktor=aktor or (bruker.get_username() if bruker is not None else "system"),
        fylke_id=fylke_id,
        bedrift=bedrift,
        godkjenning=godkjenning,
        formidling=formidling,
        kontrakt=kontrakt,
        prove=prove,
        nemnd=nemnd,
        tekst=tekst[:500],
        data=data or {},
    )
