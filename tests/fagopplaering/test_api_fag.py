"""Fagopplæringens read API: the same keys, scopes, call log and audit as the other API domains; a county client
sees the county's contracts, a client with organisasjonsnummer only where that company is lærebedrift or
medlemsbedrift, a school client the contracts of its pupils."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from fagopplaering.models import Opplaeringsansvarlig
from kodeverk.models import Programomrade
from tests.fagopplaering.fabrikker import lag_avbrudd
from tests.fagopplaering.oversikt_data import lag_oversiktsdata
from vigo.api.services import lag_nokkel, opprett_klient
from vigo.models import ApiKall, Innsyn, Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(fag):
    return lag_oversiktsdata(fag)


def _klient(fylke, *, skole=None, orgnr="", scopes=(Scope.KONTRAKTER_LES,)):
    klient = opprett_klient(navn=f"Klient {orgnr or (skole.navn if skole else fylke.navn)}", fylke=fylke,
                            skole=skole, scopes=list(scopes))  # fmt: skip
    if orgnr:
        klient.orgnr = orgnr
        klient.save(update_fields=["orgnr"])
    _nokkel, hemmelig = lag_nokkel(klient)
    c = Client(headers={"Authorization": f"Api-Key {hemmelig}"})
    return c


def _ider(svar):
    assert svar.status_code == 200, svar.content
    return {r["id"] for r in svar.json()["resultater"]}


def test_fylkesklient_ser_fylkets_kontrakter(data):
    c = _klient(data.a)
    assert _ider(c.get("/api/v1/kontrakter")) == {
        data.lopende.pk,
        data.snart.pk,
        data.avbrutt.pk,
        data.venter.pk,
        data.avsluttet.pk,
    }
    rad = next(r for r in c.get("/api/v1/kontrakter").json()["resultater"] if r["id"] == data.snart.pk)
    assert rad["laerebedrift_navn"] == "Opplæringskontoret for elektrofag"
    assert rad["medlemsbedrift_orgnr"] == data.medlem.orgnr and rad["kontraktstype"] == "OK"
    assert rad["programomradenavn"] == "Elektrikerfaget" and rad["fodselsnummer"] == data.kari.fodselsnummer
    assert _ider(_klient(data.b).get("/api/v1/kontrakter")) == {data.oslo_kontrakt.pk}


def test_filtre(data):
    c = _klient(data.a)
    idag = timezone.localdate().isoformat()
    assert _ider(c.get("/api/v1/kontrakter", {"lopende_pa": idag})) == {data.lopende.pk, data.snart.pk}
    assert _ider(c.get("/api/v1/kontrakter", {"status": "avsluttet"})) == {data.avsluttet.pk}
    assert _ider(c.get("/api/v1/kontrakter", {"programomrade": "HSBUA3----"})) == {
        data.venter.pk,
        data.avsluttet.pk,
    }
    for param, verdi in (("lopende_pa", "1. mai"), ("status", "annullert"), ("programomrade", "x" * 11)):
        svar = c.get("/api/v1/kontrakter", {param: verdi})
        assert svar.status_code == 400 and svar.json()["feil"][0]["felt"] == param


def test_endringsfeed_pagineres(data):
    c = _klient(data.a)
    forste = c.get("/api/v1/kontrakter", {"antall": 2}).json()
    assert len(forste["resultater"]) == 2 and forste["neste"]
    resten = c.get(forste["neste"]).json()
    alle = [r["id"] for r in forste["resultater"]] + [r["id"] for r in resten["resultater"]]
    assert len(alle) == len(set(alle))


def test_opplaeringskontor_ser_kontraktene_det_er_part_i(data):
    assert _ider(_klient(data.a, orgnr=data.kontor.orgnr).get("/api/v1/kontrakter")) == {
        data.snart.pk,
        data.venter.pk,
    }
    assert _ider(_klient(data.a, orgnr=data.medlem.orgnr).get("/api/v1/kontrakter")) == {data.snart.pk}
    assert _ider(_klient(data.a, orgnr=data.elektro.orgnr).get("/api/v1/kontrakter")) == {
        data.lopende.pk,
        data.avbrutt.pk,
        data.avsluttet.pk,
    }
    # The same company's client in another county sees none of county A's contracts.
    assert _ider(_klient(data.b, orgnr=data.kontor.orgnr).get("/api/v1/kontrakter")) == set()


def test_skoleklient_ser_sine_elevers_kontrakter(data, fag):
    from inntak.elev.models import Elevforhold

    vg2 = Programomrade.objects.create(kode="ELELE2----", navn="Elenergi Vg2", niva="VG2")
    Elevforhold.objects.create(person=data.kari, skole=fag["skole_a"], programomrade=vg2,
                               skolear=fag["skolear"][2024], startdato=datetime.date(2024, 8, 19))  # fmt: skip
    assert _ider(_klient(data.a, skole=fag["skole_a"]).get("/api/v1/kontrakter")) == {
        data.snart.pk,
        data.avsluttet.pk,
    }
    assert _ider(_klient(data.a, skole=fag["skole_a2"]).get("/api/v1/kontrakter")) == set()
    c = _klient(data.a, skole=fag["skole_a"])
    assert c.get(f"/api/v1/kontrakter/{data.lopende.pk}").status_code == 404
    assert c.get(f"/api/v1/bedrifter/{data.medlem.orgnr}").status_code == 200
    assert c.get(f"/api/v1/bedrifter/{data.oslo_bedrift.orgnr}").status_code == 404


def test_en_kontrakt_med_avbrudd_og_faglig_leder_logges(data):
    lag_avbrudd(data.lopende, datetime.date(2026, 1, 5), datetime.date(2026, 2, 1), arsak="sykdom")
    leder = Opplaeringsansvarlig.objects.filter(godkjenning__bedrift=data.elektro).first()
    data.lopende.faglig_leder = leder
    data.lopende.save()
    c = _klient(data.a)
    svar = c.get(f"/api/v1/kontrakter/{data.lopende.pk}")
    assert svar.status_code == 200 and svar["Cache-Control"] == "no-store"
    rad = svar.json()
    assert rad["avbrudd"] == [{"fra": "2026-01-05", "til": "2026-02-01", "arsak": "sykdom"}]
    assert rad["faglig_leder"] == {"fornavn": "Kari", "etternavn": "Leder"}
    innsyn = Innsyn.objects.latest("pk")
    assert innsyn.handling == "api" and innsyn.person == data.ola and innsyn.aktor.startswith("Klient")
    assert ApiKall.objects.filter(sti=f"/api/v1/kontrakter/{data.lopende.pk}", status=200).exists()
    for ukjent in (data.oslo_kontrakt.pk, 999999, "abc", "9" * 30):
        assert c.get(f"/api/v1/kontrakter/{ukjent}").status_code == 404


def test_scope_og_nokkel_kreves(data):
    assert _klient(data.a, scopes=[Scope.ELEVER_LES]).get("/api/v1/kontrakter").status_code == 403
    assert Client().get("/api/v1/kontrakter").status_code == 401
    assert Client().get(f"/api/v1/bedrifter/{data.elektro.orgnr}").status_code == 401
    assert ApiKall.objects.filter(status=401, klient__isnull=True).count() == 2


def test_bedrift(data):
    c = _klient(data.a)
    svar = c.get(f"/api/v1/bedrifter/{data.kontor.orgnr}")
    assert svar.status_code == 200
    rad = svar.json()
    assert rad["navn"] == "Opplæringskontoret for elektrofag" and rad["type"] == "opplaeringskontor"
    assert rad["medlemmer"] == [{"orgnr": data.medlem.orgnr, "navn": "Kabel og Kraft AS", "fra": "2020-01-01",
                                 "til": None}]  # fmt: skip
    assert [g["programomrade"] for g in rad["godkjenninger"]] == ["ELELE3----"]
    assert rad["lopende_kontrakter"] == 1 and rad["kommunenummer"] == "5001"
    medlem = c.get(f"/api/v1/bedrifter/{data.medlem.orgnr}").json()
    assert medlem["opplaeringskontor"][0]["orgnr"] == data.kontor.orgnr
    assert c.get(f"/api/v1/bedrifter/{data.oslo_bedrift.orgnr}").status_code == 404
    assert c.get("/api/v1/bedrifter/12345").status_code == 404


def test_bedrift_for_klient_med_orgnr(data):
    c = _klient(data.a, orgnr=data.medlem.orgnr)
    assert c.get(f"/api/v1/bedrifter/{data.medlem.orgnr}").status_code == 200
    assert c.get(f"/api/v1/bedrifter/{data.kontor.orgnr}").status_code == 200
    assert c.get(f"/api/v1/bedrifter/{data.elektro.orgnr}").status_code == 404


def test_skjemaet_har_endepunktene(client):
    stier = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for sti in ("/api/v1/kontrakter", "/api/v1/kontrakter/{id}", "/api/v1/bedrifter/{orgnr}"):
        assert sti in stier
        for operasjon in stier[sti].values():
            assert operasjon["security"] == [{"ApiNokkel": []}]
            assert {"400", "401", "403", "429"} <= operasjon["responses"].keys()


def test_svarene_har_feltene_skjemaet_lover(data):
    """Every field the OpenAPI serializers describe is in the answers, and nothing else (schemathesis checks the
    types in tests/sikkerhet)."""
    from fagopplaering.api import serializers as s

    c = _klient(data.a)
    rad = c.get("/api/v1/kontrakter").json()["resultater"][0]
    assert set(rad) == set(s.KontraktApiSerializer().fields)
    detalj = c.get(f"/api/v1/kontrakter/{data.snart.pk}").json()
    assert set(detalj) == set(s.KontraktDetaljApiSerializer().fields)
    bedrift = c.get(f"/api/v1/bedrifter/{data.kontor.orgnr}").json()
    assert set(bedrift) == set(s.BedriftApiSerializer().fields)
    assert set(bedrift["godkjenninger"][0]) == set(s.GodkjenningApiSerializer().fields)
