"""Loads the figure modules on first use and answers which figures a user may see, grouped by area.

The modules register their ``Nokkeltall`` on import (``figur.registrer``). They are imported lazily, not from
AppConfig.ready, so a figure module's imports (elev, fagopplæring) never slow down or break start-up; a module
that does not exist yet is skipped and tried again on the next call.
"""

from __future__ import annotations

import importlib
import logging

from rapporter.statistikk import figur, tilgang
from rapporter.statistikk.figur import Nokkeltall

logger = logging.getLogger(__name__)

MODULER = (
    "rapporter.statistikk.tall_inntak",
    "rapporter.statistikk.tall_elev",
    "rapporter.statistikk.tall_fagopplaering",
)
OMRADER = ("Inntak", "Elever", "Fagopplæring")  # the index page's order; other areas follow alphabetically
_lastet: set[str] = set()


def last_inn() -> None:
    for navn in MODULER:
        if navn in _lastet:
            continue
        try:
            importlib.import_module(navn)
        except ModuleNotFoundError as feil:
            if feil.name != navn:
                raise  # a missing dependency inside the module is a bug, not a module still being written
            logger.info("Statistikkmodulen %s finnes ikke ennå.", navn)
            continue
        _lastet.add(navn)


def finn(kode: str) -> Nokkeltall | None:
    last_inn()
    return figur.hent(kode) if figur.finnes(kode) else None


def synlige(bruker) -> list[tuple[str, list[Nokkeltall]]]:
    """[(område, [figures])] the user may see, in the index page's order."""
    last_inn()
    grupper: dict[str, list[Nokkeltall]] = {}
    for tall in figur.alle():
        if tilgang.kan_se(bruker, tall):
            grupper.setdefault(tall.omrade, []).append(tall)

    def rekkefolge(omrade: str) -> tuple[int, str]:
        return (OMRADER.index(omrade) if omrade in OMRADER else len(OMRADER), omrade)

    return [(o, grupper[o]) for o in sorted(grupper, key=rekkefolge)]
