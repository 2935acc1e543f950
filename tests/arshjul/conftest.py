"""Fixtures for the årshjul app: imported wheels and throw-away job types for the linked job codes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from arshjul.kjerne.kilder import innebygd_sti
from vigo import jobber

JOBBKODER = ("5A001", "5A018", "5A019", "6A015")


def importer(skolear: str, fylke: str | None = "50") -> str:
    ut = io.StringIO()
    args = [str(innebygd_sti(skolear)), "--skolear", skolear]
    if fylke:
        args += ["--fylke", fylke]
    call_command("importer_arshjul", *args, stdout=ut)
    return ut.getvalue()


@pytest.fixture
def arshjul_2017(kodeverk):
    importer("2017-2018")
    return kodeverk["A"]


@pytest.fixture
def arshjul_2022(kodeverk):
    importer("2022-2023")
    return kodeverk["A"]


@pytest.fixture
def testjobber():
    """The årshjul's linked job codes as trivial jobs: the tests are about the calendar's view of runs, not about
    what the real jobs (inntak.elev: 5A001, 5A018, 5A019, 6A015) need. The real ones are put back afterwards."""
    ekte = {kode: jobber.hent(kode) for kode in JOBBKODER if jobber.finnes(kode)}
    for kode in JOBBKODER:
        jobber.avregistrer(kode)
        jobber.jobbtype(kode, f"Testjobb {kode}", omrade="Test", tillatelse="vigo.add_kjoring")(
            lambda ktx: {"ok": True}
        )
    yield
    for kode in JOBBKODER:
        jobber.avregistrer(kode)
    jobber._REGISTER.update(ekte)  # the real job types, as the apps registered them
