"""«Min side» (/soker/): the applicant's own søknader, points, the latest published offer with svarfrist and
waitlist places – and nothing of anyone else's. Every view is audited."""

from __future__ import annotations

import datetime
import logging

import pytest

from tests.fabrikker import PersonFactory, publiser
from tests.inntak_kjoring.conftest import sett_poeng
from vigo.models import Innsyn

pytestmark = pytest.mark.django_db


def logg_inn(klient, person):
    svar = klient.post("/innlogging/soker/testid/", {"fodselsnummer": person.fodselsnummer})
    assert svar.status_code == 302, svar.content.decode()[:500]


def test_krever_innlogging(klient):
    svar = klient.get("/soker/")
    assert svar.status_code == 302 and svar["Location"] == "/innlogging/soker/"


def test_viser_egen_soknad_med_onsker_og_poeng(klient, soknad, inntak):
    sett_poeng(soknad, "43.50")
    logg_inn(klient, soknad.person)
    html = klient.get("/soker/").content.decode()
    assert "Min side" in html and soknad.person.navn in html
    assert "2026-2027" in html and "Vg1" in html
    for o in soknad.onsker.select_related("tilbud__skole", "tilbud__programomrade"):
        assert o.tilbud.programomrade.navn in html and o.tilbud.skole.navn in html
    assert "43,50" in html
    assert "Inntaket er ikke klart ennå" in html
    assert 'action="/innlogging/soker/logg-ut/"' in html and "csrfmiddlewaretoken" in html
    assert 'class="sprakvalg"' in html and "Hovedmeny" not in html  # no caseworker navigation
    assert soknad.person.fodselsnummer not in html


def test_ser_aldri_en_annens_data(klient, lag_soknad, inntak):
    min = lag_soknad()
    annen = lag_soknad(person=PersonFactory(fornavn="Annenperson", etternavn="Fremmedsen", fylke=inntak.A))
    sett_poeng(annen, "59.99")
    logg_inn(klient, min.person)
    html = klient.get("/soker/").content.decode()
    assert "Annenperson" not in html and "Fremmedsen" not in html and "59,99" not in html
    # No id in the portal's addresses: nothing to change to reach someone else.
    assert klient.get(f"/soker/?person={annen.person.pk}").content.decode().count("Annenperson") == 0
    assert klient.get(f"/soker/{annen.pk}/").status_code == 404


def test_hver_visning_logges(klient, soknad):
    logg_inn(klient, soknad.person)
    for _ in range(2):
        klient.get("/soker/")
    rader = Innsyn.objects.filter(person=soknad.person, hva="Søkerens egen side (Min side)")
    assert rader.count() == 2
    assert all(r.aktor == "søker" and r.bruker is None and r.fylke == soknad.person.fylke for r in rader)


def test_publisert_tilbud_med_svarfrist_og_venteliste(klient, lag_soknad, inntak):
    from inntak.kjoring import services

    inntak.t["st"].plasser = 1
    inntak.t["st"].save()
    forst = lag_soknad(onsker=["st", "hs", "el"])
    sist = lag_soknad(onsker=["st", "hs", "el"])
    sett_poeng(forst, "55.00")
    sett_poeng(sist, "40.00")
    # A simulation is never shown to the applicant.
    services.kjor_inntak(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=True)
    logg_inn(klient, sist.person)
    assert "Inntaket er ikke klart ennå" in klient.get("/soker/").content.decode()

    ik = services.kjor_inntak(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=False)
    publiser(ik, svarfrist=datetime.date(2026, 7, 3))
    html = klient.get("/soker/").content.decode()
    assert "Du har fått tilbud om plass i runde 1" in html
    assert inntak.t["hs"].programomrade.navn in html and "ønske nr. 2" in html
    assert "Svarfrist: 3. juli 2026" in html
    assert "Du står på venteliste" in html
    venteliste = html.split("Du står på venteliste")[1]
    assert inntak.t["st"].skole.navn in venteliste and "<td>1</td>" in venteliste


def test_ingen_fodselsnummer_eller_navn_i_loggen(klient, soknad, caplog):
    caplog.set_level(logging.DEBUG)
    logg_inn(klient, soknad.person)
    klient.get("/soker/")
    klient.post("/innlogging/soker/logg-ut/")
    tekst = "\n".join(r.getMessage() for r in caplog.records)
    assert "Søker logget inn" in tekst and "Søker logget ut" in tekst
    for verdi in (soknad.person.fodselsnummer, soknad.person.fornavn, soknad.person.etternavn):
        assert verdi not in tekst


def test_portalen_kan_byttes_til_nynorsk(klient, soknad):
    html = klient.get("/innlogging/soker/").content.decode()
    assert '<html lang="nb">' in html and "Logg inn som søker" in html
    svar = klient.post("/i18n/setlang/", {"language": "nn", "next": "/innlogging/soker/"})
    assert svar["Location"] == "/innlogging/soker/"
    assert "Logg inn som søkjar" in klient.get("/innlogging/soker/").content.decode()
    logg_inn(klient, soknad.person)
    html = klient.get("/soker/").content.decode()
    assert '<html lang="nn">' in html and "Mi side" in html and "Ønska dine" in html
