"""The student register plugs into the core through registries (``ElevConfig.ready``), never the other way."""

from __future__ import annotations

from django.apps import apps
from django.urls import resolve, reverse

from inntak.elev.selectors import person_via_elevforhold
from vigo.models import Person
from vigo.scoping import scoping_for


def test_appen_heter_elev_og_eier_tabellene():
    config = apps.get_app_config("elev")
    assert config.name == "inntak.elev" and config.verbose_name == "Elevdatabasen"
    tabeller = {m._meta.db_table for m in config.get_models()}
    assert {"elev_elevforhold", "elev_elevfag", "elev_vgskarakter"} <= tabeller
    # The register, rett and OT live here too (docs/elev.md); nothing of it in the core.
    assert {
        "elev_vitnemalsmerknad",
        "elev_elevimport",
        "elev_rett",
        "elev_otungdom",
        "elev_otnotat",
    } <= tabeller
    assert not {m._meta.model_name for m in apps.get_app_config("vigo").get_models()} & {
        "elevforhold",
        "rett",
    }
    assert apps.get_model("vigo", "UkjentNavn")._meta.db_table == "vigo_ukjentnavn"  # stays in the core


def test_skolen_naar_personer_gjennom_elevforhold():
    assert person_via_elevforhold in scoping_for(Person).ekstra_skolekoblinger


def test_sas_rutene_har_samme_navn_og_stier():
    for navn, sti in [("api_elever", "/api/v1/elever"), ("api_elevforholdliste", "/api/v1/elevforhold"),
                      ("api_sluttere", "/api/v1/sluttere")]:  # fmt: skip
        assert reverse(navn) == sti
        assert resolve(sti).func.view_class.__module__ == "inntak.elev.api.views"
    assert reverse("api_elev", args=["7"]) == "/api/v1/elever/7"
    assert reverse("api_elevforhold", args=["7"]) == "/api/v1/elevforhold/7"
