"""The applicant applies in the portal (/soker/soknad/): start (school year, level, county), an ordered wish list as
a draft in the session with live validation, «Send søknad» through the service with a case log row as the
applicant, «Lagre endringer» for a søknad already sent, read-only after the deadline, only the applicant's own
søknad, a rate limit on submissions, and gjesteelev søknader to another county (§ 4-8)."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from inntak.models import Saksbehandlingslogg, Soknad, Tilbud
from inntak.portal import soknad as soknad_views
from tests.fabrikker import PersonFactory
from tests.portal.test_min_side import logg_inn
from vigo.models import Innsyn, Rolle
from vigo.parametere.services import sett_parametere

pytestmark = pytest.mark.django_db

START, KLADD = "/soker/soknad/ny/", "/soker/soknad/kladd/"
LEGG_TIL, SEND = "/soker/soknad/kladd/legg-til/", "/soker/soknad/kladd/send/"
FJERN, FLYTT = "/soker/soknad/kladd/fjern/", "/soker/soknad/kladd/flytt/"
I_DAG = datetime.date(2026, 11, 30)


@pytest.fixture
def neste(inntak):
    """Open tilbud for 2027-2028 (deadline 1 March 2027, ahead): four Vg1 programmes in county A, three in B, a
    Vg2 tilbud, a tilbud for adults and a closed one in A."""
    a, a2, b = inntak.kv["skole_a"], inntak.kv["skole_a2"], inntak.kv["skole_b"]

    def t(skole, p, **kw):
        return Tilbud.objects.create(fylke=skole.fylke, skole=skole, programomrade=inntak.po[p],
                                     skolear=inntak.neste, plasser=30, **kw)  # fmt: skip

    tilbud = {
        "st": t(a, "ST"), "hs": t(a, "HS"), "el": t(a, "EL"), "tp": t(a, "TP"), "st2": t(a2, "ST"),
        "rea": t(a, "STREA2"), "voksen": t(a2, "HS", voksenopplaering=True), "stengt": t(a2, "EL", status="stengt"),
        "b_st": t(b, "ST"), "b_hs": t(b, "HS"), "b_el": t(b, "EL"),
    }  # fmt: skip
    return SimpleNamespace(ar=inntak.neste, t=tilbud, A=inntak.A, B=inntak.B)


@pytest.fixture(autouse=True)
def _ingen_struping(settings, monkeypatch):
    settings.SOKER_INNSENDING_MAKS = 1000
    monkeypatch.setattr("inntak.frister.i_dag", lambda: I_DAG)  # before the 2027-2028 deadline, whenever run


@pytest.fixture
def person(inntak):
    return PersonFactory(fylke=inntak.A)


def _start(klient, **felt):
    svar = klient.post(START, {"skolear": "2027-2028", "niva": "VG1", **felt})
    assert svar.status_code == 302 and svar["Location"] == KLADD, svar.content.decode()[:2000]


def _legg_til(klient, *tilbud):
    for t in tilbud:
        assert klient.post(LEGG_TIL, {"tilbud": t.pk}).status_code == 302


def _frist_ute(inntak, brukere, skolear):
    sett_parametere(
        inntak.A,
        skolear,
        {"inntak.soknadsfrist": "2026-11-10", "inntak.fortrinnsfrist": "2026-10-01"},
        brukere["A"][Rolle.FYLKESADMIN],
    )


def test_start_kladd_og_send_lager_soknad_med_onsker_i_rekkefolge(klient, neste, person):
    logg_inn(klient, person)
    html = klient.get(START).content.decode()
    assert "2027-2028" in html and "søknadsfrist 1. mars 2027" in html
    assert "2026-2027" not in html  # started: no longer open
    _start(klient)
    html = klient.get(KLADD).content.decode()
    assert "Ny søknad: Vg1, skoleåret 2027-2028" in html and "Søknadsfrist" in html and "1. mars 2027" in html
    _legg_til(klient, neste.t["st"], neste.t["hs"], neste.t["el"])
    # Move «el» (3rd) up: now 2nd.
    assert klient.post(FLYTT, {"tilbud": neste.t["el"].pk, "retning": "opp"}).status_code == 302
    html = klient.get(KLADD).content.decode()
    assert "Ønskelisten følger reglene." in html
    assert html.index("Elektro</strong>") < html.index("Helse- og oppvekstfag</strong>")
    svar = klient.post(SEND)
    assert svar.status_code == 302 and svar["Location"] == "/soker/"
    s = Soknad.objects.get(person=person)
    assert (s.fylke, s.hjemfylke, s.skolear, s.niva, s.rettstatus) == (
        neste.A,
        neste.A,
        neste.ar,
        "VG1",
        "ungdomsrett",
    )
    assert list(s.onsker.order_by("nr").values_list("tilbud", flat=True)) == [
        neste.t["st"].pk, neste.t["el"].pk, neste.t["hs"].pk
    ]  # fmt: skip
    logg = Saksbehandlingslogg.objects.filter(
        soknad=s, tekst__startswith="Søknaden er sendt av søkeren"
    ).get()
    assert logg.bruker is None and "3 ønsker" in logg.tekst
    assert "Søknaden din er sendt" in klient.get("/soker/").content.decode()
    # The draft is gone, and the pages were audited as the applicant.
    assert klient.get(KLADD).status_code == 302
    assert Innsyn.objects.filter(aktor="søker", person=person, hva="Søkeren: ønskeliste (kladd)").exists()


def test_vg1_med_faerre_enn_tre_utdanningsprogram_vises_og_sendes_ikke(klient, neste, person):
    logg_inn(klient, person)
    _start(klient)
    _legg_til(klient, neste.t["st"], neste.t["st2"])
    html = klient.get(KLADD).content.decode()
    assert 'aria-live="polite"' in html
    assert "må søke minst tre ulike utdanningsprogram (opplæringsforskrifta § 4-7 andre ledd)" in html
    html = klient.post(SEND, follow=True).content.decode()
    assert "Søknaden har 1." in html
    assert not Soknad.objects.filter(person=person).exists()


def test_for_mange_onsker_vises_med_fylkets_grense(klient, neste, person, inntak, brukere):
    sett_parametere(neste.A, neste.ar, {"inntak.maks_onsker": 3}, brukere["A"][Rolle.FYLKESADMIN])
    logg_inn(klient, person)
    _start(klient)
    _legg_til(klient, neste.t["st"], neste.t["hs"], neste.t["el"], neste.t["tp"])
    html = klient.get(KLADD).content.decode()
    assert "Trøndelag tillater høyst 3 ønsker." in html  # the limit
    assert "Søknaden har 4 ønsker, men Trøndelag tillater høyst 3 ønsker per søker i 2027-2028." in html
    klient.post(SEND)
    assert not Soknad.objects.filter(person=person).exists()
    # Remove one: valid again.
    assert klient.post(FJERN, {"tilbud": neste.t["tp"].pk}).status_code == 302
    assert "Ønskelisten følger reglene." in klient.get(KLADD).content.decode()


def test_kan_ikke_legge_til_tilbud_utenfor_sokeomradet(klient, neste, person):
    logg_inn(klient, person)
    _start(klient)
    for t in ("voksen", "stengt", "rea", "b_st"):  # adults, closed, Vg2, another county
        html = klient.post(LEGG_TIL, {"tilbud": neste.t[t].pk}, follow=True).content.decode()
        assert "Tilbudet finnes ikke eller kan ikke søkes på denne søknaden." in html
    html = klient.post(LEGG_TIL, {"tilbud": "abc"}, follow=True).content.decode()
    assert "Tilbudet finnes ikke" in html
    assert klient.session[soknad_views.KLADD][str(person.pk)]["tilbud"] == []


def test_sok_filtrerer_og_blar(klient, neste, person, monkeypatch, inntak):
    from inntak.portal import tilbudssok
    from kodeverk.models import Kommune

    skole = inntak.kv["skole_a2"]
    skole.kommune = Kommune.objects.get(nummer="5001")
    skole.save()
    logg_inn(klient, person)
    _start(klient)
    svar = klient.get(KLADD)
    html = svar.content.decode()
    assert "5 tilbud funnet." in html  # st, hs, el, tp, st2 (not Vg2, adults, closed, county B)
    assert '<option value="' in html and ">Trondheim</option>" in html and ">Byåsen vgs</option>" in html
    svar = klient.get(KLADD, {"programomrade": inntak.po["ST"].pk})
    assert svar.context["treff"].paginator.count == 2
    svar = klient.get(KLADD, {"kommune": skole.kommune.pk})
    assert [t.pk for t in svar.context["treff"]] == [neste.t["st2"].pk]
    svar = klient.get(KLADD, {"utdanningsprogram": inntak.po["HS"].utdanningsprogram.pk})
    assert [t.pk for t in svar.context["treff"]] == [neste.t["hs"].pk]
    svar = klient.get(KLADD, {"skole": inntak.kv["skole_a"].pk, "tekst": "elek"})
    assert [t.pk for t in svar.context["treff"]] == [neste.t["el"].pk]
    html = klient.get(KLADD, {"skole": "999999"}).content.decode()
    assert "Valget finnes ikke blant de åpne tilbudene." in html
    monkeypatch.setattr(tilbudssok, "PER_SIDE", 2)
    svar = klient.get(KLADD, {"side": 3})
    html = svar.content.decode()
    assert "Side 3 av 3" in html and "Forrige side" in html and "Neste side" not in html
    assert len(svar.context["treff"].object_list) == 1
    # Adding from page 2 of a search brings the applicant back to the same search page.
    svar = klient.post(LEGG_TIL, {"tilbud": neste.t["st"].pk, "programomrade": inntak.po["ST"].pk, "side": 2})
    assert svar["Location"] == f"{KLADD}?programomrade={inntak.po['ST'].pk}&side=2#onsker"


def test_endre_onskene_for_fristen(klient, neste, person, lag_soknad):
    s = lag_soknad(person=person, skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    logg_inn(klient, person)
    svar = klient.get(f"/soker/soknad/{s.pk}/endre/")
    assert svar.status_code == 302 and svar["Location"] == KLADD
    html = klient.get(KLADD).content.decode()
    assert "Endre ønskene: Vg1, skoleåret 2027-2028" in html and "Lagre endringer" in html
    klient.post(FJERN, {"tilbud": neste.t["hs"].pk})
    _legg_til(klient, neste.t["tp"])
    klient.post(FLYTT, {"tilbud": neste.t["tp"].pk, "retning": "opp"})
    svar = klient.post(SEND)
    assert svar.status_code == 302
    assert list(s.onsker.order_by("nr").values_list("tilbud", flat=True)) == [
        neste.t["st"].pk, neste.t["tp"].pk, neste.t["el"].pk
    ]  # fmt: skip
    rad = Saksbehandlingslogg.objects.get(soknad=s, tekst__startswith="Ønskene er endret av søkeren")
    assert rad.bruker is None


def test_etter_fristen_bare_lesing_og_post_avvises(klient, neste, person, lag_soknad, inntak, brukere):
    s = lag_soknad(person=person, skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    logg_inn(klient, person)
    assert klient.get(f"/soker/soknad/{s.pk}/endre/").status_code == 302  # a draft from before the deadline
    _frist_ute(inntak, brukere, neste.ar)
    html = klient.get(KLADD).content.decode()
    assert "Søknadsfristen var 10. november 2026." in html
    assert "Lagre endringer" not in html and "Legg til" not in html and "Flytt opp" not in html
    for url, felt in ((SEND, {}), (LEGG_TIL, {"tilbud": neste.t["tp"].pk}), (FJERN, {"tilbud": neste.t["st"].pk}),
                      (FLYTT, {"tilbud": neste.t["hs"].pk, "retning": "opp"})):  # fmt: skip
        svar = klient.post(url, felt)
        assert svar.status_code == 403 and "Søknadsfristen var 10. november 2026." in svar.content.decode()
    assert list(s.onsker.order_by("nr").values_list("tilbud", flat=True)) == [
        neste.t["st"].pk, neste.t["hs"].pk, neste.t["el"].pk
    ]  # fmt: skip
    svar = klient.get(f"/soker/soknad/{s.pk}/endre/")
    html = svar.content.decode()
    assert (
        svar.status_code == 200
        and "Søknadsfristen var 10. november 2026." in html
        and "Helse- og oppvekstfag" in html
    )
    # No new søknad for that year in the county either.
    annen = PersonFactory(fylke=inntak.A)
    klient2 = type(klient)(REMOTE_ADDR="10.9.9.9")
    logg_inn(klient2, annen)
    html = klient2.post(START, {"skolear": "2027-2028", "niva": "VG1"}).content.decode()
    assert "Velg et gyldig valg" in html or "tar ikke imot søknader" in html


def test_annen_sokers_soknad_gir_404(klient, neste, person, lag_soknad, inntak):
    annen = lag_soknad(skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    logg_inn(klient, person)
    assert klient.get(f"/soker/soknad/{annen.pk}/endre/").status_code == 404
    # A draft pointing at someone else's søknad (a tampered session) reaches nothing either.
    _start(klient)
    okt = klient.session
    okt[soknad_views.KLADD][str(person.pk)]["soknad"] = annen.pk
    okt.save()
    assert klient.get(KLADD).status_code == 404
    assert list(annen.onsker.order_by("nr").values_list("tilbud", flat=True)) == [
        neste.t["st"].pk, neste.t["hs"].pk, neste.t["el"].pk
    ]  # fmt: skip


def test_for_mange_innsendinger_gir_429(klient, neste, person, settings):
    settings.SOKER_INNSENDING_MAKS = 2
    cache.delete(soknad_views._nokkel(person))
    logg_inn(klient, person)
    _start(klient)
    _legg_til(klient, neste.t["st"])  # invalid: the first two are refused by the rules, still counted
    assert klient.post(SEND).status_code == 302
    assert klient.post(SEND).status_code == 302
    svar = klient.post(SEND)
    assert svar.status_code == 429
    assert "Du har sendt inn for mange ganger på kort tid." in svar.content.decode()
    cache.delete(soknad_views._nokkel(person))


def test_gjesteelev_soknad_til_annet_fylke(klient, neste, person):
    logg_inn(klient, person)
    html = klient.get(START).content.decode()
    assert "Oslo (som gjesteelev)" in html and "§ 4-14 tredje ledd" in html
    _start(klient, fylke="03")
    html = klient.get(KLADD).content.decode()
    assert "Du søker til Oslo som gjesteelev." in html and "3 tilbud funnet." in html
    _legg_til(klient, neste.t["b_st"], neste.t["b_hs"], neste.t["b_el"])
    assert klient.post(SEND).status_code == 302
    s = Soknad.objects.get(person=person)
    assert s.fylke == neste.B and s.hjemfylke == neste.A and s.gjesteelev
    rad = Saksbehandlingslogg.objects.get(soknad=s, tekst__startswith="Søknaden er sendt av søkeren")
    assert "som gjesteelev fra Trøndelag (opplæringsforskrifta § 4-8)" in rad.tekst


def test_start_med_ugyldige_verdier_gir_norske_meldinger(klient, neste, person):
    logg_inn(klient, person)
    svar = klient.post(START, {"skolear": "1999-2000", "niva": "VG9", "fylke": "99"})
    html = svar.content.decode()
    assert svar.status_code == 400 and "Velg Vg1, Vg2 eller Vg3." in html
    assert not klient.session.get(soknad_views.KLADD)


def test_make_run_skriver_en_demosoker_uten_soknad(neste, lag_soknad, inntak, monkeypatch):
    from inntak.demodata import lag_sokere_uten_soknad
    from kodeverk.skolear import skolear_for_kode
    from vigo.idporten import demo

    monkeypatch.setattr("kodeverk.skolear.neste_inntaksar", lambda dato: skolear_for_kode("2027-2028"))
    med = lag_soknad(skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    meldinger = []
    nye = lag_sokere_uten_soknad(inntak.A, neste.ar, meldinger.append)
    assert len(nye) == 3 and all(p.fylke == inntak.A and not p.soknader.exists() for p in nye)
    assert [p.fodselsnummer for p in nye] != [] and "uten søknad for 2027-2028" in meldinger[0]
    assert all(p.karakterer.exists() for p in nye)
    linjer = demo.testid_linje("8000")
    assert med.person.fodselsnummer in linjer
    assert f"Søker uten søknad (TestID, kan søke): fødselsnummer {nye[0].fodselsnummer}" in linjer


def test_min_side_deler_viser_handlinger(neste, lag_soknad, inntak, brukere):
    from django.template.loader import render_to_string

    from inntak.services.soknad_soker import merk_handlinger

    s = lag_soknad(skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    html = render_to_string("portal/_soknad_handlinger.html", {"s": s})
    assert f'href="/soker/soknad/{s.pk}/endre/"' in html and "Endre ønskene" in html
    merk_handlinger([s])
    assert "fram til søknadsfristen 1. mars 2027" in render_to_string(
        "portal/_soknad_handlinger.html", {"s": s}
    )
    _frist_ute(inntak, brukere, neste.ar)
    merk_handlinger([s])
    html = render_to_string("portal/_soknad_handlinger.html", {"s": s})
    assert "Endre ønskene" not in html and "Søknadsfristen var 10. november 2026." in html
    html = render_to_string("portal/_ny_soknad.html", {})
    assert 'href="/soker/soknad/ny/"' in html and "Søk videregående opplæring" in html
    assert "Søk videregående" not in render_to_string("portal/_ny_soknad.html", {"soknad_apne": False})


def test_tjenesten_sjekker_eier_frist_og_status(neste, person, lag_soknad, inntak, brukere):
    from django.core.exceptions import PermissionDenied, ValidationError

    from inntak.portal import tilbudssok
    from inntak.services import soknad_soker
    from inntak.services.soknad import endre_status

    assert tilbudssok.kan_soke(person)
    annen = lag_soknad(skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    with pytest.raises(PermissionDenied):
        soknad_soker.lagre_onsker(person, annen, [neste.t["st"].pk])
    egen = lag_soknad(person=person, skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    assert not tilbudssok.kan_soke(person)  # applied already in the only open year
    endre_status(egen, "klar")
    endre_status(egen, "trukket")
    with pytest.raises(ValidationError, match="kan ikke endres i søkerportalen"):
        soknad_soker.lagre_onsker(person, egen, [neste.t["st"].pk, neste.t["hs"].pk, neste.t["el"].pk])
    _frist_ute(inntak, brukere, neste.ar)
    ny = PersonFactory(fylke=inntak.A)
    with pytest.raises(soknad_soker.FristenErUte, match="Søknadsfristen var 10. november 2026"):
        soknad_soker.send_soknad(ny, skolear=neste.ar, fylke=inntak.A, niva="VG1",
                                 tilbud_ids=[neste.t["st"].pk, neste.t["hs"].pk, neste.t["el"].pk])  # fmt: skip
    assert not Soknad.objects.filter(person=ny).exists() and not tilbudssok.kan_soke(ny)


def test_demodata_gir_sokere_uten_soknad_som_kan_soke(inntak, monkeypatch, klient):
    import random

    from inntak import demodata
    from inntak.portal import tilbudssok
    from vigo.models import Person

    monkeypatch.setattr(demodata, "intaksar", lambda: 2027)
    monkeypatch.setattr(demodata, "ANTALL_VG1", 30)
    monkeypatch.setattr(demodata, "ANTALL_VG2", 5)
    monkeypatch.setattr(demodata, "ANTALL_VG3", 5)
    meldinger = []
    demodata.lag_inntak_demodata(inntak.A, random.Random(1), meldinger.append)
    assert "søknader" in meldinger[-1]  # the summary is still the last line
    uten = [m for m in meldinger if "uten søknad for 2027-2028" in m]
    assert uten == [
        "Inntak: 3 søkere i Trøndelag uten søknad for 2027-2028, med karakterer fra grunnskolen (kan søke i "
        "søkerportalen)."
    ]
    nye = list(
        Person.objects.filter(fylke=inntak.A, fodselsdato__year=2011, soknader__isnull=True).order_by("pk")
    )
    assert len(nye) == 3 and all(tilbudssok.kan_soke(p) for p in nye)
    assert all(p.karakterer.filter(trinn="GS", vurdering="standpunkt").count() >= 10 for p in nye)
    logg_inn(klient, nye[0])
    assert klient.get(START).status_code == 200


def test_htmx_bytter_bare_hovedinnholdet(klient, neste, person, settings):
    logg_inn(klient, person)
    _start(klient)
    html = klient.get(KLADD).content.decode()
    assert 'hx-boost="true"' in html and 'hx-select="#hovedinnhold"' in html and "htmx.min.js" in html
    assert "htmx.min.js" not in klient.get(KLADD, HTTP_HX_REQUEST="true").content.decode()  # not loaded twice
    settings.SOKER_INNSENDING_MAKS = 0
    cache.delete(soknad_views._nokkel(person))
    svar = klient.post(SEND, HTTP_HX_REQUEST="true")  # refused, but as a page htmx swaps in
    assert svar.status_code == 200 and "Du har sendt inn for mange ganger" in svar.content.decode()
    cache.delete(soknad_views._nokkel(person))


def test_onskene_er_last_naar_en_runde_med_soknaden_er_publisert(klient, neste, person, lag_soknad):
    from inntak.models import Inntakskjoring, Tildeling

    s = lag_soknad(person=person, skolear=neste.ar, onsker=[neste.t["st"], neste.t["hs"], neste.t["el"]])
    logg_inn(klient, person)
    assert klient.get(f"/soker/soknad/{s.pk}/endre/").status_code == 302  # a draft before the round
    ik = Inntakskjoring.objects.create(fylke=neste.A, skolear=neste.ar, niva="VG1", runde=1, simulering=False,
                                       regelsett="x", snapshot={}, resultat={}, resultat_sha256="0" * 64,
                                       seed=1, publisert=True)  # fmt: skip
    # A round published without this søknad (it came later) does not lock it …
    assert klient.post(SEND).status_code == 302
    assert klient.get(f"/soker/soknad/{s.pk}/endre/").status_code == 302
    # … one that included it does.
    Tildeling.objects.create(inntakskjoring=ik, soknad=s, tilbud=neste.t["hs"], onske_nr=2, runde=1)
    svar = klient.post(SEND)
    assert svar.status_code == 403 and "runde 1 av inntaket er publisert" in svar.content.decode()
    html = klient.get(f"/soker/soknad/{s.pk}/endre/").content.decode()
    assert "runde 1 av inntaket er publisert" in html and "Elektro" in html
    # Min side gives the real reason, not a deadline that has not passed (1 March 2027 is ahead).
    min_side = klient.get("/soker/").content.decode()
    assert "runde 1 av inntaket er publisert" in min_side
    assert "Søknadsfristen var" not in min_side and "Endre ønskene" not in min_side


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_soke_i_nettleseren_paa_320_px(live_server, nettleser, neste, person, settings):
    """Start → search → add three wishes and move one with the buttons (htmx swaps the main area) → send, at
    320 px without horizontal scrolling and with axe-core (WCAG 2.1 AA) on every page."""
    from playwright.sync_api import expect

    from tests.inntak_kjoring.test_nettleser_flyt import ingen_alvorlige_brudd

    def bredde(hva):
        assert side.evaluate("document.documentElement.scrollWidth") <= 320, hva

    settings.SOKER_INNLOGGING_MAKS_FORSOK = 10_000  # every browser test logs in from 127.0.0.1
    ctx = nettleser.new_context(locale="nb-NO", viewport={"width": 320, "height": 700})
    side = ctx.new_page()
    side.set_default_timeout(10_000)
    try:
        side.goto(f"{live_server.url}/innlogging/soker/testid/")
        side.get_by_label("Syntetisk fødselsnummer").fill(person.fodselsnummer)
        side.get_by_role("button", name="Autentiser").click()
        expect(side.get_by_role("heading", level=1)).to_have_text("Min side")
        side.goto(f"{live_server.url}{START}")
        ingen_alvorlige_brudd(side, "start")
        bredde("start")
        side.get_by_role("button", name="Gå videre til ønskene").click()  # no level chosen: the error summary
        expect(side.get_by_role("alert")).to_contain_text("Velg nivået du søker til.")
        side.get_by_label("Vg1").check()
        side.get_by_role("button", name="Gå videre til ønskene").click()
        expect(side.get_by_role("heading", level=1)).to_have_text("Ny søknad: Vg1, skoleåret 2027-2028")
        for nr, navn in enumerate(("Studiespesialisering – Charlottenlund vgs", "Elektro – Charlottenlund vgs",
                                   "Helse- og oppvekstfag – Charlottenlund vgs"), 1):  # fmt: skip
            side.get_by_role("button", name=f"Legg til {navn}").click()
            expect(side.get_by_text(f"Lagt til som ønske {nr}: {navn}.")).to_be_visible()
        expect(side.get_by_text("Ønskelisten følger reglene.")).to_be_visible()
        side.get_by_role("button", name="Flytt opp ønske 3").click()
        expect(side.get_by_text("Ønsket er flyttet til plass 2.")).to_be_visible()
        ingen_alvorlige_brudd(side, "kladd")
        bredde("kladd")
        side.get_by_role("button", name="Send søknad").click()
        expect(side.get_by_text("Søknaden din er sendt.")).to_be_visible()
    finally:
        ctx.close()
    s = Soknad.objects.get(person=person)
    assert list(s.onsker.order_by("nr").values_list("tilbud__programomrade__kode", flat=True)) == [
        "STUSP1----", "HSHSF1----", "ELELE1----"
    ]  # fmt: skip


def test_knappene_i_kladden_bruker_fristen_fra_start_og_siden_leser_den_paa_nytt(
    klient, neste, person, inntak, brukere, django_assert_max_num_queries
):
    """«Legg til», «Fjern» and «Flytt» read the person, the tilbud and write the session (the deadline is kept in
    the draft from its start); the draft page and «Send søknad» read the county's deadline again."""
    logg_inn(klient, person)
    _start(klient)
    klient.get(KLADD)
    with django_assert_max_num_queries(5):  # person, tilbud, BEGIN, session, COMMIT
        _legg_til(klient, neste.t["st"])
    _legg_til(klient, neste.t["hs"], neste.t["el"])
    _frist_ute(inntak, brukere, neste.ar)  # the county moves the deadline into the past
    html = klient.get(KLADD).content.decode()
    assert "Søknadsfristen var 10. november 2026." in html and "Send søknad" not in html
    svar = klient.post(SEND)
    assert svar.status_code == 403 and "Søknadsfristen var 10. november 2026." in svar.content.decode()
    assert not Soknad.objects.filter(person=person).exists()


def test_sendt_soknad_har_poeng_med_forklaring_med_en_gang(klient, neste, person, inntak):
    """The points of job 1P001 are computed when the søknad is registered: «Min side» shows them (and the
    explanation) at once, and the next run has them."""
    from inntak.models import Karakter, Poeng

    fag = ["NOR0214", "MAT0010", "ENG0012"]
    Karakter.objects.bulk_create(
        [
            Karakter(
                person=person,
                fylke=inntak.A,
                trinn="GS",
                fag_id=f,
                vurdering="standpunkt",
                karakter="5",
                kilde="import",
            )
            for f in fag
        ]  # fmt: skip
    )
    logg_inn(klient, person)
    _start(klient)
    _legg_til(klient, neste.t["st"], neste.t["hs"], neste.t["el"])
    assert klient.post(SEND).status_code == 302
    s = Soknad.objects.get(person=person)
    poeng = Poeng.objects.get(soknad=s)
    assert poeng.poeng == 50  # three fives: average 5 × 10
    html = klient.get("/soker/").content.decode()
    assert "50" in html and "Slik er poengene regnet ut" in html


def test_programomradene_har_navn_paa_sidens_sprak(klient, neste, person, inntak):
    """Grep has names in nynorsk and English: the draft's list, the search filter and the search by text use the
    page's language (bokmål where Grep has none)."""
    po = inntak.po["EL"]
    po.navn_nn, po.navn_en = "Elektro og datateknologi (nn)", "Electrical and Computer Engineering"
    po.save()
    logg_inn(klient, person)
    _start(klient)
    _legg_til(klient, neste.t["el"], neste.t["st"])
    html = klient.get(KLADD).content.decode()
    assert "Electrical" not in html and "(nn)" not in html
    klient.post("/i18n/setlang/", {"language": "nn", "next": KLADD})
    html = klient.get(KLADD).content.decode()
    assert html.count("Elektro og datateknologi (nn)") >= 2  # the wish list and the filter's choice
    klient.post("/i18n/setlang/", {"language": "en", "next": KLADD})
    html = klient.get(KLADD, {"tekst": "Computer"}).content.decode()
    treff = re.search(r'<ul class="soknad-treff">(.*?)</ul>', html, re.S).group(1)
    assert (
        "Electrical and Computer Engineering</strong>" in treff and "Helse" not in treff
    )  # found by its name
    assert re.search(r'<option value="\d+">Electrical and Computer Engineering</option>', html)
    assert "Studiespesialisering" in html  # no English name in Grep here: bokmål
