"""The delivery pages: list (filter, count, query budget), detail with findings, download (role and scope,
audited) and «Marker som sendt»."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inntak.models import Onske
from rapporter.leveranser.tjenester import kjor_leveranse
from rapporter.models import LeveranseStatus
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


def test_landingssiden_lenker_til_leveransene(client, brukere):
    client.force_login(brukere["A"][Rolle.LESE])
    svar = client.get(reverse("rapporter:index"))
    assert reverse("rapporter:leveranser") in svar.content.decode()


def test_liste_filtrerer_teller_og_holder_sporringsbudsjett(client, brukere, inntak, lag_soknad):
    lag_soknad()
    client.force_login(brukere["A"][Rolle.LESE])

    def mal(antall: int) -> int:
        for _ in range(antall):
            kjor_leveranse("1L001", inntak.A, inntak.ar, bruker=brukere["A"][Rolle.INNTAK])
        with CaptureQueriesContext(connection) as q:
            svar = client.get(reverse("rapporter:leveranser"), {"kode": "1L001", "skolear": "2026-2027"})
        assert svar.status_code == 200
        return len(q.captured_queries)

    liten = mal(2)
    stor = mal(10)
    assert liten == stor <= 12
    svar = client.get(reverse("rapporter:leveranser"), {"kode": "1L001"})
    assert "Viser 1–12 av 12" in svar.content.decode()
    svar = client.get(reverse("rapporter:leveranser"), {"skolear": "2027-2028"})
    assert "Ingen treff" in svar.content.decode()
    # County B sees none of county A's deliveries.
    client.force_login(brukere["B"][Rolle.LESE])
    assert "Ingen treff" in client.get(reverse("rapporter:leveranser")).content.decode()


def test_detalj_viser_oppsummering_og_sidedelte_funn(client, brukere, inntak, lag_soknad):
    for _ in range(3):
        Onske.objects.filter(soknad=lag_soknad()).delete()
    lev = kjor_leveranse("1L001", inntak.A, inntak.ar)
    client.force_login(brukere["A"][Rolle.INNTAK])
    tekst = client.get(reverse("rapporter:leveranse", args=[lev.pk])).content.decode()
    assert "Søknad uten ønsker" in tekst and "Viser 1–3 av 3" in tekst
    assert reverse("rapporter:marker_sendt", args=[lev.pk]) not in tekst  # stopped: no button
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert client.get(reverse("rapporter:leveranse", args=[lev.pk])).status_code == 404


def test_marker_sendt_krever_bekreftelse_og_nektes_ved_feil(client, brukere, inntak, lag_soknad):
    lag_soknad()
    ok = kjor_leveranse("1L001", inntak.A, inntak.ar)
    Onske.objects.filter(soknad=lag_soknad()).delete()
    stoppet = kjor_leveranse("1L001", inntak.A, inntak.ar)
    url = reverse("rapporter:marker_sendt", args=[ok.pk])
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.get(url).status_code == 403
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.get(url).status_code == 200
    client.post(url, {})
    ok.refresh_from_db()
    assert ok.status == LeveranseStatus.KONTROLLERT
    svar = client.post(url, {"bekreft": "ja"})
    assert svar.status_code == 302
    ok.refresh_from_db()
    assert ok.status == LeveranseStatus.SENDT
    svar = client.post(reverse("rapporter:marker_sendt", args=[stoppet.pk]), {"bekreft": "ja"})
    assert "kan ikke markeres som sendt" in svar.content.decode()
    stoppet.refresh_from_db()
    assert stoppet.status == LeveranseStatus.STOPPET


def test_nedlasting_er_avgrenset_og_logget(client, brukere, inntak, publisert):
    lev = kjor_leveranse("1L004", inntak.A, inntak.ar)
    filer = {f.skole.skolenummer: f for f in lev.filer.select_related("skole")}
    egen, annen = filer["50001"], filer["50002"]  # the school user belongs to 50001
    url = lambda f: reverse("rapporter:last_ned", args=[f.pk])  # noqa: E731
    for_antall = Innsyn.objects.filter(handling="nedlasting").count()

    # County user of the county: every file, each download audited with the number of records.
    client.force_login(brukere["A"][Rolle.LESE])
    svar = client.get(url(annen))
    assert svar.status_code == 200 and svar["X-Content-SHA256"] == annen.sha256
    assert b"".join(svar.streaming_content).decode("utf-8").startswith("skolenummer;")
    logg = Innsyn.objects.filter(handling="nedlasting").latest("tidspunkt")
    assert logg.antall == annen.antall_poster and logg.fylke == inntak.A and "1L004" in logg.hva

    # School user: its own school's file only; the other school's is 404, and so is the county page.
    client.force_login(brukere["A"][Rolle.SKOLE])
    assert client.get(url(egen)).status_code == 200
    assert client.get(url(annen)).status_code == 404
    assert client.get(reverse("rapporter:leveranse", args=[lev.pk])).status_code == 403
    tekst = client.get(reverse("rapporter:skolefiler")).content.decode()
    assert egen.navn in tekst and annen.navn not in tekst
    assert client.get(reverse("rapporter:leveranser")).status_code == 302

    # Another county: 404 for everything.
    client.force_login(brukere["B"][Rolle.FYLKESADMIN])
    assert client.get(url(egen)).status_code == 404
    assert client.get(reverse("rapporter:leveranse", args=[lev.pk])).status_code == 404
    assert Innsyn.objects.filter(handling="nedlasting").count() == for_antall + 2


def test_detaljsiden_holder_sporringsbudsjett(client, brukere, inntak, lag_soknad):
    def mal(antall_uten_onsker: int) -> int:
        for _ in range(antall_uten_onsker):
            Onske.objects.filter(soknad=lag_soknad()).delete()
        lev = kjor_leveranse("1L001", inntak.A, inntak.ar)
        client.force_login(brukere["A"][Rolle.INNTAK])
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("rapporter:leveranse", args=[lev.pk])).status_code == 200
        return len(q.captured_queries)

    assert mal(2) == mal(60) <= 14


def test_startskjemaet_for_leveransen(client, brukere, inntak):
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(reverse("kjoring_ny", args=["1L001"]))
    assert svar.status_code == 200 and "2026-2027" in svar.content.decode()
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.get(reverse("kjoring_ny", args=["1L001"])).status_code == 403
