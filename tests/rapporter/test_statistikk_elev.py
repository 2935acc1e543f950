"""The student-register key figures (rapporter.statistikk.tall_elev): the counts on small built data, the county
and school scope, the national view, the filters and the default school year; one GROUP BY each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inntak.elev.models import Elevforhold, Rett
from kodeverk import koder
from kodeverk import models as km
from rapporter.statistikk import figur
from rapporter.statistikk import tall_elev as te
from rapporter.statistikk.figur import Filter
from tests.fabrikker import PersonFactory

pytestmark = pytest.mark.django_db
AR = "2026-2027"


@pytest.fixture
def d(inntak, monkeypatch):
    """County A: skole A (ST ×4, HS ×1) and A2 (ST ×1); county B: one ST; and one in the next school year."""
    monkeypatch.setattr(te, "_idag", lambda: dt.date(2026, 12, 1))
    km.Elevstatus.objects.bulk_create([km.Elevstatus(kode=k, navn=n) for k, n in koder.ELEVSTATUS])
    status = {s.kode: s for s in km.Elevstatus.objects.all()}
    kv, po = inntak.kv, inntak.po

    def ek(skole, p, *, st="E", kp=None, ar=None, person=None):
        """Test setup only: the product writes elevkurs through the SAS import and computes them with 5A020."""
        return Elevforhold.objects.create(
            person=person or PersonFactory(fylke=skole.fylke), skole=skole, programomrade=po[p],
            skolear=ar or inntak.ar, startdato=dt.date(2026, 8, 15), elevstatus=status.get(st),
            kursprosent=None if kp is None else Decimal(kp),
        )  # fmt: skip

    a, a2, b = kv["skole_a"], kv["skole_a2"], kv["skole_b"]
    e = [
        ek(a, "ST", kp="100"),
        ek(a, "ST", kp="100"),
        ek(a, "ST", st="S", kp="40"),
        ek(a, "ST", st=None, kp="75"),
        ek(a, "HS", kp=None),
        ek(a2, "ST", kp="0"),
        ek(b, "ST", kp="120"),
        ek(a, "ST", ar=inntak.neste, kp="100"),  # next school year, after the running one
    ]
    return {"i": inntak, "e": e, "status": status, "ek": ek}


def _tall(tabell) -> dict:
    return {r[:-1]: r[-1] for r in tabell.rader}


def test_registrert():
    for kode in ("elever-per-elevstatus", "kursprosent", "brukt-rett"):
        tall = figur.hent(kode)
        assert tall.omrade == "Elever" and tall.filtre == ("skolear", "skole", "utdanningsprogram")


def test_elevstatus_fylke_og_skolear(d):
    A = d["i"].A.pk
    with CaptureQueriesContext(connection) as q:
        t = te.elever_per_elevstatus(Filter(skolear=AR, fylke_ider=(A,)))
    assert len(q.captured_queries) == 1 and "GROUP BY" in q.captured_queries[0]["sql"]
    elev, sluttet = d["status"]["E"].navn, d["status"]["S"].navn
    assert _tall(t) == {
        ("Helse- og oppvekstfag", elev): 1,
        ("Studiespesialisering", elev): 3,
        ("Studiespesialisering", sluttet): 1,
        ("Studiespesialisering", "Ikke beregnet"): 1,
    }
    assert t.diagram == "stablet" and (t.kategori_kolonne, t.serie_fra_kolonne, t.verdi_kolonne) == (0, 1, 2)
    assert AR in t.forklaring and "docs/elev.md" in t.forklaring


def test_elevstatus_nasjonalt_skole_og_program(d):
    elev = d["status"]["E"].navn
    nasjonalt = _tall(te.elever_per_elevstatus(Filter(skolear=AR)))
    assert nasjonalt[("Studiespesialisering", elev)] == 4  # county B's pupil is in the national view
    bare_b = _tall(te.elever_per_elevstatus(Filter(skolear=AR, fylke_ider=(d["i"].B.pk,))))
    assert bare_b == {("Studiespesialisering", elev): 1}
    skole = Filter(skolear=AR, fylke_ider=(d["i"].A.pk,), skole_ider=(d["i"].kv["skole_a2"].pk,))
    assert _tall(te.elever_per_elevstatus(skole)) == {("Studiespesialisering", elev): 1}
    valgt = Filter(skolear=AR, skole_id=d["i"].kv["skole_a2"].pk)
    assert _tall(te.elever_per_elevstatus(valgt)) == {("Studiespesialisering", elev): 1}
    # A school outside the user's school scope gives nothing (both restrictions hold).
    utenfor = Filter(skolear=AR, skole_ider=(d["i"].kv["skole_a"].pk,), skole_id=d["i"].kv["skole_b"].pk)
    assert te.elever_per_elevstatus(utenfor).rader == []
    hs = Filter(skolear=AR, fylke_ider=(d["i"].A.pk,), utdanningsprogram="HS")
    assert _tall(te.elever_per_elevstatus(hs)) == {("Helse- og oppvekstfag", elev): 1}


def test_standard_skolear_er_nyeste_som_har_startet(d):
    # Today 1.12.2026: 2027-2028 has data but has not started, so 2026-2027 is shown.
    t = te.elever_per_elevstatus(Filter(fylke_ider=(d["i"].A.pk,)))
    assert sum(r[-1] for r in t.rader) == 6 and "2026-2027" in t.forklaring
    assert te.valgt_skolear(Filter(skolear="2027-2028"), te.elevkurs(Filter())) == "2027-2028"
    # No data at all in the scope: the running school year.
    tom = Filter(fylke_ider=(d["i"].A.pk,), utdanningsprogram="TP")
    assert te.valgt_skolear(tom, te.elevkurs(tom)) == "2026-2027"


def test_kursprosent_baand(d):
    A = d["i"].A.pk
    with CaptureQueriesContext(connection) as q:
        t = te.kursprosent(Filter(skolear=AR, fylke_ider=(A,)))
    assert len(q.captured_queries) == 1
    assert t.rader == [
        ("Helse- og oppvekstfag", "Ukjent", 1),
        ("Studiespesialisering", "0 %", 1),
        ("Studiespesialisering", "1–49 %", 1),
        ("Studiespesialisering", "50–99 %", 1),
        ("Studiespesialisering", "100 %", 2),
    ]
    nasjonalt = _tall(te.kursprosent(Filter(skolear=AR)))
    assert nasjonalt[("Studiespesialisering", "Over 100 %")] == 1
    skole = _tall(te.kursprosent(Filter(skolear=AR, skole_ider=(d["i"].kv["skole_a2"].pk,))))
    assert skole == {("Studiespesialisering", "0 %"): 1}


def test_kursprosent_grenser(d):
    for kp in ("0.50", "49.99", "50", "99.99", "100.01"):
        d["ek"](d["i"].kv["skole_b"], "EL", kp=kp)
    t = _tall(te.kursprosent(Filter(skolear=AR, utdanningsprogram="EL")))
    assert t == {("Elektro", "1–49 %"): 2, ("Elektro", "50–99 %"): 2, ("Elektro", "Over 100 %"): 1}


def test_brukt_rett(d):
    i, e = d["i"], d["e"]

    def rett(ek, rettstype, brukt):
        Rett.objects.create(person=ek.person, skolear=i.ar, regime="ol2023", rettstype=rettstype, ar_brukt=brukt,
                            beregnet=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))  # fmt: skip

    rett(e[0], "U", 0)
    rett(e[1], "U", 0)
    rett(e[2], "V", 1)
    rett(e[3], "U", 6)  # 4+ years
    rett(e[4], "", 2)  # no right
    rett(e[6], "U", 0)  # county B
    Rett.objects.create(person=e[5].person, skolear=i.neste, regime="ol2023", rettstype="U",
                        beregnet=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))  # another year: not this one  # fmt: skip
    # A second elevkurs of the same person in the scope: the person counts once.
    d["ek"](i.kv["skole_a2"], "HS", person=e[0].person)
    with CaptureQueriesContext(connection) as q:
        t = te.brukt_rett(Filter(skolear=AR, fylke_ider=(i.A.pk,)))
    assert len(q.captured_queries) == 1 and "GROUP BY" in q.captured_queries[0]["sql"]
    assert t.rader == [
        ("0 år", "Ungdomsrett", 2),
        ("1 år", "Voksenrett", 1),
        ("2 år", "Uten rett (eller ukjent)", 1),
        ("4 år eller mer", "Ungdomsrett", 1),
        ("Ikke beregnet", "Ikke beregnet", 1),  # e[5]: its Rett is for another year
    ]
    assert _tall(te.brukt_rett(Filter(skolear=AR)))[("0 år", "Ungdomsrett")] == 3  # national: county B too
    skole = te.brukt_rett(Filter(skolear=AR, skole_ider=(i.kv["skole_a2"].pk,)))
    assert skole.rader == [("0 år", "Ungdomsrett", 1), ("Ikke beregnet", "Ikke beregnet", 1)]
    program = te.brukt_rett(Filter(skolear=AR, fylke_ider=(i.A.pk,), utdanningsprogram="HS"))
    assert program.rader == [("0 år", "Ungdomsrett", 1), ("2 år", "Uten rett (eller ukjent)", 1)]


def test_siden_viser_figuren_innenfor_brukerens_omrade(d, brukere, client):
    """Through the page (rapporter.statistikk.views): a school user and a county-B user see only their own."""
    from django.urls import reverse

    from vigo.models import Rolle

    url = reverse("rapporter:statistikk_figur", args=["elever-per-elevstatus"]) + f"?skolear={AR}"
    client.force_login(brukere["A"][Rolle.SKOLE])  # skole A: 4 ST (one without elevstatus) and 1 HS
    assert client.get(url).status_code == 200
    csv = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "Studiespesialisering;Ikke beregnet;1" in csv and "Helse- og oppvekstfag;" in csv
    client.force_login(brukere["B"][Rolle.INNTAK])  # county B: one ST pupil
    csv = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert (
        "Studiespesialisering;" in csv and "Ikke beregnet;" not in csv and "Helse- og oppvekstfag;" not in csv
    )
