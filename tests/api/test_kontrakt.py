"""Contract tests: every API-key endpoint answers as its OpenAPI schema says (schemathesis against the WSGI app).

Generated requests are mostly invalid by business rules (checksums, unknown codes), so the checks are the
contract ones: no 5xx, only documented status codes, content types, headers and bodies that match the schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import elev, elevforhold
from tests.fabrikker import syntetisk_fnr

pytestmark = pytest.mark.django_db
KONTROLLER = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _wsgi_i_testtransaksjon():
    """The WSGI handler closes «old» DB connections around each request; inside the test transaction that
    would drop it. The Django test client does the same disconnect (and reconnects after each request, so
    this fixture must come after any use of it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def nokkel(lag_klient, api_a, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "apiklient": "100000/min"}}  # fmt: skip
    klient, hemmelig = lag_klient("skole_a")
    fnr = syntetisk_fnr()
    api_a.post("/api/v1/elever", [elev(fnr)])
    api_a.post("/api/v1/elevforhold", [elevforhold(fnr)])
    yield hemmelig
    cache.delete(f"throttle_apiklient_{klient.uuid}")


@pytest.fixture
def api_skjema(nokkel, _wsgi_i_testtransaksjon):  # after «nokkel»: the test client reconnects the receiver
    from vigo.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


# Every operation of the API-key API and the public calculator (the last test checks the list is complete).
OPERASJONER = [
    ("GET", "/api/v1/kodeverk/programomrader"), ("GET", "/api/v1/kodeverk/fag"), ("GET", "/api/v1/kodeverk/skoler"),
    ("GET", "/api/v1/kodeverk/karakterverdier"), ("GET", "/api/v1/kodeverk/fagstatuser"),
    ("GET", "/api/v1/kodeverk/elevstatuser"), ("GET", "/api/v1/kodeverk/skolear"), ("GET", "/api/v1/tilbud"),
    ("GET", "/api/v1/inntak/resultater"),
    ("GET", "/api/v1/elever"), ("POST", "/api/v1/elever"), ("GET", "/api/v1/elever/{id}"),
    ("GET", "/api/v1/elevforhold"), ("POST", "/api/v1/elevforhold"), ("GET", "/api/v1/elevforhold/{id}"),
    ("GET", "/api/v1/elevfag"), ("POST", "/api/v1/elevfag"), ("GET", "/api/v1/elevfag/{id}"),
    ("GET", "/api/v1/karakterer"), ("POST", "/api/v1/karakterer"), ("GET", "/api/v1/karakterer/{id}"),
    ("POST", "/api/v1/sluttere"), ("POST", "/api/v1/grunnskolekarakterer"), ("POST", "/api/v1/poengkalkulator"),
]  # fmt: skip


@pytest.mark.parametrize(
    "modus", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positiv", "negativ"]
)
@pytest.mark.parametrize(("metode", "sti"), OPERASJONER, ids=[f"{m} {s}" for m, s in OPERASJONER])
def test_api_folger_skjemaet(api_skjema, nokkel, metode, sti, modus):
    operasjon = api_skjema[sti][metode]

    @given(case=operasjon.as_strategy(generation_mode=modus))
    @settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def kjor(case):
        if sti != "/api/v1/poengkalkulator":
            case.headers = {**(case.headers or {}), "Authorization": f"Api-Key {nokkel}"}
        case.call_and_validate(checks=KONTROLLER)

    kjor()


def test_skjemaet_dokumenterer_alle_endepunkter(client):
    stier = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for sti in ("/api/v1/grunnskolekarakterer", "/api/v1/elever", "/api/v1/elevforhold/{id}", "/api/v1/elevfag",
                "/api/v1/karakterer", "/api/v1/sluttere", "/api/v1/tilbud", "/api/v1/kodeverk/programomrader",
                "/api/v1/kodeverk/fag", "/api/v1/kodeverk/skoler", "/api/v1/kodeverk/karakterverdier"):  # fmt: skip
        assert sti in stier, sti
        for operasjon in stier[sti].values():
            assert operasjon["security"] == [{"ApiNokkel": []}]
    alle = {(m.upper(), s) for s, ops in stier.items() if not s.startswith("/api/v1/personer") for m in ops}
    assert alle == set(OPERASJONER)
    assert client.get("/api/docs/").status_code == 200
