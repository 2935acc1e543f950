"""Errors under /api/ outside the red team's list: unexpected exceptions, charsets, media types (JSON, Norwegian)."""

from __future__ import annotations

import logging

import pytest

from tests.fabrikker import syntetisk_fnr

pytestmark = pytest.mark.django_db


def test_uventet_feil_gir_json_500_og_loggen_har_ikke_meldingen(api_a, monkeypatch, caplog):
    from inntak.elev.api import selectors

    fnr = syntetisk_fnr()

    def feiler(bruker):
        raise RuntimeError(f"rad med {fnr}")  # e.g. a database error quoting the row

    monkeypatch.setattr(selectors, "elevforhold_for", feiler)
    from inntak.elev.api import views

    monkeypatch.setattr(views.Elevforholdliste, "utvalg_for", staticmethod(feiler))
    with caplog.at_level(logging.ERROR, logger="vigo.api"):
        svar = api_a.get("/api/v1/elevforhold")
    assert svar.status_code == 500 and svar["Content-Type"] == "application/json"
    assert svar.json()["detail"].startswith("Intern feil")
    assert "RuntimeError" in caplog.text and fnr not in caplog.text


@pytest.mark.parametrize("tegnsett", ["bz2_codec", "zlib_codec"])
def test_tegnsett_som_ikke_er_tekst_avvises(api_a, tegnsett):
    """A compression codec as charset would inflate the body after the size check. (An unknown charset name is
    ignored by Django, which then reads UTF-8.)"""
    # generic(): post() would encode the body with the charset itself
    svar = api_a.client.generic("POST", "/api/v1/elever", b"[]", content_type=f"application/json; charset={tegnsett}",
                                headers=api_a.headers)  # fmt: skip
    assert svar.status_code == 400 and "tegnsett" in svar.json()["detail"]


def test_annet_innhold_enn_json_gir_415_paa_norsk(api_a):
    svar = api_a.client.post("/api/v1/elever", "a=1", content_type="application/x-www-form-urlencoded",
                             headers=api_a.headers)  # fmt: skip
    assert svar.status_code == 415 and svar.json()["detail"].startswith("Innholdet må være JSON")


def test_405_for_metode_ruten_ikke_har_ogsaa_for_put(api_a):
    svar = api_a.client.put("/api/v1/elever/1", "{}", content_type="application/json", headers=api_a.headers)
    assert svar.status_code == 405 and svar["Allow"] == "GET, HEAD, OPTIONS"


def test_dybdegrensen_gjelder_ogsaa_kalkulatoren_med_annet_tegnsett(client):
    tekst = ("[" * 60 + "]" * 60).encode("utf-16")
    svar = client.generic(
        "POST", "/api/v1/poengkalkulator", tekst, content_type="application/json; charset=utf-16"
    )
    assert svar.status_code == 400 and "nøstet for dypt" in svar.json()["non_field_errors"][0]
