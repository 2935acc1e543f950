"""Extension points for the dashboard and the person page, so the core never imports the other apps.

Apps register a callable in AppConfig.ready: ``registrer_panel(fn)`` where ``fn(request) -> dict | None``
with keys ``tittel`` and ``mal`` (template) plus context; ``registrer_personfane(fn)`` likewise for the person page.
"""

from __future__ import annotations

from collections.abc import Callable

_PANELER: list[Callable] = []
_PERSONFANER: list[Callable] = []


def registrer_panel(fn: Callable) -> None:
    if fn not in _PANELER:
        _PANELER.append(fn)


def registrer_personfane(fn: Callable) -> None:
    if fn not in _PERSONFANER:
        _PERSONFANER.append(fn)


def paneler_for(request) -> list[dict]:
    return [p for p in (fn(request) for fn in _PANELER) if p]


def personfaner_for(request, person) -> list[dict]:
    return [p for p in (fn(request, person) for fn in _PERSONFANER) if p]
