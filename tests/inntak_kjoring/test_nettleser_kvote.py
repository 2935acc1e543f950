"""Headless Chromium: a school registers inntaksprøve results with the keyboard (§ 4-6), the county runs the intake,
and the run's tilbud page shows the two quotas; axe-core on both pages."""

import pytest
from playwright.sync_api import expect

from inntak.models import Proveresultat
from tests.inntak_kjoring.test_nettleser_flyt import ingen_alvorlige_brudd
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_skolen_registrerer_resultater_og_kjoringen_viser_kvoten(
    live_server, logg_inn, nettleser, brukere, inntak, soker, kjor
):
    hs = inntak.t["hs"]
    hs.plasser, hs.inntakskrav, hs.kvote_prosent = 2, "inntaksprove", 50
    hs.save()
    anne = soker("Anne Aune", "30.00", onsker=["hs", "el", "st"])
    soker("Bjørn Bakken", "45.00", onsker=["hs", "el", "st"])
    soker("Cecilie Carlsen", "40.00", onsker=["hs", "el", "st"])

    side = logg_inn(brukere["A"][Rolle.SKOLE])
    side.goto(f"{live_server.url}/inntak/tilbud/{hs.pk}/inntaksprove/")
    expect(side.get_by_role("heading", level=1)).to_contain_text("Inntaksprøve")
    expect(side.get_by_text("1 av 2 plasser")).to_be_visible()
    ingen_alvorlige_brudd(side, "inntaksprøve")
    felt = side.get_by_label("Aune, Anne")
    felt.focus()
    side.keyboard.type("91,5")
    side.keyboard.press("Enter")
    expect(side.get_by_text("1 nye, 0 endret og 0 fjernet")).to_be_visible()
    assert str(Proveresultat.objects.get(soknad=anne).poeng) == "91.50"

    ik = kjor(simulering=True)
    # The county's caseworker (a school user does not see the county's runs), in a browser of their own.
    ctx = nettleser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    side = ctx.new_page()
    side.goto(f"{live_server.url}/logg-inn/")
    side.get_by_label("Brukernavn").fill(brukere["A"][Rolle.INNTAK].username)
    side.get_by_label("Passord").fill("Test-passord-123")
    side.get_by_role("button", name="Logg inn").click()
    side.wait_for_url(f"{live_server.url}/")
    side.goto(f"{live_server.url}/inntak/inntakskjoring/{ik.pk}/tilbud/{hs.pk}/")
    expect(side.get_by_text("Kvote for inntaksprøve (§ 4-6)")).to_be_visible()
    expect(side.get_by_text("1 plasser, 1 tildelt")).to_be_visible()
    ingen_alvorlige_brudd(side, "kjøringens tilbudsside med kvote")
    ctx.close()
