"""Headless Chromium with axe-core on the statistics pages (WCAG 2.1 AA: no serious or critical violations), and
the keyboard path from the chart to its table."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.rapporter.test_statistikk import inntaksdata  # noqa: F401 (fixture)
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_AXE = Axe()


def ingen_alvorlige_brudd(side, hva: str) -> None:
    resultat = _AXE.run(side, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    assert resultat.response["passes"], f"{hva}: axe-core checked nothing"
    alvorlige = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in resultat.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not alvorlige, f"{hva}: {alvorlige}"


def test_statistikksidene_er_tilgjengelige(live_server, logg_inn, brukere, inntaksdata):  # noqa: F811
    side = logg_inn(brukere["A"][Rolle.SYSADMIN])
    side.goto(f"{live_server.url}/rapporter/statistikk/")
    ingen_alvorlige_brudd(side, "statistikkoversikt")
    for navn in ("Søkere per utdanningsprogram og førsteønske", "Inntaksresultat per runde",
                 "Poenggrenser per tilbud over år"):  # fmt: skip
        side.goto(f"{live_server.url}/rapporter/statistikk/")
        side.get_by_role("link", name=navn).click()
        expect(side.get_by_role("heading", level=1)).to_have_text(navn)
        expect(side.get_by_role("img", name=navn)).to_be_visible()
        expect(side.get_by_role("table", name=navn)).to_be_visible()
        ingen_alvorlige_brudd(side, navn)
    # Filter with the form and follow «Vis som tabell».
    side.get_by_label("Fylke").select_option(label="Trøndelag")
    side.get_by_role("button", name="Vis").click()
    expect(side.get_by_role("table")).to_contain_text("Charlottenlund vgs")
    side.get_by_role("link", name="Vis som tabell").click()
    assert side.url.endswith("#tabell-tittel")
    ingen_alvorlige_brudd(side, "filtrert")
