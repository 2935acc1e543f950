"""Writes of the core API: API clients and their keys.

The domain APIs keep their writes in their own packages (``inntak.elev.api.services``: SAS persons, elevforhold
and sluttere; ``inntak.api.services``: grunnskole grades, elevfag and vgs grades).
"""

from vigo.api.services.klienter import lag_nokkel, opprett_klient

__all__ = [
    "lag_nokkel",
    "opprett_klient",
]
