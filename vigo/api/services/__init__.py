"""Writes of the core API: set-based bulk upserts of SAS persons and elevforhold, and API clients.

The domain APIs keep their writes in their own packages (``inntak.api.services``: grunnskole grades, elevfag and
vgs grades).
"""

from vigo.api.services.elever import registrer_sluttere, upsert_elever, upsert_elevforhold
from vigo.api.services.klienter import lag_nokkel, opprett_klient

__all__ = [
    "lag_nokkel",
    "opprett_klient",
    "registrer_sluttere",
    "upsert_elever",
    "upsert_elevforhold",
]
