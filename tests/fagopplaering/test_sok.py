"""The search box: companies by name/orgnr, persons in training by name/fødselsnummer, contracts by either;
scoped to the county, paginated, audited without the fødselsnummer in the log text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fagopplaering.selectors import sok as sel
from tests.fagopplaering.fabrikker import lag_bedrift
from tests.fagopplaering.oversikt_data import lag_oversiktsdata, orgnr
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(fag):
    return lag_oversiktsdata(fag)


def _q(tekst):
    return sel.Soketekst.les(tekst)


def test_bedrift_pa_navn_og_orgnr(data, brukere):
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    assert [b.navn for b in sel.sok_bedrifter(bruker, _q("lysverket elektro"))] == ["Lysverket Elektro AS"]
    treff = list(sel.sok_bedrifter(bruker, _q(data.kontor.orgnr)))
    assert treff == [data.kontor] and treff[0].antall_kontrakter == 2
    # County B's company is not county A's.
    assert not sel.sok_bedrifter(bruker, _q("hovedstaden")).exists()
    assert sel.sok_bedrifter(brukere["B"][Rolle.FAGOPPLAERING], _q("hovedstaden")).count() == 1


def test_person_pa_navn_og_fodselsnummer(data, brukere):
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    treff = list(sel.sok_personer(bruker, _q("ola lær")))
    assert treff == [data.ola] and (treff[0].antall_kontrakter, treff[0].antall_formidlinger) == (2, 1)
    assert list(sel.sok_personer(bruker, _q(data.per.fodselsnummer))) == [data.per]
    # Another county's lærling, and a person without contract or formidling, are not found.
    assert not sel.sok_personer(bruker, _q(data.oslo_person.fodselsnummer)).exists()
    from tests.fabrikker import PersonFactory

    uten = PersonFactory(fylke=data.a, fornavn="Ola", etternavn="Lærlingsen")
    assert uten not in sel.sok_personer(bruker, _q("ola"))


def test_kontrakt_pa_person_og_bedrift(data, brukere):
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    assert set(sel.sok_kontrakter(bruker, _q("kabel og kraft"))) == {data.snart}
    assert set(sel.sok_kontrakter(bruker, _q(data.kari.fodselsnummer))) == {data.snart, data.avsluttet}
    assert set(sel.sok_kontrakter(bruker, _q(data.elektro.orgnr))) == {
        data.lopende,
        data.avbrutt,
        data.avsluttet,
    }
    assert not sel.sok_kontrakter(bruker, _q("oslogutt")).exists()
    assert not sel.sok_kontrakter(bruker, _q("")).exists()


def test_siden_viser_tre_lister_og_logger(client, data, brukere):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(reverse("fagopplaering:sok"), {"q": data.kari.fodselsnummer})
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert (
        "Kandidat, Kari" in tekst
        and "Elektrikerfaget" in tekst
        and "Opplæringskontoret for elektrofag" in tekst
    )
    assert svar.context["personer"].paginator.count == 1 and svar.context["kontrakter"].paginator.count == 2
    logg = Innsyn.objects.latest("pk")
    assert logg.handling == "sok" and logg.person == data.kari and logg.antall == 3
    assert data.kari.fodselsnummer not in logg.hva and "Kari" not in logg.hva


def test_navnesok_logges_uten_navn_nar_en_person(client, data, brukere):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    client.get(reverse("fagopplaering:sok"), {"q": "Søker"})
    logg = Innsyn.objects.latest("pk")
    assert logg.person == data.per and "Søker" not in logg.hva


def test_bare_bedrifter(client, data, brukere):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(reverse("fagopplaering:sok"), {"q": "elektro", "hva": "bedrifter"})
    assert svar.context["personer"] is None and svar.context["kontrakter"] is None
    assert svar.context["bedrifter"].paginator.count == 2
    # Companies are not persons: no audit row.
    assert not Innsyn.objects.filter(hva__startswith="Fagopplæring").exists()


def test_paginert(client, data, brukere, fag, django_assert_max_num_queries):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    from kodeverk.models import Kommune

    for i in range(45):
        lag_bedrift(f"Elektro Nummer {i:02d} AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=orgnr())
    with django_assert_max_num_queries(20):
        svar = client.get(reverse("fagopplaering:sok"), {"q": "elektro", "side_b": "3"})
    side = svar.context["bedrifter"]
    assert side.paginator.count == 47 and side.number == 3 and len(side.object_list) == 7
    assert "side_b=2" in svar.content.decode()


@pytest.mark.parametrize("rolle", [Rolle.INNTAK, Rolle.SKOLE])
def test_andre_roller_avvises(client, data, brukere, rolle):
    client.force_login(brukere["A"][rolle])
    assert client.get(reverse("fagopplaering:sok"), {"q": "ola"}).status_code == 403


def test_tomt_sok(client, data, brukere):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(reverse("fagopplaering:sok"))
    assert svar.status_code == 200 and svar.context["bedrifter"] is None
    assert not Innsyn.objects.exists()
