"""Norwegian number and date formats everywhere: «17 318», «3. juli 2026», «03.07.2026» – and ids untouched.

Set up once in the settings (LANGUAGE_CODE nb, USE_THOUSAND_SEPARATOR with Django's nb formats); templates that
put a number into a URL, an id or a form value use ``|unlocalize`` so «1 234» never ends up in a link.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import formats, translation

from vigo.models import Kjoring, Rolle

NBSP = "\xa0"
OSLO = ZoneInfo("Europe/Oslo")


def test_innstillingene_gir_norske_formater(settings):
    assert settings.LANGUAGE_CODE == "nb"
    assert settings.USE_THOUSAND_SEPARATOR is True
    with translation.override("nb"):
        assert formats.number_format(17318) == f"17{NBSP}318"
        assert formats.number_format(1234567.5, 1) == f"1{NBSP}234{NBSP}567,5"
        assert formats.date_format(datetime.date(2026, 7, 3)) == "3. juli 2026"
        assert formats.date_format(datetime.date(2026, 7, 3), "SHORT_DATE_FORMAT") == "03.07.2026"


@pytest.mark.django_db
def test_inntakssiden_viser_femsifret_antall_med_mellomrom(client, brukere, monkeypatch):
    from inntak import selectors

    rader = [{"niva": "VG1", "navn": "Vg1", "antall": 17318, "beregnet": 17001, "individuell": 12}]
    monkeypatch.setattr(selectors, "antall_per_niva", lambda bruker, skolear: rader)
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get("/inntak/").content.decode()
    assert f'<td class="tall">17{NBSP}318</td>' in html
    assert f'<td class="tall">17{NBSP}001</td>' in html
    assert "17318" not in html


@pytest.fixture
def stor_kjoring(brukere):
    """A finished run with a five-digit id and counts, started 3 July 2026 in Oslo time."""
    bruker = brukere["A"][Rolle.INNTAK]
    start = datetime.datetime(2026, 7, 3, 14, 5, 0, tzinfo=OSLO)
    kj = Kjoring.objects.create(
        pk=12345,
        kode="9T900",
        navn="Testjobb",
        fylke=bruker.fylke,
        startet_av=bruker,
        status="kjorer",
        antall_ferdig=17318,
        antall_totalt=20000,
        startet=start,
        resultat={"soknader": 17318},
    )
    Kjoring.objects.filter(pk=kj.pk).update(opprettet=start)
    kj.refresh_from_db()
    return kj


@pytest.mark.django_db
def test_kjoringssiden_viser_dato_og_tall_pa_norsk(client, brukere, stor_kjoring):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get("/kjoringer/12345/").content.decode()
    assert f"17{NBSP}318 / 20{NBSP}000" in html
    assert "3. juli 2026 14:05" in html
    assert "/kjoringer/12345/fremdrift/" in html  # the id in the URL has no separator


@pytest.mark.django_db
def test_id_i_lenker_og_htmx_far_ikke_skilletegn(client, brukere, stor_kjoring):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get("/kjoringer/").content.decode()
    assert 'id="kjoring-12345"' in html
    assert "?id=12345" in html
    assert "03.07.2026 14:05" in html
    assert not re.search(rf"\d{NBSP}\d{{3}}/", html)


def test_arshjulets_korte_datoer_har_norsk_maned_uten_forkortelse():
    class H:
        pk = 4321
        hva = "Søknadsfrist"
        jobbkoder: tuple = ()

    panel = {"rader": [{"dato": datetime.date(2026, 7, 3), "h": H(), "farge": "#fff", "tekstfarge": "#000"}]}
    with translation.override("nb"):
        html = render_to_string("arshjul/_neste30.html", {"panel": panel})
    assert "3. juli" in html
    assert "3. jul<" not in html and "03.jul" not in html
    assert "/arshjul/hendelse/4321/" in html or "/4321/" in html


def test_sider_med_mange_sider_har_sidetall_uten_skilletegn():
    from django.core.paginator import Paginator

    side = Paginator(range(30_000), 10).get_page(1500)
    with translation.override("nb"):
        html = render_to_string("vigo/_sider.html", {"side": side, "q": ""})
    assert "side=1499" in html and "side=1501" in html
    assert f"Side 1{NBSP}500 av 3{NBSP}000" in html


def test_soketreffenes_sidelenker_har_sidetall_uten_skilletegn():
    from django.core.paginator import Page, Paginator

    side = Page([], 1500, Paginator(range(30_000), 10))
    with translation.override("nb"):
        html = render_to_string("inntak/_sok_tabell.html", {"side": side, "sporring": "q=a"})
    assert "side=1499" in html and "side=1501" in html
    assert f"30{NBSP}000 søknader" in html
