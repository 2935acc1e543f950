"""Fagopplæringens landing page and its counts: scoped to the county, «løpende» as docs/fagopplaering/domene.md §0.4, refused
for roles without fagopplæring, a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fagopplaering.selectors import oversikt as sel
from tests.fagopplaering.fabrikker import lag_avbrudd, lag_kontrakt
from tests.fagopplaering.oversikt_data import avslutt, lag_oversiktsdata
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(fag):
    return lag_oversiktsdata(fag)


def test_tallene_for_fylket(data, brukere):
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    k = sel.kontraktstall(bruker)
    assert (k.lopende, k.slutter_snart, k.til_godkjenning, k.med_avbrudd, k.avsluttet_i_ar) == (2, 1, 1, 1, 0)
    skolear = sel.standard_skolear(bruker)
    assert skolear.kode == "2026-2027"
    f = sel.formidlingstall(bruker, skolear)
    assert (f.sokere, f.venter, f.formidlet, f.fatt_laereplass, f.ungdomsrett_uten_plass) == (3, 1, 2, 1, 2)
    assert sel.lopende_per_fag(bruker) == [
        {"programomrade__kode": "ELELE3----", "programomrade__navn": "Elektrikerfaget", "lopende": 2}
    ]


def test_fylke_b_ser_bare_sine_egne(data, brukere):
    bruker = brukere["B"][Rolle.FAGOPPLAERING]
    assert sel.kontraktstall(bruker).lopende == 1
    f = sel.formidlingstall(bruker, sel.standard_skolear(bruker))
    assert (f.sokere, f.formidlet) == (1, 1)


def test_lopende_folger_udirs_regel(data, brukere):
    """Not before læretid fra, not after læretid til, not on an avbrudd day (an ended avbrudd only on its days),
    not with an avslutningskode, not before approval."""
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    k = data.lopende
    dag = k.laeretid_fra

    def lopende(dato):
        return sel.kontrakter_for(bruker).filter(sel.lopende_q(dato), pk=k.pk).exists()

    assert lopende(dag) and lopende(k.laeretid_til)
    assert not lopende(dag - datetime.timedelta(days=1)) and not lopende(
        k.laeretid_til + datetime.timedelta(days=1)
    )
    lag_avbrudd(k, dag + datetime.timedelta(days=10), dag + datetime.timedelta(days=20))
    assert not lopende(dag + datetime.timedelta(days=15)) and lopende(dag + datetime.timedelta(days=21))
    assert (
        not sel.kontrakter_for(bruker).filter(sel.lopende_q(timezone.localdate()), pk=data.venter.pk).exists()
    )


def test_siden_viser_tallene(client, data, brukere):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(reverse("fagopplaering:index"))
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "Formidling til læreplass 2026-2027" in tekst and "Elektrikerfaget" in tekst
    assert svar.context["kontrakter"].lopende == 2 and svar.context["formidling"].sokere == 3
    # Counts only: no names on the landing page.
    assert "Lærling" not in tekst.replace("Lærlingtilskudd", "")


@pytest.mark.parametrize("rolle", [Rolle.INNTAK, Rolle.SKOLE, Rolle.OT])
def test_andre_roller_avvises(client, data, brukere, rolle):
    client.force_login(brukere["A"][rolle])
    assert client.get(reverse("fagopplaering:index")).status_code == 403


def test_lesebruker_ser_siden(client, data, brukere):
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.get(reverse("fagopplaering:index")).status_code == 200


def test_fast_antall_sporringer(client, data, brukere, fag, django_assert_max_num_queries):
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    client.force_login(bruker)
    for i in range(15):
        fra = datetime.date(2015, 1, 1) + datetime.timedelta(days=i)
        avslutt(
            lag_kontrakt(data.ola, fag["A"], data.elektro, fag["elektriker"], fra=fra),
            fra + datetime.timedelta(days=90),
        )
    with django_assert_max_num_queries(16):
        assert client.get(reverse("fagopplaering:index")).status_code == 200
