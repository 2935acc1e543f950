"""Poengkalkulatoren i headless Chromium: anonym elev fyller ut, beregner og legger til en rad med tastaturet."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_elev_beregner_poeng_og_legger_til_rad_med_tastaturet(live_server, side, fagregister):
    konsollfeil: list[str] = []
    side.on("console", lambda m: konsollfeil.append(m.text) if m.type == "error" else None)
    side.goto(f"{live_server.url}/poengkalkulator/")
    expect(side.get_by_role("heading", level=1)).to_contain_text("Poengkalkulator")
    rader = side.locator("#radliste tr")
    expect(rader).to_have_count(17)

    # Det forhåndsutfylte vitnemålet (sum 78) med 5 i stedet for 4 i matematikk: 79 / 17 = 4,647… → 46,50.
    side.get_by_role("combobox", name="Karakter Rad 4", exact=True).select_option("5")
    side.get_by_role("button", name="Beregn poeng").click()
    resultat = side.locator("#resultat")
    expect(resultat.locator("#poeng")).to_have_text("46,50 poeng")
    expect(resultat.locator("#gjennomsnitt")).to_have_text("4,65")
    expect(resultat.get_by_role("table", name="Karakterer som teller")).to_contain_text("Matematikk")
    expect(resultat.locator("#forklaring")).to_contain_text("Poeng: 4,65 × 10 = 46,50.")

    # Bare tastatur: fra siste rads «Fjern» til «Legg til rad», Enter gir rad 18 med fokus i første felt.
    side.get_by_role("button", name="Fjern Rad 17").focus()
    side.keyboard.press("Tab")
    expect(side.get_by_role("button", name="Legg til rad")).to_be_focused()
    side.keyboard.press("Enter")
    expect(rader).to_have_count(18)
    expect(side.get_by_role("combobox", name="Fag Rad 18", exact=True)).to_be_focused()
    expect(side.get_by_role("status")).to_have_text("Rad 18 lagt til.")
    side.keyboard.press("Tab")
    expect(side.get_by_role("textbox", name="Annen fagkode Rad 18", exact=True)).to_be_focused()
    side.keyboard.type("VAL0001")
    side.keyboard.press("Tab")  # vurdering: standpunkt
    side.keyboard.press("Tab")
    for _ in range(4):  # «–», 1, 2, 3, 4
        side.keyboard.press("ArrowDown")
    expect(side.get_by_role("combobox", name="Karakter Rad 18", exact=True)).to_have_value("4")
    for _ in range(7):  # type, fravær, privatist, program, fjern, legg til rad, beregn
        side.keyboard.press("Tab")
    expect(side.get_by_role("button", name="Beregn poeng")).to_be_focused()
    side.keyboard.press("Enter")

    # 83 / 18 = 4,611… → 46,10; valgfaget er ett av 18 (VAL0003 er ikke i registeret, så ingen sammenslåing).
    expect(resultat.locator("#poeng")).to_have_text("46,10 poeng")
    expect(resultat).to_contain_text(re.compile(r"Karakterer som teller\s*18"))
    expect(resultat.locator("#forklaring")).to_contain_text("VAL0001")
    assert not [f for f in konsollfeil if "Content Security Policy" in f or "Refused" in f], konsollfeil
