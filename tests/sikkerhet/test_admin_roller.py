"""Every registered admin model × every role: what each may list, open and add.

The walk reads ``admin.site._registry``, so a new admin page is covered without touching this test; a new
county model must get a row of each county in ``verden`` (the test says so when one is missing).

Every role's user is made staff here: the demo gives admin access only to the county and system
administrators, but the permissions must hold even when someone ticks «staff» for a caseworker.

The expectations come from the roles' permissions (vigo.roller), not from the admin code under test:
- a model is listed exactly when the role holds its view or change permission, except the third-party models
  that hold every county's data (beat, axes, roles), which only a system administrator sees;
- an add page opens only with the add permission, and never for the third-party models outside the system
  administrators;
- another county's object never opens (404, or the admin's redirect for a missing object, or 403);
- the own county's object opens exactly when the role may view the model and the object is inside the
  role's scope.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.fabrikker import PersonFactory
from tests.inntak_kjoring.conftest import inntak, lag_soknad, sett_poeng  # noqa: F401  (fixtures)
from vigo.models import Rolle
from vigo.scoping import avgrens

pytestmark = pytest.mark.django_db

ROLLER = [Rolle.SYSADMIN, Rolle.FYLKESADMIN, Rolle.INNTAK, Rolle.FAGOPPLAERING, Rolle.SKOLE, Rolle.LESE]
# No county in their rows: closed to all but system administrators (vigo/admin_tredjepart.py).
LUKKET_APPER = {"django_celery_beat", "axes", "auth"}
IKKE_FUNNET = (302, 403, 404)


def _lukket(modell) -> bool:
    return modell._meta.app_label in LUKKET_APPER


def _fylkesmodell(modell) -> bool:
    return getattr(modell, "scoping", None) is not None or modell._meta.label == "kodeverk.Fylke"


@pytest.fixture
def verden(inntak, lag_soknad, brukere):  # noqa: F811
    """One row of every county model in each county: {"vigo.Person": (row in 50, row in 03), ...}."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import ClockedSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

    from arshjul.models import Hendelse, Kalenderfeed, PlanlagtKjoring
    from arshjul.services import sikre_skolear
    from inntak import services
    from inntak.models import Brevmal, Inntakshendelse, Inntakskjoring, Karakter, Saksbehandlingslogg
    from tests.fagopplaering.fabrikker import lag_fagopplaering_rader
    from tests.fagopplaering.fabrikker_prove import lag_prove_rader
    from vigo.api.services.klienter import lag_nokkel, opprett_klient
    from vigo.models import ApiKall, Innsyn, Kjoring

    sikre_skolear("2025-2026")
    idag = timezone.localdate()
    rader: dict[str, list] = {}

    def legg(obj):
        rader.setdefault(obj._meta.label, []).append(obj)

    for nokkel in ("A", "B"):
        fylke = inntak.kv[nokkel]
        s = lag_soknad(person=PersonFactory(fylke=fylke), fylke=fylke, behandlingskategori="FOR615")
        vedtak = services.registrer_vedtak(
            s, begrunnelse="Sakkyndig vurdering.", fast_plass=s.onsker.first().tilbud
        )
        klient = opprett_klient(navn=f"Klient {fylke.nummer}", fylke=fylke, scopes=["kodeverk:les"])
        h = Hendelse.objects.create(fylke=fylke, skolear_id="2025-2026", nokkel=f"h{nokkel}", start=idag, slutt=idag,
                                    hva="Frist", kategori="interne-datoer")  # fmt: skip
        tid = timezone.now() + datetime.timedelta(days=2)
        planlagt = PlanlagtKjoring.objects.create(hendelse=h, jobbkode="0P001", tidspunkt=tid)
        planlagt.periodisk_oppgave = PeriodicTask.objects.create(
            name=f"Årshjul {nokkel}", task="arshjul.start_planlagt_kjoring", one_off=True,
            clocked=ClockedSchedule.objects.create(clocked_time=tid), kwargs=json.dumps({"planlagt_id": planlagt.pk}),
        )  # fmt: skip
        planlagt.save()
        for obj in (
            fylke, inntak.kv["skole_a" if nokkel == "A" else "skole_b"], brukere[nokkel][Rolle.LESE], s.person, s,
            vedtak, s.onsker.first().tilbud, sett_poeng(s, "40.00"), Saksbehandlingslogg.objects.filter(soknad=s)[0],
            Karakter.objects.create(person=s.person, fylke=fylke, fag_id="NOR0214", vurdering="standpunkt",
                                    karakter="4"),
            Brevmal.objects.create(fylke=fylke, navn="Mal", innhold="<p>Hei</p>"),
            ik := Inntakskjoring.objects.create(fylke=fylke, skolear=inntak.ar, niva="VG1", runde=1, seed=1,
                                                regelsett="test", snapshot={}, resultat={}, resultat_sha256="0"),
            Inntakshendelse.objects.create(inntakskjoring=ik, fylke=fylke, handling="kjort", tekst="Kjørt."),
            klient, lag_nokkel(klient)[0], ApiKall.objects.create(klient=klient, metode="GET", sti="/x", status=200),
            Innsyn.objects.create(handling="vis", hva="Test", aktor="test", person=s.person, fylke=fylke),
            Kjoring.objects.create(kode="0P001", navn="Eksport", fylke=fylke, status="ferdig"),
            h, Kalenderfeed.objects.create(fylke=fylke), planlagt, *_elevregister(s, fylke),
            *(fagrader := lag_fagopplaering_rader(fylke, s.person)),
            *lag_prove_rader(fylke, fagrader[7]),
        ):  # fmt: skip
            legg(obj)
    # Rows without a county, for the closed third-party pages.
    IntervalSchedule.objects.create(every=10, period="seconds")
    SolarSchedule.objects.create(event="sunrise", latitude=63.43, longitude=10.39)
    AccessAttempt.objects.create(username="noen", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="noen", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="noen", ip_address="10.0.0.1")
    return {label: tuple(objs) for label, objs in rader.items()}


def _elevregister(soknad, fylke) -> tuple:
    """The register's read-only admins: an elevkurs with a fag line, a vitnemålsmerknad, an import and a rett."""
    from inntak.elev.models import Elevfag, Elevforhold, Elevimport, Otenhet, Rett, Vitnemalsmerknad
    from kodeverk.models import Fag, Fagstatus

    tilbud = soknad.onsker.first().tilbud
    ek = Elevforhold.objects.create(person=soknad.person, skole=tilbud.skole, programomrade=tilbud.programomrade,
                                    skolear=soknad.skolear, startdato=soknad.skolear.startdato)  # fmt: skip
    fagstatus, _ = Fagstatus.objects.get_or_create(kode="E", defaults={"navn": "Elev"})
    fag = Elevfag.objects.create(person=soknad.person, skole=tilbud.skole, skolear=soknad.skolear, elevkurs=ek,
                                 fag=Fag.objects.order_by("pk").first(), fagstatus=fagstatus)  # fmt: skip
    return (
        ek, fag, Vitnemalsmerknad.objects.create(elevkurs=ek, kode="M01"),
        Elevimport.objects.create(fylke=fylke, skole=tilbud.skole, filnavn="sas.txt", sha256="0" * 64,
                                  status="importert"),
        Rett.objects.create(person=soknad.person, skolear=soknad.skolear, regime="2024", beregnet=timezone.now()),
        Otenhet.objects.create(fylke=fylke, kode="SOR", navn="OT sør"),
    )  # fmt: skip


def _url(modell, navn: str, *args) -> str | None:
    try:
        return reverse(f"admin:{modell._meta.app_label}_{modell._meta.model_name}_{navn}", args=args)
    except NoReverseMatch:
        return None


def _ser(modell) -> tuple[str, str]:
    return (
        f"{modell._meta.app_label}.view_{modell._meta.model_name}",
        f"{modell._meta.app_label}.change_{modell._meta.model_name}",
    )


def _kan_se_modellen(bruker, modell) -> bool:
    if _lukket(modell) and not bruker.er_systemadministrator:
        return False
    return any(bruker.has_perm(p) for p in _ser(modell))


def _i_omfang(bruker, obj) -> bool:
    modell = type(obj)
    if modell._meta.label == "kodeverk.Fylke":
        return bruker.er_systemadministrator or obj.pk == bruker.fylke_id
    return avgrens(modell._default_manager.filter(pk=obj.pk), bruker).exists()


def _hent(client, url, avvik: list | None = None) -> int:
    status = client.get(url).status_code
    if status >= 500:
        if avvik is None:
            raise AssertionError((url, status))
        avvik.append((url, status))
    return status


def test_hver_fylkesmodell_har_rader_i_begge_fylker(verden):
    """Keeps the walk honest: a new county model without rows here would only be checked for its lists."""
    mangler = [
        m._meta.label
        for m in admin.site._registry
        if _fylkesmodell(m) and len(verden.get(m._meta.label, ())) != 2
    ]
    assert not mangler, f"Legg til en rad i hvert fylke i verden() for: {mangler}"


@pytest.mark.parametrize("rolle", ROLLER)
def test_hver_adminside_for_hver_rolle(client, verden, brukere, rolle):
    bruker = brukere["A"][rolle]
    bruker.is_staff = True
    bruker.save()
    bruker = type(bruker).objects.get(pk=bruker.pk)  # fresh permission cache
    client.force_login(bruker)
    client.raise_request_exception = False  # a 500 is one more finding, not the end of the walk
    request = RequestFactory().get("/admin/")
    request.user = bruker
    avvik = []
    for modell in admin.site._registry:
        label = modell._meta.label
        # List.
        liste = _hent(client, _url(modell, "changelist"), avvik)
        forventet = 200 if _kan_se_modellen(bruker, modell) else 403
        if liste != forventet:
            avvik.append((label, "liste", liste, forventet))
        # Add page: only with the add permission, never a closed third-party model outside system administrators.
        legg_til = _hent(client, _url(modell, "add"), avvik)
        if legg_til == 200 and not bruker.has_perm(f"{modell._meta.app_label}.add_{modell._meta.model_name}"):
            avvik.append((label, "legg til uten rettighet", legg_til))
        if _lukket(modell) and not bruker.er_systemadministrator and legg_til != 403:
            avvik.append((label, "legg til i lukket modell", legg_til))
        # Objects: the other county's never opens; the own county's exactly when visible and in scope.
        rader = verden.get(label)
        if not rader:
            continue
        eget, annet = rader
        for obj, er_eget in ((eget, True), (annet, False)):
            status = _hent(client, _url(modell, "change", obj.pk), avvik)
            synlig = _kan_se_modellen(bruker, modell) and _i_omfang(bruker, obj)
            if synlig and status != 200:
                avvik.append((label, "eget" if er_eget else "annet", "åpner ikke", status))
            if not synlig and status not in IKKE_FUNNET:
                avvik.append((label, "eget" if er_eget else "annet", "åpner", status))
            if not er_eget and not bruker.er_systemadministrator and synlig:
                avvik.append((label, "annet fylke er i omfang"))
            historikk = _url(modell, "history", obj.pk)
            if historikk and not synlig and _hent(client, historikk, avvik) == 200:
                avvik.append((label, "historikk åpner", obj.pk))
    assert not avvik, avvik


@pytest.mark.parametrize("rolle", [Rolle.FYLKESADMIN, Rolle.INNTAK, Rolle.LESE])
def test_lukkede_sider_tar_ikke_imot_post(client, verden, brukere, rolle):
    """A forged POST to the closed third-party pages is refused before any form is read."""
    from django_celery_beat.models import PeriodicTask

    bruker = brukere["A"][rolle]
    bruker.is_staff = True
    bruker.save()
    client.force_login(bruker)
    antall = PeriodicTask.objects.count()
    for modell in admin.site._registry:
        if not _lukket(modell):
            continue
        assert client.post(_url(modell, "add"), {"name": "x"}).status_code == 403, modell._meta.label
        rad = modell._default_manager.first()
        if rad is not None:
            assert client.post(_url(modell, "change", rad.pk), {"name": "x"}).status_code == 403
            assert client.post(_url(modell, "delete", rad.pk), {"post": "yes"}).status_code == 403
    assert PeriodicTask.objects.count() == antall


def test_demobrukere_uten_stab_slipper_ikke_inn_i_admin(client, brukere):
    """In the demo only the county and system administrators are staff; the others are sent to the login."""
    for rolle in (Rolle.INNTAK, Rolle.FAGOPPLAERING, Rolle.SKOLE, Rolle.LESE):
        client.force_login(brukere["A"][rolle])
        assert client.get(reverse("admin:index")).status_code == 302
        assert client.get(reverse("admin:vigo_bruker_changelist")).status_code == 302


# What each role may create in the admin, spelled out: a change here is a security decision, not a detail.
FORVENTET_LEGG_TIL = {
    Rolle.FYLKESADMIN: {
        "elev.Otenhet",
        "vigo.Bruker",
        "vigo.ApiKlient",
        "vigo.ApiNokkel",
        "arshjul.Hendelse",
        "arshjul.Kalenderfeed",
    },
    # Grades come in through the import (inntak.add_karakter), never through a single-grade form.
    Rolle.INNTAK: {"vigo.Person", "inntak.Tilbud", "inntak.Brevmal"},
    Rolle.FAGOPPLAERING: {"vigo.Person"},
    Rolle.SKOLE: set(),
    Rolle.LESE: set(),
}


@pytest.mark.parametrize("rolle", list(FORVENTET_LEGG_TIL))
def test_hva_hver_rolle_kan_legge_til(client, brukere, rolle):
    bruker = brukere["A"][rolle]
    bruker.is_staff = True
    bruker.save()
    client.force_login(bruker)
    kan = {m._meta.label for m in admin.site._registry if _hent(client, _url(m, "add")) == 200}
    assert kan == FORVENTET_LEGG_TIL[rolle]


def test_systemadministrator_lager_ikke_beat_oppgaver_i_admin(client, brukere):
    """Scheduled tasks come from the product's services and settings, never from a form."""
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    for modell in admin.site._registry:
        if modell._meta.app_label in ("django_celery_beat", "axes"):
            assert _hent(client, _url(modell, "add")) == 403, modell._meta.label
