"""Fagopplæringens panel on the dashboard (``vigo.dashbord.registrer_panel``): søkere til læreplass, formidlet,
fått læreplass, kontrakter løpende today, ending within four months and awaiting approval. Counts only."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from fagopplaering.selectors import oversikt as sel


def panel(request) -> dict | None:
    bruker = request.user
    if not bruker.has_perm("fagopplaering.view_kontrakt"):
        return None
    idag = timezone.localdate()
    skolear = sel.standard_skolear(bruker) if bruker.has_perm("fagopplaering.view_formidling") else None
    return {
        "tittel": _("Fagopplæring"),
        "mal": "fagopplaering/panel.html",
        "skolear": skolear,
        "formidling": sel.formidlingstall(bruker, skolear) if skolear is not None else None,
        "kontrakter": sel.kontraktstall(bruker, idag),
        "snart_maneder": sel.SNART_SLUTT_MANEDER,
    }
