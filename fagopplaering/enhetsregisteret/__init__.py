"""Enhetsregisteret (Brønnøysundregistrene) behind an interface (docs/fagopplaering/bedrift.md «Oppslag i
Enhetsregisteret»).

Two backends answer ``hent(orgnr) -> Enhet | None``:

* ``FilBackend`` – a JSON Lines file with one unit per line, each line shaped exactly like the open API's answer to
  ``GET /enheter/{orgnr}`` (the demo file ``fagopplaering/data/enhetsregisteret_demo.jsonl``; tests write their own).
* ``HttpBackend`` – the open API ``https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}``. It needs no login
  or key; 404 means «no such unit», 410 Gone means the unit is deleted (the body carries ``slettedato``).

Chosen by the setting ``ENHETSREGISTERET = {"BACKEND": "fil"|"http", "FIL": path, "URL": base url, "TIMEOUT":
seconds}`` (environment variables ``ENHETSREGISTERET_BACKEND`` … in ``vigo/settings/base.py``). A backend that cannot
answer (network down, a timeout, a broken file) raises ``Oppslagsfeil``; «not found» is ``None``, never an error.
"""

from fagopplaering.enhetsregisteret.backend import (
    Backend,
    FilBackend,
    HttpBackend,
    Oppslagsfeil,
    backend,
    enhet_fra_json,
)
from fagopplaering.enhetsregisteret.enhet import Enhet

__all__ = ["Backend", "Enhet", "FilBackend", "HttpBackend", "Oppslagsfeil", "backend", "enhet_fra_json"]
