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


# --- Min side complete: grades, state of each wish, "why not wish 1?", history, guardians, query budget --------
def _karakterer(person):
    from tests.fabrikker import sett_karakterer

    rader = [{"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "4"},
             {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "5"}]  # fmt: skip
    sett_karakterer(person, rader, "import")


def test_karakterene_fra_skolen(klient, soknad):
    from kodeverk.models import Fag

    logg_inn(klient, soknad.person)
    assert "Vi har ikke fått karakterer for denne søknaden ennå." in klient.get("/soker/").content.decode()
    _karakterer(soknad.person)
    html = klient.get("/soker/").content.decode()
    karakterer = html.split("Karakterene vi har fått fra skolen", 1)[1].split("</details>", 1)[0]
    for kode in ("NOR0214", "MAT0010"):
        assert Fag.objects.get(kode=kode).navn in karakterer
    assert "<td>4</td>" in karakterer and "<td>5</td>" in karakterer
    assert "Filimport" in karakterer and "Grunnskole" in karakterer and "Standpunkt" in karakterer


@pytest.fixture
def runde(inntak, lag_soknad):
    """hs has one place: Anne (50) gets hs, wish 1; Bjørn (40) gets el, wish 2, and waits for hs."""
    from tests.inntak_kjoring.conftest import sett_poeng as poeng

    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    anne = lag_soknad(onsker=["hs", "el", "st"])
    bjorn = lag_soknad(onsker=["hs", "el", "st"])
    poeng(anne, "50.00")
    poeng(bjorn, "40.00")
    from inntak.kjoring import services

    ik = services.kjor_inntak(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=False)
    publiser(ik, svarfrist=datetime.date.today() + datetime.timedelta(days=14))
    return {"ik": ik, "anne": anne, "bjorn": bjorn}


def test_status_per_onske_og_hvorfor_ikke_forste_onske(klient, runde, inntak):
    bjorn = runde["bjorn"]
    logg_inn(klient, bjorn.person)
    html = klient.get("/soker/").content.decode()
    onsker = html.split("Ønskene dine", 1)[1].split("</ol>", 1)[0]
    rader = onsker.split("<li>")[1:]
    assert inntak.t["hs"].programomrade.navn in rader[0] and "På venteliste, nr. 1." in rader[0]
    assert inntak.t["el"].programomrade.navn in rader[1] and "Du har fått tilbud om plass her." in rader[1]
    assert "Ikke vurdert – du har fått plass på et høyere ønske." in rader[2]
    hvorfor = html.split("Hvorfor fikk jeg ikke 1. ønske?", 1)[1].split("</details>", 1)[0]
    assert "Din prioritetsgruppe er" in hvorfor and "40,00 poeng" in hvorfor
    assert "Siste som kom inn hadde gruppe" in hvorfor and "50,00 poeng" in hvorfor
    assert "Du står som nr. 1 på ventelisten." in hvorfor

    # Wish 1 given: no "why not?".
    anne = ny_klient_for(runde["anne"])
    html = anne.get("/soker/").content.decode()
    assert "Hvorfor fikk jeg ikke 1. ønske?" not in html and "Du har fått tilbud om plass her." in html


def ny_klient_for(soknad):
    from tests.portal.conftest import ny_klient

    k = ny_klient()
    logg_inn(k, soknad.person)
    return k


def test_historikk_uten_saksbehandlernes_handlinger_og_navn(klient, soknad, brukere):
    from inntak import services
    from vigo.models import Rolle

    saksbehandler = brukere["A"][Rolle.INNTAK]
    services.flytt_onske(soknad.onsker.get(nr=2), -1, bruker=saksbehandler)  # a caseworker's own step
    services.logg(soknad, "svar", "Svar registrert av søkeren i søkerportalen: Ja.", None)
    logg_inn(klient, soknad.person)
    html = klient.get("/soker/").content.decode()
    historikk = html.split("Historikk for søknaden", 1)[1].split("</details>", 1)[0]
    assert "Søknad registrert (Vg1, ORD) med 3 ønsker." in historikk
    assert historikk.index("Svar registrert av søkeren") < historikk.index(
        "Søknad registrert"
    )  # newest first
    assert "Ønske flyttet" not in historikk and saksbehandler.username not in html


def test_foresatte_far_kopi_nar_soker_er_under_18(klient, lag_soknad, inntak):
    from tests.fabrikker import syntetisk_fnr

    ung = lag_soknad()  # born 2009: under 18
    logg_inn(klient, ung.person)
    assert (
        "Foresatte får kopi av brevene vi sender deg om søknaden." in klient.get("/soker/").content.decode()
    )
    voksen = lag_soknad(person=PersonFactory(fylke=inntak.A, fodselsnummer=syntetisk_fnr(datetime.date(2000, 1, 1))),
                        rettstatus="uten_rett")  # fmt: skip
    html = ny_klient_for(voksen).get("/soker/").content.decode()
    assert "Foresatte får kopi" not in html


def test_lenker_og_inkluderinger(klient, soknad):
    logg_inn(klient, soknad.person)
    html = klient.get("/soker/").content.decode()
    assert f'href="/soker/soknad/{soknad.pk}/dokumentasjon/"' in html
    assert "Søk om fortrinnsrett eller individuell behandling" in html
    assert html.count("<details") >= 2


def test_antall_sporringer_er_begrenset(klient, runde, django_assert_max_num_queries):
    from inntak import services

    bjorn = runde["bjorn"]
    _karakterer(bjorn.person)
    for i in range(5):  # more history rows cost no more queries
        services.logg(bjorn, "svar", f"Hendelse {i}.", None)
    logg_inn(klient, bjorn.person)
    klient.get("/soker/")  # warm caches (session, parameters)
    # 16 for a published round with waitlists, grades and "why not wish 1?": session, person, søknader with a
    # count of documents, wishes, history, requests, grades (read once: the points explanation reuses them), the
    # tildeling with its round (without the round's stored data), waitlist, answer, the run's explanation, the
    # answer service's open-round check, the county's «inntak» parameters once for the answer state and once for
    # the deadline, the audit row and the open school years. Whatever the number of rows.
    with django_assert_max_num_queries(16):
        svar = klient.get("/soker/")
    assert svar.status_code == 200 and "Hvorfor fikk jeg ikke 1. ønske?" in svar.content.decode()


def test_poengforklaringen_er_saksbehandlerens(soknad):
    """The page explains the points from the grades it read once (in subject-name order): the same result,
    line by line, as ``inntak.selectors.forklar_poeng`` (the rules' input order)."""
    from inntak.portal import selectors
    from inntak.selectors import forklar_poeng
    from tests.fabrikker import sett_karakterer

    rader = [{"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "4"},
             {"fag": "NOR0214", "vurdering": "eksamen_skriftlig", "karakter": "3"},
             {"fag": "NOR0215", "vurdering": "standpunkt", "karakter": "5"},
             {"fag": "KRO0020", "vurdering": "standpunkt", "karakter": "D"},
             {"fag": "MHE0010", "vurdering": "standpunkt", "karakter": "B"},
             {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "5"},
             {"fag": "MAT0010", "vurdering": "eksamen_muntlig", "karakter": "6"}]  # fmt: skip
    sett_karakterer(soknad.person, rader, "import")
    sett_poeng(soknad, "40.00")
    (v,) = selectors.min_side(soknad.person)
    assert v.forklaring is not None and v.forklaring == forklar_poeng(soknad)
