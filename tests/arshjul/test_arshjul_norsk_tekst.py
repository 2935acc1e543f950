"""The årshjul in a caseworker's words: error summary at the top of the event page, Norwegian dates (never
English order or «3. jul») and ids without thousands separators."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import formats, translation

from arshjul.models import Hendelse
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def test_ugyldig_ansvar_gir_feiloppsummering_overst(arshjul_2017, brukere, client):
    h = Hendelse.objects.get(linje_fra=92)
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    svar = client.post(reverse("arshjul:ansvar", args=[h.pk]), {"ansvarlig": "", "paminnelse_dager": 999})
    html = svar.content.decode()
    assert 'id="feiloppsummering"' in html and 'role="alert"' in html
    assert '<a href="#id_paminnelse_dager">Påminnelse på e-post, dager før: ' in html
    assert html.index('id="feiloppsummering"') < html.index('id="om-tittel"')  # above the page's content


def test_hjulet_skriver_dato_pa_norsk_ogsa_uten_datotekst(arshjul_2017, brukere, client):
    """Inside {% localize off %} a bare date would fall back to settings.DATE_FORMAT (English order)."""
    h = Hendelse.objects.filter(skolear_id="2017-2018").order_by("start").first()
    Hendelse.objects.filter(pk=h.pk).update(datotekst="")
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("arshjul:hjul", args=["2017-2018"])).content.decode()
    with translation.override("nb"):
        dato = formats.date_format(h.start, "j. F Y")
    assert f'data-dato="{dato}' in html


def test_rutine_id_uten_skilletegn(brukere, client):
    from arshjul.models import Rutine

    Rutine.objects.create(pk=12345, navn="Testrutine", beskrivelse="Bare for testen")
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("arshjul:rutiner")).content.decode()
    assert 'id="rutine-12345"' in html and "rutine-12\xa0345" not in html
