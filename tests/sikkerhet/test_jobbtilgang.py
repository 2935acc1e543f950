"""Permissions per area for jobs: every job type declares who may start it (and publish with it), the service
checks it for every caller, and nobody is shown a start button they cannot use.

Found: the fagopplæring role (403 on applicant pages) opened /kjoringer/ny/1I001/, unticked Prøveinntak and
published a Vg3 round, because starting checked only the general right to start jobs.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse

from tests.fabrikker import lag_bruker
from vigo import jobber
from vigo.jobber import tilgang, tjenester
from vigo.models import Kjoring, Rolle

pytestmark = pytest.mark.django_db

R = Rolle
# Who may start each registered job type. Written out, not derived from the code: a new job type must be added
# here (the first test fails until it is), and a changed right shows up as a changed line in review.
FORVENTET: dict[str, set[str]] = {
    "0P001": {R.INNTAK, R.FAGOPPLAERING, R.SYSADMIN},  # the whole person register: those who keep it
    "1A001": {R.INNTAK, R.SYSADMIN},
    "1P001": {R.INNTAK, R.SYSADMIN},
    "1L001": {R.INNTAK, R.SYSADMIN},  # deliveries (rapporter/leveranser): the intake caseworkers run them
    "1L002": {R.INNTAK, R.SYSADMIN},
    "1L003": {R.INNTAK, R.SYSADMIN},
    "1L004": {R.INNTAK, R.SYSADMIN},
    "1L010": {R.INNTAK, R.SYSADMIN},  # ssbResultat, ssbElev, Lånekassen: the inntakskontor keeps the register
    "1L011": {R.INNTAK, R.SYSADMIN},
    "1L012": {R.INNTAK, R.SYSADMIN},
    "1L020": {R.FAGOPPLAERING, R.SYSADMIN},  # fagopplæring deliveries (fagopplaering.change_kontrakt)
    "1L021": {R.FAGOPPLAERING, R.SYSADMIN},
    "1L022": {R.FAGOPPLAERING, R.SYSADMIN},
    "5A105": {R.FAGOPPLAERING, R.SYSADMIN},  # Eksport til VIGO Voksen
    "1L030": {R.INNTAK, R.SYSADMIN},  # the configurable extracts (FPVS, Rambøll, Conexus, Evry, Digdir)
    "1L031": {R.INNTAK, R.SYSADMIN},
    "1L032": {R.INNTAK, R.SYSADMIN},
    "1L033": {R.INNTAK, R.SYSADMIN},
    "1L034": {R.INNTAK, R.SYSADMIN},
    "6I020": {R.INNTAK, R.SYSADMIN},  # private-school data from Udir (elev.add_elevforhold)
    "1I001": {R.INNTAK, R.SYSADMIN},
    "1I002": {R.INNTAK, R.SYSADMIN},
    "1I003": {R.INNTAK, R.SYSADMIN},
    "1V001": {R.INNTAK, R.SYSADMIN},  # inntak av voksne (kapittel 13), also nightly
    "5A020": {R.INNTAK, R.SYSADMIN},  # Elevdatabasen: computed columns (elev.change_elevforhold)
    "5A021": {R.INNTAK, R.SYSADMIN},
    "5A022": {R.INNTAK, R.SYSADMIN},
    "5A001": {R.INNTAK, R.SYSADMIN},  # søker → elev: the inntakskontor (elev.add_elevforhold)
    "5A018": {R.INNTAK, R.SYSADMIN},  # rett (elev.change_rett)
    "5A019": {R.INNTAK, R.SYSADMIN},
    "5A014": {R.INNTAK, R.SYSADMIN},  # slette søkerdata (inntak.delete_soknad)
    "5A006": {R.INNTAK, R.SYSADMIN},  # preutfylling (inntak.add_soknad)
    "8A011": {R.INNTAK, R.SYSADMIN},  # ajourholdskontroll (elev.change_elevforhold)
    "6A001": {R.INNTAK, R.SYSADMIN},  # import fra SAS (elev.add_elevforhold); schools deliver through the API
    # Utlasting til OT (elev.add_otungdom): the årshjul has the inntakskontor run it, and OT runs its own
    "6A015": {R.INNTAK, R.OT, R.SYSADMIN},
    "6I015": {R.OT, R.SYSADMIN},  # Import av OT-status (elev.change_otungdom), started from elev:ot_import
    # Fagopplæring: the fagopplæring caseworkers (formidling, contracts, tilskudd), not the intake office
    "5A110": {R.FAGOPPLAERING, R.SYSADMIN},  # søkere fra inntaket (add_formidling)
    "5A111": {R.FAGOPPLAERING, R.SYSADMIN},  # formidlingsstatus (change_formidling: a list of persons)
    "5A112": {R.FAGOPPLAERING, R.SYSADMIN},  # kontrakter som snart slutter (change_kontrakt)
    "5A113": {R.FAGOPPLAERING, R.SYSADMIN},  # lærlingtilskudd (add_tilskuddsberegning)
    "5A114": {R.FAGOPPLAERING, R.SYSADMIN},  # honorar til prøvenemnder (change_provenemnd: names, accounts)
    "5A115": {R.FAGOPPLAERING, R.SYSADMIN},  # eksport til NVB (change_fagdokument)
    "5A116": {R.FAGOPPLAERING, R.SYSADMIN},  # masseutskrift av dokumenter (change_fagdokument)
    "0H001": {R.FYLKESADMIN, R.SYSADMIN},
    "0H002": {R.FYLKESADMIN, R.SYSADMIN},
}
# Who may start a run that publishes (1I001 without Prøveinntak).
PUBLISERE: dict[str, set[str]] = {"1I001": {R.INNTAK, R.SYSADMIN}}


def _app_jobber() -> list[jobber.Jobbtype]:
    # Test modules register throw-away jobs (codes 9…, and årshjul codes in tests/arshjul) inside fixtures only.
    return [j for j in jobber.alle() if j.omrade != "Test" and not j.kode.startswith("9")]


def _finnes(tillatelse: str) -> bool:
    app, kodenavn = tillatelse.split(".")
    return Permission.objects.filter(content_type__app_label=app, codename=kodenavn).exists()


def test_hver_registrerte_jobb_erklaerer_tillatelser_som_finnes():
    registrert = {j.kode for j in _app_jobber()}
    assert registrert == set(FORVENTET), "ny eller fjernet jobbtype: oppdater FORVENTET"
    for jt in _app_jobber():
        assert _finnes(jt.tillatelse), f"{jt.kode}: tillatelsen {jt.tillatelse} finnes ikke"
        if jt.publiserer:
            assert _finnes(jt.publiser_tillatelse), f"{jt.kode}: {jt.publiser_tillatelse} finnes ikke"
    assert {j.kode for j in _app_jobber() if j.publiserer} == set(PUBLISERE)


def test_registrering_uten_erklaering_feiler_hoylytt():
    with pytest.raises(ImproperlyConfigured, match="må erklære hvilken tillatelse"):
        jobber.jobbtype("9Z001", "Uten tillatelse")
    with pytest.raises(ImproperlyConfigured):
        jobber.jobbtype("9Z001", "Ugyldig", tillatelse="add_kjoring")
    with pytest.raises(ImproperlyConfigured, match="sammen"):
        jobber.jobbtype("9Z001", "Halv", tillatelse="vigo.add_kjoring", publiserer=lambda p: True)
    assert not jobber.finnes("9Z001")


@pytest.mark.parametrize("rolle", list(Rolle))
def test_rolle_mot_hver_jobbtype_i_tjenesten_skjemaet_og_listen(rolle, brukere, client):
    """For the role: the service, the start form (GET and POST) and the job list agree with FORVENTET."""
    bruker = brukere["A"][rolle]
    client.force_login(bruker)
    liste = client.get(reverse("kjoring_liste"))
    feil = []
    with mock.patch("vigo.jobber.tjenester._send", return_value=True):
        for jt in _app_jobber():
            skal = rolle in FORVENTET[jt.kode]
            if tilgang.kan_starte(bruker, jt) != skal:
                feil.append(f"{jt.kode}: kan_starte={not skal}")
            try:
                tjenester.start_kjoring(jt.kode, bruker.fylke, bruker, {})
                tillatt = True
            except PermissionDenied:
                tillatt = False
            except tjenester.KjoringFeil:
                tillatt = True  # past the permission check; the empty parameters were refused
            if tillatt != skal:
                feil.append(f"{jt.kode}: tjenesten tillot={tillatt}")
            url = reverse("kjoring_ny", args=[jt.kode])
            kode = client.get(url, follow=bool(jt.startside)).status_code  # 1I001 has its own start page
            if (kode == 200) != skal or kode not in (200, 403):
                feil.append(f"{jt.kode}: GET skjema {kode}")
            if not skal:
                for_ = Kjoring.objects.count()
                if client.post(url, {"simulering": ""}).status_code != 403 or Kjoring.objects.count() != for_:
                    feil.append(f"{jt.kode}: POST ble ikke avvist")
            if liste.status_code == 200 and (f'href="{url}"' in liste.content.decode()) != skal:
                feil.append(f"{jt.kode}: startlenke i jobblisten={not skal}")
    assert not feil, f"{rolle}: " + "; ".join(feil)
    if rolle in (R.SKOLE,):
        assert liste.status_code == 403


def test_fagopplaering_kan_ikke_kjore_eller_publisere_inntak(brukere, client, kodeverk):
    from kodeverk.models import Skolear

    Skolear.objects.create(kode="2026-2027", startdato=datetime.date(2026, 8, 1),
                           sluttdato=datetime.date(2027, 7, 31))  # fmt: skip
    fag = brukere["A"][R.FAGOPPLAERING]
    client.force_login(fag)
    params = {"skolear": "2026-2027", "niva": "VG3", "runde": "1", "simulering": ""}  # Prøveinntak unticked
    assert client.get(reverse("kjoring_ny", args=["1I001"])).status_code == 403
    assert client.post(reverse("kjoring_ny", args=["1I001"]), params).status_code == 403
    assert client.post(reverse("inntak:ik_ny"), params).status_code == 403
    with pytest.raises(PermissionDenied):
        tjenester.start_kjoring("1I001", fag.fylke, fag, params)
    assert not Kjoring.objects.filter(kode="1I001").exists()
    # The intake page offers the role no intake jobs.
    side = client.get(reverse("kjoring_liste")).content.decode()
    assert reverse("kjoring_ny", args=["1I001"]) not in side
    assert reverse("kjoring_ny", args=["0P001"]) in side  # its own: the person register


def test_publisering_krever_publiseringsrett(brukere, client, kodeverk):
    """Someone who may run a trial intake but not publish: a trial starts, a publishing run is refused with a
    Norwegian message on the form (not a 500), in the service and in the intake's own form."""
    from kodeverk.models import Skolear

    Skolear.objects.create(kode="2026-2027", startdato=datetime.date(2026, 8, 1),
                           sluttdato=datetime.date(2027, 7, 31))  # fmt: skip
    proeve = lag_bruker("proeveinntak", R.LESE, kodeverk["A"])
    proeve.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["vigo", "inntak"],
            codename__in=["add_kjoring", "add_inntakskjoring"],
        )
    )
    proeve = type(proeve).objects.get(pk=proeve.pk)  # fresh permission cache
    assert tilgang.kan_starte(proeve, "1I001")
    params = {"skolear": "2026-2027", "niva": "VG1", "runde": "1"}
    with mock.patch("vigo.jobber.tjenester._send", return_value=True):
        with pytest.raises(PermissionDenied, match="publisere"):
            tjenester.start_kjoring("1I001", proeve.fylke, proeve, {**params, "simulering": ""})
        assert not Kjoring.objects.exists()
        client.force_login(proeve)
        assert client.get(reverse("kjoring_ny", args=["1I001"])).url == reverse(
            "inntak:ik_ny"
        )  # one start page
        svar = client.post(reverse("inntak:ik_ny"), {**params, "simulering": ""})
        assert svar.status_code == 200 and "ikke tilgang til å publisere" in svar.content.decode()
        assert not Kjoring.objects.exists()
        assert "Du kan bare kjøre prøveinntak" in client.get(reverse("inntak:ik_ny")).content.decode()
        kj = tjenester.start_kjoring("1I001", proeve.fylke, proeve, {**params, "simulering": "on"})
        assert kj.parametere["simulering"] is True
        # Those with the publish right may publish.
        inntak = brukere["A"][R.INNTAK]
        Kjoring.objects.all().delete()
        tjenester.start_kjoring("1I001", inntak.fylke, inntak, {**params, "simulering": ""})


def test_systemet_uten_bruker_kontrolleres_ikke(kodeverk):
    """`manage.py kjoring` on the server is the operator: no user, no role check (documented)."""
    with mock.patch("vigo.jobber.tjenester._send", return_value=True):
        kj = tjenester.start_kjoring("0P001", kodeverk["A"], None, {}, startet_av_tekst="kommandolinje")
    assert kj.startet_av is None


def test_avbryt_krever_rett_til_jobben(brukere, client):
    a = brukere["A"]
    kj = Kjoring.objects.create(
        kode="1I001", navn="Kjør inntak", fylke=a[R.INNTAK].fylke
    )  # waiting in the queue
    with pytest.raises(PermissionDenied):
        tjenester.avbryt(kj, a[R.FAGOPPLAERING])
    client.force_login(a[R.FAGOPPLAERING])
    assert (
        reverse("kjoring_avbryt", args=[kj.pk])
        not in client.get(reverse("kjoring_detalj", args=[kj.pk])).content.decode()
    )
    assert client.post(reverse("kjoring_avbryt", args=[kj.pk])).status_code == 403
    kj.refresh_from_db()
    assert kj.status == "venter"
    client.force_login(a[R.INNTAK])
    assert (
        reverse("kjoring_avbryt", args=[kj.pk])
        in client.get(reverse("kjoring_detalj", args=[kj.pk])).content.decode()
    )
    assert tjenester.avbryt(kj, a[R.INNTAK])


@pytest.fixture
def inntaksjobb_i_arshjulet(kodeverk):
    """The 2017-2018 wheel, with its job 5A019 registered as an intake job (only intake may start it)."""
    from tests.arshjul.conftest import importer

    importer("2017-2018")
    registrert = not jobber.finnes("5A019")
    if registrert:
        jobber.jobbtype("5A019", "Testjobb 5A019", omrade="Test", tillatelse="inntak.add_inntakskjoring")(
            lambda ktx: {"ok": True}
        )
    yield
    if registrert:
        jobber.avregistrer("5A019")


def test_arshjulets_startknapper_og_planlegging_folger_jobbens_rett(inntaksjobb_i_arshjulet, brukere, client):
    from django.utils import timezone

    from arshjul import planlegging, services
    from arshjul.models import Hendelse

    h = Hendelse.objects.get(fylke__nummer="50", linje_fra=31)  # 29.09.2017, job 5A019
    start = reverse("kjoring_ny", args=["5A019"])
    synlig = {}
    for rolle in (R.INNTAK, R.FYLKESADMIN, R.LESE):
        client.force_login(brukere["A"][rolle])
        hendelse = client.get(reverse("arshjul:hendelse", args=[h.pk])).content.decode()
        liste = client.get(reverse("arshjul:liste", args=["2017-2018"])).content.decode()
        synlig[rolle] = (start in hendelse, start in liste)
    # The county administrator may start jobs and edit the wheel, but not start an intake job.
    assert synlig == {R.INNTAK: (True, True), R.FYLKESADMIN: (False, False), R.LESE: (False, False)}
    tid = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(services.ArshjulFeil, match="ikke tilgang"):
        planlegging.planlegg_kjoring(h, "5A019", tid, brukere["A"][R.FYLKESADMIN])
