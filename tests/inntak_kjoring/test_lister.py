"""The intake lists that can grow (issue 10 item 4): paged 50 at a time with «Viser 1–50 av 1 040», filtered and
sorted in the database, never silently cut, scoped to the user's county and school, with a bounded number of
queries whatever the size, and never reading a run's snapshot or result JSON."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.db.models import DurationField, ExpressionWrapper, F, Value
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inntak import filtre, tabeller
from inntak.kjoring import lister
from inntak.kjoring.lagring import oppdater_statistikk
from inntak.models import Inntakskjoring, Onske, Poenggrense, Soknad, Svar, Tilbud, Tildeling, Venteliste
from kodeverk import models as km
from vigo.fodselsnummer import lag_syntetisk
from vigo.models import Innsyn, Person, Rolle

pytestmark = pytest.mark.django_db
NBSP = "\xa0"
MAKS_SPORRINGER = 20


# --- Data: bulk rows, so a list of a thousand rows costs a handful of inserts -------------------------------------
def _personer(n: int, fylke) -> list[Person]:
    personer, brukt = [], set()
    dag, individ = datetime.date(2010, 1, 1), 500
    while len(personer) < n:
        nr = lag_syntetisk(dag, individ)
        individ += 1
        if individ > 999:
            dag, individ = dag + datetime.timedelta(days=1), 500
        if nr is None or nr in brukt:
            continue
        brukt.add(nr)
        i = len(personer)
        personer.append(Person(fodselsnummer=nr, fodselsdato=dag, fornavn="Test", etternavn=f"Søker{i:04d}",
                               fylke=fylke))  # fmt: skip
    return Person.objects.bulk_create(personer)


def _kjoring(inntak, *, runde: int = 1, publisert: bool = True, **kw) -> Inntakskjoring:
    return Inntakskjoring.objects.create(
        fylke=kw.pop("fylke", inntak.A), skolear=kw.pop("skolear", inntak.ar), niva=kw.pop("niva", "VG1"),
        runde=runde, simulering=not publisert, publisert=publisert, seed=1, regelsett="test",
        snapshot={"format": "inntak-snapshot/1"}, resultat={"format": "inntak-resultat/1"}, resultat_sha256="",
        **kw,
    )  # fmt: skip


def lag_runde(inntak, n: int, tilbud=("st", "st2")) -> tuple[Inntakskjoring, list[Soknad]]:
    """A published round where ``n`` søkere got a new offer (all must answer), the tilbud taken in turn;
    ``st`` is at Charlottenlund vgs, ``st2`` at Byåsen vgs."""
    ik = _kjoring(inntak)
    kat = km.Behandlingskategori.objects.get(kode="ORD")
    personer = _personer(n, inntak.A)
    soknader = Soknad.objects.bulk_create(
        [Soknad(person=p, skolear=inntak.ar, fylke=inntak.A, hjemfylke=inntak.A, niva="VG1",
                rettstatus="ungdomsrett", behandlingskategori=kat) for p in personer]
    )  # fmt: skip
    valgt = [inntak.t[tilbud[i % len(tilbud)]] for i in range(n)]
    Onske.objects.bulk_create([Onske(soknad=s, tilbud=t, nr=1) for s, t in zip(soknader, valgt, strict=True)])
    Tildeling.objects.bulk_create(
        [Tildeling(inntakskjoring=ik, soknad=s, tilbud=t, onske_nr=1, runde=1)
         for s, t in zip(soknader, valgt, strict=True)]
    )  # fmt: skip
    Poenggrense.objects.bulk_create(
        [Poenggrense(inntakskjoring=ik, tilbud=t, runde=1, status="poeng", poeng="40.00", plasser=t.plasser,
                     antall_tildelt=valgt.count(t)) for t in Tilbud.objects.filter(fylke=inntak.A)]
    )  # fmt: skip
    # As the run's own writing does (lagring.skriv_rader), and as autovacuum keeps the søknad and person tables in a
    # running database: statistics for the rows just written, so the plan does not depend on stale ones.
    oppdater_statistikk(Tildeling, Poenggrense, Soknad, Onske, Person)
    return ik, soknader


def _rader(html: str) -> list[str]:
    """The applicant names in the answer table, in order."""
    return re.findall(r'#plassering-tittel">([^<]+)</a>', html)


def _uten_json(queries) -> None:
    for q in queries:
        sql = q["sql"]
        assert '"inntak_inntakskjoring"."snapshot"' not in sql, sql
        assert '"inntak_inntakskjoring"."resultat"' not in sql, sql


@pytest.fixture
def inntaksbruker(brukere, client):
    client.force_login(brukere["A"][Rolle.INNTAK])
    return brukere["A"][Rolle.INNTAK]


# --- 1. Answers: all who must answer, paged -------------------------------------------------------------------
def test_svarlisten_viser_alle_over_500_med_antall_og_sider(inntak, inntaksbruker, client):
    ik, soknader = lag_runde(inntak, 1040)
    url = reverse("inntak:ik_svar", args=[ik.pk])
    html = client.get(url).content.decode()
    assert f"Viser 1–50 av 1{NBSP}040" in html
    rader = _rader(html)
    assert len(rader) == 50 and rader[0] == "Søker0000, Test"
    assert '<nav aria-label="Sider"' in html
    # Page 2 and the last page (past the old cut at 500)
    html = client.get(url, {"side": 2}).content.decode()
    assert f"Viser 51–100 av 1{NBSP}040" in html and _rader(html)[0] == "Søker0050, Test"
    html = client.get(url, {"side": 21}).content.decode()
    assert f"Viser 1{NBSP}001–1{NBSP}040 av 1{NBSP}040" in html
    assert _rader(html)[-1] == "Søker1039, Test"
    assert Innsyn.objects.filter(hva__contains=f"Inntakskjøring {ik.pk}").order_by("pk").last().antall == 40
    # A page past the end shows the last page; nonsense shows the first
    assert "Søker1039, Test" in client.get(url, {"side": 99}).content.decode()
    assert "Søker0000, Test" in client.get(url, {"side": "x"}).content.decode()


def test_svarlisten_filtrerer_teller_og_sorterer(inntak, inntaksbruker, client):
    ik, soknader = lag_runde(inntak, 120)
    Svar.objects.bulk_create(
        [Svar(inntakskjoring=ik, soknad=s, svar="ja") for s in soknader[:30]]
        + [Svar(inntakskjoring=ik, soknad=s, svar="nei") for s in soknader[30:40]]
        + [Svar(inntakskjoring=ik, soknad=s, unntak=True, unntak_begrunnelse="Svar per post") for s in soknader[40:45]]
    )  # fmt: skip
    Venteliste.objects.create(
        inntakskjoring=ik, tilbud=inntak.t["st2"], soknad=soknader[100], plass=1, onske_nr=1
    )
    url = reverse("inntak:ik_svar", args=[ik.pk])

    def antall(**params) -> str:
        html = client.get(url, params).content.decode()
        return re.search(r"Viser \S+ av (\d[\d\xa0]*)|Ingen treff", html).group(1) or "0"

    html = client.get(url).content.decode()
    # The counts at the top: every status, each a link to its filter
    assert re.search(r'<dt>Ja</dt><dd><a href="\?status=ja">30</a>', html)
    assert re.search(r'<dt>Ikke besvart</dt><dd><a href="\?status=ikke_besvart">80</a>', html)
    assert re.search(r'<dt>Unntak fra svarfristen</dt><dd><a href="\?status=unntak">5</a>', html)
    assert "Svar per post" in html  # the exemption is shown in its row
    assert antall() == "80"  # default: not answered yet
    assert antall(status="") == "120"  # «Alle»
    assert antall(status="ja") == "30" and antall(status="nei") == "10" and antall(status="unntak") == "5"
    assert antall(status="", tilbud=inntak.t["st2"].pk) == "61"  # 60 offered + one on its waitlist
    assert antall(status="", skole=inntak.kv["skole_a"].pk) == "60"
    assert antall(status="", q="søker0007") == "1"
    person = soknader[7].person
    assert antall(status="", q=person.fodselsnummer) == "1"
    assert antall(status="", q=person.fodselsnummer[:6] + " " + person.fodselsnummer[6:]) == "1"
    assert antall(status="", tilbud=inntak.t["b_st"].pk) == "120"  # another county's tilbud: refused, ignored
    # Sorting by name and by tilbud (Byåsen before Charlottenlund), both ways
    assert (
        _rader(client.get(url, {"status": "", "sorter": "-soker"}).content.decode())[0] == "Søker0119, Test"
    )
    html = client.get(url, {"status": "", "sorter": "tilbud"}).content.decode()
    assert _rader(html)[0] == "Søker0001, Test" and 'aria-sort="ascending"' in html
    html = client.get(url, {"status": "", "sorter": "-tilbud"}).content.decode()
    assert _rader(html)[0] == "Søker0118, Test" and 'aria-sort="descending"' in html  # every key reversed


def test_svarlisten_skolebruker_ser_bare_egne_sokere(inntak, brukere, client):
    ik, _ = lag_runde(inntak, 120)
    skole = brukere["A"][Rolle.SKOLE]  # Charlottenlund: the søkere on "st"
    rader = lister.svarliste(ik, skole)
    assert rader.count() == 60 and not rader.exclude(tilbud__skole=inntak.kv["skole_a"]).exists()
    assert lister.svartelling(rader)["alle"] == 60
    filtersett = filtre.SvarFilter({"status": ""}, rader, ik=ik, bruker=skole)
    assert list(filtersett.form.fields["skole"].queryset) == [inntak.kv["skole_a"]]
    assert {t.skole_id for t in filtersett.form.fields["tilbud"].queryset} == {inntak.kv["skole_a"].pk}
    assert lister.svarliste(ik, brukere["B"][Rolle.INNTAK]).count() == 0
    # A run is county-wide: school users do not open its pages
    client.force_login(skole)
    assert client.get(reverse("inntak:ik_svar", args=[ik.pk])).status_code == 404


def test_svarlisten_har_fast_antall_sporringer_og_leser_ikke_json(
    inntak, inntaksbruker, client, django_assert_max_num_queries
):
    ik, _ = lag_runde(inntak, 1040)
    url = reverse("inntak:ik_svar", args=[ik.pk])
    with django_assert_max_num_queries(MAKS_SPORRINGER):
        client.get(url, {"status": "", "sorter": "tilbud", "side": 3})
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, {"status": "", "tilbud": inntak.t["st"].pk, "q": "søker"})
    _uten_json(ctx.captured_queries)


# --- 2. Intake runs ---------------------------------------------------------------------------------------------
def test_kjoringslisten_viser_over_200_kjoringer_med_sider_og_filtre(
    inntak, inntaksbruker, client, django_assert_max_num_queries
):
    for i in range(230):
        publisert = i < 3
        _kjoring(inntak, runde=i % 3 + 1 if publisert else 1 + i % 4, publisert=publisert,
                 niva="VG2" if i % 5 == 0 else "VG1", skolear=inntak.neste if i % 2 else inntak.ar)  # fmt: skip
    start = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    minutter = ExpressionWrapper(F("id") * Value(datetime.timedelta(minutes=1)), output_field=DurationField())
    Inntakskjoring.objects.update(opprettet=Value(start) + minutter)  # distinct times, in id order
    forste, siste = (
        Inntakskjoring.objects.order_by("pk").first(),
        Inntakskjoring.objects.order_by("pk").last(),
    )
    url = reverse("inntak:ik_liste")
    html = client.get(url).content.decode()
    assert "Viser 1–50 av 230" in html and f"#{siste.pk}<" in html  # newest first
    with django_assert_max_num_queries(MAKS_SPORRINGER), CaptureQueriesContext(connection) as ctx:
        html = client.get(url, {"side": 5}).content.decode()
    _uten_json(ctx.captured_queries)
    assert "Viser 201–230 av 230" in html and f"#{forste.pk}<" in html
    assert html.count('<th scope="row"') == 30
    # Oldest first
    html = client.get(url, {"sorter": "opprettet"}).content.decode()
    assert html.index(f"#{forste.pk}<") < html.index(f"#{forste.pk + 1}<")

    def antall(**params) -> str:
        return re.search(r"Viser \S+ av (\d+)", client.get(url, params).content.decode()).group(1)

    assert antall(skolear=inntak.neste.kode) == "115"
    assert antall(niva="VG2") == "46"
    assert antall(type="inntak") == "3" and antall(publisert="ja") == "3"
    assert antall(type="provinntak") == "227" and antall(publisert="nei") == "227"
    assert antall(type="provinntak", runde=2) == str(len([i for i in range(3, 230) if 1 + i % 4 == 2]))


def test_kjoringslisten_viser_ikke_andre_fylker(inntak, brukere, client):
    _kjoring(inntak, fylke=inntak.B, publisert=False)
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert "Ingen treff" in client.get(reverse("inntak:ik_liste")).content.decode()


# --- 3. Per tilbud on the run page ------------------------------------------------------------------------------
@pytest.fixture
def mange_tilbud(inntak):
    """70 extra Vg1 tilbud (35 per school in county A) with thresholds in a published run."""
    up = km.Utdanningsprogram.objects.create(kode="XX", navn="Xylofonfag")
    skoler = [inntak.kv["skole_a"], inntak.kv["skole_a2"]]
    nye = []
    for i in range(70):
        po = km.Programomrade.objects.create(kode=f"XX{i:03d}1---", navn=f"Programområde {i:03d}", niva="VG1",
                                             utdanningsprogram=up if i < 10 else None)  # fmt: skip
        nye.append(
            Tilbud(fylke=inntak.A, skole=skoler[i % 2], programomrade=po, skolear=inntak.ar, plasser=10 + i)
        )
    Tilbud.objects.bulk_create(nye)
    ik = _kjoring(inntak)
    grenser = []
    for t in Tilbud.objects.filter(fylke=inntak.A, skolear=inntak.ar):
        i = int(t.programomrade.navn[-3:]) if t.programomrade.navn[-3:].isdigit() else 100
        grenser.append(Poenggrense(
            inntakskjoring=ik, tilbud=t, runde=1, plasser=t.plasser,
            status="poeng" if i % 3 else "alle_inntatt", poeng=f"{30 + i % 20}.50" if i % 3 else None,
            antall_tildelt=t.plasser if i % 4 == 0 else 1, antall_venteliste=5 if i % 7 == 0 else 0,
        ))  # fmt: skip
    Poenggrense.objects.bulk_create(grenser)
    return ik


def test_tilbudstabellen_pa_kjoringssiden_har_sider_filtre_og_sortering(
    inntak, mange_tilbud, inntaksbruker, client, django_assert_max_num_queries
):
    ik = mange_tilbud
    url = reverse("inntak:ik_detalj", args=[ik.pk])
    alle = Poenggrense.objects.filter(inntakskjoring=ik)
    html = client.get(url).content.decode()
    assert f"Viser 1–50 av {alle.count()}" in html and 'id="tilbudstabell"' in html
    assert 'hx-select="#tilbudsomrade"' in html and '<nav aria-label="Sider"' in html
    assert html.count('<th scope="row"') == 50
    assert (
        "Charlottenlund vgs" in html and 'title="XX0011---">Programområde 001</a>' in html
    )  # name, code as title
    html = client.get(url, {"side": 2}).content.decode()
    assert f"Viser 51–{alle.count()} av {alle.count()}" in html

    def antall(**params) -> int:
        html = client.get(url, params).content.decode()
        funnet = re.search(r"Viser \S+ av (\d+)", html)
        return int(funnet.group(1)) if funnet else 0

    assert antall(skole=inntak.kv["skole_a2"].pk) == alle.filter(tilbud__skole=inntak.kv["skole_a2"]).count()
    assert antall(q="xylofon") == 10  # utdanningsprogram name
    assert antall(q="Programområde 01") == 11  # programområde name: 001 and 010–019
    assert antall(status="alle_inntatt") == alle.filter(status="alle_inntatt").count()
    assert antall(fulle="on") == alle.filter(antall_tildelt__gte=F("plasser")).count()
    assert antall(venteliste="on") == alle.filter(antall_venteliste__gt=0).count()
    # Sort by places, both ways; a htmx request gets the same page (the client picks the section)
    html = client.get(url, {"sorter": "-plasser"}, headers={"HX-Request": "true"}).content.decode()
    assert "Programområde 069" in html.split("</tr>")[1]
    plasser = [int(p) for p in re.findall(r'<td class="tall">(\d+)</td>', client.get(url, {"sorter": "plasser"})
               .content.decode().split('id="tilbudstabell"')[1])[::3]]  # fmt: skip
    assert plasser == sorted(plasser)
    poeng = client.get(url, {"sorter": "-poeng", "status": "poeng"}).content.decode()
    assert "49,50" in poeng.split("</tr>")[1]
    with django_assert_max_num_queries(MAKS_SPORRINGER + 10), CaptureQueriesContext(connection) as ctx:
        client.get(url, {"sorter": "tildelt", "side": 2, "q": "programområde"})
    _uten_json([q for q in ctx.captured_queries if "inntak_poenggrense" in q["sql"]])


def test_tilbudstabellen_skolebruker_ser_bare_egen_skole(inntak, mange_tilbud, brukere):
    skole = brukere["A"][Rolle.SKOLE]
    request = RequestFactory().get("/", {"side": 2})
    request.user = skole
    tabell = tabeller.tilbudstabell(request, mange_tilbud)
    egne = Poenggrense.objects.filter(inntakskjoring=mange_tilbud, tilbud__skole=inntak.kv["skole_a"]).count()
    assert tabell.paginator.count == egne and egne < mange_tilbud.poenggrenser.count()
    assert {g.tilbud.skole_id for g in tabell.page.object_list.data} == {inntak.kv["skole_a"].pk}
    assert list(tabell.filtersett.form.fields["skole"].queryset) == [inntak.kv["skole_a"]]


# --- 4. Klasseordning ---------------------------------------------------------------------------------------------
def test_tilbudslisten_har_sider_filtre_og_sortering(
    inntak, mange_tilbud, inntaksbruker, client, django_assert_max_num_queries
):
    url = reverse("inntak:tilbud_liste")
    skolear = {"skolear": inntak.ar.kode}
    i_fylket = Tilbud.objects.filter(fylke=inntak.A, skolear=inntak.ar)
    html = client.get(url, skolear).content.decode()
    assert f"Viser 1–50 av {i_fylket.count()}" in html
    assert "Oslo katedralskole" not in html and "Charlottenlund vgs" in html
    assert '<input type="hidden" name="skolear" value="2026-2027">' in html

    def antall(**params) -> int:
        html = client.get(url, {**skolear, **params}).content.decode()
        funnet = re.search(r"Viser \S+ av (\d+)", html)
        return int(funnet.group(1)) if funnet else 0

    assert antall(skole=inntak.kv["skole_a2"].pk) == i_fylket.filter(skole=inntak.kv["skole_a2"]).count()
    up = km.Utdanningsprogram.objects.get(kode="XX")
    assert antall(utdanningsprogram=up.pk) == 10
    assert antall(niva="VG2") == 1 and antall(niva="VG3") == 1
    Tilbud.objects.filter(pk=inntak.t["hs"].pk).update(status="stengt")
    assert antall(status="stengt") == 1
    assert antall(q="område 069") == 1 and antall(q="byåsen programområde") == 35
    html = client.get(url, {**skolear, "sorter": "-plasser"}).content.decode()
    assert "Programområde 069" in html.split("<tbody>")[1].split("</tr>")[0]
    with django_assert_max_num_queries(MAKS_SPORRINGER):
        client.get(url, {**skolear, "side": 2, "sorter": "antall_sokere"})


def test_tilbudslisten_skolebruker_ser_bare_egen_skole(inntak, mange_tilbud, brukere, client):
    client.force_login(brukere["A"][Rolle.SKOLE])
    html = client.get(reverse("inntak:tilbud_liste"), {"skolear": inntak.ar.kode}).content.decode()
    egne = Tilbud.objects.filter(skole=inntak.kv["skole_a"], skolear=inntak.ar).count()
    assert f"av {egne}" in html and "Byåsen vgs" not in html


# --- 5. Applicant search: already paged with a count ----------------------------------------------------------
def test_sokersoket_har_sider_og_antall(inntak, inntaksbruker, client):
    lag_runde(inntak, 120)
    url = reverse("inntak:sok")
    html = client.get(url, {"skolear": inntak.ar.kode, "q": "Test"}).content.decode()
    assert "120 søknader" in html and '<nav aria-label="Sider"' in html
    html = client.get(url, {"skolear": inntak.ar.kode, "q": "Test", "side": 3}).content.decode()
    assert "Side 3 av 3" in html and "Søker0119" in html


def test_tall_med_mellomrom():
    assert (
        tabeller.tall(7996) == f"7{NBSP}996"
        and tabeller.tall(12) == "12"
        and tabeller.tall(1234567) == f"1{NBSP}234{NBSP}567"
    )


# --- htmx: paging and filtering swap only the list; the row links still navigate -------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tilbudstabellen_bytter_bare_tabellen_i_nettleseren(
    live_server, logg_inn, brukere, inntak, mange_tilbud
):
    from playwright.sync_api import expect

    side = logg_inn(brukere["A"][Rolle.INNTAK])
    side.goto(f"{live_server.url}{reverse('inntak:ik_detalj', args=[mange_tilbud.pk])}")
    omrade = side.locator("#tilbudsomrade")
    expect(omrade).to_contain_text("Viser 1–50 av 79")
    side.evaluate("document.querySelector('h1').dataset.merke = 'samme side'")  # gone after a full page load
    omrade.get_by_role("navigation", name="Sider").get_by_role("link", name="Neste").click()
    expect(omrade).to_contain_text("Viser 51–79 av 79")
    assert side.evaluate("document.querySelector('h1').dataset.merke") == "samme side"
    assert "side=2" in side.url
    omrade.get_by_label("Skole").select_option(label="Byåsen vgs")
    omrade.get_by_role("button", name="Vis").click()
    expect(omrade).to_contain_text("Viser 1–38 av 38")
    omrade.get_by_role("columnheader", name="Plasser").get_by_role("link").click()
    expect(omrade.get_by_role("columnheader", name="Plasser")).to_have_attribute("aria-sort", "ascending")
    assert side.evaluate("document.querySelector('h1').dataset.merke") == "samme side"
    omrade.get_by_role("link", name="Programområde 069").click()
    expect(side.get_by_role("heading", level=2, name="Venteliste")).to_be_visible()
