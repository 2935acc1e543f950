"""The red team's findings against the API (demo data, counties 50 and 03), kept as reproductions.

Each test is the attack as it was run, and asserts the answer it must get now: writes check the owning county,
answers never tell a client that a fødselsnummer exists in another county, every read of personal data is in the
audit log with the client, the person and the IP address, and every error under /api/ is JSON in Norwegian.
"""

# ruff: noqa: F811  (test arguments are the fixtures imported below)

from __future__ import annotations

import pytest
from django.test import Client

from inntak.models import Karakter, Soknad
from kodeverk import models as km
from tests.api.conftest import (  # the API fixtures too: pytest finds fixtures imported into the module
    Api,
    api_a,  # noqa: F401
    elev,
    elevforhold,
    lag_klient,  # noqa: F401
    sas_kodeverk,  # noqa: F401
)
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.models import Innsyn, Person, Rolle

pytestmark = pytest.mark.django_db

GRUNNSKOLE = "/api/v1/grunnskolekarakterer"


def vitnemal(fnr: str, karakter: str = "4") -> dict:
    return {"fodselsnummer": fnr, "karakterer": [
        {"fag": "NOR0214", "vurdering": "standpunkt", "karakter": karakter},
        {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "5"},
    ]}  # fmt: skip


@pytest.fixture
def fylke_50(lag_klient) -> Api:
    """County 50's own SAS client (all scopes)."""
    return Api(lag_klient("A")[1])


@pytest.fixture
def fylke_03(lag_klient) -> Api:
    return Api(lag_klient("B")[1])


@pytest.fixture
def oslo_person(sas_kodeverk) -> Person:
    return PersonFactory(fylke=sas_kodeverk["B"], fornavn="Oline", etternavn="Oslosen")


@pytest.fixture
def gjesteelev(sas_kodeverk) -> Person:
    """Owned by county 03, applying in county 50 (§ 6-4): county 50 sees the person, 03 owns the record."""
    person = PersonFactory(fylke=sas_kodeverk["B"], fornavn="Gunn", etternavn="Gjest")
    kategori = km.Behandlingskategori.objects.create(
        kode="ORD", navn="Ordinær", gruppe="ordinaer", hjemmel="§ 6-20"
    )
    Soknad.objects.create(person=person, skolear=km.Skolear.objects.get(), fylke=sas_kodeverk["A"],
                          hjemfylke=sas_kodeverk["B"], niva="VG1", rettstatus="ungdomsrett",
                          behandlingskategori=kategori)  # fmt: skip
    return person


def _innlogget(bruker) -> Client:
    klient = Client()
    klient.force_login(bruker)
    return klient


# --- Cross-county writes -------------------------------------------------------------------------------------
def test_fylke_50_kan_ikke_skrive_karakterer_paa_person_i_03(fylke_50, fylke_03, oslo_person, sas_kodeverk):
    svar = fylke_50.post(GRUNNSKOLE, [vitnemal(oslo_person.fodselsnummer, "2")])
    assert svar.status_code == 200  # answered as an unknown number (see the oracle test), but nothing stored
    assert not Karakter.objects.exists()
    assert not Person.objects.filter(fylke=sas_kodeverk["A"]).exists()
    # County 03's own key still registers the vitnemål of its own person.
    svar = fylke_03.post(GRUNNSKOLE, [vitnemal(oslo_person.fodselsnummer, "6")])
    assert svar.status_code == 200, svar.content
    assert set(Karakter.objects.values_list("fylke__nummer", "karakter")) == {("03", "6"), ("03", "5")}


def test_gjesteelev_faar_ikke_karakterer_fra_fylket_som_behandler_soknaden(fylke_50, fylke_03, gjesteelev):
    svar = fylke_50.post(GRUNNSKOLE, [vitnemal(gjesteelev.fodselsnummer)])
    assert svar.status_code == 400
    assert [(f["index"], f["felt"], f["kode"]) for f in svar.json()["feil"]] == [
        (0, "fodselsnummer", "annet_fylke")
    ]
    assert not Karakter.objects.exists()
    assert fylke_03.post(GRUNNSKOLE, [vitnemal(gjesteelev.fodselsnummer)]).status_code == 200


def test_hjemfylket_erstatter_karakterer_et_annet_fylke_la_inn(fylke_03, oslo_person, sas_kodeverk):
    """Rows left by the old bug (county 50 on a 03 person) no longer lock county 03 out of its own person."""
    Karakter.objects.create(person=oslo_person, fylke=sas_kodeverk["A"], fag_id="NOR0214", vurdering="standpunkt",
                            karakter="2", kilde="api")  # fmt: skip
    assert fylke_03.post(GRUNNSKOLE, [vitnemal(oslo_person.fodselsnummer)]).status_code == 200
    assert set(Karakter.objects.values_list("fylke__nummer", flat=True)) == {"03"}


def test_fylke_50_endrer_ikke_navn_paa_gjesteelev_gjennom_api_noekkel(fylke_50, gjesteelev):
    svar = fylke_50.post("/api/v1/elever", [elev(gjesteelev.fodselsnummer, fornavn="Kapret")])
    assert svar.status_code == 200
    assert svar.json()["ikke_endret"][0]["kode"] == "utenfor_tilgang"
    gjesteelev.refresh_from_db()
    assert gjesteelev.fornavn == "Gunn"


def test_fylke_50_kan_ikke_patche_adressen_til_gjesteelev(brukere, gjesteelev):
    klient = _innlogget(brukere["A"][Rolle.INNTAK])
    assert klient.get(f"/api/v1/personer/{gjesteelev.pk}/").status_code == 200  # sees the applicant
    svar = klient.patch(f"/api/v1/personer/{gjesteelev.pk}/", {"adresse": "Kapret vei 1"},
                        content_type="application/json")  # fmt: skip
    assert svar.status_code == 403 and "annet fylke" in svar.json()["detail"]
    gjesteelev.refresh_from_db()
    assert gjesteelev.adresse != "Kapret vei 1"
    eier = _innlogget(brukere["B"][Rolle.INNTAK])
    svar = eier.patch(
        f"/api/v1/personer/{gjesteelev.pk}/", {"adresse": "Hjemme 1"}, content_type="application/json"
    )
    assert svar.status_code == 200 and svar.json()["adresse"] == "Hjemme 1"


# --- Existence oracles --------------------------------------------------------------------------------------
def _uten(data, *felt):
    return {k: v for k, v in data.items() if k not in felt}


def test_elever_svarer_likt_for_ukjent_og_annet_fylkes_nummer(fylke_50, oslo_person):
    ukjent = fylke_50.post("/api/v1/elever", [elev(syntetisk_fnr())])
    skjult = fylke_50.post("/api/v1/elever", [elev(oslo_person.fodselsnummer)])
    assert (skjult.status_code, skjult.json()) == (ukjent.status_code, ukjent.json())
    assert "finnes" not in skjult.content.decode()
    oslo_person.refresh_from_db()
    assert (oslo_person.fornavn, oslo_person.fylke.nummer) == ("Oline", "03")


def test_grunnskolekarakterer_svarer_likt_for_ukjent_og_annet_fylkes_nummer(fylke_50, oslo_person):
    ukjent = fylke_50.post(GRUNNSKOLE, [vitnemal(syntetisk_fnr())])
    skjult = fylke_50.post(GRUNNSKOLE, [vitnemal(oslo_person.fodselsnummer)])
    assert (skjult.status_code, skjult.json()) == (ukjent.status_code, ukjent.json())
    assert "annet fylke" not in skjult.content.decode()


def test_elevforhold_svarer_likt_for_ukjent_og_annet_fylkes_nummer(fylke_50, oslo_person):
    ukjent = fylke_50.post("/api/v1/elevforhold", [elevforhold(syntetisk_fnr())])
    skjult = fylke_50.post("/api/v1/elevforhold", [elevforhold(oslo_person.fodselsnummer)])
    assert skjult.status_code == ukjent.status_code == 400
    assert skjult.json() == ukjent.json()


def test_personer_post_svarer_likt_for_ukjent_og_annet_fylkes_nummer(brukere, kodeverk, oslo_person):
    klient = _innlogget(brukere["A"][Rolle.INNTAK])

    def opprett(fnr):
        data = {"fodselsnummer": fnr, "fornavn": "Ny", "etternavn": "Person", "fylke": kodeverk["A"].pk}
        return klient.post("/api/v1/personer/", data, content_type="application/json")

    ukjent = opprett(syntetisk_fnr())
    skjult = opprett(oslo_person.fodselsnummer)
    assert skjult.status_code == ukjent.status_code == 201
    assert skjult.json().keys() == ukjent.json().keys()
    assert _uten(skjult.json(), "id", "fodselsnummer", "fodselsdato", "endret") == _uten(
        ukjent.json(), "id", "fodselsnummer", "fodselsdato", "endret"
    )
    assert skjult.json()["id"] > ukjent.json()["id"]  # from the same sequence, like a real insert
    oslo_person.refresh_from_db()
    assert (
        oslo_person.fylke.nummer == "03"
        and Person.objects.filter(fodselsnummer=oslo_person.fodselsnummer).count() == 1
    )
    # A number the user can see is answered as it is: «finnes allerede» tells nothing new.
    eget = opprett(ukjent.json()["fodselsnummer"])
    assert eget.status_code == 400 and "finnes allerede" in eget.json()["fodselsnummer"][0]


def test_fodselsnummer_kan_ikke_endres_med_patch(brukere, kodeverk, oslo_person):
    egen = PersonFactory(fylke=kodeverk["A"])
    klient = _innlogget(brukere["A"][Rolle.INNTAK])
    svar = klient.patch(f"/api/v1/personer/{egen.pk}/", {"fodselsnummer": oslo_person.fodselsnummer},
                        content_type="application/json")  # fmt: skip
    assert svar.status_code == 200 and svar.json()["fodselsnummer"] == egen.fodselsnummer


# --- Audit of API reads -------------------------------------------------------------------------------------
def test_api_lesing_logges_med_ip_og_person(api_a):
    fnr = syntetisk_fnr()
    api_a.post("/api/v1/elever", [elev(fnr)])
    api_a.post("/api/v1/elevforhold", [elevforhold(fnr)])
    person = Person.objects.get(fodselsnummer=fnr)
    Innsyn.objects.all().delete()
    liste = api_a.get("/api/v1/elever", REMOTE_ADDR="10.1.2.3")
    assert liste.status_code == 200
    forhold = api_a.get("/api/v1/elevforhold").json()["resultater"][0]["id"]
    assert api_a.get(f"/api/v1/elever/{person.pk}", REMOTE_ADDR="10.1.2.4").status_code == 200
    assert api_a.get(f"/api/v1/elevforhold/{forhold}").status_code == 200
    rader = list(Innsyn.objects.order_by("tidspunkt", "pk"))
    assert [(r.handling, r.aktor, r.antall) for r in rader] == [("api", "SAS Charlottenlund vgs", 1)] * 4
    assert rader[0].ip == "10.1.2.3" and rader[0].person is None
    assert rader[2].ip == "10.1.2.4" and rader[2].person == person and rader[2].fylke.nummer == "50"
    assert rader[3].person == person and str(forhold) in rader[3].hva
    assert all(r.ip for r in rader)
    assert fnr not in " ".join(r.hva for r in rader)


# --- Input hardening ----------------------------------------------------------------------------------------
def test_dyp_json_gir_400_json_ikke_500(api_a):
    svar = api_a.client.post(
        "/api/v1/elever", "[" * 100_000, content_type="application/json", headers=api_a.headers
    )
    assert svar.status_code == 400 and svar["Content-Type"] == "application/json"
    assert "nøstet for dypt" in svar.json()["detail"]
    kalkulator = Client().post("/api/v1/poengkalkulator", "[" * 100_000, content_type="application/json")
    assert kalkulator.status_code == 400 and kalkulator["Content-Type"] == "application/json"
    assert "nøstet for dypt" in str(kalkulator.json())
    # 50 levels are fine (then the records are checked); 51 are not.
    assert api_a.client.post("/api/v1/elever", "[" * 50 + "]" * 50, content_type="application/json",
                             headers=api_a.headers).json()["feil"][0]["kode"] == "ikke_objekt"  # fmt: skip


def test_json_feil_er_norske(api_a, brukere):
    svar = api_a.client.post(
        "/api/v1/elever", '[{"a": }]', content_type="application/json", headers=api_a.headers
    )
    assert svar.status_code == 400
    assert svar.json()["detail"] == "Ugyldig JSON på linje 1, kolonne 8: forventet en verdi."
    klient = _innlogget(brukere["A"][Rolle.INNTAK])
    svar = klient.post("/api/v1/personer/", "{", content_type="application/json")
    assert svar.status_code == 400 and svar.json()["detail"].startswith("Ugyldig JSON på linje 1")


def test_for_stor_forespoersel_gir_413_json(api_a, brukere, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    stor = [elev() for _ in range(200)]
    svar = api_a.post("/api/v1/elever", stor)
    assert svar.status_code == 413 and svar["Content-Type"] == "application/json"
    assert "for stor" in svar.json()["detail"]
    klient = _innlogget(brukere["A"][Rolle.INNTAK])
    svar = klient.post("/api/v1/personer/", {"fornavn": "x" * 20_000}, content_type="application/json")
    assert svar.status_code == 413 and "for stor" in svar.json()["detail"]


def test_404_er_json_paa_norsk(api_a, brukere):
    klient = _innlogget(brukere["A"][Rolle.INNTAK])
    svar = klient.get("/api/v1/personer/999999/")
    assert svar.status_code == 404 and svar.json() == {
        "detail": "Finnes ikke, eller er utenfor tilgangen din."
    }
    svar = api_a.get("/api/v1/finnes-ikke")
    assert svar.status_code == 404 and svar["Content-Type"] == "application/json"
    assert svar.json()["detail"] == "Finnes ikke, eller er utenfor tilgangen din."


def test_delete_gir_405(api_a, brukere, kodeverk):
    svar = api_a.client.delete("/api/v1/elever", headers=api_a.headers)
    assert svar.status_code == 405 and "DELETE" in svar.json()["detail"] and "POST" in svar["Allow"]
    assert Client().delete("/api/v1/elever").status_code == 405  # also without a key
    person = PersonFactory(fylke=kodeverk["A"])
    klient = _innlogget(brukere["A"][Rolle.LESE])
    svar = klient.delete(f"/api/v1/personer/{person.pk}/")
    assert svar.status_code == 405 and svar["Content-Type"] == "application/json"
    assert Person.objects.filter(pk=person.pk).exists()


def test_feil_i_parametere_har_egen_melding(api_a):
    for sti in (
        "/api/v1/elever?antall=0",
        "/api/v1/inntak/resultater?runde=x",
        "/api/v1/tilbud?skolear=" + "9" * 10,
    ):
        svar = api_a.get(sti)
        assert svar.status_code == 400, sti
        assert "lagret" not in svar.json()["detail"] and svar.json()["detail"].startswith("Ugyldig parameter")
        assert svar.json()["feil"][0]["kode"] == "ugyldig_parameter"


def test_avkortet_feilliste_sier_fra_med_antall(api_a):
    svar = api_a.post("/api/v1/elever", [{"fodselsnummer": "1"} for _ in range(1500)])
    data = svar.json()
    assert svar.status_code == 400 and data["antall_feil"] == 4500 and len(data["feil"]) == 1000
    assert data["avkortet"] is True
    assert "Bare de første 1000 av 4500 feil er listet" in data["detail"]
    liten = api_a.post("/api/v1/elever", [{"fodselsnummer": "1"}]).json()
    assert liten["avkortet"] is False and "Bare" not in liten["detail"]


def test_blanke_navn_lagres_ikke(api_a):
    svar = api_a.post("/api/v1/elever", [elev(fornavn="   ")])
    assert svar.status_code == 400 and svar.json()["feil"][0]["kode"] == "mangler"


def test_enslig_surrogat_gir_400_ikke_500(api_a):
    svar = api_a.client.post("/api/v1/elever", '[{"fornavn": "\\ud800"}]', content_type="application/json",
                             headers=api_a.headers)  # fmt: skip
    assert svar.status_code == 400 and "surrogat" in svar.json()["detail"]


def test_skjulte_poster_lagrer_ingenting_selv_med_idempotensnoekkel(fylke_50, oslo_person):
    """The pretend answer is replayed like any other, and still stores nothing."""
    hode = {"Idempotency-Key": "skjult-1"}
    forste = fylke_50.post("/api/v1/elever", [elev(oslo_person.fodselsnummer, fornavn="X")], headers=hode)
    andre = fylke_50.post("/api/v1/elever", [elev(oslo_person.fodselsnummer, fornavn="X")], headers=hode)
    assert forste.json() == andre.json() and andre["Idempotent-Replay"] == "true"
    assert Person.objects.get(pk=oslo_person.pk).fornavn == "Oline"
