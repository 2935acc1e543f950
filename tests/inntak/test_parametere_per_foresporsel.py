"""A request reads a county's system parameters once (vigo.parametere.selectors.per_foresporsel, wrapped around
every request by vigo.middleware.ParameterMiddleware); a write in the same request is seen at once; outside a
request every read goes to the database."""

from __future__ import annotations

import datetime

import pytest

from vigo.models import Rolle
from vigo.parametere.selectors import parametere, per_foresporsel
from vigo.parametere.services import sett_parametere
from vigo.settings.base import MIDDLEWARE

pytestmark = pytest.mark.django_db


def test_en_lesing_per_foresporsel_og_skriving_sees(inntak, brukere, django_assert_num_queries):
    with per_foresporsel():
        with django_assert_num_queries(1):
            forste = parametere(inntak.A, inntak.neste, "inntak")
            andre = parametere(inntak.A, inntak.neste, "inntak")
        assert forste == andre and forste is not andre  # a copy: a caller cannot change the next one's
        andre["inntak.maks_onsker"] = 99
        assert parametere(inntak.A, inntak.neste, "inntak")["inntak.maks_onsker"] != 99
        with django_assert_num_queries(1):
            parametere(inntak.B, inntak.neste, "inntak")  # another county: its own read
        sett_parametere(inntak.A, inntak.neste, {"inntak.soknadsfrist": "2027-03-05"},
                        brukere["A"][Rolle.FYLKESADMIN])  # fmt: skip
        assert parametere(inntak.A, inntak.neste, "inntak")["inntak.soknadsfrist"] == datetime.date(
            2027, 3, 5
        )
    with django_assert_num_queries(2):  # no request: no memo
        parametere(inntak.A, inntak.neste, "inntak")
        parametere(inntak.A, inntak.neste, "inntak")


def test_mellomvaren_er_med():
    assert "vigo.middleware.ParameterMiddleware" in MIDDLEWARE
