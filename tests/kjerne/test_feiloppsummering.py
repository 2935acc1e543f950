"""Errors a caseworker can act on: a summary at the top of a form (templates/_feiloppsummering.html) with links
to the fields, and Norwegian 403/404/500/CSRF pages inside the layout."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client

from kodeverk.models import Skolear
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def skolear(db):
    lag = lambda kode, ar: Skolear.objects.create(  # noqa: E731
        kode=kode, startdato=datetime.date(ar, 8, 1), sluttdato=datetime.date(ar + 1, 7, 31)
    )
    return lag("2026-2027", 2026), lag("2027-2028", 2027)


def test_feil_for_hele_skjemaet_vises_overst_pa_jobbskjemaet(client, brukere, skolear):
    """1A001 from a later to an earlier school year: a non-field error the page used to swallow."""
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.post("/kjoringer/ny/1A001/", {"fra_skolear": "2027-2028", "til_skolear": "2026-2027"})
    assert svar.status_code == 200
    html = svar.content.decode()
    assert 'role="alert"' in html and 'id="feiloppsummering"' in html
    assert "Skoleåret det kopieres til må komme etter skoleåret det kopieres fra." in html
    assert html.index('id="feiloppsummering"') < html.index('<form method="post" class="kort smal">')


def test_feltfeil_lenker_til_feltet(client, brukere, skolear):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.post("/kjoringer/ny/1A001/", {"fra_skolear": "2027-2028"}).content.decode()
    assert '<a href="#id_til_skolear">Til skoleår: Dette feltet er påkrevd.</a>' in html


def test_oppsummeringen_tegnes_ikke_for_et_tomt_skjema(client, brukere, skolear):
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert 'id="feiloppsummering"' not in client.get("/kjoringer/ny/1A001/").content.decode()


def test_valgknapper_lenker_til_forste_valg():
    from django import forms

    class Skjema(forms.Form):
        valg = forms.ChoiceField(label="Valg", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        skjult = forms.CharField(widget=forms.HiddenInput)

    skjema = Skjema(data={})
    skjema.is_valid()
    html = render_to_string("_feiloppsummering.html", {"skjema": skjema})
    assert '<a href="#id_valg_0">Valg: Dette feltet er påkrevd.</a>' in html
    assert "<li>Dette feltet er påkrevd.</li>" in html  # the hidden field: no link to follow


def test_ingen_tilgang_er_norsk_og_i_rammen(client, brukere):
    """PermissionDenied raised in a view (here by permission_required) gives our 403 page in the layout."""
    client.force_login(brukere["A"][Rolle.LESE])
    svar = client.get("/kjoringer/ny/1P001/")
    assert svar.status_code == 403
    html = svar.content.decode()
    assert "Ingen tilgang" in html and 'class="topp"' in html and "Logg ut" in html and 'lang="nb"' in html


def test_fant_ikke_siden_er_norsk_og_i_rammen(client, brukere):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get("/finnes-ikke/").content.decode()
    assert "Fant ikke siden" in html and 'class="topp"' in html and "Hovedmeny" in html


def test_serverfeil_er_norsk_og_i_rammen(settings):
    html = render_to_string("500.html")
    assert "Noe gikk galt" in html and 'class="topp"' in html and 'lang="nb"' in html
    assert 'class="bunn"' in html  # the same footer as every other page


def test_csrf_feil_er_norsk_og_i_rammen(brukere):
    """An expired session or a stale form: Django's own CSRF page is outside the layout and mentions DEBUG."""
    klient = Client(enforce_csrf_checks=True)
    klient.force_login(brukere["A"][Rolle.INNTAK])
    svar = klient.post("/kjoringer/ny/1P001/", {})
    assert svar.status_code == 403
    html = svar.content.decode()
    assert 'class="topp"' in html and 'lang="nb"' in html
    assert "Skjemaet kunne ikke sendes" in html
    assert "DEBUG=True" not in html and "CSRF-verifisering" not in html
