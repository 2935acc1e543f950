"""The public thresholds page (no login) must not read run snapshots or results (issue: 98 s and 3–6 GB).

Each threshold row used to load its run's whole snapshot and result JSON through select_related; with a few
published rounds that is a denial-of-service door on a page anybody can open.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fabrikker import publiser

pytestmark = pytest.mark.django_db


def test_offentlig_side_leser_aldri_snapshot_eller_resultat(inntak, soker, kjor, client):
    for i in range(6):
        soker(f"Søker {i}", f"{40 + i}.00", onsker=["hs", "st", "el"])
    ik = kjor(simulering=False)
    publiser(ik)
    with CaptureQueriesContext(connection) as sporringer:
        side = client.get("/inntak/poenggrenser/", {"fylke": "50", "skolear": "2026-2027"})
    assert side.status_code == 200
    sql = " ".join(q["sql"] for q in sporringer.captured_queries)
    assert '"snapshot"' not in sql and '"resultat"' not in sql
    # A bounded number of queries, whatever the number of tilbud and rounds.
    assert len(sporringer.captured_queries) <= 8


def test_siste_runde_vises_som_standard_og_alle_kan_velges(inntak, soker, kjor, client):
    import datetime

    from inntak.kjoring import svar

    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    for i in range(3):
        soker(f"Søker {i}", f"{40 + i}.00", onsker=["hs", "st", "el"])
    ik1 = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    svar.behandle_svarfrist(ik1, idag=datetime.date(2026, 7, 11))
    publiser(kjor(runde=2, simulering=False))
    data = {"fylke": "50", "skolear": "2026-2027"}
    html = client.get("/inntak/poenggrenser/", data).content.decode()
    assert "Vg1, 2. inntak</caption>" in html and "1. inntak</caption>" not in html
    assert '<option value="2" selected>2. inntak (siste)</option>' in html
    alle = client.get("/inntak/poenggrenser/", {**data, "runde": "alle"}).content.decode()
    assert "Vg1, 1. inntak</caption>" in alle and "Vg1, 2. inntak</caption>" in alle
    sok = client.get("/inntak/poenggrenser/", {**data, "q": "elektro"}).content.decode()
    assert "Elektro" in sok and "Helse- og oppvekstfag" not in sok
