"""The wheel in headless Chromium: keyboard focus on a mark shows the event in the side panel."""

import re

import pytest
from playwright.sync_api import expect

from arshjul.models import Hendelse
from tests.arshjul.conftest import importer
from vigo.models import Rolle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tastatur_pa_hjulet_viser_hendelsen(live_server, logg_inn, brukere, kodeverk):
    importer("2017-2018")
    side = logg_inn(brukere["A"][Rolle.INNTAK])
    side.goto(f"{live_server.url}/arshjul/2017-2018/hjul/")
    expect(side.get_by_role("heading", level=1)).to_contain_text("Årshjul 2017-2018")
    merker = side.locator("svg.hjul-svg a.merke")
    expect(merker).to_have_count(105)

    forste = Hendelse.objects.order_by("start", "slutt", "linje_fra", "pk").first()
    merker.first.focus()
    expect(merker.first).to_be_focused()
    panel = side.locator("#hjul-detalj")
    expect(panel).to_contain_text(forste.hva[:60])
    expect(panel).to_contain_text("Kategori")

    side.keyboard.press("Tab")  # the next mark in the wheel
    andre = Hendelse.objects.order_by("start", "slutt", "linje_fra", "pk")[1]
    expect(merker.nth(1)).to_be_focused()
    expect(panel).to_contain_text(andre.hva[:60])

    side.keyboard.press("Enter")  # opens the event
    expect(side).to_have_url(re.compile(rf"/arshjul/hendelse/{andre.pk}/$"))
