"""Red team: privilege escalation through the admin.

1. A county administrator took over the superuser: the password page of ``sysadmin`` accepted a new password,
   the superuser's change page opened, and saving it dropped the superuser flag.
2. The beat admin was neither scoped nor restricted: a county administrator listed another county's scheduled
   tasks (event text, kwargs) and could create a task that beat ran as that county's user.

The rule now lives in vigo.tilgang (users) and vigo.admin_tredjepart (third-party admins).
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, PeriodicTask

from arshjul.models import Hendelse, PlanlagtKjoring
from arshjul.planlegging import OPPGAVE_START
from vigo import services_brukere, tilgang
from vigo.models import ApiKlient, ApiNokkel, Bruker, Rolle

pytestmark = pytest.mark.django_db

NYTT = "Kapret-passord-2026"


def _passord_url(bruker) -> str:
    return reverse("admin:auth_user_password_change", args=[bruker.pk])


def _bytt_passord(client, bruker):
    return client.post(
        _passord_url(bruker), {"password1": NYTT, "password2": NYTT, "usable_password": "true"}
    )


# --- 1. Users ----------------------------------------------------------------------------------------------------


def test_fylkesadmin_kan_ikke_sette_passord_for_superbrukeren(client, brukere):
    sysadmin = brukere["A"][Rolle.SYSADMIN]
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert client.get(_passord_url(sysadmin)).status_code == 404
    assert _bytt_passord(client, sysadmin).status_code == 404
    sysadmin.refresh_from_db()
    assert not sysadmin.check_password(NYTT) and sysadmin.check_password("Test-passord-123")


def test_fylkesadmin_ser_ikke_superbrukeren_og_lagring_fjerner_ingen_flagg(client, brukere):
    sysadmin = brukere["A"][Rolle.SYSADMIN]
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    url = reverse("admin:vigo_bruker_change", args=[sysadmin.pk])
    assert client.get(url).status_code == 404
    svar = client.post(url, {"username": sysadmin.username, "is_active": "on", "fylke": sysadmin.fylke_id,
                             "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00"})  # fmt: skip
    assert svar.status_code == 404
    for side in ("history", "delete"):
        assert client.get(reverse(f"admin:vigo_bruker_{side}", args=[sysadmin.pk])).status_code in (403, 404)
    sysadmin.refresh_from_db()
    assert (
        sysadmin.is_superuser and sysadmin.is_staff and sysadmin.groups.filter(name=Rolle.SYSADMIN).exists()
    )
    liste = client.get(reverse("admin:vigo_bruker_changelist")).content.decode()
    assert sysadmin.username not in liste


def test_systemadministrator_lagrer_superbrukeren_uten_a_miste_flagg(client, brukere):
    sysadmin = brukere["A"][Rolle.SYSADMIN]
    client.force_login(sysadmin)
    url = reverse("admin:vigo_bruker_change", args=[sysadmin.pk])
    skjema = client.get(url).context["adminform"].form
    data = {k: v for k, v in skjema.initial.items() if v is not None and k not in ("password", "last_login")}
    data.update(groups=[g.pk for g in sysadmin.groups.all()], is_active="on", is_staff="on", is_superuser="on",
                date_joined_0="2025-01-01", date_joined_1="00:00:00", first_name="Sven")  # fmt: skip
    data.pop("user_permissions", None)
    data.pop("date_joined", None)
    svar = client.post(url, data)
    assert svar.status_code == 302, svar.context["adminform"].form.errors
    sysadmin.refresh_from_db()
    assert sysadmin.is_superuser and sysadmin.first_name == "Sven"


def test_fylkesadmin_kan_ikke_forvalte_brukere_i_annet_fylke(client, brukere):
    oslo = brukere["B"][Rolle.LESE]
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert client.get(reverse("admin:vigo_bruker_change", args=[oslo.pk])).status_code == 404
    assert _bytt_passord(client, oslo).status_code == 404
    oslo.refresh_from_db()
    assert not oslo.check_password(NYTT)


def test_fylkesadmin_kan_ikke_lage_bruker_i_annet_fylke_eller_med_mer_rettigheter(client, brukere, kodeverk):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    felles = {"username": "ny", "password1": NYTT, "password2": NYTT, "usable_password": "true"}
    lese = Group.objects.get(name=Rolle.LESE)
    # Another county: refused (the county list offers only the own county).
    client.post(reverse("admin:vigo_bruker_add"), {**felles, "fylke": kodeverk["B"].pk, "groups": [lese.pk]})
    assert not Bruker.objects.filter(username="ny").exists()
    # A role with rights the county administrator does not hold (inntak caseworkers change søknader).
    inntak = Group.objects.get(name=Rolle.INNTAK)
    client.post(
        reverse("admin:vigo_bruker_add"), {**felles, "fylke": kodeverk["A"].pk, "groups": [inntak.pk]}
    )
    assert not Bruker.objects.filter(username="ny").exists()
    # A role below: allowed, in the own county, written by the service with a log entry.
    svar = client.post(
        reverse("admin:vigo_bruker_add"), {**felles, "fylke": kodeverk["A"].pk, "groups": [lese.pk]}
    )
    assert svar.status_code == 302
    ny = Bruker.objects.get(username="ny")
    assert ny.fylke == kodeverk["A"] and list(ny.groups.all()) == [lese] and not ny.is_superuser
    assert LogEntry.objects.filter(object_id=str(ny.pk), user=brukere["A"][Rolle.FYLKESADMIN]).exists()


def test_fylkesadmin_kan_sette_passord_for_bruker_under_seg(client, brukere):
    lese = brukere["A"][Rolle.LESE]
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert client.get(_passord_url(lese)).status_code == 200
    assert _bytt_passord(client, lese).status_code == 302
    lese.refresh_from_db()
    assert lese.check_password(NYTT)
    assert LogEntry.objects.filter(object_id=str(lese.pk), change_message__contains="password").exists()


def test_fylkesadmin_kan_ikke_gi_seg_selv_flere_rettigheter(client, brukere):
    fylkesadmin = brukere["A"][Rolle.FYLKESADMIN]
    client.force_login(fylkesadmin)
    inntak = Group.objects.get(name=Rolle.INNTAK)
    egen = Group.objects.get(name=Rolle.FYLKESADMIN)
    client.post(reverse("admin:vigo_bruker_change", args=[fylkesadmin.pk]), {
        "username": fylkesadmin.username, "is_active": "on", "is_staff": "on", "fylke": fylkesadmin.fylke_id,
        "groups": [egen.pk, inntak.pk], "is_superuser": "on",
        "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
    })  # fmt: skip
    fylkesadmin = Bruker.objects.get(pk=fylkesadmin.pk)
    assert not fylkesadmin.is_superuser and not fylkesadmin.groups.filter(pk=inntak.pk).exists()


def test_deaktivert_systemadministrator_er_fortsatt_over_fylkesadmin(brukere):
    """An inactive user's rights return with one checkbox: it still counts as above the county administrator."""
    sovende = brukere["A"][Rolle.LESE]
    sovende.groups.add(Group.objects.get(name=Rolle.SYSADMIN))
    sovende.is_active = False
    sovende.save()
    fylkesadmin = brukere["A"][Rolle.FYLKESADMIN]
    assert not tilgang.kan_forvalte_bruker(fylkesadmin, sovende)
    assert not tilgang.forvaltbare_brukere(fylkesadmin, Bruker.objects.filter(pk=sovende.pk)).exists()
    sovende.is_active = True
    with pytest.raises(tilgang.IkkeTillatt):
        services_brukere.lagre_bruker(fylkesadmin, sovende)
    assert not Bruker.objects.get(pk=sovende.pk).is_active


def test_regelen_og_listen_er_enige(brukere):
    """kan_forvalte_bruker (Python) and forvaltbare_brukere (SQL) give the same answer for every pair."""
    alle = [b for fylke in brukere.values() for b in fylke.values()]
    for aktor in alle:
        synlige = set(tilgang.forvaltbare_brukere(aktor, Bruker.objects.all()).values_list("pk", flat=True))
        for mal in alle:
            assert (mal.pk in synlige) == tilgang.kan_forvalte_bruker(aktor, mal), (
                aktor.username,
                mal.username,
            )


def test_bare_superbruker_forvalter_superbruker(brukere, kodeverk):
    """A system administrator without the superuser flag is below a superuser."""
    systemadmin = Bruker.objects.create_user("systemadmin_uten_flagg", fylke=kodeverk["A"], is_staff=True)
    systemadmin.groups.add(Group.objects.get(name=Rolle.SYSADMIN))
    superbruker = brukere["B"][Rolle.SYSADMIN]
    assert not tilgang.kan_forvalte_bruker(systemadmin, superbruker)
    assert tilgang.kan_forvalte_bruker(systemadmin, brukere["B"][Rolle.FYLKESADMIN])
    assert tilgang.kan_forvalte_bruker(superbruker, systemadmin)
    with pytest.raises(tilgang.IkkeTillatt):
        services_brukere.sett_passord(systemadmin, superbruker, NYTT)


def test_rollene_fylkesadmin_kan_gi(brukere):
    fylkesadmin = brukere["A"][Rolle.FYLKESADMIN]
    navn = set(tilgang.grupper_aktor_kan_gi(fylkesadmin).values_list("name", flat=True))
    assert navn == {Rolle.FYLKESADMIN, Rolle.SKOLE, Rolle.LESE}
    alle = set(tilgang.grupper_aktor_kan_gi(brukere["A"][Rolle.SYSADMIN]).values_list("name", flat=True))
    assert alle == set(Rolle.values)


# --- 2. The beat admin --------------------------------------------------------------------------------------------


@pytest.fixture
def planlagt_oslo(brukere, kodeverk):
    """County 03's planned run, as arshjul.planlegging makes it (a clock and a one-off beat task)."""
    from arshjul.services import sikre_skolear

    sikre_skolear("2025-2026")
    idag = timezone.localdate()
    h = Hendelse.objects.create(fylke=kodeverk["B"], skolear_id="2025-2026", nokkel="oslo", start=idag, slutt=idag,
                                hva="Hemmelig Oslo-frist", kategori="interne-datoer")  # fmt: skip
    tid = timezone.now() + datetime.timedelta(days=2)
    p = PlanlagtKjoring.objects.create(hendelse=h, jobbkode="0P001", tidspunkt=tid,
                                       opprettet_av=brukere["B"][Rolle.INNTAK])  # fmt: skip
    p.periodisk_oppgave = PeriodicTask.objects.create(
        name=f"Årshjul: 0P001 for hendelse {h.pk} ({p.pk})", task=OPPGAVE_START, one_off=True,
        clocked=ClockedSchedule.objects.create(clocked_time=tid), kwargs=json.dumps({"planlagt_id": p.pk}),
        description=h.hva,
    )  # fmt: skip
    p.save()
    return p


def test_fylkesadmin_ser_ikke_andre_fylkers_planlagte_oppgaver(client, brukere, planlagt_oslo):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    svar = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert svar.status_code == 403 and "Hemmelig Oslo-frist" not in svar.content.decode()
    oppgave = planlagt_oslo.periodisk_oppgave
    assert (
        client.get(reverse("admin:django_celery_beat_periodictask_change", args=[oppgave.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:django_celery_beat_clockedschedule_changelist")).status_code == 403
    # The county's own planned runs are in the årshjul's admin, scoped.
    svar = client.get(reverse("admin:arshjul_planlagtkjoring_changelist"))
    assert svar.status_code == 200 and "Hemmelig Oslo-frist" not in svar.content.decode()
    assert client.get(reverse("admin:index")).content.decode().count("django_celery_beat") == 0


def test_fylkesadmin_kan_ikke_lage_beat_oppgave(client, brukere, planlagt_oslo):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    klokke = ClockedSchedule.objects.create(clocked_time=timezone.now() + datetime.timedelta(minutes=1))
    for_antall = PeriodicTask.objects.count()
    svar = client.post(reverse("admin:django_celery_beat_periodictask_add"), {
        "name": "Kapring", "regtask": OPPGAVE_START, "task": OPPGAVE_START, "enabled": "on", "one_off": "on",
        "clocked": klokke.pk, "args": "[]", "kwargs": json.dumps({"planlagt_id": planlagt_oslo.pk}),
        "headers": "{}",
    })  # fmt: skip
    assert svar.status_code == 403
    assert PeriodicTask.objects.count() == for_antall


def test_fylkesadmin_med_gamle_beat_rettigheter_slipper_likevel_ikke_inn(client, brukere, planlagt_oslo):
    """A database whose roles were set before this fix still has the beat permissions on the role."""
    fylkesadmin = brukere["A"][Rolle.FYLKESADMIN]
    fylkesadmin.user_permissions.add(*Permission.objects.filter(content_type__app_label="django_celery_beat"))
    client.force_login(fylkesadmin)
    assert client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 403
    plattform = PeriodicTask.objects.filter(task="arshjul.send_paminnelser").first()
    assert plattform is not None
    for side in ("change", "delete"):
        url = reverse(f"admin:django_celery_beat_periodictask_{side}", args=[plattform.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes", "name": "x"}).status_code == 403
    assert PeriodicTask.objects.filter(pk=plattform.pk, name=plattform.name).exists()


def test_fylkesadministratorrollen_har_ingen_beat_rettigheter(brukere):
    rolle = Group.objects.get(name=Rolle.FYLKESADMIN)
    assert not rolle.permissions.filter(content_type__app_label="django_celery_beat").exists()


def test_systemadministrator_ser_beat_men_lager_og_endrer_ikke_oppgaver(client, brukere, planlagt_oslo):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    assert client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 200
    oppgave = planlagt_oslo.periodisk_oppgave
    url = reverse("admin:django_celery_beat_periodictask_change", args=[oppgave.pk])
    assert client.get(url).status_code == 200  # read-only
    svar = client.post(url, {"name": oppgave.name, "task": "vigo.rydd_api", "kwargs": "{}", "enabled": "on"})
    assert svar.status_code == 403
    assert client.get(reverse("admin:django_celery_beat_periodictask_add")).status_code == 403
    oppgave.refresh_from_db()
    assert oppgave.task == OPPGAVE_START and json.loads(oppgave.kwargs) == {"planlagt_id": planlagt_oslo.pk}


def test_sletting_av_planlagt_kjoring_i_admin_fjerner_beat_oppgaven(client, brukere, planlagt_oslo):
    oppgave_id = planlagt_oslo.periodisk_oppgave_id
    client.force_login(brukere["B"][Rolle.FYLKESADMIN])
    url = reverse("admin:arshjul_planlagtkjoring_delete", args=[planlagt_oslo.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not PlanlagtKjoring.objects.filter(pk=planlagt_oslo.pk).exists()
    assert not PeriodicTask.objects.filter(pk=oppgave_id).exists()


def test_fylkesadmin_kan_ikke_slette_annet_fylkes_planlagte_kjoring(client, brukere, planlagt_oslo):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    url = reverse("admin:arshjul_planlagtkjoring_delete", args=[planlagt_oslo.pk])
    client.post(url, {"post": "yes"})
    assert PlanlagtKjoring.objects.filter(pk=planlagt_oslo.pk).exists()


# --- 3. API clients and keys: a key is as strong as its client ----------------------------------------------------


def test_fylkesadmin_kan_ikke_lage_klient_i_annet_fylke_eller_med_skrivescope(client, brukere, kodeverk):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    felles = {"navn": "Ny", "aktiv": "on", "beskrivelse": "", "nokler-TOTAL_FORMS": "0",
              "nokler-INITIAL_FORMS": "0"}  # fmt: skip
    url = reverse("admin:vigo_apiklient_add")
    client.post(url, {**felles, "fylke": kodeverk["B"].pk, "scopes": ["kodeverk:les"]})
    client.post(url, {**felles, "fylke": kodeverk["A"].pk, "scopes": ["karakterer:skriv"]})
    assert not ApiKlient.objects.filter(navn="Ny").exists()
    svar = client.post(url, {**felles, "fylke": kodeverk["A"].pk, "scopes": ["kodeverk:les", "elever:les"]})
    assert svar.status_code == 302
    assert ApiKlient.objects.get(navn="Ny").fylke == kodeverk["A"]


def test_fylkesadmin_lager_ikke_nokkel_til_klient_over_seg_men_kan_trekke_den_tilbake(
    client, brukere, kodeverk
):
    from vigo.api.services.klienter import lag_nokkel, opprett_klient

    skriver = opprett_klient(navn="SAS", fylke=kodeverk["A"], scopes=["karakterer:skriv"])
    nokkel, _hemmelig = lag_nokkel(skriver)
    oslo = opprett_klient(navn="Oslo", fylke=kodeverk["B"], scopes=[])
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    for klient in (skriver, oslo):
        client.post(reverse("admin:vigo_apinokkel_add"), {"klient": klient.pk, "name": "Kapret"})
    assert not ApiNokkel.objects.filter(name="Kapret").exists()
    url = reverse("admin:vigo_apinokkel_change", args=[nokkel.pk])
    svar = client.post(url, {"name": nokkel.name, "revoked": "on"})
    assert svar.status_code == 302
    nokkel.refresh_from_db()
    assert nokkel.revoked
