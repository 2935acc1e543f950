"""English in the applicant portal (issue 13): the portal's language switch offers bokmål, nynorsk and English,
the caseworkers' only bokmål and nynorsk; English never leaks into caseworker pages, and the Norwegian number and
date formats are unchanged."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.inntak_kjoring.conftest import sett_poeng
from tests.portal.conftest import ny_klient
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def _logg_inn(klient, person) -> None:
    svar = klient.post("/innlogging/soker/testid/", {"fodselsnummer": person.fodselsnummer})
    assert svar.status_code == 302, svar.content.decode()[:500]


def _velg_sprak(klient, kode: str, tilbake: str) -> None:
    svar = klient.post("/i18n/setlang/", {"language": kode, "next": tilbake})
    assert svar.status_code == 302 and svar["Location"] == tilbake


def _sprakvalg(html: str) -> list[str]:
    skjema = re.search(r'<select id="sprakvalg".*?</select>', html, re.S)
    assert skjema, "ingen språkvelger på siden"
    return re.findall(r'<option value="(\w+)"', skjema.group(0))


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def test_portalen_tilbyr_bokmaal_nynorsk_og_engelsk(klient):
    html = klient.get("/innlogging/soker/").content.decode()
    assert _sprakvalg(html) == ["nb", "nn", "en"]
    assert 'lang="en">English</option>' in html


def test_innlogging_og_min_side_paa_engelsk(klient, soknad):
    sett_poeng(soknad, "43.50")
    _velg_sprak(klient, "en", "/innlogging/soker/")
    html = klient.get("/innlogging/soker/").content.decode()
    assert '<html lang="en">' in html
    assert _h1(html) == "Log in as an applicant"
    assert "Log in with TestID (synthetic national identity number)" in html
    assert "Skip to main content" in html and "Logg inn som søker" not in html
    assert re.search(r'<option value="en" lang="en" selected>', html)

    html = klient.get("/innlogging/soker/testid/").content.decode()
    assert _h1(html) == "TestID" and "Synthetic national identity number" in html and "Authenticate" in html
    feil = klient.post("/innlogging/soker/testid/", {"fodselsnummer": "123"}).content.decode()
    assert "Please correct the following before you continue" in feil

    _logg_inn(klient, soknad.person)
    html = klient.get("/soker/").content.decode()
    assert _h1(html) == "My page"
    for tekst in ("Your choices", "Your points", "Answer to your application", "Log out", "County"):
        assert tekst in html, tekst
    assert "Application for Vg1, school year" in html
    assert "You have 43.50 points." in html  # English number format on English pages
    assert "Ready for admission" in html or "Registered" in html  # the søknad's status, translated
    assert "Min side" not in html and "Ønskene dine" not in html


def test_nynorsk_i_portalen_er_uendret(klient, soknad):
    _velg_sprak(klient, "nn", "/innlogging/soker/")
    html = klient.get("/innlogging/soker/").content.decode()
    assert '<html lang="nn">' in html and "Log in as an applicant" not in html


def test_saksbehandlers_sprakvalg_har_bare_bokmaal_og_nynorsk(brukere):
    klient = ny_klient()
    klient.force_login(brukere["A"][Rolle.INNTAK])
    html = klient.get("/").content.decode()
    assert _sprakvalg(html) == ["nb", "nn"]
    assert "English" not in html


def test_engelsk_gir_bokmaal_paa_saksbehandlersider(brukere, soknad):
    """A caseworker (or an applicant who chose English) on a caseworker page gets bokmål, not half English."""
    klient = ny_klient()
    klient.force_login(brukere["A"][Rolle.INNTAK])
    _velg_sprak(klient, "en", "/")
    svar = klient.get("/")
    html = svar.content.decode()
    assert '<html lang="nb">' in html and svar["Content-Language"] == "nb"
    assert "Skip to main content" not in html and "Log out" not in html
    assert "Hopp til hovedinnhold" in html
    # …while the same cookie shows the portal in English.
    assert _h1(ny_klient_med_engelsk().get("/innlogging/soker/").content.decode()) == "Log in as an applicant"


def ny_klient_med_engelsk():
    klient = ny_klient()
    _velg_sprak(klient, "en", "/innlogging/soker/")
    return klient


@pytest.mark.parametrize("sprak", ["nb", "nn"])
def test_norske_tall_og_datoformater_er_uendret(sprak):
    mal = Template('{{ tall }}|{{ desimal }}|{{ dato|date:"SHORT_DATE_FORMAT" }}|{{ dato|date }}')
    kontekst = Context({"tall": 17318, "desimal": 43.5, "dato": datetime.date(2026, 7, 3)})
    with translation.override(sprak):
        tekst = mal.render(kontekst)
    tall, desimal, kort, lang = tekst.split("|")
    assert tall == "17\xa0318"
    assert desimal == "43,5"
    assert kort == "03.07.2026"
    assert lang == "3. juli 2026"
    with translation.override("en"):
        assert mal.render(kontekst).split("|")[0] == "17,318"  # English pages may use English formats


def test_nettleser_paa_engelsk_gir_engelsk_portal_og_norske_saksbehandlersider(brukere):
    """Accept-Language alone (no choice made): the portal follows it, a caseworker page stays bokmål."""
    portal = ny_klient(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _h1(portal.get("/innlogging/soker/").content.decode()) == "Log in as an applicant"
    klient = ny_klient(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    klient.force_login(brukere["A"][Rolle.INNTAK])
    html = klient.get("/").content.decode()
    assert '<html lang="nb">' in html and "Hopp til hovedinnhold" in html and _sprakvalg(html) == ["nb", "nn"]
