"""Universal design of the applicant portal in real Chromium (issue 13): axe-core (WCAG 2.1 AA) reports no serious
or critical violation on any portal page in bokmål, nynorsk and English; no page scrolls sideways at 320 px; and the
whole answer flow works with the keyboard alone (Tab, Enter, Space) with a visible focus on every stop."""

from __future__ import annotations

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from inntak.models import Svar, Tilbud
from tests.fabrikker import publiser
from tests.inntak_kjoring.conftest import sett_poeng
from tests.inntak_kjoring.test_nettleser_flyt import ingen_alvorlige_brudd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPRAK = ["nb", "nn", "en"]


@pytest.fixture(autouse=True)
def _ingen_innloggingsgrense(settings):
    """Every browser login comes from 127.0.0.1, and the limit per address counts in the shared cache across test
    runs: the limit is not what these tests are about (tests/portal/test_testid.py is)."""
    settings.SOKER_INNLOGGING_MAKS_FORSOK = 100_000


def _url(navn: str, *args) -> str | None:
    """A portal page's address, or None while that page does not exist yet."""
    try:
        return reverse(navn, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def med_tilbud(lag_soknad, inntak):
    """An applicant with a published offer in runde 1 (answer form on «Min side»), and open tilbud for the next
    school year so the same applicant can start a new søknad (the apply pages)."""
    from inntak.kjoring import services

    inntak.t["st"].plasser = 1
    inntak.t["st"].save()
    forst, soknad = lag_soknad(), lag_soknad()
    sett_poeng(forst, "55.00")
    sett_poeng(soknad, "40.00")
    ik = services.kjor_inntak(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=False)
    publiser(ik, svarfrist=timezone.localdate() + datetime.timedelta(days=14))
    skole = inntak.kv["skole_a"]
    for p in ("ST", "HS", "EL"):
        Tilbud.objects.create(fylke=skole.fylke, skole=skole, programomrade=inntak.po[p], skolear=inntak.neste,
                              plasser=30)  # fmt: skip
    return soknad


def _kontekst(nettleser, live_server, sprak: str, bredde: int = 320):
    ctx = nettleser.new_context(locale="nb-NO", viewport={"width": bredde, "height": 800})
    ctx.add_cookies([{"name": "django_language", "value": sprak, "url": live_server.url}])
    side = ctx.new_page()
    side.set_default_timeout(10_000)
    return ctx, side


def _sjekk(side, hva: str, sprak: str) -> None:
    """The page is in ``sprak``, axe-core finds nothing serious or critical, and nothing scrolls sideways."""
    assert side.evaluate("document.documentElement.lang") == sprak, f"{hva}: ikke på {sprak}"
    side.evaluate(
        "document.querySelectorAll('main details').forEach(d => { d.open = true; })"
    )  # axe sees them too
    ingen_alvorlige_brudd(side, f"{hva} ({sprak})")
    bredde = side.evaluate("document.documentElement.scrollWidth")
    assert bredde <= 320, f"{hva} ({sprak}): {bredde} px bred ved 320 px"


def _testid(side, live_server, fodselsnummer: str) -> None:
    side.goto(f"{live_server.url}/innlogging/soker/testid/")
    side.locator("#id_fodselsnummer").fill(fodselsnummer)
    side.locator("main form button[type=submit]").click()
    side.wait_for_url(f"{live_server.url}/soker/")


@pytest.mark.parametrize("sprak", SPRAK)
def test_hver_portalside_uten_alvorlige_brudd_og_uten_sideveis_rulling(
    live_server, nettleser, med_tilbud, sprak
):
    soknad = med_tilbud
    ctx, side = _kontekst(nettleser, live_server, sprak)
    besokt = []
    try:
        side.goto(f"{live_server.url}/innlogging/soker/")
        _sjekk(side, "innlogging", sprak)
        side.goto(f"{live_server.url}/innlogging/soker/testid/")
        _sjekk(side, "TestID", sprak)
        side.locator("main form button[type=submit]").click()  # empty: the error summary
        expect(side.locator("#feiloppsummering")).to_be_visible()
        _sjekk(side, "TestID med feil", sprak)
        _testid(side, live_server, soknad.person.fodselsnummer)
        expect(side.locator(f"form[action='{reverse('portal:svar', args=[soknad.pk])}']")).to_be_visible()
        _sjekk(side, "Min side med tilbud og svarskjema", sprak)

        side.locator("input[name=svar][value=nei]").check()
        side.locator("form.svarskjema button[type=submit]").click()
        expect(side.locator("main form input[name=svar][value=nei]")).to_have_count(
            1
        )  # the confirmation page
        _sjekk(side, "bekreft nei", sprak)
        besokt += ["innlogging", "testid", "min side", "bekreft nei"]

        if dok := _url("portal:dokumentasjon", soknad.pk):
            side.goto(live_server.url + dok)
            _sjekk(side, "dokumentasjon", sprak)
            besokt.append("dokumentasjon")
        if start := _url("portal:soknad_start"):
            side.goto(live_server.url + start)
            _sjekk(side, "ny søknad", sprak)
            besokt.append("ny søknad")
            # Start a søknad for the next school year (open tilbud in the fixture), then the draft page.
            aar = side.locator("main [name=skolear]")
            expect(aar.first).to_be_attached()
            if aar.first.evaluate("e => e.tagName") == "SELECT":
                aar.first.select_option("2027-2028")
            elif aar.first.get_attribute("type") == "radio":
                side.locator("main [name=skolear][value='2027-2028']").check()
            side.locator("main [name=niva][value=VG1]").check()
            side.locator("main form button[type=submit]").first.click()
            side.wait_for_url(f"{live_server.url}{_url('portal:soknad_kladd')}*")
            _sjekk(side, "kladd uten ønsker", sprak)
            leggtil = side.locator(f"form[action='{_url('portal:kladd_legg_til')}'] button[type=submit]")
            expect(leggtil.first).to_be_visible()
            leggtil.first.click()
            side.wait_for_load_state()
            _sjekk(side, "kladd med ett ønske", sprak)
            besokt.append("kladd")
        side.goto(f"{live_server.url}/soker/")
        side.locator("header form[action='/innlogging/soker/logg-ut/'] button").click()
        side.wait_for_url(f"{live_server.url}/innlogging/soker/utlogget/")
        _sjekk(side, "logget ut", sprak)
    finally:
        ctx.close()
    forventet = {"innlogging", "testid", "min side", "bekreft nei"}
    forventet |= {"dokumentasjon"} if _url("portal:dokumentasjon", soknad.pk) else set()
    forventet |= {"ny søknad", "kladd"} if _url("portal:soknad_start") else set()
    assert forventet <= set(besokt), forventet - set(besokt)


FOKUS_SYNLIG = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const omriss = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {synlig: omriss || (s.boxShadow && s.boxShadow !== 'none'), tag: e.tagName, navn: e.name || '',
          verdi: e.value || '', tekst: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 80),
          type: e.type || '', href: e.getAttribute('href') || ''};
}"""


def _tab_til(side, passer, hva: str, maks: int = 40) -> dict:
    """Tab until the focused element matches; every stop on the way must show where the focus is."""
    for _ in range(maks):
        side.keyboard.press("Tab")
        fokus = side.evaluate(FOKUS_SYNLIG)
        if fokus is None:
            continue
        assert fokus["synlig"], f"fokus vises ikke på {fokus['tag']} «{fokus['tekst'] or fokus['navn']}»"
        if passer(fokus):
            return fokus
    raise AssertionError(f"nådde ikke {hva} med Tab")


def test_svaret_kan_gis_bare_med_tastaturet(live_server, nettleser, med_tilbud):
    soknad = med_tilbud
    ctx, side = _kontekst(nettleser, live_server, "nb", bredde=1280)
    try:
        side.goto(f"{live_server.url}/innlogging/soker/")
        hopp = _tab_til(side, lambda f: f["href"] == "#hovedinnhold", "«Hopp til hovedinnhold»")
        assert hopp["tekst"] == "Hopp til hovedinnhold"
        _tab_til(side, lambda f: f["href"].endswith("/innlogging/soker/testid/"), "lenken til TestID")
        side.keyboard.press("Enter")
        side.wait_for_url(f"{live_server.url}/innlogging/soker/testid/")
        _tab_til(side, lambda f: f["navn"] == "fodselsnummer", "fødselsnummerfeltet")
        side.keyboard.type(soknad.person.fodselsnummer)
        _tab_til(side, lambda f: f["tag"] == "BUTTON" and f["tekst"] == "Autentiser", "«Autentiser»")
        side.keyboard.press("Enter")
        side.wait_for_url(f"{live_server.url}/soker/")
        expect(side.get_by_role("heading", level=1)).to_have_text("Min side")

        _tab_til(side, lambda f: f["navn"] == "svar" and f["verdi"] == "ja", "«Ja, jeg tar imot plassen»")
        side.keyboard.press("Space")
        expect(side.locator("input[name=svar][value=ja]")).to_be_checked()
        _tab_til(side, lambda f: f["tag"] == "BUTTON" and f["tekst"] == "Send svaret", "«Send svaret»")
        side.keyboard.press("Enter")
        expect(side.get_by_role("status")).to_contain_text("Svaret ditt er registrert.")
    finally:
        ctx.close()
    assert Svar.objects.get(soknad=soknad).svar == "ja"
