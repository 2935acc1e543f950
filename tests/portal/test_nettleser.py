"""Headless Chromium, 320 px wide: TestID → Min side → answer the offer («nei» asks first) → Logg ut, without horizontal scrolling and with axe-core
(WCAG 2.1 AA) on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.fabrikker import publiser
from tests.inntak_kjoring.conftest import sett_poeng
from tests.inntak_kjoring.test_nettleser_flyt import ingen_alvorlige_brudd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _passer_i_bredden(side, hva: str) -> None:
    bredde = side.evaluate("document.documentElement.scrollWidth")
    assert bredde <= 320, f"{hva}: {bredde} px bred"


def test_testid_og_min_side_paa_320_px(live_server, nettleser, lag_soknad, inntak):
    from inntak.kjoring import services

    inntak.t["st"].plasser = 1
    inntak.t["st"].save()
    forst, soknad = lag_soknad(), lag_soknad()
    sett_poeng(forst, "55.00")
    sett_poeng(soknad, "40.00")
    ik = services.kjor_inntak(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=False)
    publiser(ik, svarfrist=timezone.localdate() + datetime.timedelta(days=14))

    ctx = nettleser.new_context(locale="nb-NO", viewport={"width": 320, "height": 700})
    side = ctx.new_page()
    side.set_default_timeout(10_000)
    try:
        side.goto(f"{live_server.url}/innlogging/soker/")
        ingen_alvorlige_brudd(side, "innlogging")
        _passer_i_bredden(side, "innlogging")
        side.get_by_role("link", name="Logg inn med TestID (syntetisk fødselsnummer)").click()
        side.get_by_role("button", name="Autentiser").click()  # empty: the error summary
        expect(side.get_by_role("alert")).to_contain_text("Rett opp dette")
        ingen_alvorlige_brudd(side, "TestID med feil")
        side.get_by_label("Syntetisk fødselsnummer").fill(soknad.person.fodselsnummer)
        side.get_by_role("button", name="Autentiser").click()
        expect(side.get_by_role("heading", level=1)).to_have_text("Min side")
        expect(side.get_by_text("Du har fått tilbud om plass i runde 1:")).to_be_visible()
        forklaring = side.get_by_text("Slik er poengene regnet ut")
        if forklaring.count():  # open the explanation (details/summary) so axe sees it too
            forklaring.click()
        ingen_alvorlige_brudd(side, "Min side")
        _passer_i_bredden(side, "Min side")
        side.get_by_label("Nei, jeg går ut av inntaket").check()
        side.get_by_role("button", name="Send svaret").click()
        expect(side.get_by_role("heading", level=1)).to_have_text("Bekreft at du går ut av inntaket")
        ingen_alvorlige_brudd(side, "bekreft nei")
        _passer_i_bredden(side, "bekreft nei")
        side.get_by_role("link", name="Avbryt og gå tilbake til Min side").click()
        side.get_by_label("Ja, jeg tar imot plassen og vil stå på venteliste til høyere ønsker").check()
        side.get_by_label("1. ønske:", exact=False).check()
        side.get_by_role("button", name="Send svaret").click()
        expect(side.get_by_role("status")).to_contain_text("Svaret ditt er registrert.")
        ingen_alvorlige_brudd(side, "Min side etter svar")
        _passer_i_bredden(side, "Min side etter svar")
        side.get_by_role("button", name="Logg ut").first.click()
        expect(side.get_by_role("heading", level=1)).to_have_text("Du er logget ut")
        side.goto(f"{live_server.url}/soker/")
        expect(side.get_by_role("heading", level=1)).to_have_text("Logg inn som søker")
    finally:
        ctx.close()
