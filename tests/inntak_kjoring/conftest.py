"""Fixtures for the intake-run tests: the intake fixtures plus helpers for points and small competitions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401  (re-exported fixtures)


def sett_poeng(soknad, poeng: str | None, individuell: bool = False):
    from inntak.models import Poeng

    return Poeng.objects.update_or_create(
        soknad=soknad,
        defaults={"poeng": None if poeng is None else Decimal(poeng), "gjennomsnitt": None, "sum_karakterer": 0,
                  "antall": 0, "antall_fag": 0, "antall_fag_med_karakter": 0, "individuell_behandling": individuell,
                  "regelsett": "test", "avrunding": "A", "beregnet": timezone.now()},
    )[0]  # fmt: skip


@pytest.fixture
def soker(lag_soknad):  # noqa: F811
    """A søknad with points: ``soker("Navn", "45.00", onsker=["st", "hs"], **kw)``; ``None``: no points row (as
    for a søknad whose points were never computed; registration computes them, so they are removed here)."""
    from tests.fabrikker import PersonFactory

    def _lag(navn: str, poeng: str | None = "40.00", fylke=None, **kw):
        fornavn, _, etternavn = navn.partition(" ")
        person = PersonFactory(
            fornavn=fornavn, etternavn=etternavn or "Testesen", **({"fylke": fylke} if fylke else {})
        )
        s = lag_soknad(person=person, **({"fylke": fylke} if fylke else {}), **kw)
        if poeng is not None:
            sett_poeng(s, poeng)
        else:
            from inntak.models import Poeng

            Poeng.objects.filter(soknad=s).delete()
        return s

    return _lag


@pytest.fixture
def kjor(inntak):  # noqa: F811
    """Run the service directly: ``kjor(runde=1, simulering=True, kapasitet=None)``."""
    from inntak.kjoring import services

    def _kjor(runde: int = 1, simulering: bool = True, niva: str = "VG1", fylke=None, **kw):
        return services.kjor_inntak(fylke=fylke or inntak.A, skolear=inntak.ar, niva=niva, runde=runde,
                                    simulering=simulering, **kw)  # fmt: skip

    return _kjor
