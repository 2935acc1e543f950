"""Oppmelding til prøve through the API (docs/fagopplaering/api.md): a company client registers its own lærling,
through ``meld_opp`` and its rules, and reads the oppmelding back; everyone else gets 403 or 404."""

from __future__ import annotations

import pytest
from django.test import Client

from fagopplaering.models import Hendelse, Prove
from tests.fagopplaering.fabrikker import lag_bedrift, lag_gyldig_orgnr
from tests.fagopplaering.fabrikker_prove import lag_prove_oppsett
from vigo.api.services import lag_nokkel, opprett_klient
from vigo.models import ApiKall, Scope

pytestmark = pytest.mark.django_db

STI = "/api/v1/prover/oppmeldinger"
BODY = {"dato": "2026-12-01"}


@pytest.fixture
def o(fag, brukere):
    return lag_prove_oppsett(fag, brukere)


def _klient(fylke, *, orgnr="", navn="Lyn Elektro sitt system", scopes=(Scope.PROVER_SKRIV,)) -> Client:
    klient = opprett_klient(navn=navn, fylke=fylke, skole=None, scopes=list(scopes))
    if orgnr:
        klient.orgnr = orgnr
        klient.save(update_fields=["orgnr"])
    _nokkel, hemmelig = lag_nokkel(klient)
    return Client(headers={"Authorization": f"Api-Key {hemmelig}"})


def _post(c: Client, data: dict, **headers):
    return c.post(STI, data, content_type="application/json", headers=headers)


def test_bedriften_melder_opp_laerlingen(o):
    c = _klient(o["A"], orgnr=o["bedrift"].orgnr)
    svar = _post(c, {"kontrakt": o["kontrakt"].pk, **BODY})
    assert svar.status_code == 201, svar.content
    data = svar.json()
    p = Prove.objects.get(pk=data["id"])
    assert svar["Location"] == f"{STI}/{p.pk}"
    assert (p.kontrakt_id, p.oppmeldt_av, p.oppmelder_bedrift_id) == (
        o["kontrakt"].pk,
        "bedrift",
        o["bedrift"].pk,
    )
    assert data["status"] == "oppmeldt" and data["provetype"] == "fag" and data["teori_ok"] is True
    assert data["programomrade"] == o["kontrakt"].programomrade.kode and data["oppmeldt_dato"] == "2026-12-01"
    assert Hendelse.objects.get(prove=p, type="prove_oppmeldt").aktor == "Lyn Elektro sitt system"
    assert ApiKall.objects.filter(metode="POST", status=201).exists()
    # The same shape is read back by the client that registered it.
    hent = c.get(f"{STI}/{p.pk}")
    assert hent.status_code == 200 and hent.json() == data


def test_idempotent_gjentakelse(o):
    c = _klient(o["A"], orgnr=o["bedrift"].orgnr)
    forste = _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}, **{"Idempotency-Key": "opp-1"})
    andre = _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}, **{"Idempotency-Key": "opp-1"})
    assert forste.status_code == andre.status_code == 201
    assert andre["Idempotent-Replay"] == "true" and andre.json() == forste.json()
    assert Prove.objects.count() == 1


def test_allerede_meldt_opp_gir_422(o):
    c = _klient(o["A"], orgnr=o["bedrift"].orgnr)
    assert _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}).status_code == 201
    svar = _post(c, {"kontrakt": o["kontrakt"].pk, **BODY})
    assert svar.status_code == 422, svar.content
    assert svar.json()["feil"][0]["kode"] == "regelbrudd"
    assert "allerede meldt opp" in svar.json()["feil"][0]["melding"]
    assert Prove.objects.count() == 1


def test_annen_bedrifts_kontrakt_gir_404(o):
    annen = lag_bedrift("Annen Elektro AS", orgnr=lag_gyldig_orgnr(), kommune=o["bedrift"].kommune)
    c = _klient(o["A"], orgnr=annen.orgnr)
    assert _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}).status_code == 404
    assert Prove.objects.count() == 0


def test_kontrakt_i_annet_fylke_gir_404(o):
    c = _klient(o["B"], orgnr=o["bedrift"].orgnr)
    assert _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}).status_code == 404
    assert Prove.objects.count() == 0


def test_fylkesklient_uten_orgnr_gir_403(o):
    svar = _post(_klient(o["A"]), {"kontrakt": o["kontrakt"].pk, **BODY})
    assert svar.status_code == 403 and "organisasjonsnummer" in svar.json()["detail"]
    assert Prove.objects.count() == 0


def test_manglende_scope_gir_403(o):
    c = _klient(o["A"], orgnr=o["bedrift"].orgnr, scopes=(Scope.KONTRAKTER_LES,))
    assert _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}).status_code == 403
    assert Prove.objects.count() == 0


def test_ugyldig_kontrakt_gir_400(o):
    c = _klient(o["A"], orgnr=o["bedrift"].orgnr)
    svar = _post(c, {"kontrakt": "abc"})
    assert svar.status_code == 400 and svar.json()["feil"][0]["felt"] == "kontrakt"


def test_hent_bare_egne_oppmeldinger(o):
    c = _klient(o["A"], orgnr=o["bedrift"].orgnr)
    pk = _post(c, {"kontrakt": o["kontrakt"].pk, **BODY}).json()["id"]
    annen = lag_bedrift("Annen Elektro AS", orgnr=lag_gyldig_orgnr(), kommune=o["bedrift"].kommune)
    assert _klient(o["A"], orgnr=annen.orgnr, navn="Annen").get(f"{STI}/{pk}").status_code == 404
    assert c.get(f"{STI}/abc").status_code == 404
