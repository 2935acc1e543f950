"""The declared rule for changing a person (``vigo.services.kan_endre_person``), for users and API clients alike."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from inntak.elev.models import Elevforhold
from inntak.models import Soknad
from kodeverk import models as km
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.api.autentisering import ApiKlientBruker
from vigo.api.services import lag_nokkel, opprett_klient
from vigo.models import Rolle
from vigo.services import endrbare_personer, kan_endre_person, oppdater_person, opprett_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def personer(kodeverk):
    skolear = km.Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                                        sluttdato=datetime.date(2026, 7, 31))  # fmt: skip
    kategori = km.Behandlingskategori.objects.create(
        kode="ORD", navn="Ordinær", gruppe="ordinaer", hjemmel="§ 6-20"
    )
    gjest = PersonFactory(fylke=kodeverk["B"])
    Soknad.objects.create(person=gjest, skolear=skolear, fylke=kodeverk["A"], hjemfylke=kodeverk["B"], niva="VG1",
                          rettstatus="ungdomsrett", behandlingskategori=kategori)  # fmt: skip
    elev_a = PersonFactory(fylke=kodeverk["A"])
    Elevforhold.objects.create(person=elev_a, skole=kodeverk["skole_a"], skolear=skolear,
                               programomrade=km.Programomrade.objects.get(kode="STUSP1----"),
                               startdato=datetime.date(2025, 8, 18))  # fmt: skip
    return {"A": PersonFactory(fylke=kodeverk["A"]), "B": PersonFactory(fylke=kodeverk["B"]), "gjest": gjest,
            "elev_a": elev_a}  # fmt: skip


def _klient(kodeverk, **kw) -> ApiKlientBruker:
    klient = opprett_klient(navn="SAS", scopes=[], **kw)
    nokkel, _hemmelig = lag_nokkel(klient)
    return ApiKlientBruker(klient, nokkel)


def test_hjemfylket_endrer_andre_fylker_ikke(brukere, personer):
    a, b = brukere["A"][Rolle.INNTAK], brukere["B"][Rolle.INNTAK]
    assert kan_endre_person(a, personer["A"]) and not kan_endre_person(a, personer["B"])
    assert kan_endre_person(b, personer["B"]) and not kan_endre_person(b, personer["A"])


def test_fylket_som_behandler_soknaden_ser_men_endrer_ikke_gjesteelev(brukere, personer):
    from vigo.scoping import kan_se

    a, b = brukere["A"][Rolle.INNTAK], brukere["B"][Rolle.INNTAK]
    assert kan_se(a, personer["gjest"]) and not kan_endre_person(a, personer["gjest"])
    assert kan_endre_person(b, personer["gjest"])


def test_skolebruker_bare_personer_knyttet_til_skolen_unntatt_vitnemaal(brukere, personer):
    skole = brukere["A"][Rolle.SKOLE]
    assert kan_endre_person(skole, personer["elev_a"])
    assert not kan_endre_person(skole, personer["A"])
    assert kan_endre_person(skole, personer["A"], gjelder_skole=False)  # the vitnemål belongs to no school
    assert not kan_endre_person(skole, personer["B"], gjelder_skole=False)


def test_systemadministrator_endrer_alle(brukere, personer):
    sys = brukere["A"][Rolle.SYSADMIN]
    assert all(kan_endre_person(sys, p) for p in personer.values())


def test_api_klienter_folger_samme_regel(kodeverk, personer):
    fylke_a = _klient(kodeverk, fylke=kodeverk["A"])
    skole_a = _klient(kodeverk, fylke=kodeverk["A"], skole=kodeverk["skole_a"])
    assert {p.pk for p in endrbare_personer(fylke_a)} == {personer["A"].pk, personer["elev_a"].pk}
    assert {p.pk for p in endrbare_personer(skole_a)} == {personer["elev_a"].pk}
    assert not kan_endre_person(fylke_a, personer["gjest"])


def test_tjenestene_haandhever_regelen(brukere, kodeverk, personer):
    a = brukere["A"][Rolle.INNTAK]
    with pytest.raises(PermissionDenied):
        oppdater_person(personer["gjest"], bruker=a, adresse="Kapret vei 1")
    with pytest.raises(PermissionDenied):
        oppdater_person(personer["A"], bruker=a, fylke=kodeverk["B"])
    assert oppdater_person(personer["A"], bruker=a, adresse="Ny vei 2").adresse == "Ny vei 2"
    assert (
        oppdater_person(personer["gjest"], adresse="Fra Folkeregisteret").adresse == "Fra Folkeregisteret"
    )  # system
    with pytest.raises(PermissionDenied):
        opprett_person(
            fodselsnummer=syntetisk_fnr(), fylke=kodeverk["B"], bruker=a, fornavn="X", etternavn="Y"
        )
    assert opprett_person(fodselsnummer=syntetisk_fnr(), fylke=kodeverk["A"], bruker=a, fornavn="X",
                          etternavn="Y").fylke == kodeverk["A"]  # fmt: skip
