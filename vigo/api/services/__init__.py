"""Writes of the API: set-based bulk upserts of SAS data, grunnskole grades and API clients."""

from vigo.api.services.elever import registrer_sluttere, upsert_elever, upsert_elevforhold
from vigo.api.services.fag import upsert_elevfag, upsert_vgskarakterer
from vigo.api.services.grunnskole import lagre_grunnskolekarakterer
from vigo.api.services.klienter import lag_nokkel, opprett_klient

__all__ = [
    "lag_nokkel",
    "lagre_grunnskolekarakterer",
    "opprett_klient",
    "registrer_sluttere",
    "upsert_elever",
    "upsert_elevfag",
    "upsert_elevforhold",
    "upsert_vgskarakterer",
]
