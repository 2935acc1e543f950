"""Felles testdata for poengkalkulatoren: docs/regler/regler-2006.md §8 eksempel 1 som JSON og et lite Fag-register."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.eksempler_poeng import EKSEMPEL_1_ANDRE, EKSEMPEL_1_STANDPUNKT

THROTTLE_NOKKEL = "throttle_poengkalkulator_127.0.0.1"


def _eksempel_1(med_fagtype: bool = True) -> dict:
    rader = [{"fag": f, "vurdering": "standpunkt", "karakter": k} for f, k in EKSEMPEL_1_STANDPUNKT]
    for fag, vurdering, karakter, fagtype in EKSEMPEL_1_ANDRE:
        rad = {"fag": fag, "vurdering": vurdering, "karakter": karakter}
        if fagtype and med_fagtype:
            rad["fagtype"] = fagtype
        rader.append(rad)
    return {"niva": "VG1", "karakterer": rader}


@pytest.fixture
def eks1() -> dict:
    """Eksempel 1 som API-forespørsel, med fagtype «valgfag» oppgitt på valgfagradene."""
    return _eksempel_1()


@pytest.fixture
def eks1_uten_fagtype() -> dict:
    """Eksempel 1 der fagtypen for VAL0001/VAL0002 må komme fra Fag-registeret."""
    return _eksempel_1(med_fagtype=False)


@pytest.fixture
def fagregister(db):
    """De få fagene testene trenger: grunnskolefag, to valgfag og orden, med fagtypene sine."""
    from kodeverk.models import Fag, Fagtype

    typer = {
        kode: Fagtype.objects.get_or_create(kode=kode, defaults={"navn": kode.capitalize()})[0]
        for kode in ("fellesfag", "valgfag", "fremmedspraak", "orden")
    }
    fag = [
        ("NOR0214", "Norsk hovedmål, skriftlig", "fellesfag"),
        ("MAT0010", "Matematikk", "fellesfag"),
        ("FSP6001", "Fremmedspråk", "fremmedspraak"),
        ("VAL0001", "Valgfag: Teknologi i praksis", "valgfag"),
        ("VAL0002", "Valgfag: Fysisk aktivitet og helse", "valgfag"),
        ("ORD0010", "Orden", "orden"),
    ]
    for kode, navn, fagtype in fag:
        Fag.objects.update_or_create(
            kode=kode, defaults={"navn": navn, "fagtype": typer[fagtype], "grunnskole": True}
        )
    return typer


@pytest.fixture(autouse=True)
def _nullstill_throttle():
    """Slett bare tellerens nøkkel (ikke hele Redis, som deles med Celery og andre tester)."""
    cache.delete(THROTTLE_NOKKEL)
    yield
    cache.delete(THROTTLE_NOKKEL)
