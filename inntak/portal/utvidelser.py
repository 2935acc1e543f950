"""Sections other apps add to the applicant's «Min side» (inntak.portal.views.min_side), e.g. fagopplæringen's
formidling status. An app registers ``fn(request, person) -> str | None`` (rendered HTML, or None when it has
nothing to show for the person) from its ``AppConfig.ready``; the sections are shown in registration order.

A section reads only the logged-in applicant's own data; Min side already writes the audit row for the visit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

Seksjon = Callable[..., "str | None"]
_SEKSJONER: list[Seksjon] = []


def registrer_minside_seksjon(fn: Seksjon) -> Seksjon:
    """Register a section (idempotent: registering the same function twice shows it once). Usable as decorator."""
    if fn not in _SEKSJONER:
        _SEKSJONER.append(fn)
    return fn


def avregistrer_minside_seksjon(fn: Seksjon) -> None:
    """For tests."""
    if fn in _SEKSJONER:
        _SEKSJONER.remove(fn)


def minside_seksjoner(request, person) -> list[SafeString]:
    """The rendered sections for ``person``. A failing section is left out (and logged without personal data), so
    one app's error never takes the applicant's whole page down."""
    ut = []
    for fn in _SEKSJONER:
        try:
            html = fn(request, person)
        except Exception:  # noqa: BLE001 - one section must not break Min side
            logger.exception("Seksjonen %s på Min side feilet", getattr(fn, "__qualname__", fn))
            continue
        if html:
            ut.append(mark_safe(html))  # noqa: S308 - rendered by the app's own template (autoescaped)
    return ut
