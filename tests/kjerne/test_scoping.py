"""A user of fylke A sees none of fylke B's persons, through pages, admin and API, for every role."""

import pytest
from django.urls import reverse

from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db

VANLIGE_ROLLER = [Rolle.INNTAK, Rolle.FAGOPPLAERING, Rolle.FYLKESADMIN, Rolle.LESE, Rolle.SKOLE]


@pytest.fixture
def personer(kodeverk):
    return {
        "A": PersonFactory(fylke=kodeverk["A"], fornavn="Anna", etternavn="Fylkesa"),
        "B": PersonFactory(fylke=kodeverk["B"], fornavn="Bjørn", etternavn="Fylkesb"),
    }


@pytest.mark.parametrize("rolle", VANLIGE_ROLLER)
def test_sider_viser_bare_eget_fylke(client, brukere, personer, rolle):
    client.force_login(brukere["A"][rolle])
    liste = client.get(reverse("person_liste"))
    assert liste.status_code == 200
    assert "Fylkesb" not in liste.content.decode()
    assert client.get(reverse("person_detalj", args=[personer["B"].pk])).status_code == 404
    sok = client.get(reverse("person_liste"), {"q": "Bjørn"})
    assert "Fylkesb" not in sok.content.decode()
    if rolle != Rolle.SKOLE:  # a school user sees only persons linked to the school
        assert "Fylkesa" in liste.content.decode()
        assert client.get(reverse("person_detalj", args=[personer["A"].pk])).status_code == 200
    else:
        assert "Fylkesa" not in liste.content.decode()


@pytest.mark.parametrize("rolle", VANLIGE_ROLLER)
def test_api_viser_bare_eget_fylke(client, brukere, personer, rolle):
    client.force_login(brukere["A"][rolle])
    resp = client.get("/api/v1/personer/")
    assert resp.status_code == 200
    ids = {p["id"] for p in resp.json()["results"]}
    assert personer["B"].pk not in ids
    assert client.get(f"/api/v1/personer/{personer['B'].pk}/").status_code == 404
    if rolle != Rolle.SKOLE:
        assert personer["A"].pk in ids


@pytest.mark.parametrize("rolle", VANLIGE_ROLLER + [Rolle.SYSADMIN])
def test_admin_viser_bare_eget_fylke(client, brukere, personer, rolle):
    bruker = brukere["A"][rolle]
    client.force_login(bruker)
    endring = client.get(reverse("admin:vigo_person_change", args=[personer["B"].pk]))
    liste = client.get(reverse("admin:vigo_person_changelist"))
    if not bruker.is_staff:
        assert liste.status_code == 302 and endring.status_code == 302  # no admin access at all
        return
    assert liste.status_code == 200
    if rolle == Rolle.SYSADMIN:
        assert "Fylkesb" in liste.content.decode()
    else:
        assert "Fylkesb" not in liste.content.decode()
        assert "Fylkesa" in liste.content.decode()
        assert endring.status_code == 302  # admin redirects a missing object to the index


def test_systemadministrator_ser_alle_fylker(client, brukere, personer):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    innhold = client.get(reverse("person_liste")).content.decode()
    assert "Fylkesa" in innhold and "Fylkesb" in innhold


def test_api_kan_ikke_opprette_person_i_annet_fylke(client, brukere, kodeverk):
    from tests.fabrikker import syntetisk_fnr

    client.force_login(brukere["A"][Rolle.INNTAK])
    data = {
        "fodselsnummer": syntetisk_fnr(),
        "fornavn": "Ny",
        "etternavn": "Person",
        "fylke": kodeverk["B"].pk,
    }
    resp = client.post("/api/v1/personer/", data, content_type="application/json")
    assert resp.status_code == 400
    assert "eget fylke" in resp.json()["fylke"][0]
    data["fylke"] = kodeverk["A"].pk
    data["fodselsnummer"] = "15108695077"
    resp = client.post("/api/v1/personer/", data, content_type="application/json")
    assert resp.status_code == 400 and "kontrollsiffer" in resp.json()["fodselsnummer"][0]


def test_visning_av_person_logges(client, brukere, personer):
    bruker = brukere["A"][Rolle.INNTAK]
    client.force_login(bruker)
    client.get(reverse("person_detalj", args=[personer["A"].pk]))
    logg = Innsyn.objects.get(handling="vis", person=personer["A"])
    assert logg.bruker == bruker and logg.aktor == bruker.username


def test_anonym_ser_ingenting(client, personer):
    assert client.get(reverse("person_liste")).status_code == 302
    assert client.get("/api/v1/personer/").status_code == 403


def test_fylkekobling_gir_innsyn_i_personer_fylket_ikke_eier(brukere, personer, monkeypatch):
    """E.g. a gjesteelev: owned by B, but applying in A. Apps register such links; nothing else leaks."""
    from django.db.models import Q

    from vigo.models import Person
    from vigo.scoping import avgrens, legg_til_fylkekobling, scoping_for

    monkeypatch.setattr(scoping_for(Person), "ekstra_fylkekoblinger", [])
    bruker = brukere["A"][Rolle.INNTAK]
    assert set(avgrens(Person.objects.all(), bruker)) == {personer["A"]}
    legg_til_fylkekobling(
        Person, lambda fylke_id: Q(pk=personer["B"].pk) if fylke_id == bruker.fylke_id else Q()
    )
    assert set(avgrens(Person.objects.all(), bruker)) == {personer["A"], personer["B"]}
    assert set(avgrens(Person.objects.all(), brukere["B"][Rolle.INNTAK])) == {personer["B"]}
