"""Folkeregister lookup as an interface.

The real Folkeregister (Skatteetaten's «Folkeregisteret – offentlig med hjemmel» API) needs a Maskinporten token
with the scope ``folkeregister:deling/offentligmedhjemmel`` and a signed agreement. To plug it in, write a class
with the same ``hent`` method that fetches ``/folkeregisteret/api/offentlig-med-hjemmel/v1/personer/{fnr}`` with
that token, map the response to ``FolkeregisterPerson``, and point FOLKEREGISTER_BACKEND at it. The demo and the
tests use ``FilFolkeregister``: a JSON file of synthetic persons keyed by fødselsnummer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class FolkeregisterPerson:
    fodselsnummer: str
    fornavn: str
    etternavn: str
    mellomnavn: str = ""
    adresse: str = ""
    postnummer: str = ""
    poststed: str = ""
    kommunenummer: str = ""
    foreldre: list[str] = field(default_factory=list)


class Folkeregister(Protocol):
    def hent(self, fodselsnummer: str) -> FolkeregisterPerson | None: ...

    def hent_mange(self, fodselsnumre: list[str]) -> dict[str, FolkeregisterPerson | None]:
        """Batch lookup (the real service has a bulk endpoint, «bolkoppslag»)."""
        ...


class FilFolkeregister:
    def __init__(self, sti: str | Path | None = None):
        self.sti = Path(sti or settings.FOLKEREGISTER_FIL)

    def _data(self) -> dict:
        if not self.sti.exists():
            return {}
        return json.loads(self.sti.read_text(encoding="utf-8"))

    def hent(self, fodselsnummer: str) -> FolkeregisterPerson | None:
        return self.hent_mange([fodselsnummer])[fodselsnummer]

    def hent_mange(self, fodselsnumre: list[str]) -> dict[str, FolkeregisterPerson | None]:
        data = self._data()  # the file is read once per call, not once per number
        return {
            fnr: FolkeregisterPerson(fodselsnummer=fnr, **data[fnr]) if fnr in data else None
            for fnr in fodselsnumre
        }


@lru_cache(maxsize=1)
def _backend_klasse(navn: str):
    return import_string(navn)


def folkeregister() -> Folkeregister:
    return _backend_klasse(settings.FOLKEREGISTER_BACKEND)()
