"""Dashboard panel «Neste 30 dager» (registered in ArshjulConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arshjul import selectors
from arshjul.farger import farge, tekstfarge

MAKS = 8


def neste_30_dager(request) -> dict | None:
    bruker = request.user
    if not bruker.has_perm("arshjul.view_hendelse"):
        return None
    rader = selectors.neste_dager(bruker, 30)
    return {
        "tittel": _("Neste 30 dager i årshjulet"),
        "mal": "arshjul/_neste30.html",
        "rader": [
            {"dato": d, "h": h, "farge": farge(h.kategori), "tekstfarge": tekstfarge(h.kategori)}
            for d, h in rader[:MAKS]
        ],
        "flere": max(0, len(rader) - MAKS),
    }
