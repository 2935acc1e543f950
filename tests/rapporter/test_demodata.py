"""The demo step makes one søkerfil for the demo county and is idempotent."""

import random

import pytest

from rapporter import demodata
from rapporter.models import Leveranse

pytestmark = pytest.mark.django_db


def test_demo_lager_en_sokerfil(inntak, lag_soknad, monkeypatch):
    monkeypatch.setattr(demodata, "intaksar", lambda: 2026)
    lag_soknad()
    meldinger: list[str] = []
    demodata.lag_leveranse_demo(inntak.A, random.Random(1), meldinger.append)
    lev = Leveranse.objects.get(fylke=inntak.A, kode="1L001")
    assert lev.antall_poster == 3 and "3 poster" in meldinger[-1]
    demodata.lag_leveranse_demo(inntak.A, random.Random(1), meldinger.append)
    assert "hopper over" in meldinger[-1] and Leveranse.objects.count() == 1
