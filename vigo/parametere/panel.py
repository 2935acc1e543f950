"""Dashboard panel: a link to the county's system parameters for those who may read them."""

from __future__ import annotations


def parameterpanel(request) -> dict | None:
    from vigo.parametere.services import kan_endre, kan_se

    bruker = request.user
    fylke = getattr(bruker, "fylke", None)
    if fylke is None or not kan_se(bruker, fylke):
        return None
    return {
        "tittel": "Systemparametere",
        "mal": "vigo/_parameterpanel.html",
        "kan_endre": kan_endre(bruker, fylke),
    }
