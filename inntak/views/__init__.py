"""Caseworker UI of the intake area (thin: reads via selectors, writes via services)."""

from inntak.views.oversikt import arbeidsko, index, sok, tilbud_detalj, tilbud_liste
from inntak.views.soknad import dokument, flytt_onske, soknad_detalj, vedtak

__all__ = [
    "arbeidsko",
    "dokument",
    "flytt_onske",
    "index",
    "sok",
    "soknad_detalj",
    "tilbud_detalj",
    "tilbud_liste",
    "vedtak",
]
