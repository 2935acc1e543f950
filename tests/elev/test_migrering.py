"""The student register moved from the core to ``inntak.elev`` by renaming its tables: the rows survive the move
forward and back (``elev.0001_initial``, ``vigo.0007_elevregister_flyttet``), and the id sequences go along.

The test migrates its own (per-process) test database back to the state before the move, writes pupil rows there
with the historical models, migrates forward and finds them in ``elev``; then back again, and forward again. It
always leaves the database migrated to the latest state.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inntak.elev.models import Elevfag, Elevforhold, Vgskarakter
from kodeverk import models as km
from tests.fabrikker import PersonFactory, lag_kodeverk

FOR = [("elev", None)]  # unapplies elev.0001 and vigo.0007, which depends on it: vigo ends at 0006
TABELLER = ("elevforhold", "elevfag", "vgskarakter")


def _migrer(mal) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(mal)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


def _siste() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _tabeller() -> set[str]:
    with connection.cursor() as c:
        return set(connection.introspection.table_names(c))


def _sekvens(tabell: str) -> str | None:
    with connection.cursor() as c:
        c.execute("SELECT pg_get_serial_sequence(%s, 'id')", [tabell])
        return c.fetchone()[0]


def _innholdstyper() -> dict[tuple[str, str], int]:
    with connection.cursor() as c:
        c.execute(
            "SELECT app_label, model, id FROM django_content_type WHERE model = ANY(%s)", [list(TABELLER)]
        )
        return {(app, modell): pk for app, modell, pk in c.fetchall()}


def _rader(tabell: str) -> list[tuple]:
    with connection.cursor() as c:
        c.execute(f"SELECT id, person_id, skole_id, skolear_id FROM {tabell} ORDER BY id")  # noqa: S608
        return c.fetchall()


@pytest.fixture
def kodeverk_for_sas():
    """kodeverk rows the pupil tables point to; kodeverk and vigo_person are untouched by the move."""
    kv = lag_kodeverk()
    skolear = km.Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                                        sluttdato=datetime.date(2026, 7, 31), aktiv=True)  # fmt: skip
    return {
        "skole": kv["skole_a"],
        "skolear": skolear,
        "programomrade": km.Programomrade.objects.get(kode="STUSP1----"),
        "elevstatus": km.Elevstatus.objects.create(kode="E", navn="Elev"),
        "fag": km.Fag.objects.create(kode="MAT1019", navn="Matematikk"),
        "fagstatus": km.Fagstatus.objects.create(kode="E", navn="E"),
        "karakter": km.Karakterverdi.objects.create(kode="5", navn="5", tallverdi=5),
        "personer": [PersonFactory(fylke=kv["A"]) for _ in range(3)],
    }


@pytest.mark.django_db(transaction=True)
def test_elevdata_overlever_flyttingen_fram_og_tilbake(kodeverk_for_sas):
    kv = kodeverk_for_sas
    innholdstyper = _innholdstyper()
    assert set(innholdstyper) == {("elev", t) for t in TABELLER}
    try:
        # --- before the move: the tables are the core's -----------------------------------------------------
        executor = _migrer(FOR)
        assert {f"vigo_{t}" for t in TABELLER} <= _tabeller()
        assert not {f"elev_{t}" for t in TABELLER} & _tabeller()
        # Content types (and the permissions on them) follow the tables.
        assert _innholdstyper() == {("vigo", t): pk for (_app, t), pk in innholdstyper.items()}
        gammel = executor.loader.project_state([("vigo", "0006_systemparametere")]).apps
        GammeltForhold = gammel.get_model("vigo", "Elevforhold")
        felles = {"skole_id": kv["skole"].pk, "skolear_id": kv["skolear"].pk}
        forhold = [
            GammeltForhold.objects.create(
                person_id=p.pk,
                programomrade_id=kv["programomrade"].pk,
                startdato=datetime.date(2025, 8, 18),
                elevstatus_id=kv["elevstatus"].pk,
                **felles,
            )  # fmt: skip
            for p in kv["personer"]
        ]
        gammel.get_model("vigo", "Elevfag").objects.create(
            person_id=kv["personer"][0].pk, fag_id=kv["fag"].pk, fagstatus_id=kv["fagstatus"].pk, **felles
        )
        gammel.get_model("vigo", "Vgskarakter").objects.create(
            person_id=kv["personer"][0].pk, fag_id=kv["fag"].pk, vurdering="standpunkt", termin=0,
            karakter_id=kv["karakter"].kode, **felles,
        )  # fmt: skip
        for_flytting = _rader("vigo_elevforhold")
        assert len(for_flytting) == 3

        # --- forward: same rows, same ids, in the elev tables --------------------------------------------------
        _siste()
        assert not {f"vigo_{t}" for t in TABELLER} & _tabeller()
        assert _rader("elev_elevforhold") == for_flytting
        assert sorted(Elevforhold.objects.values_list("pk", flat=True)) == [f.pk for f in forhold]
        assert Elevforhold.objects.get(pk=forhold[1].pk).person == kv["personer"][1]
        assert Elevfag.objects.get().fag == kv["fag"]
        assert Vgskarakter.objects.get().karakter_id == "5"
        for t in TABELLER:
            assert _sekvens(f"elev_{t}") == f"public.elev_{t}_id_seq"
        assert _innholdstyper() == innholdstyper
        # The sequence went along: a new row continues after the moved ones.
        ny = Elevforhold.objects.create(person=kv["personer"][0], skole=kv["skole"], skolear=kv["skolear"],
                                        programomrade=km.Programomrade.objects.create(
                                            kode="STUSP2----", navn="Vg2", niva="VG2",
                                            utdanningsprogram=kv["programomrade"].utdanningsprogram),
                                        startdato=datetime.date(2025, 8, 18))  # fmt: skip
        assert ny.pk > max(f.pk for f in forhold)

        # --- backward: the rows go back to the core's tables, sequences included ------------------------------
        _migrer(FOR)
        assert len(_rader("vigo_elevforhold")) == 4 and len(_rader("vigo_vgskarakter")) == 1
        for t in TABELLER:
            assert _sekvens(f"vigo_{t}") == f"public.vigo_{t}_id_seq"
    finally:
        _siste()  # the rest of the session needs the latest schema
    assert len(_rader("elev_elevforhold")) == 4 and Elevfag.objects.count() == 1


@pytest.mark.django_db
def test_migreringene_gir_ingen_nye_endringer():
    """The state after elev.0001 and vigo.0007 is the models' (no pending migration after the move)."""
    from io import StringIO

    from django.core.management import call_command

    ut = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", "-v", "3", stdout=ut)
    except SystemExit:
        pytest.fail(ut.getvalue())
    assert "No changes detected" in ut.getvalue()
