"""The demo step builds a consistent county (valid wishes, grades, points) and is idempotent."""

import random

import pytest

from inntak import demodata
from inntak.models import Karakter, Poeng, Soknad, Tilbud
from inntak.validering import valider_onsker
from vigo.fodselsnummer import feilmelding

pytestmark = pytest.mark.django_db


def test_demodata_for_et_fylke(inntak, monkeypatch):
    monkeypatch.setattr(demodata, "intaksar", lambda: 2027)
    monkeypatch.setattr(demodata, "ANTALL_VG1", 120)
    monkeypatch.setattr(demodata, "ANTALL_VG2", 30)
    monkeypatch.setattr(demodata, "ANTALL_VG3", 20)
    meldinger = []
    demodata.lag_inntak_demodata(inntak.A, random.Random(1), meldinger.append)
    soknader = Soknad.objects.filter(fylke=inntak.A, skolear=inntak.neste)
    assert soknader.count() == 170 and "170 søknader" in meldinger[-1]
    assert Tilbud.objects.filter(skolear=inntak.neste, fylke=inntak.A).exists()
    assert Poeng.objects.filter(soknad__in=soknader).count() == 170
    assert Karakter.objects.filter(person__soknader__in=soknader).count() > 120 * 15
    for s in soknader.select_related("person", "fylke", "skolear").prefetch_related(
        "onsker__tilbud__programomrade"
    ):
        tilbud = [o.tilbud for o in s.onsker.all()]
        assert valider_onsker(fylke=s.fylke, skolear=s.skolear, niva=s.niva, rettstatus=s.rettstatus,
                              tilbud=tilbud) == [], s  # fmt: skip
        assert feilmelding(s.person.fodselsnummer) is None
    demodata.lag_inntak_demodata(inntak.A, random.Random(1), meldinger.append)
    assert "hopper over" in meldinger[-1] and soknader.count() == 170
