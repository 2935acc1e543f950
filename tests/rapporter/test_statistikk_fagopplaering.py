"""The fagopplæring key figures (rapporter.statistikk.tall_fagopplaering): contracts løpende per lærefag,
formidlingsgrad and prøver, on small built data; the county scope (the row's owner), the national view, the
utdanningsprogram filter, school filters giving nothing, and one GROUP BY per figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fagopplaering.models import Avslutningskode, Formidling, Kontrakt, Prove
from rapporter.statistikk import figur
from rapporter.statistikk import tall_fagopplaering as tf
from rapporter.statistikk.figur import Filter
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import lag_avbrudd, lag_bedrift, lag_fagkodeverk, lag_kontrakt

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fag(kodeverk, monkeypatch):
    monkeypatch.setattr(tf, "_idag", lambda: D(2026, 12, 1))
    return {**kodeverk, **lag_fagkodeverk(), "bedrift": lag_bedrift()}


def _kontrakt(fag, fylke, laerefag, fra, *, person=None, **kw):
    """Test setup only: the product writes contracts through fagopplaering.services.kontrakt."""
    return lag_kontrakt(
        person or PersonFactory(fylke=fylke), fylke, fag["bedrift"], fag[laerefag], fra=fra, **kw
    )


def test_registrert_med_tillatelse():
    for kode, tillatelse in (("kontrakter-lopende", "fagopplaering.view_kontrakt"),
                             ("formidlingsgrad", "fagopplaering.view_formidling"),
                             ("prover-per-ar", "fagopplaering.view_prove"),
                             ("prover-per-laerefag", "fagopplaering.view_prove")):  # fmt: skip
        tall = figur.hent(kode)
        assert tall.omrade == "Fagopplæring" and tall.tillatelse == tillatelse
        assert "skole" not in tall.filtre  # not per school


# --- Lærekontrakter løpende ----------------------------------------------------------------------------------------
@pytest.fixture
def kontrakter(fag):
    a, b = fag["A"], fag["B"]
    _kontrakt(fag, a, "elektriker", D(2025, 8, 15))
    _kontrakt(fag, a, "elektriker", D(2025, 8, 15), type_kode="OK")  # lærekandidat
    _kontrakt(fag, a, "barne", D(2026, 8, 15))  # starts after 1.10.2025
    _kontrakt(fag, a, "barne", D(2025, 8, 15), godkjent=False)  # never løpende
    _kontrakt(fag, a, "elektriker", D(2025, 8, 15), avslutningskode=Avslutningskode.objects.get(kode="FV"))
    k = _kontrakt(fag, a, "elektriker", D(2025, 8, 15))
    lag_avbrudd(k, D(2025, 9, 20), D(2025, 10, 20))  # covers 1.10.2025, not 1.12.2026
    _kontrakt(fag, b, "elektriker", D(2025, 8, 15))  # county B
    return fag


def test_lopende_per_1_oktober_i_valgt_skolear(kontrakter):
    a = kontrakter["A"].pk
    with CaptureQueriesContext(connection) as q:
        t = tf.kontrakter_lopende(Filter(skolear="2025-2026", fylke_ider=(a,)))
    assert len(q.captured_queries) == 1 and "GROUP BY" in q.captured_queries[0]["sql"]
    assert t.rader == [("Elektrikerfaget", "Lærling", 1), ("Elektrikerfaget", "Lærekandidat", 1)]
    assert "01.10.2025" in t.forklaring and (t.serie_fra_kolonne, t.verdi_kolonne) == (1, 2)
    nasjonalt = tf.kontrakter_lopende(Filter(skolear="2025-2026"))
    assert nasjonalt.rader == [("Elektrikerfaget", "Lærling", 2), ("Elektrikerfaget", "Lærekandidat", 1)]
    bare_b = tf.kontrakter_lopende(Filter(skolear="2025-2026", fylke_ider=(kontrakter["B"].pk,)))
    assert bare_b.rader == [("Elektrikerfaget", "Lærling", 1)]


def test_lopende_i_dag_topp_og_program(kontrakter, monkeypatch):
    a = kontrakter["A"].pk
    t = tf.kontrakter_lopende(
        Filter(fylke_ider=(a,))
    )  # today 1.12.2026: the avbrudd is over, barne has started
    assert t.rader == [("Elektrikerfaget", "Lærling", 2), ("Elektrikerfaget", "Lærekandidat", 1),
                       ("Barne- og ungdomsarbeiderfaget", "Lærling", 1)]  # fmt: skip
    assert tf.kontrakter_lopende(Filter(fylke_ider=(a,), utdanningsprogram="HS")).rader == [
        ("Barne- og ungdomsarbeiderfaget", "Lærling", 1)
    ]
    monkeypatch.setattr(tf, "TOPP", 1)
    t = tf.kontrakter_lopende(Filter(fylke_ider=(a,)))
    assert t.rader[-1] == ("Andre lærefag", "Lærling", 1) and len(t.rader) == 3


def test_telledato():
    assert tf.telledato(Filter(skolear="2025-2026"), D(2026, 12, 1)) == D(2025, 10, 1)
    assert tf.telledato(Filter(skolear="2026-2027"), D(2026, 9, 15)) == D(2026, 9, 15)  # 1 October not yet
    assert tf.telledato(Filter(), D(2026, 9, 15)) == D(2026, 9, 15)


def test_skolefilter_gir_tom_tabell(kontrakter):
    skole = kontrakter["skole_a"].pk
    for beregn in (tf.kontrakter_lopende, tf.formidlingsgrad, tf.prover_per_ar, tf.prover_per_laerefag):
        for f in (Filter(skole_ider=(skole,), fylke_ider=(kontrakter["A"].pk,)), Filter(skole_id=skole)):
            t = beregn(f)
            assert t.rader == [] and "ikke per skole" in t.forklaring


# --- Formidlingsgrad ---------------------------------------------------------------------------------------------
def test_formidlingsgrad(fag):
    a, b = fag["A"], fag["B"]

    def soker(fylke, laerefag, ar=2025, onskenr=1, status="sokt"):
        """Test setup only: the product writes formidlinger through fagopplaering.services.formidling."""
        return Formidling.objects.create(person=PersonFactory(fylke=fylke), fylke=fylke, skolear=fag["skolear"][ar],
                                         programomrade=fag[laerefag], onskenr=onskenr, status=status,
                                         status_dato=D(ar, 3, 1)).person  # fmt: skip

    _kontrakt(fag, a, "elektriker", D(2025, 8, 15), person=soker(a, "elektriker", status="kontrakt"))
    soker(a, "elektriker")  # no contract
    soker(a, "elektriker", onskenr=2)  # læreplass not 1st wish: not a søker here
    p = soker(a, "barne", onskenr=None)  # registered by hand: a søker; contract approved the year after
    k = _kontrakt(fag, a, "barne", D(2025, 9, 1), person=p)
    Kontrakt.objects.filter(pk=k.pk).update(godkjent_dato=D(2026, 1, 10))
    soker(a, "barne", status="trukket")  # withdrawn
    _kontrakt(fag, b, "barne", D(2025, 8, 20), person=soker(a, "barne"))  # contract in another county counts
    k = _kontrakt(fag, a, "elektriker", D(2025, 8, 15), person=soker(a, "elektriker"))
    Kontrakt.objects.filter(pk=k.pk).update(status=Kontrakt.Status.ANNULLERT)  # annulled: not counted
    soker(b, "elektriker")  # county B
    _kontrakt(fag, a, "elektriker", D(2024, 8, 20), person=soker(a, "elektriker", ar=2024))

    with CaptureQueriesContext(connection) as q:
        t = tf.formidlingsgrad(Filter(skolear="2025-2026", fylke_ider=(a.pk,)))
    assert len(q.captured_queries) == 1 and "GROUP BY" in q.captured_queries[0]["sql"]
    assert t.rader == [
        ("2025-2026", "Elektro og datateknologi", 3, 1, Decimal("33.3")),
        ("2025-2026", "Helse- og oppvekstfag", 2, 1, Decimal("50.0")),
    ]
    assert t.diagram == "stolper" and (t.kategori_kolonne, t.serie_fra_kolonne, t.verdi_kolonne) == (1, 0, 4)
    assert t.enhet == "%" and "domene.md §10.2" in t.forklaring

    over_ar = tf.formidlingsgrad(Filter(fylke_ider=(a.pk,)))  # default: the five years up to 2026-2027
    assert over_ar.rader[0] == ("2024-2025", "Elektro og datateknologi", 1, 1, Decimal("100.0"))
    assert len(over_ar.rader) == 3 and over_ar.diagram == "linje" and over_ar.kategori_kolonne == 0

    nasjonalt = tf.formidlingsgrad(Filter(skolear="2025-2026"))
    assert nasjonalt.rader[0] == ("2025-2026", "Elektro og datateknologi", 4, 1, Decimal("25.0"))
    hs = tf.formidlingsgrad(Filter(skolear="2025-2026", fylke_ider=(a.pk,), utdanningsprogram="HS"))
    assert [r[1] for r in hs.rader] == ["Helse- og oppvekstfag"]


# --- Prøver ------------------------------------------------------------------------------------------------------
@pytest.fixture
def prover(fag):
    def prove(fylke, laerefag, dato, resultat="B", status="vurdert"):
        """Test setup only: the product writes prøver through fagopplaering.services.prove."""
        Prove.objects.create(fylke=fylke, person=PersonFactory(fylke=fylke), kandidattype="laerling", provetype="fag",
                             programomrade=fag[laerefag], oppmeldt_av="bedrift", oppmeldt_dato=dato - dt.timedelta(60),
                             status=status, resultat=resultat, resultat_dato=dato)  # fmt: skip

    a, b = fag["A"], fag["B"]
    prove(a, "elektriker", D(2024, 9, 30), "BM")  # SSB year 2023-2024 (its last day)
    prove(a, "elektriker", D(2024, 10, 1), "B")  # 2024-2025 (its first day)
    prove(a, "elektriker", D(2025, 9, 30), "IB")  # 2024-2025
    prove(a, "barne", D(2025, 3, 1), "B")  # 2024-2025
    prove(a, "barne", D(2025, 10, 1), "BM")  # 2025-2026
    prove(a, "elektriker", D(2025, 1, 1), "B", status="annullert")  # not counted
    prove(a, "elektriker", D(2025, 1, 1), "", status="planlagt")  # not avlagt
    prove(b, "elektriker", D(2025, 1, 1), "B")  # county B
    return fag


def test_prover_per_ar(prover):
    a = prover["A"].pk
    with CaptureQueriesContext(connection) as q:
        t = tf.prover_per_ar(Filter(fylke_ider=(a,)))
    assert len(q.captured_queries) == 1 and "GROUP BY" in q.captured_queries[0]["sql"]
    assert t.rader == [  # standard_periode(1.12.2026): 2022–2026, every year shown
        ("2022-2023", 0, 0, None),
        ("2023-2024", 1, 1, Decimal("100.0")),
        ("2024-2025", 3, 2, Decimal("66.7")),
        ("2025-2026", 1, 1, Decimal("100.0")),
        ("2026-2027", 0, 0, None),
    ]
    assert t.serie_kolonner == (1, 2) and "1. oktober–30. september" in t.forklaring
    assert tf.prover_per_ar(Filter(skolear="2024-2025")).rader == [("2024-2025", 4, 3, Decimal("75.0"))]
    hs = tf.prover_per_ar(Filter(skolear="2024-2025", fylke_ider=(a,), utdanningsprogram="HS"))
    assert hs.rader == [("2024-2025", 1, 1, Decimal("100.0"))]


def test_prover_per_laerefag(prover, monkeypatch):
    a = prover["A"].pk
    t = tf.prover_per_laerefag(Filter(skolear="2024-2025", fylke_ider=(a,)))
    assert t.rader == [("Elektrikerfaget", 2, 1, Decimal("50.0")),
                       ("Barne- og ungdomsarbeiderfaget", 1, 1, Decimal("100.0"))]  # fmt: skip
    assert tf.prover_per_laerefag(Filter(fylke_ider=(a,))).rader == []  # running SSB year 2026-2027: none yet
    assert tf.prover_per_laerefag(Filter(skolear="2024-2025")).rader[0] == (
        "Elektrikerfaget",
        3,
        2,
        Decimal("66.7"),
    )
    monkeypatch.setattr(tf, "TOPP", 1)
    t = tf.prover_per_laerefag(Filter(skolear="2024-2025", fylke_ider=(a,)))
    assert t.rader == [("Elektrikerfaget", 2, 1, Decimal("50.0")), ("Andre lærefag", 1, 1, Decimal("100.0"))]


def test_siden_krever_fagopplaeringstillatelse(kontrakter, brukere, client):
    """Through the page: the fagopplæring caseworker sees the figure, a school user is refused (403)."""
    from django.urls import reverse

    from vigo.models import Rolle

    url = reverse("rapporter:statistikk_figur", args=["kontrakter-lopende"]) + "?skolear=2025-2026"
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(url)
    assert svar.status_code == 200 and "Elektrikerfaget" in svar.content.decode()
    client.force_login(brukere["A"][Rolle.SKOLE])
    assert client.get(url).status_code == 403
