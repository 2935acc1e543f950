"""Schemathesis against the API-key API and the public calculator, through WSGI, in CI.

Every operation in the OpenAPI schema gets 25 generated requests that follow the schema and 25 that break it
(hypothesis derandomized: the same requests every run). The answers must never be 5xx and must match the schema:
documented status codes, content type, headers and bodies. So the schema states what the server enforces, and
the server answers what the schema promises, including its errors.

The session-authenticated /api/v1/personer is left out (a login and CSRF, not an API key); the red-team tests
(test_api_angrep.py) cover it. Bounded to run well under three minutes on two cores.
"""

# ruff: noqa: F811  (test arguments are the fixtures imported below)

from __future__ import annotations

import time

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import (  # the API fixtures too: pytest finds fixtures imported into the module
    api_a,  # noqa: F401
    elev,
    elevforhold,
    lag_klient,  # noqa: F401
    sas_kodeverk,  # noqa: F401
)
from tests.fabrikker import PersonFactory, syntetisk_fnr

pytestmark = pytest.mark.django_db

EKSEMPLER = 25
KONTROLLER = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
OFFENTLIG = "/api/v1/poengkalkulator"
UTENFOR = ("/api/v1/personer",)  # session login, not an API key (module docstring)


@pytest.fixture
def nokkel(lag_klient, api_a, sas_kodeverk, settings):
    """A school client with every scope, pupils with an elevforhold (so reads find something), no throttling.

    One pupil looks like the demo data: an e-mail address with «ø» before the @, registered outside the API (the
    red team found the schema refusing such answers), and no postnummer.
    """
    satser = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**satser, "apiklient": "100000/min",
                                                          "poengkalkulator": "100000/min"}}  # fmt: skip
    klient, hemmelig = lag_klient("skole_a")
    fnr = syntetisk_fnr()
    demo = PersonFactory(fylke=sas_kodeverk["A"], fornavn="Bjørn", etternavn="Sørensen", postnummer="",
                         epost="bjørn.sørensen12@epost.example")  # fmt: skip
    assert api_a.post("/api/v1/elever", [elev(fnr)]).status_code == 200
    svar = api_a.post("/api/v1/elevforhold", [elevforhold(fnr), elevforhold(demo.fodselsnummer)])
    assert svar.status_code == 200, svar.content
    yield hemmelig
    cache.delete(f"throttle_apiklient_{klient.uuid}")
    cache.delete("throttle_poengkalkulator_127.0.0.1")  # the WSGI test client's address


@pytest.fixture
def _wsgi_i_testtransaksjon():
    """The WSGI handler closes «old» DB connections around each request; inside the test transaction that
    would drop it. Must come after any use of the Django test client, which reconnects the receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def skjema(nokkel, _wsgi_i_testtransaksjon):
    from vigo.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


def _operasjoner(skjema) -> list[tuple[str, str]]:
    return sorted((metode.upper(), sti) for sti, operasjoner in skjema.items() if not sti.startswith(UTENFOR)
                  for metode in operasjoner)  # fmt: skip


def _kjor(skjema, nokkel: str, metode: str, sti: str, modus: GenerationMode) -> None:
    operasjon = skjema[sti][metode]

    @given(case=operasjon.as_strategy(generation_mode=modus))
    @settings(max_examples=EKSEMPLER, derandomize=True, deadline=None, database=None, print_blob=False,
              phases=[Phase.explicit, Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def test(case):
        if sti != OFFENTLIG:
            case.headers = {**(case.headers or {}), "Authorization": f"Api-Key {nokkel}"}
        case.call_and_validate(checks=KONTROLLER)

    test()


def test_api_folger_skjemaet_uten_serverfeil(skjema, nokkel):
    operasjoner = _operasjoner(skjema)
    assert ("POST", "/api/v1/grunnskolekarakterer") in operasjoner and ("POST", OFFENTLIG) in operasjoner
    start = time.perf_counter()
    feil: list[str] = []
    for metode, sti in operasjoner:
        for modus in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _kjor(skjema, nokkel, metode, sti, modus)
            except Exception as unntak:  # collect all, so one run names every operation that fails
                feil.append(f"{metode} {sti} ({modus.value}): {unntak}")
    varighet = time.perf_counter() - start
    print(f"schemathesis: {len(operasjoner)} operasjoner × 2 × {EKSEMPLER} eksempler på {varighet:.1f} s")
    assert not feil, "\n\n".join(feil)
