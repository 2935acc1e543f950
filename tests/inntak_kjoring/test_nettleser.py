"""Headless Chromium: a caseworker runs a prøveinntak from the UI, reads the summary and the chart, opens a
tilbud's waitlist and reads an applicant's "why not wish 1?" explanation."""

import re

import pytest
from playwright.sync_api import expect

from inntak.models import Inntakskjoring
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_proveinntak_fra_skjermen_og_forklaring(live_server, logg_inn, brukere, inntak, soker):
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    soker("Anne Aune", "50.00", onsker=["hs", "el", "st"])
    soker("Bjørn Bakken", "45.00", onsker=["hs", "el", "st"])
    side = logg_inn(brukere["A"][Rolle.INNTAK])

    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Inntak").click()
    side.get_by_role("link", name=re.compile("^Inntakskjøringer")).click()
    side.get_by_role("link", name="Ny inntakskjøring eller prøveinntak").click()
    side.get_by_label("Skoleår").select_option("2026-2027")
    side.get_by_label("Nivå").select_option("VG1")
    expect(side.get_by_label("Prøveinntak (simulering) – ingenting publiseres")).to_be_checked()
    side.get_by_role("button", name="Start kjøring").click()

    expect(side.get_by_role("heading", level=1)).to_contain_text("Vg1 2026-2027 – runde 1")
    expect(side.get_by_role("heading", level=1)).to_contain_text("Prøveinntak")
    ik = Inntakskjoring.objects.get()
    assert ik.simulering and not ik.publisert
    expect(side.locator("#oppsummering")).to_contain_text("2")
    expect(side.get_by_role("img", name="Søkere fordelt på ønskenummeret de fikk")).to_be_visible()
    rad = side.locator("#tilbudstabell tbody tr", has_text="Charlottenlund vgs").filter(has_text="Helse")
    rad.get_by_role("link", name="Helse- og oppvekstfag").click()
    expect(side.get_by_role("heading", level=2, name="Venteliste")).to_be_visible()
    side.get_by_role("link", name="Bjørn Bakken").click()

    expect(side.get_by_role("heading", level=1)).to_have_text("Bjørn Bakken")
    forklaring = side.get_by_role("list", name="Hvorfor ikke 1. ønske? Forklaring per ønske")
    expect(forklaring).to_contain_text("Ønske 1: Charlottenlund vgs – Helse- og oppvekstfag")
    expect(forklaring).to_contain_text(
        "Siste som kom inn hadde gruppe 2 (eget fylke med rett, fullstendig), 50,00 poeng."
    )
    expect(forklaring).to_contain_text("Du står som nr. 1 på ventelisten.")
    expect(forklaring).to_contain_text("Ønske 2: Charlottenlund vgs – Elektro. Tildelt plass.")
