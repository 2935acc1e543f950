"""The page «Inntak av voksne» (/inntak/voksne/): order, names not codes, counts, the confirmed placement step,
status changes, filters, scoping per role and a query budget."""

# ruff: noqa: F811  (the fixtures voksen and fem are imported from test_voksen)
from __future__ import annotations

import pytest
from django.urls import reverse

from inntak.models import Tilbud, Voksenplass
from tests.inntak.test_voksen import fem, voksen  # noqa: F401  (fixtures)
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
SIDE = "/inntak/voksne/"
AR = {"skolear": "2026-2027"}


def _html(client, bruker, **params):
    client.force_login(bruker)
    svar = client.get(SIDE, {**AR, **params})
    return svar, svar.content.decode()


def test_siden_viser_ventende_i_rekkefolge_med_navn_og_datoer(client, brukere, inntak, voksen, fem,
                                                              django_assert_max_num_queries):  # fmt: skip
    client.force_login(brukere["A"][Rolle.INNTAK])
    with django_assert_max_num_queries(30):
        svar = client.get(SIDE, AR)
    assert svar.status_code == 200
    html = svar.content.decode()
    navn = [fem[k].person.navn for k in ("a2", "a1", "b", "c", "u")]
    posisjoner = [html.index(n) for n in navn]
    assert posisjoner == sorted(posisjoner)
    assert "Byåsen vgs – Elektro" in html and "ELELE1----" not in html.split('id="ventende-tittel"')[1]
    assert "2. mars 2026 kl. 10.00" in html and "yrkesfaglig rekvalifisering" in html
    assert "Viser 1–5 av 5" in html and "Tildel ledige plasser" in html
    assert Innsyn.objects.filter(hva__startswith="Inntak av voksne").exists()


def test_bekreftet_tildeling_og_statusendring(client, brukere, inntak, voksen, fem):
    client.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("inntak:voksne_tildel")
    html = client.get(url, AR).content.decode()
    assert "3 søkere får tilbud om plass nå" in html and "csrfmiddlewaretoken" in html
    svar = client.post(url, {**AR, "antall": 2}, follow=True)  # the numbers changed: nothing happens
    assert not Voksenplass.objects.exists() and "Tallene har endret seg" in svar.content.decode()
    svar = client.post(url, {**AR, "antall": 3}, follow=True)
    html = svar.content.decode()
    assert Voksenplass.objects.count() == 3 and "3 søkere fikk plass. 2 venter fortsatt" in html
    assert "Har fått plass" in html and "Tilbudt" in html
    plass = Voksenplass.objects.get(soknad=fem["a2"])
    svar = client.post(reverse("inntak:voksne_status", args=[plass.pk]), {"status": "akseptert"}, follow=True)
    plass.refresh_from_db()
    assert plass.status == "akseptert" and "Status på plassen er endret" in svar.content.decode()
    svar = client.post(reverse("inntak:voksne_status", args=[plass.pk]), {"status": "tilbudt"}, follow=True)
    assert "kan ikke gå fra" in svar.content.decode()
    svar = client.post(reverse("inntak:voksne_tildel_en", args=[fem["c"].pk]), {"tilbud": voksen["tp"].pk},
                       follow=True)  # fmt: skip
    assert "ingen ledige plasser" in svar.content.decode()


def test_filter_gruppe_og_navn(client, brukere, inntak, voksen, fem):
    _, html = _html(client, brukere["A"][Rolle.INNTAK], gruppe="3")
    assert fem["c"].person.navn in html and "Viser 1–1 av 1" in html
    _, html = _html(client, brukere["A"][Rolle.INNTAK], tilbud=str(voksen["tp"].pk))
    assert "Viser 1–2 av 2" in html  # a1 and b wished TP


def test_avgrensning_per_rolle(client, brukere, inntak, voksen, fem):
    # Another county: 404 for county A's page, its own (empty) page otherwise.
    svar, _ = _html(client, brukere["B"][Rolle.INNTAK], fylke="50")
    assert svar.status_code == 404
    svar, html = _html(client, brukere["B"][Rolle.INNTAK])
    assert svar.status_code == 200 and fem["a2"].person.navn not in html and "Oslo" in html
    assert client.post(reverse("inntak:voksne_tildel"), {**AR, "fylke": "50", "antall": 3}).status_code == 404
    # A school user sees applicants who wished a tilbud at the school, and cannot place.
    egen = Tilbud.objects.create(fylke=inntak.A, skole=inntak.kv["skole_a"], programomrade=inntak.po["DH"],
                                 skolear=inntak.ar, plasser=2, voksenopplaering=True)  # fmt: skip
    voksen["t_egen"] = egen
    hos_skolen = voksen["lag"]("18-4", timer=3, onsker=("t_egen",))
    svar, html = _html(client, brukere["A"][Rolle.SKOLE])
    assert svar.status_code == 200 and hos_skolen.person.navn in html and fem["a2"].person.navn not in html
    assert "Tildel ledige plasser" not in html
    assert client.post(reverse("inntak:voksne_tildel"), {**AR, "antall": 1}).status_code == 403
    assert (
        client.post(reverse("inntak:voksne_tildel_en", args=[hos_skolen.pk]), {"tilbud": egen.pk}).status_code
        == 403
    )
    # Read-only: sees, cannot place.
    svar, html = _html(client, brukere["A"][Rolle.LESE])
    assert svar.status_code == 200 and fem["a2"].person.navn in html and "Tildel ledige plasser" not in html
    assert client.get(reverse("inntak:voksne_tildel"), AR).status_code == 403
    assert not Voksenplass.objects.exists()


def test_lenke_fra_inntakssiden(client, brukere, inntak):
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert reverse("inntak:voksne") in client.get(reverse("inntak:index")).content.decode()
