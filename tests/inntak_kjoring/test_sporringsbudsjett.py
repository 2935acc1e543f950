"""Query-count budgets for the main intake pages: the applicant page (each tab), the run page, the public
thresholds page and the intake landing page. Each page stays within its budget, and its count is the same in a
county with one published round and a handful of søkere as in one with four rounds and several times the søkere
(no query per round, per søker or per tilbud)."""

from __future__ import annotations

import datetime
import inspect

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inntak.kjoring import services, svar
from inntak.models import Inntakskjoring, Tildeling
from vigo.models import Rolle

pytestmark = pytest.mark.django_db

FANER = ("oversikt", "onsker", "poeng", "karakterer", "logg")
# Budgets: the page frame (session, user, permissions, the audit row) included.
BUDSJETT = {
    "soknad:oversikt": 24,  # measured 19: timeline 4, "why not wish 1?" 7 (one jsonb extract), vedtak 1
    "soknad:onsker": 10,  # measured 8
    "soknad:poeng": 10,  # measured 8
    "soknad:karakterer": 10,  # measured 8
    "soknad:logg": 14,  # measured 12
    "ik_detalj": 15,  # measured 10
    "poenggrenser": 9,  # measured 7
    "index": 11,  # measured 9
}


def publiser(ik: Inntakskjoring) -> Inntakskjoring:
    kw = {"svarfrist": timezone.localdate() + datetime.timedelta(days=7)}
    if "bekreftet_antall" in inspect.signature(services.publiser_runde).parameters:
        kw["bekreftet_antall"] = ik.antall_sokere
    return services.publiser_runde(ik, **kw)


def kjor_runde(kjor, runde: int, bruker) -> Inntakskjoring:
    """Run, publish and answer a round (everybody who must answer says «ja»), then process its svarfrist."""
    ik = publiser(kjor(runde=runde, simulering=False))
    for sid in sorted(svar.trenger_svar(ik)):
        t = Tildeling.objects.select_related("soknad").get(inntakskjoring=ik, soknad_id=sid)
        svar.registrer_svar(ik, t.soknad, "ja" if t.tilbud_id else "venteliste", bruker=bruker)
    svar.behandle_svarfrist(ik, idag=ik.svarfrist + datetime.timedelta(days=1))
    return Inntakskjoring.objects.defer("snapshot", "resultat").get(pk=ik.pk)


@pytest.fixture
def fylke(inntak, soker, kjor, brukere):
    """County A grown step by step: ``fylke.vokse(antall_sokere, antall_runder)``."""
    inntak.t["hs"].plasser = 2
    inntak.t["hs"].save()
    bruker = brukere["A"][Rolle.INNTAK]
    # The applicants whose pages are measured: Anne gets her first wish and keeps it, Cecilie waits for it.
    faste = {"Anne": soker("Anne A", "59.00", onsker=["hs", "el", "st"]),
             "Cecilie": soker("Cecilie C", "12.00", onsker=["hs", "el", "st"])}  # fmt: skip
    tilstand = {"sokere": 0, "runder": 0, "ik": None}

    def vokse(antall_sokere: int, antall_runder: int) -> Inntakskjoring:
        for i in range(tilstand["sokere"], antall_sokere):
            soker(
                f"Søker{i} S",
                f"{20 + (i * 7) % 35}.00",
                onsker=["hs", "el", "st"] if i % 2 else ["st", "hs", "tp"],
            )
        tilstand["sokere"] = antall_sokere
        for runde in range(tilstand["runder"] + 1, antall_runder + 1):
            tilstand["ik"] = kjor_runde(kjor, runde, bruker)
        tilstand["runder"] = antall_runder
        return tilstand["ik"]

    return type("Fylke", (), {"vokse": staticmethod(vokse), "faste": faste, "bruker": bruker, "a": inntak.A})


def _tell(client, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as q:
        resp = client.get(url, data or {})
    assert resp.status_code == 200, (url, resp.status_code)
    return len(q.captured_queries)


def _alle(client, fylke, ik: Inntakskjoring) -> dict[str, int]:
    tall = {}
    for navn, s in fylke.faste.items():
        for fane in FANER:
            tall[f"{navn}:{fane}"] = _tell(client, reverse("inntak:soknad", args=[s.pk]), {"fane": fane})
    tall["ik_detalj"] = _tell(client, reverse("inntak:ik_detalj", args=[ik.pk]))
    tall["index"] = _tell(client, reverse("inntak:index"))
    client.logout()
    tall["poenggrenser"] = _tell(client, reverse("inntak:poenggrenser"))
    tall["poenggrenser:runde"] = _tell(client, reverse("inntak:poenggrenser"), {"runde": ik.runde})
    client.force_login(fylke.bruker)
    return tall


def _budsjett(navn: str) -> int:
    side = navn.split(":", 1)
    if navn.startswith(("Anne:", "Cecilie:")):
        return BUDSJETT[f"soknad:{side[1]}"]
    return BUDSJETT[side[0]]


def test_sidene_holder_budsjettet_og_vokser_ikke_med_runder_og_sokere(client, fylke):
    client.force_login(fylke.bruker)
    ik = fylke.vokse(antall_sokere=4, antall_runder=1)
    lite = _alle(client, fylke, ik)
    ik = fylke.vokse(antall_sokere=24, antall_runder=4)
    assert Inntakskjoring.objects.filter(publisert=True).count() == 4
    stort = _alle(client, fylke, ik)
    for navn, antall in stort.items():
        assert antall <= _budsjett(navn), (navn, antall, _budsjett(navn))
    assert stort == lite


@pytest.mark.parametrize("fane", FANER)
def test_soknadsside_per_fane_med_fire_runder(client, fylke, fane, django_assert_max_num_queries):
    client.force_login(fylke.bruker)
    fylke.vokse(antall_sokere=12, antall_runder=4)
    for s in fylke.faste.values():
        with django_assert_max_num_queries(BUDSJETT[f"soknad:{fane}"]):
            resp = client.get(reverse("inntak:soknad", args=[s.pk]), {"fane": fane})
        assert resp.status_code == 200


def test_kjoringsside_offentlige_poenggrenser_og_forside(client, fylke, django_assert_max_num_queries):
    client.force_login(fylke.bruker)
    ik = fylke.vokse(antall_sokere=12, antall_runder=4)
    with django_assert_max_num_queries(BUDSJETT["ik_detalj"]):
        assert client.get(reverse("inntak:ik_detalj", args=[ik.pk])).status_code == 200
    with django_assert_max_num_queries(BUDSJETT["index"]):
        assert client.get(reverse("inntak:index")).status_code == 200
    client.logout()
    for data in ({}, {"runde": 2}, {"fylke": fylke.a.nummer, "skolear": ik.skolear.kode}):
        with django_assert_max_num_queries(BUDSJETT["poenggrenser"]):
            assert client.get(reverse("inntak:poenggrenser"), data).status_code == 200
