"""The applicant page as tabs (Oversikt, Ønsker, Poeng, Karakterer, Logg): WAI-ARIA markup, links that work without
JavaScript, htmx partials, one audit row per tab, only the open tab's data queried; the timeline of rounds and
answers; and "why not wish 1?" from the søker's part of the run, equal to ``forklar`` on the whole run."""

from __future__ import annotations

import datetime
import inspect
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inntak import demodata
from inntak.kjoring import services, svar
from inntak.kjoring.tidslinje import forklar_soker, tidslinje
from inntak.models import Inntakskjoring, Svar, Tildeling
from inntak.motor import forklar, les_resultat, les_snapshot
from tests.inntak_kjoring.conftest import kjor, soker  # noqa: F401  (fixtures)
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db

FANER = ("oversikt", "onsker", "poeng", "karakterer", "logg")


# --- Driving rounds the way the product does (publish, answer, process the svarfrist, next round) ------------
def publiser(ik: Inntakskjoring) -> Inntakskjoring:
    """Publish with a svarfrist a week ahead (confirming the number of søkere where the service asks for it)."""
    kw = {"svarfrist": timezone.localdate() + datetime.timedelta(days=7)}
    if "bekreftet_antall" in inspect.signature(services.publiser_runde).parameters:
        kw["bekreftet_antall"] = ik.antall_sokere
    return services.publiser_runde(ik, **kw)


def behandle_frist(ik: Inntakskjoring) -> dict:
    """Job 1I002's service the day after the svarfrist (the next round may then be run)."""
    return svar.behandle_svarfrist(ik, idag=ik.svarfrist + datetime.timedelta(days=1))


def har_overfort() -> bool:
    return any(f.name == "overfort" for f in Svar._meta.get_fields())


@pytest.fixture
def runder(inntak, soker, kjor, brukere):  # noqa: F811
    """hs has 2 places. Round 1: Anne 50 and Bjørn 45 get hs; Cecilie 40 and David 35 get el and wait for hs.
    Anne says ja, Bjørn nei, Cecilie ja + venteliste on hs, David does not answer. Round 2: hs gets 3 places and
    Cecilie moves up. Then a simulation of round 3."""
    inntak.t["hs"].plasser = 2
    inntak.t["hs"].save()
    s = {n.split()[0]: soker(n, p, onsker=["hs", "el", "st"])
         for n, p in (("Anne A", "50.00"), ("Bjørn B", "45.00"), ("Cecilie C", "40.00"), ("David D", "35.00"))}  # fmt: skip
    saksbehandler = brukere["A"][Rolle.INNTAK]
    ik1 = publiser(kjor(simulering=False))
    svar.registrer_svar(ik1, s["Anne"], "ja", bruker=saksbehandler)
    svar.registrer_svar(ik1, s["Bjørn"], "nei", bruker=saksbehandler)
    svar.registrer_svar(
        ik1, s["Cecilie"], "ja_venteliste", venteliste_tilbud=[inntak.t["hs"].pk], bruker=saksbehandler
    )
    behandle_frist(ik1)
    inntak.t["hs"].plasser = 3
    inntak.t["hs"].save()
    ik2 = publiser(kjor(runde=2, simulering=False))
    sim = kjor(runde=3, simulering=True)
    return {**s, "ik1": ik1, "ik2": ik2, "sim": sim, "bruker": saksbehandler}


def _tekst(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _side(client, soknad, fane: str | None = None, **kw):
    url = reverse("inntak:soknad", args=[soknad.pk])
    return client.get(url, {"fane": fane} if fane else {}, **kw)


# --- Tabs --------------------------------------------------------------------------------------------------------
def test_faner_er_tilgjengelige_lenker_og_logges(client, runder):
    client.force_login(runder["bruker"])
    cecilie = runder["Cecilie"]
    for fane in FANER:
        resp = _side(client, cecilie, fane)
        assert resp.status_code == 200, fane
        html = resp.content.decode()
        assert 'role="tablist"' in html and html.count('role="tab"') == len(FANER)
        assert len(re.findall(r'aria-selected="true"', html)) == 1
        assert re.search(rf'id="fane-{fane}"[^>]*aria-selected="true"', html), fane
        assert f'role="tabpanel" aria-labelledby="fane-{fane}"' in html
        # Each tab is a plain link (works without JavaScript); htmx swaps the tabs and the panel.
        url = reverse("inntak:soknad", args=[cecilie.pk])
        assert f'href="{url}?fane=onsker"' in html and f'href="{url}"' in html
        assert 'hx-target="#soknadsfaner"' in html and 'hx-history="false"' in html
        # The CSP allows only same-origin script files: no inline script on the page.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "inntak/soknadfaner.js" in html
    hva = list(
        Innsyn.objects.filter(person=cecilie.person, handling="vis")
        .order_by("pk")
        .values_list("hva", flat=True)
    )
    assert hva == [
        f"Søknad {cecilie.skolear} ({n})" for n in ("Oversikt", "Ønsker", "Poeng", "Karakterer", "Logg")
    ]


def test_htmx_henter_bare_fanene_og_panelet(client, runder):
    client.force_login(runder["bruker"])
    hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "soknadsfaner"}
    html = _side(client, runder["Anne"], "karakterer", **hx).content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="soknadsfaner"')
    assert "Ingen karakterer registrert." in html and "Personalia" not in html
    assert Innsyn.objects.filter(person=runder["Anne"].person, handling="vis").count() == 1
    # Back button with nothing cached (hx-history="false"): htmx restores the whole page.
    html = _side(
        client, runder["Anne"], "karakterer", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **hx
    ).content.decode()
    assert "<html" in html and "Personalia" in html


def test_ukjent_fane_gir_oversikt_og_innholdet_er_fordelt(client, runder):
    client.force_login(runder["bruker"])
    s = runder["Cecilie"]
    html = _side(client, s, "finnes-ikke").content.decode()
    assert re.search(r'id="fane-oversikt"[^>]*aria-selected="true"', html)
    assert "Runder og svar" in html and "Hvorfor ikke 1. ønske?" in html
    assert "Personalia" in html and "Saksbehandlingslogg" not in html and 'id="poengsum"' not in html
    assert (
        "Ønskene er låst fordi runde" in _side(client, s, "onsker").content.decode()
    )  # rounds are published
    assert 'id="poengsum"' in _side(client, s, "poeng").content.decode()
    assert "Ingen karakterer registrert." in _side(client, s, "karakterer").content.decode()
    logg = _side(client, s, "logg").content.decode()
    assert "Saksbehandlingslogg" in logg and "Endringshistorikk" in logg and "Inntak runde 1" in logg


# Tables each tab may read (besides the page frame: session, user, søknad, audit row, permissions).
EGNE_TABELLER = {
    "oversikt": {"inntak_tildeling", "inntak_svar", "inntak_vedtak", "inntak_onske"},
    "onsker": {"inntak_onske", "inntak_tildeling"},  # the lock: a published round that included the søknad
    "poeng": {"inntak_karakter"},
    "karakterer": {"inntak_karakter"},
    "logg": {"inntak_saksbehandlingslogg", "inntak_historicalsoknad"},
}


def test_bare_den_aapne_fanens_data_hentes_og_aldri_hele_kjoringen(client, runder):
    client.force_login(runder["bruker"])
    alle = set().union(*EGNE_TABELLER.values())
    for fane in FANER:
        with CaptureQueriesContext(connection) as q:
            assert _side(client, runder["Cecilie"], fane).status_code == 200
        sql = " ".join(x["sql"] for x in q.captured_queries)
        lest = {t for t in alle if f'"{t}"' in sql}
        assert lest <= EGNE_TABELLER[fane], (fane, lest - EGNE_TABELLER[fane])
        assert lest & EGNE_TABELLER[fane], fane
        # The run's big JSON columns are never selected whole (only the jsonb extract for the explanation).
        assert (
            '"inntak_inntakskjoring"."snapshot"' not in sql
            and '"inntak_inntakskjoring"."resultat"' not in sql
        )


def test_flytt_onske_uten_javascript_gaar_tilbake_til_onskefanen(client, runder):
    client.force_login(runder["bruker"])
    s = runder["Anne"]
    onske = s.onsker.get(nr=2)
    resp = client.post(reverse("inntak:flytt_onske", args=[s.pk, onske.pk]), {"retning": "opp"})
    assert (
        resp.status_code == 302 and resp["Location"] == reverse("inntak:soknad", args=[s.pk]) + "?fane=onsker"
    )


# --- Timeline ----------------------------------------------------------------------------------------------------
def test_tidslinje_med_runder_svar_og_proveinntak(client, runder, inntak):
    client.force_login(runder["bruker"])
    ik1, ik2 = runder["ik1"], runder["ik2"]
    t = tidslinje(runder["Cecilie"], runder["bruker"])
    assert [p.ik.runde for p in t.runder] == [1, 2]
    r1, r2 = t.runder
    assert r1.tildeling.tilbud == inntak.t["el"] and r1.tildeling.onske_nr == 2
    assert [(v.tilbud, v.plass, v.onske_nr) for v in r1.venteliste] == [(inntak.t["hs"], 1, 1)]
    assert r1.svar.svar == "ja_venteliste" and r1.svar.registrert_av == runder["bruker"] and not r1.overfort
    assert r2.tildeling.tilbud == inntak.t["hs"] and r2.tildeling.onske_nr == 1 and not r2.besvart
    assert t.simulering is not None and t.simulering.inntakskjoring == runder["sim"]

    html = _side(client, runder["Cecilie"]).content.decode()
    tekst = _tekst(html)
    assert "Runde 1" in tekst and "Runde 2" in tekst
    assert "Tilbud: Charlottenlund vgs – Elektro (ønske 2)" in tekst
    assert "Nr. 1 på Charlottenlund vgs – Helse- og oppvekstfag (ønske 1)" in tekst
    assert "Tilbud: Charlottenlund vgs – Helse- og oppvekstfag (ønske 1)" in tekst
    assert f"Ja, og stå på venteliste – {runder['bruker'].username}" in tekst
    frist = timezone.localtime(Inntakskjoring.objects.get(pk=ik1.pk).svarfrist_behandlet)
    assert f"Svarfrist behandlet {frist:%d.%m.%Y %H:%M}" in tekst and "Svarfrist behandlet Nei" in tekst
    assert f"Svarfrist {ik2.svarfrist:%d.%m.%Y}" in tekst
    assert "Merknad til saksbehandler: Siste prøveinntak (runde 3" in tekst
    assert "HSHSF1" not in tekst.split("Runder og svar")[1].split("Inntak: plassering")[0]  # names, not codes

    # David did not answer: the svarfrist job answered for him, and he is not in round 2.
    david = _tekst(_side(client, runder["David"]).content.decode())
    assert "Svarfrist oversittet – svarfristbehandlingen (1I002)" in david and "Runde 2" not in david
    # Bjørn said no; Anne kept her place, and the answer carried over is marked (when the field exists).
    anne = tidslinje(runder["Anne"], runder["bruker"]).runder
    assert anne[1].tildeling.beholdt
    if har_overfort():
        Svar.objects.update_or_create(inntakskjoring=ik2, soknad=runder["Anne"],
                                      defaults={"svar": "ja", "overfort": True, "besvart": timezone.now()})  # fmt: skip
        html = _side(client, runder["Anne"]).content.decode()
        assert "overført fra tidligere runde" in html


def test_tidslinje_uten_publisert_runde_og_for_andre_fylker(client, inntak, soker, kjor, brukere):  # noqa: F811
    s = soker("Eva E", "40.00", onsker=["hs", "el", "st"])
    kjor(simulering=True)
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = _tekst(_side(client, s).content.decode())
    assert "Søknaden har ikke vært med i noen publisert runde ennå." in html
    assert "Merknad til saksbehandler: Siste prøveinntak (runde 1" in html
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert _side(client, s).status_code == 404
    assert tidslinje(s, brukere["B"][Rolle.INNTAK]).runder == []


def test_personfane_viser_siste_publiserte_runde(client, runder):
    client.force_login(runder["bruker"])
    html = client.get(reverse("person_detalj", args=[runder["Cecilie"].person.pk])).content.decode()
    assert "Siste publiserte runde" in html and "Runde 2: Charlottenlund vgs – Helse- og oppvekstfag" in html


# --- "Why not wish 1?" from the søker's part of the run ------------------------------------------------------------
def _lik_forklar(ik: Inntakskjoring) -> int:
    ik = Inntakskjoring.objects.get(pk=ik.pk)
    snapshot, resultat = les_snapshot(ik.snapshot), les_resultat(ik.resultat)
    for s in snapshot.sokere:
        assert forklar_soker(ik.pk, s.id) == forklar(snapshot, resultat, s.id), s.id
    return len(snapshot.sokere)


def _svar_paa_runde(ik: Inntakskjoring, rng: random.Random) -> None:
    """Answers for about 80 % of those who must answer (some no), the rest lose their place at the svarfrist."""
    for sid in sorted(svar.trenger_svar(ik)):
        t = Tildeling.objects.get(inntakskjoring=ik, soknad_id=sid)
        venter = list(ik.ventelister.filter(soknad_id=sid).values_list("tilbud_id", flat=True))
        u = rng.random()
        if u < 0.2:
            continue
        if u < 0.25:
            svar.registrer_svar(ik, t.soknad, "nei")
        elif t.tilbud_id is None:
            svar.registrer_svar(ik, t.soknad, "venteliste")
        elif venter and u < 0.6:
            svar.registrer_svar(ik, t.soknad, "ja_venteliste", venteliste_tilbud=venter)
        else:
            svar.registrer_svar(ik, t.soknad, "ja")


def test_forklaring_fra_utdrag_er_lik_forklar_paa_hele_kjoringen_i_en_demorunde(inntak, monkeypatch):
    monkeypatch.setattr(demodata, "intaksar", lambda: 2027)
    monkeypatch.setattr(demodata, "ANTALL_VG1", 150)
    monkeypatch.setattr(demodata, "ANTALL_VG2", 10)
    monkeypatch.setattr(demodata, "ANTALL_VG3", 10)
    demodata.lag_inntak_demodata(inntak.A, random.Random(1), lambda _: None)

    def kjor_runde(runde: int, **kw) -> Inntakskjoring:
        return services.kjor_inntak(fylke=inntak.A, skolear=inntak.neste, niva="VG1", runde=runde, **kw)

    ik1 = kjor_runde(1, simulering=False)
    assert ik1.antall_uten_plass and ik1.antall_fast_plass and ik1.ventelister.exists()
    assert _lik_forklar(ik1) == 150
    ik1 = publiser(ik1)
    _svar_paa_runde(ik1, random.Random(7))
    behandle_frist(ik1)
    ik2 = kjor_runde(2, simulering=False)  # kept places (beholdt) and fewer wishes
    assert ik2.tildelinger.filter(beholdt=True).exists()
    assert _lik_forklar(ik2) > 50
    tilbud = ik2.poenggrenser.order_by("-antall_venteliste").first().tilbud_id
    sim = kjor_runde(3, simulering=True, kapasitet={str(tilbud): 0})  # a tilbud without places
    _lik_forklar(sim)


def test_forklaring_ved_lik_rangering_og_ukjent_soker(inntak, soker, kjor):  # noqa: F811
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    a = soker("Lik A", "44.00", onsker=["hs", "el", "st"])
    b = soker("Lik B", "44.00", onsker=["hs", "el", "st"])
    ik = kjor(simulering=False)
    _lik_forklar(ik)
    taper = b if Tildeling.objects.get(inntakskjoring=ik, soknad=a).tilbud == inntak.t["hs"] else a
    forste = forklar_soker(ik, taper.pk)[0]
    assert forste["utfall"] == "venteliste" and "loddtrekningen avgjorde" in forste["tekst"]
    with pytest.raises(KeyError):
        forklar_soker(ik, 999_999)


# --- Keyboard (headless Chromium) ----------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_faner_med_tastatur(live_server, logg_inn, brukere, lag_soknad):
    from playwright.sync_api import expect

    s = lag_soknad()
    side = logg_inn(brukere["A"][Rolle.INNTAK])
    side.goto(f"{live_server.url}{reverse('inntak:soknad', args=[s.pk])}")
    faner = side.get_by_role("tablist", name="Søknaden")
    oversikt = faner.get_by_role("tab", name="Oversikt")
    expect(oversikt).to_have_attribute("aria-selected", "true")
    expect(oversikt).to_have_attribute("tabindex", "0")  # roving tabindex: one tab stop
    expect(faner.get_by_role("tab", name="Logg")).to_have_attribute("tabindex", "-1")
    oversikt.focus()
    side.keyboard.press("ArrowRight")
    expect(faner.get_by_role("tab", name="Ønsker")).to_be_focused()
    side.keyboard.press(
        "Enter"
    )  # manual activation: htmx swaps tabs and panel, focus returns to the open tab
    onsker = side.get_by_role("tab", name="Ønsker")
    expect(onsker).to_have_attribute("aria-selected", "true")
    expect(onsker).to_be_focused()
    expect(side.get_by_role("tabpanel")).to_contain_text("Ønsker i prioritert rekkefølge")
    expect(side).to_have_url(re.compile(r"\?fane=onsker$"))
    side.keyboard.press("End")
    expect(side.get_by_role("tab", name="Logg")).to_be_focused()
    side.keyboard.press(" ")
    expect(side.get_by_role("tab", name="Logg")).to_have_attribute("aria-selected", "true")
    expect(side.get_by_role("tabpanel")).to_contain_text("Saksbehandlingslogg")
    expect(side.get_by_role("tab", name="Logg")).to_be_focused()  # the swap has settled and focus is back
    side.keyboard.press("ArrowRight")  # wraps around
    expect(side.get_by_role("tab", name="Oversikt")).to_be_focused()
    side.keyboard.press("ArrowLeft")
    expect(side.get_by_role("tab", name="Logg")).to_be_focused()
    side.keyboard.press("Home")
    expect(side.get_by_role("tab", name="Oversikt")).to_be_focused()
    assert "Logg" in side.title()
