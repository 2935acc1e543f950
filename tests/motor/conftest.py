"""Shared builders for the engine tests (plain dicts in, so every test also exercises ``les_snapshot``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from inntak.motor import Snapshot, les_snapshot


def bygg(tilbud: dict[str, int], sokere: list[dict[str, Any]], seed: int = 1, **krav: str) -> Snapshot:
    """``tilbud`` = {id: plasser}; ``krav`` = {tilbud-id: inntakskrav}."""
    rader = []
    for tid, plasser in tilbud.items():
        rad: dict[str, Any] = {"id": tid, "plasser": plasser}
        if tid in krav:
            rad["inntakskrav"] = krav[tid]
        rader.append(rad)
    return les_snapshot({"format": "inntak-snapshot/1", "seed": seed, "tilbud": rader, "sokere": sokere})


@pytest.fixture(autouse=True)
def _media() -> None:
    """Override tests/conftest.py's Django settings fixture: the engine is framework-free and these tests
    must run without pytest-django (``-p no:django``) and without a database."""


@pytest.fixture
def lag() -> Callable[..., Snapshot]:
    return bygg
