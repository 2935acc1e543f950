"""The dashboard panel (counts) and the «Fagopplæring» section on the person page (contracts and formidlinger by
name, scoped), wired as the lead registers them in FagopplaeringConfig.ready."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse

from fagopplaering.panel import panel
from fagopplaering.personfane import person_via_formidling, person_via_kontrakt, personfane
from tests.fagopplaering.fabrikker import lag_avbrudd
from tests.fagopplaering.oversikt_data import avslutt, lag_oversiktsdata
from vigo import dashbord
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(fag):
    return lag_oversiktsdata(fag)


def _request(bruker):
    r = RequestFactory().get("/")
    r.user = bruker
    return r


@pytest.fixture
def registrert(monkeypatch):
    """The panel and the section as apps.py registers them (the lists are restored after the test)."""
    monkeypatch.setattr(dashbord, "_PANELER", [*dashbord._PANELER])
    monkeypatch.setattr(dashbord, "_PERSONFANER", [*dashbord._PERSONFANER])
    dashbord.registrer_panel(panel)
    dashbord.registrer_personfane(personfane)


def test_panelet_teller(data, brukere):
    p = panel(_request(brukere["A"][Rolle.FAGOPPLAERING]))
    assert p["mal"] == "fagopplaering/panel.html" and p["skolear"].kode == "2026-2027"
    assert (p["kontrakter"].lopende, p["kontrakter"].slutter_snart, p["kontrakter"].til_godkjenning) == (
        2,
        1,
        1,
    )
    assert (p["formidling"].sokere, p["formidling"].formidlet) == (3, 2)


def test_panelet_bare_for_fagopplaering(data, brukere):
    assert panel(_request(brukere["A"][Rolle.INNTAK])) is None
    assert panel(_request(brukere["A"][Rolle.SKOLE])) is None
    assert panel(_request(brukere["A"][Rolle.LESE])) is not None


def test_panelet_pa_dashbordet(client, data, brukere, registrert):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    tekst = client.get(reverse("dashboard")).content.decode()
    assert "Søkere til læreplass 2026-2027" in tekst and "Kontrakter løpende i dag" in tekst
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert "Kontrakter løpende i dag" not in client.get(reverse("dashboard")).content.decode()


def test_personfanen_viser_kontrakter_og_formidlinger(data, brukere):
    lag_avbrudd(data.lopende, datetime.date(2026, 1, 5), datetime.date(2026, 2, 1))
    fane = personfane(_request(brukere["A"][Rolle.FAGOPPLAERING]), data.ola)
    assert fane["mal"] == "fagopplaering/personfane.html"
    assert [k.pk for k in fane["kontrakter"]] == [data.venter.pk, data.lopende.pk]
    assert [f.pk for f in fane["formidlinger"]] == [data.f_ola.pk]
    assert len(fane["kontrakter"][1].avbrudd.all()) == 1


def test_personfanen_er_avgrenset(data, brukere):
    assert personfane(_request(brukere["B"][Rolle.FAGOPPLAERING]), data.ola) is None
    assert personfane(_request(brukere["A"][Rolle.INNTAK]), data.ola) is None
    assert personfane(_request(brukere["A"][Rolle.FAGOPPLAERING]), data.oslo_person) is None


def test_personfanen_pa_personsiden(client, data, brukere, registrert, django_assert_max_num_queries):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(reverse("person_detalj", args=[data.kari.pk]))
    tekst = svar.content.decode()
    assert svar.status_code == 200
    assert "Opplæringskontoret for elektrofag" in tekst and "medlemsbedrift Kabel og Kraft AS" in tekst
    assert "Avsluttet etter avlagt og bestått prøve (AB)" in tekst and "Tilbud om læreplass" in tekst
    assert "Barne- og ungdomsarbeiderfaget" in tekst


def test_personfanen_fast_antall_sporringer(data, brukere, django_assert_max_num_queries, fag):
    from tests.fagopplaering.fabrikker import lag_kontrakt

    for i in range(6):
        k = lag_kontrakt(
            data.ola, fag["A"], data.elektro, fag["elektriker"], fra=datetime.date(2010 + i, 1, 1)
        )
        avslutt(k, datetime.date(2010 + i, 12, 1))
        lag_avbrudd(k, datetime.date(2010 + i, 3, 1), datetime.date(2010 + i, 4, 1))
    request = _request(brukere["A"][Rolle.FAGOPPLAERING])
    with django_assert_max_num_queries(6):
        fane = personfane(request, data.ola)
        for k in fane["kontrakter"]:
            list(k.avbrudd.all())
    assert len(fane["kontrakter"]) == 8


def test_koblingene_for_person(data, fag):
    assert set(person_via_kontrakt(fag["A"].pk).values_list("person_id", flat=True)) == {
        data.ola.pk,
        data.kari.pk,
        data.per.pk,
    }
    assert set(person_via_formidling(fag["B"].pk).values_list("person_id", flat=True)) == {
        data.oslo_person.pk
    }
