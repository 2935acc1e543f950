"""The prøve statistics (fagopplaering.selectors.provestatistikk and its page): SSB's school year 1 Oct–30 Sep,
what counts as avlagt and bestått, scoping, the chart, the table and the CSV (docs/fagopplaering/domene.md §10.2)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse

from fagopplaering.models import Prove
from fagopplaering.selectors import provestatistikk as sel
from tests.fabrikker import PersonFactory
from vigo.models import Rolle

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _ruter(monkeypatch):
    """Until the lead adds these urlpatterns to fagopplaering/urls.py, the tests add them themselves."""
    from fagopplaering import urls
    from fagopplaering.views import nemnd, provestatistikk

    navn = {getattr(p, "name", None) for p in urls.urlpatterns}
    if "nemnd_liste" not in navn or "provestatistikk" not in navn:
        ekstra = [p for p in [*nemnd.urlpatterns, *provestatistikk.urlpatterns] if p.name not in navn]
        monkeypatch.setattr(urls, "urlpatterns", [*urls.urlpatterns, *ekstra])
        clear_url_caches()
    yield
    clear_url_caches()


def _prove(fylke, fag, *, dato, resultat="B", status="vurdert", kandidattype="laerling") -> Prove:
    """Test setup only: the product writes prøver through fagopplaering.services.prove."""
    return Prove.objects.create(fylke=fylke, person=PersonFactory(fylke=fylke), kandidattype=kandidattype,
                                provetype="fag", programomrade=fag, oppmeldt_av="bedrift",
                                oppmeldt_dato=dato - dt.timedelta(days=60), status=status, resultat=resultat,
                                resultat_dato=dato)  # fmt: skip


@pytest.fixture
def o(fag, brukere, client):
    a, b, el, ba = fag["A"], fag["B"], fag["elektriker"], fag["barne"]
    _prove(a, el, dato=D(2024, 9, 30), resultat="BM")  # school year 2023-2024 (the last day of it)
    _prove(a, el, dato=D(2024, 10, 1), resultat="B")  # 2024-2025 (the first day of it)
    _prove(a, el, dato=D(2025, 9, 30), resultat="IB")  # 2024-2025
    _prove(a, el, dato=D(2025, 3, 1), resultat="B", kandidattype="praksiskandidat")  # 2024-2025
    _prove(a, ba, dato=D(2025, 10, 1), resultat="BM")  # 2025-2026
    _prove(
        a, el, dato=D(2025, 1, 1), resultat="B", status="annullert"
    )  # annulled after the result: not counted
    _prove(a, el, dato=D(2025, 1, 1), resultat="", status="planlagt")  # not avlagt
    _prove(b, el, dato=D(2025, 1, 1), resultat="B")  # another county
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    client.force_login(bruker)
    return {"fag": fag, "bruker": bruker, "brukere": brukere, "client": client}


def test_ssb_skolear_og_standardperiode():
    assert sel.ssb_skolear(D(2024, 9, 30)) == 2023
    assert sel.ssb_skolear(D(2024, 10, 1)) == 2024
    assert sel.standard_periode(D(2026, 12, 1)) == (2022, 2026)
    assert sel.standard_periode(D(2026, 9, 30)) == (2021, 2025)
    assert (
        sel.andel(1, 3) == Decimal("33.3") and sel.andel(2, 3) == Decimal("66.7") and sel.andel(0, 0) is None
    )


def test_tall_per_laerefag_og_skolear(o):
    with CaptureQueriesContext(connection) as sporringer:
        s = sel.statistikk(o["bruker"], fra_ar=2022, til_ar=2026)
    prove = [q["sql"] for q in sporringer.captured_queries if "fagopplaering_prove" in q["sql"]]
    assert len(prove) == 1 and "GROUP BY" in prove[0]  # one GROUP BY, whatever the number of prøver
    rader = [(r.skolear, r.laerefag_kode, r.avlagt, r.bestatt) for r in s.rader]
    assert rader == [("2023-2024", "ELELE3----", 1, 1), ("2024-2025", "ELELE3----", 3, 2),
                     ("2025-2026", "HSBUA3----", 1, 1)]  # fmt: skip
    assert [(a.skolear, a.avlagt, a.bestatt) for a in s.per_ar] == [
        ("2022-2023", 0, 0),
        ("2023-2024", 1, 1),
        ("2024-2025", 3, 2),
        ("2025-2026", 1, 1),
        ("2026-2027", 0, 0),
    ]
    assert (s.sum.avlagt, s.sum.bestatt, s.sum.andel) == (5, 4, Decimal("80.0"))
    assert s.per_ar[2].andel == Decimal("66.7") and s.per_ar[0].andel is None
    assert "30. september" in s.forklaring[0]
    # filters
    s = sel.statistikk(o["bruker"], fra_ar=2024, til_ar=2024, kandidattype="laerling")
    assert [(r.avlagt, r.bestatt) for r in s.rader] == [(2, 1)]
    s = sel.statistikk(o["bruker"], fra_ar=2022, til_ar=2026, laerefag=o["fag"]["barne"])
    assert (s.sum.avlagt, s.sum.bestatt) == (1, 1)
    # the other county sees its own prøve only
    s = sel.statistikk(o["brukere"]["B"][Rolle.FAGOPPLAERING], fra_ar=2022, til_ar=2026)
    assert (s.sum.avlagt, s.sum.bestatt) == (1, 1)


def test_siden_med_diagram_og_tabell(o, django_assert_max_num_queries):
    c = o["client"]
    with django_assert_max_num_queries(10):
        r = c.get(reverse("fagopplaering:provestatistikk"), {"fra_ar": "2022", "til_ar": "2026"})
    s = r.content.decode()
    assert r.status_code == 200
    assert "<svg" in s and 'role="img"' in s and "<caption>" in s
    assert "2024-2025: 3 avlagt, 2 bestått (66,7 %)" in s  # the chart's text alternative
    assert "Elektrikerfaget (ELELE3----)" in s and "80,0 %" in s
    svg = s[s.index('<title id="prst-tittel') : s.index("</svg>")]  # the shapes, not the outer width="100%"
    koordinater = re.findall(r'\b(?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"', svg)
    assert koordinater and all(
        re.fullmatch(r"-?\d+(\.\d)?", k) for k in koordinater
    )  # no decimal comma in SVG
    r = c.get(reverse("fagopplaering:provestatistikk"), {"fra_ar": "2026", "til_ar": "2022"})
    assert r.status_code == 200 and "Til-året kan ikke være før fra-året" in r.content.decode()
    assert c.get(reverse("fagopplaering:provestatistikk")).status_code == 200  # default: the last five years


def test_csv(o):
    r = o["client"].get(reverse("fagopplaering:provestatistikk_csv"),
                        {"fra_ar": "2024", "til_ar": "2025", "kandidattype": ""})  # fmt: skip
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert 'filename="provestatistikk_2024-2026.csv"' in r["Content-Disposition"]
    tekst = r.content.decode("utf-8")
    assert tekst.startswith("\ufeffSkoleår;Lærefagkode;Lærefag;Avlagt;Bestått;Bestått-andel (%)\r\n")
    linjer = tekst.lstrip("\ufeff").splitlines()
    assert "2024-2025;ELELE3----;Elektrikerfaget;3;2;66,7" in linjer
    assert "2025-2026;HSBUA3----;Barne- og ungdomsarbeiderfaget;1;1;100,0" in linjer
    assert "2024-2025;;Alle lærefag;3;2;66,7" in linjer
    assert len(linjer) == 1 + 2 + 2


def test_tilgang(o, client):
    for rolle, kode in ((Rolle.SKOLE, 403), (Rolle.INNTAK, 403)):
        client.force_login(o["brukere"]["A"][rolle])
        assert client.get(reverse("fagopplaering:provestatistikk")).status_code == kode
        assert client.get(reverse("fagopplaering:provestatistikk_csv")).status_code == kode
    client.force_login(
        o["brukere"]["B"][Rolle.FAGOPPLAERING]
    )  # county 03 sees its own counts, never county 50's
    r = client.get(reverse("fagopplaering:provestatistikk_csv"), {"fra_ar": "2022", "til_ar": "2026"})
    assert "Elektrikerfaget;1;1;100,0" in r.content.decode() and "HSBUA3" not in r.content.decode()
