"""The public thresholds page (no login) must not read run snapshots or results (issue: 98 s and 3–6 GB).

Each threshold row used to load its run's whole snapshot and result JSON through select_related; with a few
published rounds that is a denial-of-service door on a page anybody can open.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inntak.kjoring import services

pytestmark = pytest.mark.django_db


def test_offentlig_side_leser_aldri_snapshot_eller_resultat(inntak, soker, kjor, client):
    for i in range(6):
        soker(f"Søker {i}", f"{40 + i}.00", onsker=["hs", "st", "el"])
    ik = kjor(simulering=False)
    services.publiser_runde(ik)
    with CaptureQueriesContext(connection) as sporringer:
        side = client.get("/inntak/poenggrenser/", {"fylke": "50", "skolear": "2026-2027"})
    assert side.status_code == 200
    sql = " ".join(q["sql"] for q in sporringer.captured_queries)
    assert '"snapshot"' not in sql and '"resultat"' not in sql
    # A bounded number of queries, whatever the number of tilbud and rounds.
    assert len(sporringer.captured_queries) <= 8
