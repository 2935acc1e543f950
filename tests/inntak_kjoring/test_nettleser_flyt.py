"""Headless Chromium through the whole intake round with its rails, axe-core on every page of the flow:
simulate, change capacity in the table, compare with the same lottery, compute the real round, publish with
confirmation, answer, be refused round 2 before the svarfrist is processed, process it (1I002), run round 2."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from inntak.kjoring import svar
from inntak.models import Inntakskjoring, Svar
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_AXE = Axe()


def ingen_alvorlige_brudd(side, hva: str) -> None:
    """axe-core on the page as it stands: no serious or critical violations (WCAG 2.1 AA)."""
    resultat = _AXE.run(side, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    assert resultat.response["passes"], f"{hva}: axe-core checked nothing"
    alvorlige = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in resultat.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not alvorlige, f"{hva}: {alvorlige}"


def start(side, *, prove: bool = True, runde: int = 1) -> None:
    side.get_by_label("Skoleår").select_option("2026-2027")
    side.get_by_label("Nivå").select_option("VG1")
    side.get_by_label(re.compile("^Runde")).fill(str(runde))
    boks = side.get_by_label("Prøveinntak (simulering) – ingenting publiseres")
    boks.check() if prove else boks.uncheck()


def test_hele_runden_med_rekkverk(live_server, logg_inn, brukere, inntak, soker):
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    anne = soker("Anne Aune", "50.00", onsker=["hs", "el", "st"])
    soker("Bjørn Bakken", "45.00", onsker=["hs", "el", "st"])
    soker("Cecilie Carlsen", "40.00", onsker=["hs", "el", "st"])
    side = logg_inn(brukere["A"][Rolle.INNTAK])

    # 1. A simulation with today's capacity.
    side.goto(f"{live_server.url}/inntak/inntakskjoring/ny/?skolear=2026-2027&niva=VG1")
    ingen_alvorlige_brudd(side, "ny kjøring")
    start(side)
    side.get_by_label("Merknad").fill("Grunnsimulering")
    side.get_by_role("button", name="Start kjøring").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("Prøveinntak")
    grunn = Inntakskjoring.objects.get()
    ingen_alvorlige_brudd(side, "prøveinntak")

    # 2. Same lottery, one more place on Helse- og oppvekstfag, typed in the capacity table.
    side.get_by_role("link", name="Nytt prøveinntak med samme loddtrekning (endre kapasitet)").click()
    expect(side.get_by_label("Samme som en bestemt kjøring")).to_be_checked()
    side.get_by_label("Finn tilbud").fill("Helse")
    felt = side.get_by_label(re.compile("^Ny kapasitet for Charlottenlund vgs – Helse- og oppvekstfag"))
    felt.fill("2")
    side.get_by_label("Merknad").fill("To plasser helse")
    side.get_by_role("button", name="Start kjøring").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("Prøveinntak")
    endret = Inntakskjoring.objects.exclude(pk=grunn.pk).get()
    assert endret.seed == grunn.seed and endret.kapasitetsoverstyring == {str(inntak.t["hs"].pk): 2}
    expect(side.locator("dd", has_text="samme som kjøring")).to_be_visible()

    # 3. Compare: before (the base) to after (the change); only Bjørn moves, up to his first wish.
    side.get_by_role("link", name="Sammenlign med en annen kjøring").click()
    side.get_by_label(re.compile("^Sammenlign #")).select_option(str(grunn.pk))
    side.get_by_role("button", name="Sammenlign", exact=True).click()
    expect(side.locator("#flyttet-antall")).to_have_text("Viser 1–1 av 1 søkere.")
    expect(side.locator("#flyttet tbody")).to_contain_text("Bjørn Bakken")
    expect(side.locator("#flyttet tbody")).to_contain_text("Høyere ønske")
    expect(side.locator("#totaler tbody tr", has_text="1. ønske")).to_contain_text("+1")
    ingen_alvorlige_brudd(side, "sammenligning")

    # 4. The real round is computed, not published: publishing is its own confirmed step.
    side.goto(f"{live_server.url}/inntak/inntakskjoring/ny/?skolear=2026-2027&niva=VG1")
    start(side, prove=False)
    side.get_by_role("button", name="Start kjøring").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("Klar til publisering")
    ik1 = Inntakskjoring.objects.get(simulering=False)
    assert not ik1.publisert
    side.get_by_role("link", name="Gå til publisering …").click()
    expect(side.locator("#publiseringstall")).to_contain_text("Må svare innen svarfristen")
    ingen_alvorlige_brudd(side, "publisering")
    side.get_by_role("button", name="Publiser runde 1").click()  # not confirmed yet
    expect(side.locator("#feiloppsummering")).to_contain_text("Kryss av for å bekrefte publiseringen.")
    ingen_alvorlige_brudd(side, "publisering med feil")
    side.get_by_label("Svarfrist").fill((datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    side.get_by_label("Jeg har kontrollert tallene og vil publisere runden til 3 søkere").check()
    side.get_by_role("button", name="Publiser runde 1").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("Publisert – venter på svar")
    expect(side.locator(".meldinger")).to_contain_text("Runde 1 er publisert.")
    ingen_alvorlige_brudd(side, "publisert runde")

    # 5. Anne answers (the applicant portal or a caseworker); round 2 is refused before the svarfrist is processed.
    ik1.refresh_from_db()
    svar.registrer_svar(ik1, anne, "ja")
    side.goto(f"{live_server.url}/inntak/inntakskjoring/ny/?skolear=2026-2027&niva=VG1&runde=2")
    start(side, prove=False, runde=2)
    side.get_by_role("button", name="Start kjøring").click()
    expect(side.locator(".feiloppsummering")).to_contain_text("Svarfristen i runde 1")
    expect(side.locator(".feiloppsummering")).to_contain_text("er ikke behandlet")
    ingen_alvorlige_brudd(side, "runde 2 avvist")

    # 6. The deadline passes; 1I002 processes it; round 2 runs and Anne's answer follows her.
    Inntakskjoring.objects.filter(pk=ik1.pk).update(
        svarfrist=datetime.date.today() - datetime.timedelta(days=1)
    )
    side.goto(f"{live_server.url}/inntak/inntakskjoring/{ik1.pk}/")
    side.get_by_role("link", name="Behandle svarfristen nå (1I002)").click()
    expect(side.get_by_label("Skoleår")).to_have_value("2026-2027")  # prefilled from the run
    side.get_by_role("button", name="Start kjøring").click()
    side.goto(f"{live_server.url}/inntak/inntakskjoring/{ik1.pk}/")
    expect(side.get_by_role("heading", level=1)).to_contain_text("Svarfrist behandlet")
    side.get_by_role("link", name="Kjør prøveinntak for runde 2").click()
    start(side, prove=False, runde=2)
    side.get_by_role("button", name="Start kjøring").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("runde 2")
    expect(side.get_by_role("heading", level=1)).to_contain_text("Klar til publisering")
    ik2 = Inntakskjoring.objects.get(runde=2, simulering=False)
    from tests.fabrikker import publiser

    publiser(ik2)
    assert Svar.objects.get(inntakskjoring=ik2, soknad=anne).svar == "ja"
