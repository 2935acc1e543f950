"""The intake run's rails (issue «Inntak III»): a declared lifecycle, a confirmed publishing step, rounds in order
with a logged override, answers carried over, wishes frozen after publishing, a deletion trace, the same lottery
for comparable simulations, a comparison that reads from before to after, and 1I002 refused before the deadline.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inntak import services as soknad_services
from inntak.kjoring import livslop, selectors, services, svar
from inntak.kjoring.livslop import Handling as H
from inntak.kjoring.livslop import Tilstand as T
from inntak.models import Inntakshendelse, Inntakskjoring, Poenggrense, Svar, Tildeling
from tests.fabrikker import publiser
from vigo.jobber import tjenester
from vigo.models import Kjoring, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def fire(inntak, soker):
    """hs: 2 places; Anne 50, Bjørn 45 get hs; Cecilie 40, David 35 get el (2nd wish) and wait for hs."""
    inntak.t["hs"].plasser = 2
    inntak.t["hs"].save()
    return {n.split()[0]: soker(n, p, onsker=["hs", "el", "st"])
            for n, p in (("Anne A", "50.00"), ("Bjørn B", "45.00"), ("Cecilie C", "40.00"), ("David D", "35.00"))}  # fmt: skip


def plasser(ik) -> dict[int, int | None]:
    return dict(Tildeling.objects.filter(inntakskjoring=ik).values_list("soknad_id", "tilbud_id"))


def test_tilstandstabellen_styrer_alle_handlinger(inntak, fire, kjor):
    sim = kjor()
    assert livslop.tilstand(sim) == T.PROVEINNTAK and livslop.handlinger(sim) == [H.SLETT]
    ik = kjor(simulering=False)
    assert livslop.tilstand(ik) == T.KLAR and set(livslop.handlinger(ik)) == {H.PUBLISER, H.FORKAST}
    with pytest.raises(ValidationError, match="Behandle svarfrist.*Klar til publisering"):
        livslop.krev(ik, H.BEHANDLE_SVARFRIST)
    ik = publiser(ik, svarfrist=datetime.date(2026, 7, 10))
    assert livslop.tilstand(ik) == T.PUBLISERT and not livslop.kan(ik, H.PUBLISER)
    with pytest.raises(ValidationError):
        services.slett_kjoring(ik)
    svar.behandle_svarfrist(ik, idag=datetime.date(2026, 7, 11))
    ik.refresh_from_db()
    assert livslop.tilstand(ik) == T.SVARFRIST_BEHANDLET and livslop.handlinger(ik) == [H.NESTE_RUNDE]
    with pytest.raises(ValidationError, match="svar kan ikke lenger endres"):
        svar.registrer_svar(ik, fire["Anne"], "ja")
    # The same rule as a query filter, for lists.
    for t in T:
        assert set(Inntakskjoring.objects.filter(livslop.tilstand_q(t)).values_list("pk", flat=True)) == {
            k.pk for k in Inntakskjoring.objects.all() if livslop.tilstand(k) == t
        }


def test_runde_2_venter_pa_svarfristen_eller_en_logget_begrunnelse(inntak, fire, kjor):
    ik1 = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    with pytest.raises(ValidationError, match="Svarfristen i runde 1 \\(10.07.2026\\) er ikke behandlet"):
        kjor(runde=2, simulering=False)
    kjor(runde=2)  # a simulation of round 2 is allowed: nothing reaches anybody
    ik2 = kjor(runde=2, simulering=False, overstyring="Skolene trenger listene før ferien.")
    assert ik2.rekkefolge_overstyrt == "Skolene trenger listene før ferien."
    assert Inntakshendelse.objects.filter(inntakskjoring=ik2, handling="overstyrt",
                                          tekst__contains="Skolene trenger").exists()  # fmt: skip
    publiser(ik2)  # the stored reason carries the override to publishing
    assert Inntakskjoring.objects.filter(publisert=True).count() == 2
    del ik1


def test_kjoring_beregnet_for_svarfristen_ble_behandlet_kan_ikke_publiseres(inntak, fire, kjor):
    ik1 = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    gammel = kjor(runde=2, simulering=False, overstyring="Tidlig prøve")
    gammel.rekkefolge_overstyrt = ""  # as if it had been computed the normal way, too early
    gammel.save(update_fields=["rekkefolge_overstyrt"])
    svar.behandle_svarfrist(ik1, idag=datetime.date(2026, 7, 11))
    with pytest.raises(services.PubliseringFeil, match="beregnet før svarfristen i runde 1 ble behandlet"):
        publiser(gammel)


def test_publisering_krever_bekreftet_antall_og_fremtidig_svarfrist(inntak, fire, kjor):
    ik = kjor(simulering=False)
    with pytest.raises(services.PubliseringFeil, match="antallet må bekreftes"):
        services.publiser_runde(ik)
    with pytest.raises(services.PubliseringFeil, match="antallet må bekreftes"):
        services.publiser_runde(ik, bekreftet_antall=ik.antall_sokere + 1)
    with pytest.raises(services.PubliseringFeil, match="etter i dag"):
        services.publiser_runde(ik, bekreftet_antall=4, svarfrist=datetime.date(2026, 7, 1),
                                idag=datetime.date(2026, 7, 1))  # fmt: skip
    ik.refresh_from_db()
    assert not ik.publisert


def test_publiseringssiden_viser_tallene_og_krever_bekreftelse(inntak, fire, kjor, brukere, client):
    ik = kjor(simulering=False)
    url = reverse("inntak:ik_publiser", args=[ik.pk])
    for rolle in (Rolle.LESE, Rolle.FAGOPPLAERING, Rolle.SKOLE):
        client.force_login(brukere["A"][rolle])
        assert client.get(url).status_code == 403, rolle
        assert client.post(url, {"svarfrist": "2099-07-10", "antall": 4, "bekreft": "on"}).status_code == 403
    client.force_login(brukere["A"][Rolle.INNTAK])
    side = client.get(url)
    html = side.content.decode()
    assert (
        side.status_code == 200 and 'id="publiseringstall"' in html and "Må svare innen svarfristen" in html
    )
    assert "publisere runden til 4 søkere" in html
    svar_ = client.post(url, {"svarfrist": "2099-07-10", "antall": 4})
    assert svar_.status_code == 200 and "Kryss av for å bekrefte publiseringen" in svar_.content.decode()
    assert 'id="feiloppsummering" role="alert"' in svar_.content.decode()
    ik.refresh_from_db()
    assert not ik.publisert
    svar_ = client.post(url, {"svarfrist": "2099-07-10", "antall": 4, "bekreft": "on"})
    assert svar_.status_code == 302
    ik.refresh_from_db()
    assert ik.publisert and ik.publisert_av == brukere["A"][Rolle.INNTAK]
    assert client.get(url).status_code == 302  # already published: back to the run with the reason


def test_svar_fra_runde_1_vises_etter_runde_2(inntak, fire, kjor, brukere, client):
    t = inntak.t
    ik1 = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    svar.registrer_svar(ik1, fire["Cecilie"], "ja_venteliste", venteliste_tilbud=[t["hs"].pk])
    for navn in ("Anne", "Bjørn", "David"):
        svar.registrer_svar(ik1, fire[navn], "ja")
    svar.behandle_svarfrist(ik1, idag=datetime.date(2026, 7, 11))
    ik2 = publiser(kjor(runde=2, simulering=False))
    c = Svar.objects.get(inntakskjoring=ik2, soknad=fire["Cecilie"])
    assert (c.svar, c.venteliste_tilbud, c.overfort) == ("ja_venteliste", [t["hs"].pk], True)
    assert fire["Cecilie"].pk not in svar.trenger_svar(ik2)
    assert Svar.objects.filter(inntakskjoring=ik2, overfort=True).count() == 4
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:ik_svar", args=[ik2.pk])).content.decode()
    assert "Svar som gjelder fra forrige runde (beholdt plass eller venteliste)</dt><dd>4</dd>" in html


def test_onskene_er_last_etter_publisering_unntak_logges(inntak, fire, kjor):
    anne = fire["Anne"]
    soknad_services.flytt_onske(anne.onsker.get(nr=2), -1)  # before publishing: free to change
    publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    with pytest.raises(ValidationError, match="Ønskene er låst fordi runde 1 er publisert"):
        soknad_services.flytt_onske(anne.onsker.get(nr=2), -1)
    with pytest.raises(ValidationError, match="låst"):
        soknad_services.legg_til_onske(anne, inntak.t["tp"])
    soknad_services.flytt_onske(anne.onsker.get(nr=2), -1, unntak="Feilregistrert på papirskjema.")
    assert anne.logg.filter(handling="unntak", tekst__contains="Feilregistrert på papirskjema").exists()


def test_sletting_etterlater_spor_og_admin_kan_ikke_slette(inntak, fire, kjor, brukere, admin_client):
    sim = kjor(navn="Prøve med 30 plasser")
    pk = sim.pk
    services.slett_kjoring(sim, bruker=brukere["A"][Rolle.INNTAK])
    assert not Inntakskjoring.objects.filter(pk=pk).exists()
    spor = Inntakshendelse.objects.get(handling="slettet")
    assert spor.inntakskjoring is None and spor.fylke == inntak.A and f"#{pk}" in spor.kjoring_tekst
    assert spor.bruker == brukere["A"][Rolle.INNTAK]
    ik = kjor(simulering=False)
    assert (
        not admin_client.get(reverse("admin:inntak_inntakskjoring_delete", args=[ik.pk])).status_code == 200
    )


def test_samme_loddtrekning_gir_identiske_simuleringer_og_endringen_flytter_bare_sine(inntak, soker, kjor):
    t = inntak.t
    t["hs"].plasser = 3
    t["hs"].save()
    # Ten søkere with the same points compete for hs: only the lottery decides who gets in.
    for i in range(10):
        soker(f"Lik{i} Poengsen", "40.00", onsker=["hs", "el", "st"])
    grunn = kjor(ny_loddtrekning=True)
    lik = kjor()  # default: the base simulation's lottery
    assert lik.seed_fra == grunn and lik.seed == grunn.seed and plasser(lik) == plasser(grunn)
    assert Inntakshendelse.objects.filter(
        inntakskjoring=lik, tekst__contains=f"samme loddtrekning som #{grunn.pk}"
    )
    endret = kjor(seed_fra=grunn, kapasitet={str(t["hs"].pk): 4})
    flyttet = {sid for sid, tid in plasser(endret).items() if plasser(grunn)[sid] != tid}
    assert len(flyttet) == 1  # exactly one more søker gets hs, nobody else moves
    assert all(plasser(endret)[sid] == t["hs"].pk for sid in flyttet)


def test_sammenligningen_leser_fra_for_til_etter(inntak, soker, kjor, brukere, client):
    t = inntak.t
    t["hs"].plasser = 1
    t["hs"].save()
    for i in range(3):
        soker(f"S{i} Sammen", f"4{i}.00", onsker=["hs", "el", "st"])
    for_ = kjor(ny_loddtrekning=True)
    etter = kjor(seed_fra=for_, kapasitet={str(t["hs"].pk): 3})
    bruker = brukere["A"][Rolle.INNTAK]
    ut = selectors.sammenlign(*selectors.i_rekkefolge(etter, for_), bruker)
    (d,) = [d for d in ut["deltaer"] if d["tilbud"] == t["hs"]]
    assert (d["a"].plasser, d["b"].plasser, d["delta_tildelt"]) == (1, 3, 2)
    assert ut["antall"] == 2 and {r["retning"] for r in ut["flyttet"]} == {"bedre"}
    totaler = {navn: (x, y, diff) for navn, x, y, diff in ut["totaler"]}
    assert totaler["1. ønske"] == (1, 3, 2) and totaler["2. ønske"] == (2, 0, -2)
    assert selectors.sammenlign(for_, etter, bruker, retning="verre")["antall"] == 0
    client.force_login(bruker)
    html = client.get(reverse("inntak:ik_sammenlign", args=[etter.pk]), {"med": for_.pk}).content.decode()
    tabell = html[html.index('id="totaler"') :]
    assert tabell.index(f"#{for_.pk}</a>") < tabell.index(f"#{etter.pk}</a>")  # before is the older run
    assert "Viser 1–2 av 2 søkere." in html


def test_runde_2_status_er_beholdt_ikke_fortrinn(inntak, fire, kjor):
    t = inntak.t
    ik1 = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    for navn in ("Anne", "Bjørn", "David"):
        svar.registrer_svar(ik1, fire[navn], "ja")
    svar.registrer_svar(ik1, fire["Cecilie"], "ja_venteliste", venteliste_tilbud=[t["hs"].pk])
    svar.behandle_svarfrist(ik1, idag=datetime.date(2026, 7, 11))
    ik2 = kjor(runde=2, simulering=False)  # hs stays full with Anne and Bjørn; Cecilie still waits
    g = Poenggrense.objects.get(inntakskjoring=ik2, tilbud=t["hs"])
    assert g.status == "beholdt" and "beholdt fra tidligere runde" in g.get_status_display()


def test_1i002_for_fristen_avvises_med_norsk_melding(inntak, fire, kjor, brukere):
    publiser(kjor(simulering=False), svarfrist=datetime.date(2099, 7, 10))
    bruker = brukere["A"][Rolle.INNTAK]
    params = {"skolear": "2026-2027", "niva": "VG1", "runde": 1}
    with pytest.raises(
        tjenester.KjoringFeil, match="Svarfristen i runde 1 \\(10.07.2099\\) er ikke passert ennå"
    ):
        tjenester.start_kjoring("1I002", inntak.A, bruker, params)
    assert not Kjoring.objects.filter(kode="1I002").exists()


def test_en_avvisning_i_en_jobb_gir_norsk_melding_uten_sporingstekst(inntak, fire, kjor, brukere):
    """A refusal that only shows up while the job runs (here: the deadline moved after the start)."""
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    kj = tjenester.start_kjoring("1I002", inntak.A, brukere["A"][Rolle.INNTAK],
                                 {"skolear": "2026-2027", "niva": "VG1", "runde": 1}, send=False)  # fmt: skip
    Inntakskjoring.objects.filter(pk=ik.pk).update(svarfrist=datetime.date(2099, 1, 1))
    assert tjenester.utfor(kj.pk) == "feilet"
    kj.refresh_from_db()
    assert kj.feil == "" and "er ikke passert ennå" in kj.melding and "Traceback" not in kj.melding


def test_kapasitet_endres_i_en_tabell_med_navn(
    inntak, fire, kjor, brukere, client, django_capture_on_commit_callbacks
):
    client.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("inntak:ik_ny")
    html = client.get(url, {"skolear": "2026-2027", "niva": "VG1"}).content.decode()
    hs = inntak.t["hs"]
    assert (
        f'name="kap_{hs.pk}"' in html
        and "Ny kapasitet for Charlottenlund vgs – Helse- og oppvekstfag" in html
    )
    data = {"skolear": "2026-2027", "niva": "VG1", "runde": 1, "simulering": "on", "loddtrekning": "samme"}
    feil = client.post(url, {**data, f"kap_{hs.pk}": "tretti"}).content.decode()
    assert "Charlottenlund vgs – Helse- og oppvekstfag: kapasiteten må være et helt tall" in feil
    assert not Kjoring.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        svar_ = client.post(
            url, {**data, f"kap_{hs.pk}": "5", f"kap_{inntak.t['el'].pk}": str(inntak.t["el"].plasser)}
        )
    assert svar_.status_code == 302
    ik = Inntakskjoring.objects.get()
    assert ik.kapasitetsoverstyring == {str(hs.pk): 5}  # only the changed tilbud
    side = client.get(reverse("inntak:ik_detalj", args=[ik.pk])).content.decode()
    assert "Charlottenlund vgs – Helse- og oppvekstfag: 2 → 5" in side


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE, Rolle.FAGOPPLAERING, Rolle.INNTAK])
def test_knapper_vises_bare_for_den_som_kan_bruke_dem(rolle, inntak, fire, kjor, brukere, client):
    ik = kjor(simulering=False)
    client.force_login(brukere["A"][rolle])
    svar_ = client.get(reverse("inntak:ik_detalj", args=[ik.pk]))
    if rolle == Rolle.FAGOPPLAERING:
        assert svar_.status_code == 403
        return
    html = svar_.content.decode()
    kan = rolle == Rolle.INNTAK
    assert (reverse("inntak:ik_publiser", args=[ik.pk]) in html) is kan
    assert ("Forkast kjøringen" in html) is kan
    assert ("Nytt prøveinntak med samme loddtrekning" in html) is kan


def test_kjoringslisten_viser_og_filtrerer_tilstanden(inntak, fire, kjor, brukere, client):
    sim, klar = kjor(), kjor(simulering=False)
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:ik_liste"), {"status": "klar"}).content.decode()
    assert f"#{klar.pk}</a>" in html and f"#{sim.pk}</a>" not in html
    assert '<span class="status status-klar">Klar til publisering</span>' in html


def test_last_onskeliste_pa_soknadssiden_og_unntak_med_begrunnelse(inntak, fire, kjor, brukere, client):
    anne = fire["Anne"]
    publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    client.force_login(brukere["A"][Rolle.INNTAK])
    side = reverse("inntak:soknad", args=[anne.pk])
    html = client.get(side, {"fane": "onsker"}).content.decode()
    assert "Ønskene er låst fordi runde 1 er publisert" in html and "Flytt opp" not in html
    html = client.get(side, {"fane": "onsker", "unntak": "1"}).content.decode()
    assert 'name="unntak" required' in html
    andre = anne.onsker.get(nr=2)
    url = reverse("inntak:flytt_onske", args=[anne.pk, andre.pk])
    client.post(url, {"retning": "opp"})
    andre.refresh_from_db()
    assert andre.nr == 2  # refused without a reason
    client.post(url, {"retning": "opp", "unntak": "Feil ved registrering"})
    andre.refresh_from_db()
    assert andre.nr == 1 and anne.logg.filter(handling="unntak").exists()


def test_jobbsiden_viser_endret_kapasitet_med_tilbudsnavn(inntak):
    from vigo.jobber.visning import parameter_linjer

    hs = inntak.t["hs"]
    linjer = {
        lin.etikett: lin.verdi
        for lin in parameter_linjer("1I001", {"kapasitet": f"{hs.pk}=5", "simulering": True})
    }
    assert linjer["Endret kapasitet"] == "Charlottenlund vgs – Helse- og oppvekstfag: 5 plasser"
