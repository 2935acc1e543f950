"""``{{ soknad|behandlingshjemmel }}``: the hjemmel of the søknad's behandlingskategori under its school year's
regulation (``inntak.hjemler``): § 6-15 for 2024-2025, § 4-21 for 2025-2026 onward, same code FOR615."""

from __future__ import annotations

from django import template

from inntak import hjemler

register = template.Library()


@register.filter
def behandlingshjemmel(soknad) -> str:
    return hjemler.behandlingshjemmel(soknad.behandlingskategori, soknad.skolear)
