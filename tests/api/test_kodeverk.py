"""Kodeverk with ETag/304 and the klasseordning (tilbud), scoped to the client."""

from __future__ import annotations

import pytest

from kodeverk.models import Fag, Skolear

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("navn", ["programomrader", "fag", "skoler", "karakterverdier", "fagstatuser",
                                  "elevstatuser", "skolear"])  # fmt: skip
def test_kodeverk_har_etag_og_304(api_a, navn):
    svar = api_a.get(f"/api/v1/kodeverk/{navn}")
    assert svar.status_code == 200 and svar.json()
    tag = svar["ETag"]
    svar = api_a.get(f"/api/v1/kodeverk/{navn}", headers={"If-None-Match": tag})
    assert svar.status_code == 304 and svar.content == b"" and svar["ETag"] == tag


def test_ny_kode_gir_ny_etag(api_a):
    forste = api_a.get("/api/v1/kodeverk/fag")
    Fag.objects.create(kode="KJE1001", navn="Kjemi 1")
    andre = api_a.get("/api/v1/kodeverk/fag", headers={"If-None-Match": forste["ETag"]})
    assert andre.status_code == 200 and andre["ETag"] != forste["ETag"]
    assert "KJE1001" in {f["kode"] for f in andre.json()}
    karakter = {k["kode"]: k for k in api_a.get("/api/v1/kodeverk/karakterverdier").json()}
    assert karakter["4"]["tallverdi"] == "4.0" and karakter["IV"]["tallverdi"] is None


def test_skoleklient_far_bare_eget_fylkes_skoler(api_a, api_b):
    assert [s["skolenummer"] for s in api_a.get("/api/v1/kodeverk/skoler").json()] == ["50001", "50002"]
    assert [s["skolenummer"] for s in api_b.get("/api/v1/kodeverk/skoler").json()] == ["03001"]


def test_tilbud_er_avgrenset_til_skolen(api_a, sas_kodeverk, lag_klient):
    from inntak.models import Tilbud
    from kodeverk.models import Programomrade
    from tests.api.conftest import Api

    ar = Skolear.objects.get()
    po = Programomrade.objects.get()
    for skole in ("skole_a", "skole_a2", "skole_b"):
        Tilbud.objects.create(skole=sas_kodeverk[skole], programomrade=po, skolear=ar, plasser=30)
    rader = api_a.get("/api/v1/tilbud", {"skolear": "2025-2026"}).json()["resultater"]
    assert [(r["skolenummer"], r["programomrade"], r["plasser"]) for r in rader] == [
        ("50001", "STUSP1----", 30)
    ]
    assert api_a.get("/api/v1/tilbud", {"skolear": "2030-2031"}).json()["resultater"] == []
    fylke = Api(lag_klient("A")[1]).get("/api/v1/tilbud").json()["resultater"]
    assert sorted(r["skolenummer"] for r in fylke) == ["50001", "50002"]
