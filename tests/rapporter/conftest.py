"""Fixtures for the delivery tests: the intake fixtures, finished precondition jobs and a published round."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401  (re-exported fixtures)
from tests.inntak_kjoring.conftest import kjor, soker  # noqa: F401


@pytest.fixture
def ferdig_jobb():
    """Record a finished run of a job for a county: ``ferdig_jobb("1I001", fylke, skolear=ar.pk)``."""
    from vigo.models import Kjoring, KjoringStatus

    def _lag(kode: str, fylke, **parametere):
        naa = timezone.now()
        return Kjoring.objects.create(kode=kode, navn=kode, fylke=fylke, parametere=parametere,
                                      status=KjoringStatus.FERDIG, startet=naa, avsluttet=naa)  # fmt: skip

    return _lag


@pytest.fixture
def publisert(inntak, soker, kjor, ferdig_jobb):  # noqa: F811
    """A published round 1 in county A: Anne and Bjørn get ST at skole A, Cecilie waits for HS (1 place)."""
    from inntak.kjoring import services

    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    soker("Anne A", "50.00", onsker=["st", "hs", "el"])
    soker("Bjørn B", "45.00", onsker=["hs", "st", "el"])
    soker("Cecilie C", "40.00", onsker=["hs", "st2", "el"])
    soker("Dag D", "30.00", onsker=["st2", "hs2", "el"])
    ik = kjor(runde=1, simulering=False)
    ik = services.publiser_runde(
        ik, svarfrist=timezone.localdate() + datetime.timedelta(days=7), bekreftet_antall=ik.antall_sokere
    )
    ferdig_jobb("1I001", inntak.A, skolear=inntak.ar.pk)
    return ik
