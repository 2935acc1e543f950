"""Routines with a fixed order of jobs, from the årshjul texts.

The database is the one source: the routines (``Rutine``/``RutineSteg``) were seeded by migration 0002 and are
edited in the admin from then on. The platform's order registry (``vigo.jobber.rekkefolge``) asks the active
routines for a job's predecessors when the job starts (``arshjul.selectors.forgjengere_fra_db``), so deactivating
a routine or changing a step takes effect at once, without a deploy. Nothing is read at start-up (a DB query in
``AppConfig.ready`` is not allowed), and there is no constant copy to union with.
"""

from __future__ import annotations

from collections.abc import Iterable


def par(rutiner: Iterable) -> list[tuple[str, str]]:
    """(forgjenger, etterfolger) for consecutive job steps of each routine (manual steps are skipped)."""
    ut: list[tuple[str, str]] = []
    for rutine in rutiner:
        koder = [s.jobbkode for s in rutine.steg.all() if s.jobbkode]
        for a, b in zip(koder, koder[1:], strict=False):
            if (a, b) not in ut:
                ut.append((a, b))
    return ut


def registrer() -> None:
    """Plug the routines in the database into the platform's order registry (called from ArshjulConfig.ready)."""
    from arshjul.selectors import forgjengere_fra_db
    from vigo.jobber import rekkefolge

    rekkefolge.registrer_kilde(forgjengere_fra_db)
