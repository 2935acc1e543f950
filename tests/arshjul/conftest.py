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
    """Register the årshjul's job codes as trivial jobs when no other app has built them yet."""
    registrert = []
    for kode in JOBBKODER:
        if not jobber.finnes(kode):
            jobber.jobbtype(kode, f"Testjobb {kode}", omrade="Test", tillatelse="vigo.add_kjoring")(
                lambda ktx: {"ok": True}
            )
            registrert.append(kode)
    yield
    for kode in registrert:
        jobber.avregistrer(kode)
