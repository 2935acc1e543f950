"""Scoping of Person at national scale: the county and school links are indexable branches, not a LEFT JOIN with
OR across tables; the visible rows are the same as before; the person list has a fixed query budget."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inntak.elev.models import Elevforhold
from tests.fabrikker import PersonFactory
from vigo.models import Person, Rolle
from vigo.scoping import avgrens

pytestmark = pytest.mark.django_db

# Budgets with the page frame (session, user, permissions, the audit row). A search that lands on one person
# also finds and links that person in the audit log.
BUDSJETT_LISTE = 9  # measured 7 (county and school user)
BUDSJETT_SOK = 12  # measured 10 (county) and 11 (school)


def _sql(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as c:
        return c.mogrify(sql, params).decode()


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as c:
        # Off: a sequential scan is then chosen only where no index can answer the condition.
        c.execute("SET LOCAL enable_seqscan = off")
        c.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in c.fetchall())
        c.execute("SET LOCAL enable_seqscan = on")
    return plan


@pytest.fixture
def omfang(inntak, brukere, lag_soknad):
    """A: own person, own applicant, a gjesteelev (owned by B, applying in A), a pupil at school A.
    B: a person of its own. The school user of A belongs to inntak.t["st"]'s school."""
    skole_a = inntak.t["st"].skole
    p = {
        "egen": PersonFactory(fylke=inntak.A, etternavn="Egen"),
        "soker": PersonFactory(fylke=inntak.A, etternavn="Soker"),
        "gjest": PersonFactory(fylke=inntak.B, etternavn="Gjest"),
        "elev": PersonFactory(fylke=inntak.A, etternavn="Elev"),
        "annen": PersonFactory(fylke=inntak.B, etternavn="Annen"),
    }
    lag_soknad(person=p["soker"])
    lag_soknad(person=p["gjest"])
    Elevforhold.objects.create(person=p["elev"], skole=skole_a, programomrade=inntak.t["st"].programomrade,
                               skolear=inntak.ar, startdato=inntak.ar.startdato)  # fmt: skip
    skolebruker = brukere["A"][Rolle.SKOLE]
    skolebruker.skole = skole_a
    skolebruker.save()
    return p


def test_fylket_ser_egne_og_gjesteelever(omfang, brukere):
    synlige = set(avgrens(Person.objects.all(), brukere["A"][Rolle.INNTAK]))
    assert synlige == {omfang[n] for n in ("egen", "soker", "gjest", "elev")}
    # Exactly once each: the count (what the paginator shows) equals the rows.
    assert avgrens(Person.objects.all(), brukere["A"][Rolle.INNTAK]).count() == 4
    assert set(avgrens(Person.objects.all(), brukere["B"][Rolle.INNTAK])) == {
        omfang["gjest"],
        omfang["annen"],
    }


def test_skolen_ser_sine_sokere_og_elever(omfang, brukere):
    synlige = set(avgrens(Person.objects.all(), brukere["A"][Rolle.SKOLE]))
    assert synlige == {omfang["soker"], omfang["gjest"], omfang["elev"]}
    assert avgrens(Person.objects.all(), brukere["A"][Rolle.SKOLE]).count() == 3
    assert not avgrens(Person.objects.all(), brukere["B"][Rolle.SKOLE]).exists()


def test_fylkets_sql_har_ingen_left_join_med_or(omfang, brukere):
    sql = _sql(avgrens(Person.objects.all(), brukere["A"][Rolle.INNTAK]))
    assert "LEFT OUTER JOIN" not in sql
    assert "JOIN" not in sql  # the søknad link is its own subquery on inntak_soknad, not a join from Person
    assert "= ANY(ARRAY(SELECT" in sql and "inntak_soknad" in sql
    skole = _sql(avgrens(Person.objects.all(), brukere["A"][Rolle.SKOLE]))
    assert "LEFT OUTER JOIN" not in skole
    # The school's links (elevforhold, wishes at the school) are lists; the county's gjesteelev link is checked per
    # row of those few thousand (EXISTS), not computed as the county's whole list for every query of the page.
    assert skole.count("= ANY(ARRAY(SELECT") == 2
    assert 'EXISTS(SELECT 1 AS "a" FROM "inntak_soknad"' in skole


def test_fylkets_og_skolens_omfang_besvares_fra_indekser(omfang, brukere):
    """With sequential scans priced out, no table of the scope needs one: every branch has an index."""
    for bruker in (brukere["A"][Rolle.INNTAK], brukere["A"][Rolle.SKOLE]):
        qs = avgrens(Person.objects.all(), bruker)
        for variant in (qs.order_by(), qs[:50], qs.order_by("pk")[:101]):
            plan = _plan(variant)
            assert "Seq Scan" not in plan, plan
    plan = _plan(avgrens(Person.objects.all(), brukere["A"][Rolle.INNTAK]).order_by())
    # The søknad branch is read by an index on the county (soknad_fylke_person, or the plain fylke_id index the
    # planner may prefer on a tiny table: either is an index, which is the point), the person branch by its own.
    assert re.search(r"Index (Only )?Scan using \S+ on inntak_soknad", plan), plan
    assert "person_fylke_id" in plan, plan


def test_navnesok_bruker_fulltekstindeksen(omfang):
    """The search expression is the indexed one: without scoping (whose own indexes the planner may prefer on a tiny
    table), the only way to avoid a sequential scan is the full-text index."""
    from vigo.selectors import NAVNEVEKTOR, navnesporring

    plan = _plan(
        Person.objects.annotate(navnesok=NAVNEVEKTOR).filter(navnesok=navnesporring("Gjest")).order_by()
    )
    assert "person_navnesok" in plan, plan


def test_navnesok_pa_ordbegynnelser(inntak, brukere):
    from vigo.selectors import sok_personer

    ola = PersonFactory(fylke=inntak.A, fornavn="Ola", mellomnavn="", etternavn="Hansen")
    anne = PersonFactory(fylke=inntak.A, fornavn="Anne-Lise", mellomnavn="Øyen", etternavn="Ødegård")
    bruker = brukere["A"][Rolle.INNTAK]

    def finner(q):
        return set(sok_personer(bruker, q).values_list("pk", flat=True)) & {ola.pk, anne.pk}

    assert finner("ol han") == {ola.pk} and finner("HANSEN") == {ola.pk}
    assert finner("anne-lise") == {anne.pk} and finner("lise") == {anne.pk} and finner("ødeg") == {anne.pk}
    assert finner("øyen ødegård") == {anne.pk}
    assert finner("sen") == set()  # a word must begin a name: "sen" is inside "Hansen"
    assert finner("ola ødegård") == set()  # every word must match the same person
    assert sok_personer(bruker, "'; -- ").count() == 0  # punctuation only: no query, no error


def test_navnesok_sortert_pa_navn_og_stabilt(inntak, brukere):
    """Name order, then id among equal names (pages do not overlap); sorted on an expression, so the planner takes
    the matches from the full-text index instead of walking the name index (a surname search would read every name
    before it: 400 ms on 600 000 persons, see ``make bench``)."""
    from vigo.selectors import sok_personer

    like = [PersonFactory(fylke=inntak.A, fornavn="Ola", mellomnavn="", etternavn="Hansen") for _ in range(3)]
    berg = PersonFactory(fylke=inntak.A, fornavn="Ola", mellomnavn="", etternavn="Berg")
    aase = PersonFactory(fylke=inntak.A, fornavn="Aase", mellomnavn="", etternavn="Hansen")
    qs = sok_personer(brukere["A"][Rolle.INNTAK], "ola")
    assert list(qs.values_list("pk", flat=True)) == [berg.pk] + sorted(p.pk for p in like)
    assert list(sok_personer(brukere["A"][Rolle.INNTAK], "hansen").values_list("pk", flat=True)) == [
        aase.pk
    ] + sorted(p.pk for p in like)
    sql = _sql(qs)
    assert 'ORDER BY "vigo_person"."etternavn"' not in sql and "ORDER BY" in sql


@pytest.mark.parametrize("rolle", [Rolle.INNTAK, Rolle.SKOLE])
@pytest.mark.parametrize("sok", ["", "Gjest", "fnr"])
def test_personlisten_har_fast_sporringsbudsjett(client, omfang, brukere, inntak, rolle, sok):
    """The same number of queries with 5 and with 30 persons in scope (no query per person or per link)."""
    sok = omfang["gjest"].fodselsnummer if sok == "fnr" else sok
    client.force_login(brukere["A"][rolle])
    url = reverse("person_liste")
    client.get(url, {"q": sok})  # warm-up (session, permissions cache)
    with CaptureQueriesContext(connection) as lite:
        assert client.get(url, {"q": sok}).status_code == 200
    for i in range(25):
        PersonFactory(fylke=inntak.A, etternavn=f"Ny{i}")
    with CaptureQueriesContext(connection) as mange:
        svar = client.get(url, {"q": sok})
    assert svar.status_code == 200 and ("Gjest" in svar.content.decode() or rolle == Rolle.SKOLE and not sok)
    assert len(lite) <= (BUDSJETT_SOK if sok else BUDSJETT_LISTE), [q["sql"] for q in lite.captured_queries]
    assert len(mange) == len(lite), [q["sql"] for q in mange.captured_queries]


def test_api_personliste_har_fast_sporringsbudsjett(client, omfang, brukere, inntak):
    client.force_login(brukere["A"][Rolle.INNTAK])
    client.get("/api/v1/personer/")
    with CaptureQueriesContext(connection) as lite:
        assert client.get("/api/v1/personer/").status_code == 200
    for _ in range(25):
        PersonFactory(fylke=inntak.A)
    with CaptureQueriesContext(connection) as mange:
        svar = client.get("/api/v1/personer/")
    assert len(svar.json()["results"]) == 29
    assert len(mange) == len(lite) <= BUDSJETT_LISTE, [q["sql"] for q in mange.captured_queries]
