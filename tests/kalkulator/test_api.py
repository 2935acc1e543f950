"""POST /api/v1/poengkalkulator: offentlig, dokumentert, begrenset per IP-adresse."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import Client

URL = "/api/v1/poengkalkulator"
pytestmark = pytest.mark.django_db


def post(client: Client, data, **ekstra):
    return client.post(URL, data, content_type="application/json", **ekstra)


@pytest.mark.parametrize(("avrunding", "poeng"), [("A", "45.60"), ("B", "45.59")])
def test_eksempel_1_fra_regler_md(client, eks1, avrunding, poeng):
    # Reading B exists only in the 2006 rule sets (tests/regler/test_forskrift_2024.py: refused from 2025-2026).
    svar = post(client, {**eks1, "regelsett": "2024-2025", "avrunding": avrunding})
    assert svar.status_code == 200, svar.content
    data = svar.json()
    assert data["poeng"] == poeng
    assert data["gjennomsnitt"] == "4.56"
    assert data["sum"] == "77.50"
    assert data["antall_karakterer"] == 17
    assert data["individuell_behandling"] is False
    assert data["avrunding"] == avrunding
    assert data["regelsett"]
    assert {u["fag"] for u in data["utelatt"]} == {"ORDEN", "OPPFORSEL"}
    assert all(u["grunn"] for u in data["utelatt"])
    valgfag = [t for t in data["telte"] if t["fag"] == "VALGFAG"]
    assert valgfag[0]["verdi"] == "4.50" and len(valgfag[0]["deler"]) == 2
    forventet = "Poeng: 4,56 × 10 = 45,60." if avrunding == "A" else "Poeng: 77,50 × 10 / 17 = 45,5882"
    assert any(linje.startswith(forventet) for linje in data["forklaring"])


def test_standard_er_lesemate_a_og_regelsett_kan_velges(client, eks1):
    assert post(client, eks1).json()["avrunding"] == "A"
    data = post(client, {**eks1, "regelsett": "2023-2024"}).json()
    assert data["regelsett"] == "2023-2024" and data["poeng"] == "45.60"


def test_ugyldig_foresporsel_gir_400_med_norsk_melding_per_felt(client):
    svar = post(
        client,
        {
            "niva": "VG9",
            "avrunding": "C",
            "karakterer": [
                {"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "7"},
                {"fag": "MAT0010", "karakter": "4"},
            ],
        },
    )
    assert svar.status_code == 400
    feil = svar.json()
    assert "Ugyldig nivå «VG9»" in feil["niva"][0]
    assert "Ugyldig avrunding «C»" in feil["avrunding"][0]
    assert "Ugyldig karakter «7»" in feil["karakterer[0].karakter"][0]
    assert feil["karakterer[1].vurdering"] == ["Feltet er påkrevd."]


@pytest.mark.parametrize("innhold", ["{ikke json", "[1, 2"])
def test_ugyldig_json_gir_400_pa_norsk(client, innhold):
    svar = client.post(URL, innhold, content_type="application/json")
    assert svar.status_code == 400
    assert svar.json()["non_field_errors"][0].startswith("Ugyldig JSON")


def test_ikke_et_objekt_gir_400(client):
    svar = post(client, [1, 2])
    assert svar.status_code == 400
    assert "non_field_errors" in svar.json()


def test_fagtype_hentes_fra_fagregisteret(client, fagregister, eks1_uten_fagtype):
    data = post(client, eks1_uten_fagtype).json()
    assert data["poeng"] == "45.60"
    assert data["antall_karakterer"] == 17
    valgfag = next(t for t in data["telte"] if t["fag"] == "VALGFAG")
    assert {d["fag"] for d in valgfag["deler"]} == {"VAL0001", "VAL0002"}


def test_uten_fagregisteret_teller_valgfagene_hver_for_seg(client, eks1_uten_fagtype):
    data = post(client, eks1_uten_fagtype).json()
    assert data["antall_karakterer"] == 18
    assert not any(t["fag"] == "VALGFAG" for t in data["telte"])


def test_oppgitt_fagtype_gar_foran_registeret(client, fagregister):
    rader = [
        {"fag": "VAL0001", "vurdering": "standpunkt", "karakter": "6"},
        {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "3"},
        {"fag": "ORD0010", "vurdering": "standpunkt", "karakter": "G"},
    ]
    data = post(client, {"niva": "VG1", "karakterer": rader}).json()
    assert data["poeng"] == "45.00"  # (6 + 3) / 2
    assert [u["fag"] for u in data["utelatt"]] == ["ORD0010"]  # orden fra registeret


def test_ingen_innlogging_og_ingen_csrf(eks1):
    klient = Client(enforce_csrf_checks=True)
    svar = post(klient, eks1)
    assert svar.status_code == 200
    assert svar.json()["poeng"] == "45.60"


def test_innlogget_bruker_far_samme_svar(client, brukere, eks1):
    from vigo.models import Rolle

    client.force_login(brukere["A"][Rolle.LESE])
    assert post(client, eks1).json()["poeng"] == "45.60"


def test_begrenset_til_satsen_og_svarer_429(client, settings, eks1):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "poengkalkulator": "3/min",
        },
    }
    ip = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    nokkel = f"throttle_poengkalkulator_{ip}"
    cache.delete(nokkel)
    try:
        koder = [post(client, eks1, REMOTE_ADDR=ip).status_code for _ in range(4)]
        assert koder == [200, 200, 200, 429]
        svar = post(client, eks1, REMOTE_ADDR=ip)
        assert svar.status_code == 429
        assert "For mange forespørsler" in svar.json()["detail"]
        assert int(svar["Retry-After"]) > 0
        # En annen adresse har sin egen kvote.
        assert post(client, eks1, REMOTE_ADDR="10.255.255.1").status_code == 200
    finally:
        cache.delete(nokkel)
        cache.delete("throttle_poengkalkulator_10.255.255.1")


def test_standardsatsen_er_30_i_minuttet():
    from inntak.kalkulator_views import PoengkalkulatorThrottle

    assert PoengkalkulatorThrottle().get_rate() == "30/min"


def test_dokumentert_i_openapi_skjemaet(client):
    svar = client.get("/api/schema/", {"format": "json"})
    assert svar.status_code == 200
    skjema = svar.json()
    operasjon = skjema["paths"]["/api/v1/poengkalkulator"]["post"]
    assert set(operasjon["responses"]) >= {"200", "400", "429"}
    innhold = operasjon["requestBody"]["content"]["application/json"]
    eksempel = next(iter(innhold["examples"].values()))["value"]
    assert eksempel["niva"] == "VG1" and eksempel["karakterer"]
    komponenter = skjema["components"]["schemas"]
    assert {"Foresporsel", "Svar", "Karakterrad"} <= set(komponenter)
    assert post(client, eksempel).status_code == 200  # eksempelet er en virkelig forespørsel
