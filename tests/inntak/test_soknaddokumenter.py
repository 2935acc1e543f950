"""Caseworkers and the applicant's documents: downloads only with særtilgang and within the county, audited, as an
attachment with the sniffed type and nosniff; the work queue lists the new cases; the søknad and vedtak pages
list the documents; the vedtak is shown to the applicant on «Min side»."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from inntak import selectors, services
from inntak.models import SoknadDokument
from inntak.services import dokument as tjeneste
from tests.fabrikker import PersonFactory
from tests.portal.conftest import ny_klient
from tests.portal.test_dokumentasjon import jpeg, pdf
from tests.portal.test_min_side import logg_inn
from vigo.models import Bruker, Innsyn, Rolle

pytestmark = pytest.mark.django_db


def _med_saertilgang(bruker) -> Bruker:
    bruker.user_permissions.add(Permission.objects.get(codename="saertilgang"))
    return Bruker.objects.get(pk=bruker.pk)


@pytest.fixture
def sak(lag_soknad, inntak, monkeypatch):
    """A søknad whose applicant asked for FOR617 in time with a PDF and a JPEG."""
    monkeypatch.setattr("inntak.frister.i_dag", lambda: datetime.date(2026, 1, 15))
    s = lag_soknad(person=PersonFactory(fornavn="Dokumenta", etternavn="Portalsen", fylke=inntak.A))
    tjeneste.be_om_behandling(s, person=s.person, behandlingskategori="FOR617", beskrivelse="Nedsatt syn.",
                              filer=[pdf("sakkyndig vurdering.pdf"), jpeg()])  # fmt: skip
    return s


def test_nedlasting_bare_med_saertilgang_i_eget_fylke_og_logget(client, sak, brukere):
    dok = SoknadDokument.objects.get(soknad=sak, navn="sakkyndig vurdering.pdf")
    url = reverse("inntak:soknaddokument", args=[dok.pk])
    assert client.get(url).status_code == 302  # not logged in
    vanlig = brukere["A"][Rolle.INNTAK]
    client.force_login(vanlig)
    assert client.get(url).status_code == 403
    assert not Innsyn.objects.filter(handling="nedlasting").exists()

    client.force_login(_med_saertilgang(vanlig))
    resp = client.get(url)
    assert resp.status_code == 200
    with dok.fil.open("rb") as fh:
        assert b"".join(resp.streaming_content) == fh.read()
    assert resp["Content-Type"] == "application/pdf"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert (
        resp["Content-Disposition"].startswith("attachment;") and "sakkyndig" in resp["Content-Disposition"]
    )
    assert "sandbox" in resp["Content-Security-Policy"]
    rad = Innsyn.objects.get(handling="nedlasting", person=sak.person)
    assert rad.bruker == vanlig and rad.fylke == sak.fylke and "sakkyndig" not in rad.hva

    jpg = SoknadDokument.objects.get(soknad=sak, innholdstype="image/jpeg")
    resp = client.get(reverse("inntak:soknaddokument", args=[jpg.pk]))
    assert resp["Content-Type"] == "image/jpeg" and resp["X-Content-Type-Options"] == "nosniff"
    assert Innsyn.objects.filter(handling="nedlasting", person=sak.person).count() == 2

    # Særtilgang does not cross county borders, and an unknown id is 404.
    client.force_login(_med_saertilgang(brukere["B"][Rolle.INNTAK]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("inntak:soknaddokument", args=[999999])).status_code == 404
    assert Innsyn.objects.filter(handling="nedlasting").count() == 2


def test_soknadsside_og_vedtaksside_lister_dokumentene(client, sak, brukere):
    vanlig = brukere["A"][Rolle.INNTAK]
    client.force_login(vanlig)
    html = client.get(reverse("inntak:soknad", args=[sak.pk])).content.decode()
    assert "Fra søkerportalen" in html and "Nedsatt syn." in html  # the caseworker deciding sees the request
    assert "2 dokumenter fra søkeren (krever særtilgang)." in html and "sakkyndig vurdering.pdf" not in html
    client.force_login(_med_saertilgang(vanlig))
    dok = SoknadDokument.objects.get(soknad=sak, innholdstype="application/pdf")
    for side in (reverse("inntak:soknad", args=[sak.pk]), reverse("inntak:vedtak", args=[sak.pk])):
        html = client.get(side).content.decode()
        assert "sakkyndig vurdering.pdf" in html and reverse("inntak:soknaddokument", args=[dok.pk]) in html


def test_arbeidskoen_viser_nye_saker_nyeste_forst(client, sak, brukere, lag_soknad, inntak, monkeypatch):
    monkeypatch.setattr("inntak.frister.i_dag", lambda: datetime.date(2026, 1, 15))
    nyere = lag_soknad(person=PersonFactory(fornavn="Nyere", etternavn="Sakesen", fylke=inntak.A))
    tjeneste.be_om_behandling(
        nyere, person=nyere.person, behandlingskategori="IND623", beskrivelse="Grunner."
    )
    lag_soknad(behandlingskategori="FOR615", person=PersonFactory(etternavn="Utenportal", fylke=inntak.A))
    annet_fylke = lag_soknad(fylke=inntak.B, person=PersonFactory(etternavn="Oslosak", fylke=inntak.B))
    tjeneste.be_om_behandling(annet_fylke, person=annet_fylke.person, behandlingskategori="FOR617",
                              beskrivelse="Oslo.")  # fmt: skip
    bruker = brukere["A"][Rolle.INNTAK]
    assert list(selectors.nye_henvendelser(bruker)) == [nyere, sak]
    client.force_login(bruker)
    html = client.get(reverse("inntak:arbeidsko")).content.decode()
    nye = html.split("Nye saker fra søkerportalen", 1)[1].split("Alle saker som venter på vedtak")[0]
    assert "2 søkere har bedt om fortrinnsrett" in nye
    assert nye.index("Sakesen") < nye.index("Portalsen") and "Utenportal" not in nye and "Oslosak" not in nye
    assert reverse("inntak:soknad", args=[sak.pk]) in nye and reverse("inntak:vedtak", args=[sak.pk]) in nye
    assert "Utenportal" in html  # the full queue below still lists every case without vedtak
    # One audit row for the page, counting each søknad shown once.
    rad = Innsyn.objects.filter(hva="Arbeidskø").latest("pk")
    assert rad.antall == 3
    assert (
        client.get(reverse("inntak:arbeidsko"), {"side": "9"}).status_code == 200
    )  # past the end: last page

    services.registrer_vedtak(sak, begrunnelse="Dokumentert.", fast_plass=inntak.t["st"], bruker=bruker)
    assert list(selectors.nye_henvendelser(bruker)) == [nyere]
    html = client.get(reverse("inntak:arbeidsko")).content.decode()
    assert "1 søker har bedt om" in html and "Portalsen" not in html


def test_vedtaket_vises_for_sokeren(sak, inntak, brukere):
    saksbehandler = brukere["A"][Rolle.INNTAK]
    saksbehandler.first_name, saksbehandler.last_name = "Saksbehandler", "Navnesen"
    saksbehandler.save()
    services.registrer_vedtak(sak, begrunnelse="Sakkyndig vurdering viser behov for tilrettelagt skole.",
                              fast_plass=inntak.t["hs2"], bruker=saksbehandler)  # fmt: skip
    klient = ny_klient()
    logg_inn(klient, sak.person)
    html = klient.get("/soker/").content.decode()
    assert "Vedtak om fortrinnsrett eller individuell behandling" in html
    assert "Innvilget – fast plass" in html and "Helse- og oppvekstfag – Byåsen vgs" in html
    assert "Opplæringsforskriften § 4-22" in html  # FOR617 under opplæringsforskrifta 2024
    assert "Sakkyndig vurdering viser behov for tilrettelagt skole." in html
    assert "Navnesen" not in html and saksbehandler.username not in html
    side = klient.get(f"/soker/soknad/{sak.pk}/dokumentasjon/").content.decode()
    assert "Vedtak er fattet" in side and "Sakkyndig vurdering viser behov" in side
    assert "Søknaden har fått vedtak." in side and 'name="handling"' not in side


def test_arbeidskoen_blar_i_nye_saker(client, lag_soknad, inntak, brukere, monkeypatch):
    monkeypatch.setattr("inntak.frister.i_dag", lambda: datetime.date(2026, 1, 15))
    for _ in range(26):
        s = lag_soknad()
        tjeneste.be_om_behandling(
            s, person=s.person, behandlingskategori="IND622", beskrivelse="Mangler karakterer."
        )
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:arbeidsko")).content.decode()
    nye = html.split("Nye saker fra søkerportalen", 1)[1].split("Alle saker som venter på vedtak")[0]
    assert (
        "26 søkere har bedt om" in nye
        and "Side 1 av 2" in nye
        and 'href="?skolear=2026-2027&amp;side=2" rel="next"' in nye
    )
    assert nye.count(">Registrer vedtak<") == 25
    html = client.get(reverse("inntak:arbeidsko"), {"side": "2", "skolear": "2026-2027"}).content.decode()
    nye = html.split("Nye saker fra søkerportalen", 1)[1].split("Alle saker som venter på vedtak")[0]
    assert "Side 2 av 2" in nye and nye.count(">Registrer vedtak<") == 1
    assert 'href="?skolear=2026-2027&amp;side=1" rel="prev"' in nye
