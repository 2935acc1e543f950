"""Key caseworker flow in headless Chromium: log in, search own county's persons, start a job, see it finish."""

import re

import pytest
from playwright.sync_api import expect

from tests.fabrikker import PersonFactory
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_saksbehandler_soker_og_starter_jobb(live_server, logg_inn, brukere, kodeverk):
    PersonFactory(fylke=kodeverk["A"], fornavn="Solveig", etternavn="Trondsen")
    PersonFactory(fylke=kodeverk["B"], fornavn="Solveig", etternavn="Oslomann")
    side = logg_inn(brukere["A"][Rolle.INNTAK])
    expect(side.get_by_role("heading", level=1)).to_contain_text("Oversikt")

    # Keyboard: the skip link is the first focusable element and leads to main.
    side.keyboard.press("Tab")
    expect(side.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()

    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Personer").click()
    side.get_by_label("Navn eller fødselsnummer").fill("Solveig")
    expect(side.locator("#treff")).to_contain_text("Trondsen")  # htmx live search
    expect(side.locator("#treff")).not_to_contain_text("Oslomann")
    side.get_by_role("link", name=re.compile("Trondsen")).click()
    expect(side.get_by_role("heading", level=1)).to_have_text(re.compile("Solveig.*Trondsen"))

    side.get_by_role("link", name="Kjøringer").first.click()
    side.get_by_role("link", name=re.compile("0P001")).click()
    side.get_by_role("button", name="Start kjøring").click()
    expect(side.locator(".fremdrift")).to_contain_text("Ferdig")
    expect(side.locator("#framdriftslinje")).to_have_attribute("value", "100")
    expect(side.get_by_role("link", name="personregister_50.csv")).to_be_visible()


def test_innlogging_sperres_etter_gjentatte_feil(live_server, side, brukere, settings):
    bruker = brukere["A"][Rolle.LESE]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        side.goto(f"{live_server.url}/logg-inn/")
        side.get_by_label("Brukernavn").fill(bruker.username)
        side.get_by_label("Passord").fill("feil-passord")
        side.get_by_role("button", name="Logg inn").click()
    side.goto(f"{live_server.url}/logg-inn/")
    side.get_by_label("Brukernavn").fill(bruker.username)
    side.get_by_label("Passord").fill("Test-passord-123")
    side.get_by_role("button", name="Logg inn").click()
    expect(side.get_by_role("heading", level=1)).to_have_text("Innloggingen er midlertidig sperret")
