"""POST/GET /api/v1/soknader and PUT …/onsker: the counties' own front-ends register søknader with the services'
rules, scoped to the key's county, with Norwegian errors in the API's format, and idempotent both with
Idempotency-Key and naturally (same person, school year and county)."""

from __future__ import annotations

import datetime

import pytest

from inntak.models import Saksbehandlingslogg, Soknad
from tests.api.conftest import Api
from tests.fabrikker import PersonFactory
from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401  (fixtures)
from vigo.api.services import lag_nokkel, opprett_klient
from vigo.models import Scope

pytestmark = pytest.mark.django_db
URL = "/api/v1/soknader"


@pytest.fixture
def klient(inntak):  # noqa: F811
    def _lag(fylke="A", scopes=(Scope.SOKNADER_SKRIV,), skole=None):
        k = opprett_klient(
            navn=f"Søknadsweb {fylke}", fylke=getattr(inntak, fylke), skole=skole, scopes=list(scopes)
        )
        return Api(lag_nokkel(k)[1])

    return _lag


@pytest.fixture
def for_fristen(monkeypatch):
    monkeypatch.setattr("inntak.frister.i_dag", lambda: datetime.date(2026, 1, 15))


def _body(inntak, person, **kw):  # noqa: F811
    return {
        "fodselsnummer": person.fodselsnummer, "skolear": "2026-2027", "niva": "VG1", "rettstatus": "ungdomsrett",
        "onsker": [inntak.t["st"].pk, "50001:HSHSF1----", inntak.t["el"].pk], **kw,
    }  # fmt: skip


def _put(api, sti, data, **kw):
    return api.client.put(sti, data, content_type="application/json", headers={**api.headers, **kw})


def test_opprett_hent_og_erstatt_onsker(inntak, klient, for_fristen):  # noqa: F811
    api = klient()
    person = PersonFactory(fylke=inntak.A)
    svar = api.post(URL, _body(inntak, person, samisk=True, kilde="Søknadsweb, innsendt 1. februar"))
    assert svar.status_code == 201, svar.json()
    data = svar.json()
    assert [o["tilbud"] for o in data["onsker"]] == [inntak.t["st"].pk, inntak.t["hs"].pk, inntak.t["el"].pk]
    assert (
        data["onsker"][1]["skolenavn"] == "Charlottenlund vgs"
        and data["samisk"] is True
        and data["fylke"] == "50"
    )
    s = Soknad.objects.get()
    rad = Saksbehandlingslogg.objects.get(soknad=s, handling="api")
    assert "Søknadsweb A" in rad.tekst and "innsendt 1. februar" in rad.tekst and rad.bruker is None
    assert api.get(f"{URL}/{s.pk}").json() == api.get(f"{URL}/{s.pk}").json()
    assert api.get(f"{URL}/{s.pk}").json()["id"] == s.pk
    svar = _put(
        api, f"{URL}/{s.pk}/onsker", {"onsker": [inntak.t["el"].pk, inntak.t["st"].pk, inntak.t["tp"].pk]}
    )
    assert svar.status_code == 200, svar.json()
    assert [o["tilbud"] for o in svar.json()["onsker"]] == [
        inntak.t["el"].pk,
        inntak.t["st"].pk,
        inntak.t["tp"].pk,
    ]
    # the same list again: 200, nothing written
    antall = s.logg.count()
    svar = _put(
        api, f"{URL}/{s.pk}/onsker", {"onsker": [inntak.t["el"].pk, inntak.t["st"].pk, inntak.t["tp"].pk]}
    )
    assert svar.status_code == 200 and s.logg.count() == antall


def test_valideringsfeil_pa_norsk(inntak, klient, for_fristen):  # noqa: F811
    api = klient()
    person = PersonFactory(fylke=inntak.A)
    svar = api.post(URL, _body(inntak, person, onsker=[inntak.t["st"].pk]))
    assert svar.status_code == 400
    data = svar.json()
    assert data["antall_feil"] >= 1 and data["feil"][0]["kode"] == "regelbrudd"
    assert "tre ulike utdanningsprogram" in data["feil"][0]["melding"]
    svar = api.post(URL, _body(inntak, person, niva="VG9", onsker=["99999:XX"], fodselsnummer="12345678901"))
    koder = {(f["felt"], f["kode"]) for f in svar.json()["feil"]}
    assert svar.status_code == 400
    assert {
        ("niva", "ugyldig"),
        ("onsker[0]", "ukjent_tilbud"),
        ("fodselsnummer", "ugyldig_fodselsnummer"),
    } <= koder
    assert not Soknad.objects.exists()


def test_scope_mangler_gir_403_og_annet_fylke_404(inntak, klient, lag_soknad):  # noqa: F811
    s = lag_soknad()
    uten = klient(scopes=[Scope.INNTAK_LES])
    assert uten.post(URL, _body(inntak, s.person)).status_code == 403
    assert uten.get(f"{URL}/{s.pk}").status_code == 403
    b = klient("B")
    assert b.get(f"{URL}/{s.pk}").status_code == 404
    assert _put(b, f"{URL}/{s.pk}/onsker", {"onsker": [inntak.t["st"].pk]}).status_code == 404
    # a person outside B's county view is unknown to B
    svar = b.post(URL, _body(inntak, PersonFactory(fylke=inntak.A)))
    assert svar.status_code == 400 and svar.json()["feil"][0]["kode"] == "ukjent_person"
    skoleklient = klient(skole=inntak.kv["skole_a"])
    assert skoleklient.get(f"{URL}/{s.pk}").status_code == 403


def test_idempotency_key_gir_samme_svar_og_en_soknad(inntak, klient, for_fristen):  # noqa: F811
    api = klient()
    body = _body(inntak, PersonFactory(fylke=inntak.A))
    forste = api.post(URL, body, headers={"Idempotency-Key": "k-1"})
    andre = api.post(URL, body, headers={"Idempotency-Key": "k-1"})
    assert forste.status_code == andre.status_code == 201
    assert forste.json() == andre.json() and andre["Idempotent-Replay"] == "true"
    assert Soknad.objects.count() == 1


def test_naturlig_idempotent_og_409(inntak, klient, for_fristen):  # noqa: F811
    api = klient()
    body = _body(inntak, PersonFactory(fylke=inntak.A))
    forste = api.post(URL, body)
    igjen = api.post(URL, body)
    assert (
        forste.status_code == 201 and igjen.status_code == 200 and igjen.json()["id"] == forste.json()["id"]
    )
    annen = api.post(URL, {**body, "onsker": [inntak.t["hs"].pk, inntak.t["st"].pk, inntak.t["el"].pk]})
    assert annen.status_code == 409 and annen.json()["id"] == forste.json()["id"]
    assert Soknad.objects.count() == 1


def test_endring_etter_fristen_avvises_for_klienten(inntak, klient, lag_soknad, monkeypatch):  # noqa: F811
    s = lag_soknad()
    monkeypatch.setattr("inntak.frister.i_dag", lambda: datetime.date(2026, 4, 1))
    svar = _put(
        klient(),
        f"{URL}/{s.pk}/onsker",
        {"onsker": [inntak.t["el"].pk, inntak.t["st"].pk, inntak.t["hs"].pk]},
    )
    assert svar.status_code == 400 and "Søknadsfristen" in svar.json()["feil"][0]["melding"]


def test_skjemaet_har_endepunktene(client):
    stier = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert set(stier["/api/v1/soknader"]) == {"post"}
    assert set(stier["/api/v1/soknader/{id}"]) == {"get"}
    assert set(stier["/api/v1/soknader/{id}/onsker"]) == {"put"}
    assert stier["/api/v1/soknader"]["post"]["security"] == [{"ApiNokkel": []}]


def test_rare_foresporsler_gir_400_eller_404_aldri_500(inntak, klient):  # noqa: F811
    api = klient()
    assert api.post(URL, [1, 2]).status_code == 400
    assert api.post(URL, {"onsker": "abc", "deltid": "ja", "skolear": 5, "kilde": "\x00"}).status_code == 400
    assert api.get(f"{URL}/99999999999999999999999").status_code == 404
    assert _put(api, f"{URL}/99999999999999999999999/onsker", {"onsker": [1]}).status_code == 404
    svar = api.post(
        URL, {**_body(inntak, PersonFactory(fylke=inntak.A)), "onsker": [True, None, {"a": 1}, "1:2\x00"]}
    )
    assert svar.status_code == 400 and {f["kode"] for f in svar.json()["feil"]} == {"ukjent_tilbud"}
