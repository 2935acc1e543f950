"""Who may start (and publish with) which job type. Used by the service, the views and the templates alike.

Starting needs the general right to start jobs (``vigo.add_kjoring``) *and* the job type's own ``tillatelse``:
the general right alone let any role that runs some job run every job (a fagopplæring caseworker published a
Vg3 intake round). A run that publishes (``Jobbtype.publiserer(parametere)``) also needs ``publiser_tillatelse``.
``bruker=None`` is the system itself (``manage.py kjoring`` on the server, internal calls): not checked here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from vigo import jobber

GENERELL = "vigo.add_kjoring"


def _jobbtype(jobb) -> jobber.Jobbtype:
    return jobber.hent(jobb) if isinstance(jobb, str) else jobb


def kan_starte(bruker, jobb) -> bool:
    """May ``bruker`` start this job type at all (any parameters that do not publish)?"""
    if bruker is None or not getattr(bruker, "is_authenticated", False):
        return False
    jt = _jobbtype(jobb)
    return bool(bruker.has_perm(GENERELL) and bruker.has_perm(jt.tillatelse))


def publiserer(jobb, parametere: dict[str, Any]) -> bool:
    jt = _jobbtype(jobb)
    return bool(jt.publiserer and jt.publiserer(parametere))


def krev_start(bruker, jobb) -> None:
    jt = _jobbtype(jobb)
    if not kan_starte(bruker, jt):
        raise PermissionDenied(f"Du har ikke tilgang til å starte {jt.kode} {jt.navn}.")


def krev_publisering(bruker, jobb, parametere: dict[str, Any]) -> None:
    """Raise when the (validated) parameters make the run publish and the user lacks the publish right."""
    jt = _jobbtype(jobb)
    if publiserer(jt, parametere) and not bruker.has_perm(jt.publiser_tillatelse):
        raise PermissionDenied(
            f"Du har ikke tilgang til å publisere med {jt.kode} {jt.navn}. Kjør den som prøve, eller be noen "
            "med publiseringsrett om å kjøre den."
        )
