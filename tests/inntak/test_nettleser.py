"""Headless Chromium: a caseworker finds an applicant, reads the points explanation, moves a wish with the keyboard
and records a fortrinn vedtak from the work queue."""

import re

import pytest
from playwright.sync_api import expect

from inntak.models import Vedtak
from tests.fabrikker import PersonFactory, sett_karakterer
from tests.nettleser import htmx_ferdig
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_saksbehandler_forklaring_flytt_onske_og_vedtak(live_server, logg_inn, brukere, inntak, lag_soknad):
    s = lag_soknad(person=PersonFactory(fylke=inntak.A, fornavn="Sigrid", etternavn="Solbakken"))
    rader = [{"fag": f, "vurdering": "standpunkt", "karakter": k}
             for f, k in (("NOR0214", "4"), ("MAT0010", "5"), ("ENG0012", "4"))]  # fmt: skip
    sett_karakterer(s.person, rader, "manuell")
    fortrinn = lag_soknad(person=PersonFactory(fylke=inntak.A, fornavn="Frode", etternavn="Fortrinnsen"),
                          behandlingskategori="FOR615")  # fmt: skip
    side = logg_inn(brukere["A"][Rolle.INNTAK])

    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Inntak").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("Inntak")
    side.get_by_role("link", name="Søk etter søkere").click()
    side.get_by_label("Navn eller fødselsnummer").fill("Solbak")
    expect(side.locator("#treff")).to_contain_text("Solbakken")  # htmx live search
    expect(side.locator("#treff")).not_to_contain_text("Fortrinnsen")
    side.get_by_role("link", name=re.compile("Solbakken")).click()
    expect(side.get_by_role("heading", level=1)).to_have_text("Sigrid Solbakken")

    # The explanation, line by line (3 grades: 13 / 3 = 4.333… -> 4.33 -> 43.30), on the Poeng tab.
    side.get_by_role("tab", name="Poeng").click()
    forklaring = side.get_by_role("list", name="Forklaring, linje for linje")
    expect(forklaring).to_contain_text("Gjennomsnitt: 13,00 / 3 = 4,3333… → 4,33.")
    expect(forklaring).to_contain_text("Poeng: 4,33 × 10 = 43,30.")

    # Keyboard only (Ønsker tab): focus "Flytt ned" on wish 1 and press Enter; focus stays on the moved wish.
    side.get_by_role("tab", name="Ønsker").click()
    expect(side.get_by_role("tab", name="Ønsker")).to_have_attribute("aria-selected", "true")
    htmx_ferdig(side)
    onsker = side.locator("#onsker tbody tr")
    expect(onsker.nth(0)).to_contain_text("Studiespesialisering")
    ned = side.get_by_role("button", name=re.compile("^Flytt ned ønske 1"))
    ned.focus()
    side.keyboard.press("Enter")
    expect(side.get_by_role("status")).to_contain_text("er flyttet til ønske 2")
    expect(onsker.nth(0)).to_contain_text("Helse- og oppvekstfag")
    expect(onsker.nth(1)).to_contain_text("Studiespesialisering")
    expect(
        side.get_by_role("button", name=re.compile("^Flytt ned ønske 2: Studiespesialisering"))
    ).to_be_focused()
    side.keyboard.press("Space")
    expect(onsker.nth(2)).to_contain_text("Studiespesialisering")
    assert list(s.onsker.order_by("nr").values_list("tilbud__programomrade__kode", flat=True)) == [
        "HSHSF1----", "ELELE1----", "STUSP1----"]  # fmt: skip

    # Work queue -> vedtak with a fixed place.
    side.get_by_role("link", name="Inntak", exact=True).first.click()
    side.get_by_role("link", name=re.compile("Arbeidskø")).click()
    side.get_by_role("link", name=re.compile("Registrer vedtak for Frode Fortrinnsen")).click()
    side.get_by_label("Innvilget – fast plass").check()
    side.get_by_label("Fast plass (tilbud)").select_option(
        label="★ Charlottenlund vgs – Helse- og oppvekstfag"
    )
    side.get_by_label("Begrunnelse").fill("Sakkyndig vurdering viser særlig behov for dette programmet.")
    side.get_by_role("button", name="Lagre vedtak").click()
    expect(side.get_by_role("heading", level=1)).to_have_text("Frode Fortrinnsen")
    expect(side.locator(".meldinger")).to_contain_text("Vedtaket er registrert.")
    expect(side.get_by_role("region", name="Vedtak")).to_contain_text("Innvilget – fast plass")
    v = Vedtak.objects.get(soknad=fortrinn)
    assert v.fast_plass == inntak.t["hs"] and v.fattet_av == brukere["A"][Rolle.INNTAK]
