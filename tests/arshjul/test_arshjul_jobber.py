"""Events tied to jobs: utført / forsinket / planlagt from the runs, start buttons, scheduling and reminders."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from arshjul import planlegging, services
from arshjul.jobbstatus import status_for
from arshjul.models import Hendelse, PlanlagtKjoring
from arshjul.tasks import send_paminnelser, start_planlagt_kjoring
from vigo.models import Kjoring, Rolle

pytestmark = pytest.mark.django_db
D = datetime.date


def kjort(fylke, kode: str, dag: datetime.date) -> Kjoring:
    tid = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12)))
    return Kjoring.objects.create(kode=kode, navn=kode, fylke=fylke, status="ferdig", avsluttet=tid)


def status(h, idag):
    return status_for([h], Kjoring.objects.all(), idag)[h.pk]


def test_status_fra_kjoringer_i_vinduet(arshjul_2017, kodeverk, testjobber):
    a = arshjul_2017
    # 29.09.2017: jobs 5A019 (built) and 9A004 (not built) in the text, and the delivery 1L010 by its words
    # (rapporter.apps.TEKSTKOBLINGER)
    h = Hendelse.objects.get(fylke=a, linje_fra=31)
    s = status(h, D(2017, 9, 1))
    assert s.status == "planlagt" and s.beregnet
    assert [(j.kode, j.finnes) for j in s.jobber] == [("1L010", True), ("5A019", True), ("9A004", False)]
    assert status(h, D(2017, 10, 2)).status == "forsinket"
    kjort(a, "5A019", D(2017, 9, 20))
    kjort(kodeverk["B"], "5A019", D(2017, 9, 28))  # another county's run never counts
    assert status(h, D(2017, 10, 2)).status == "forsinket"  # the delivery itself has not run
    kjort(a, "1L010", D(2017, 9, 22))
    s = status(h, D(2017, 10, 2))
    assert s.status == "utfort" and {j.kode: j.siste for j in s.jobber}["5A019"] == D(2017, 9, 20)


def test_for_sen_kjoring_er_forsinket_med_merknad(arshjul_2017, testjobber):
    a = arshjul_2017
    h = Hendelse.objects.get(fylke=a, linje_fra=31)
    kjort(a, "5A019", D(2017, 10, 5))
    s = status(h, D(2017, 10, 10))
    assert s.status == "forsinket" and "for sent" in {j.kode: j.merknad for j in s.jobber}["5A019"]


def test_gjentakende_hendelse_har_vindu_per_maned(arshjul_2017, testjobber):
    a = arshjul_2017
    ot = Hendelse.objects.get(fylke=a, linje_fra=134)  # monthly from 1 September, 5A018/5A019/6A015
    for kode in ("5A018", "5A019", "6A015"):
        kjort(a, kode, D(2017, 9, 4))
    assert status(ot, D(2017, 9, 20)).status == "utfort"
    assert status(ot, D(2017, 10, 3)).status == "planlagt"  # September ran, October's window just opened
    for kode in ("5A018", "5A019", "6A015"):
        kjort(a, kode, D(2017, 10, 2))
    assert status(ot, D(2017, 10, 3)).status == "utfort"
    assert status(ot, D(2017, 11, 15)).status == "planlagt"
    assert status(ot, D(2017, 12, 2)).status == "forsinket"  # November passed without a run


def test_hendelse_uten_bygget_jobb_beholder_manuell_status(arshjul_2017, brukere):
    h = Hendelse.objects.get(linje_fra=92)
    services.sett_status(h, "utfort", brukere["A"][Rolle.FYLKESADMIN])
    s = status(h, D(2018, 3, 5))
    assert (s.status, s.beregnet) == ("utfort", False)


def test_startknapp_bare_for_bygde_jobber(arshjul_2017, brukere, client, testjobber):
    client.force_login(brukere["A"][Rolle.INNTAK])
    h = Hendelse.objects.get(linje_fra=31)
    side = client.get(reverse("arshjul:hendelse", args=[h.pk])).content.decode()
    assert reverse("kjoring_ny", args=["5A019"]) in side
    assert reverse("kjoring_ny", args=["9A004"]) not in side
    assert "9A004 Lokal SSB-statistikk</td>" in side and "planlagt kode – jobben er ikke bygget ennå" in side
    assert "Rutine:" not in side or "Overføring" in side


def test_planlagt_kjoring_blir_engangs_beat_oppgave(arshjul_2017, brukere, testjobber, client):
    h = Hendelse.objects.get(linje_fra=31)
    admin = brukere["A"][Rolle.FYLKESADMIN]
    tid = timezone.now() + datetime.timedelta(days=2)
    p = planlegging.planlegg_kjoring(h, "5A018" if "5A018" in h.jobbkoder else "5A019", tid, admin)
    oppgave = PeriodicTask.objects.get(pk=p.periodisk_oppgave_id)
    assert (
        oppgave.one_off
        and oppgave.clocked.clocked_time == tid
        and oppgave.task == "arshjul.start_planlagt_kjoring"
    )
    assert json.loads(oppgave.kwargs) == {"planlagt_id": p.pk}
    with pytest.raises(services.ArshjulFeil):
        planlegging.planlegg_kjoring(h, "9A004", tid, admin)  # not built
    # When beat fires: the job starts for the event's county (5A019 has 5A018 as predecessor -> refused, noted).
    assert start_planlagt_kjoring.apply(args=[p.pk]).get().startswith("feilet")
    p.refresh_from_db()
    assert "5A018" in p.resultat and p.kjoring is None
    kjort(h.fylke, "5A018", timezone.localdate())
    assert start_planlagt_kjoring.apply(args=[p.pk]).get() == "startet"
    p.refresh_from_db()
    assert p.kjoring.kode == "5A019" and p.kjoring.fylke == h.fylke
    planlegging.avbryt_planlagt(p)
    assert not PeriodicTask.objects.filter(pk=oppgave.pk).exists()


def test_planlegg_via_visningen(arshjul_2017, brukere, testjobber, client):
    h = Hendelse.objects.get(linje_fra=31)
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    tid = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    svar = client.post(
        reverse("arshjul:planlegg", args=[h.pk]), {"plan-jobbkode": "5A019", "plan-tidspunkt": tid}
    )
    assert svar.status_code == 302
    assert PlanlagtKjoring.objects.filter(hendelse=h, jobbkode="5A019").exists()


def test_paminnelser_sendes_en_gang_n_dager_for(kodeverk, brukere, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.sikre_skolear("2025-2026")
    idag = timezone.localdate()
    ansvarlig = brukere["A"][Rolle.INNTAK]
    ansvarlig.email = "inntak@fylke.example"
    ansvarlig.save()
    felles = {"fylke": kodeverk["A"], "skolear_id": "2025-2026", "kategori": "lanekassen", "ansvarlig": ansvarlig,
              "paminnelse_dager": 7}  # fmt: skip
    om_fem = idag + datetime.timedelta(days=5)
    om_ti = idag + datetime.timedelta(days=10)
    Hendelse.objects.create(nokkel="a", start=om_fem, slutt=om_fem, hva="Send fil til Lånekassen", **felles)
    Hendelse.objects.create(nokkel="b", start=om_ti, slutt=om_ti, hva="Ikke ennå", **felles)
    assert send_paminnelser.apply().get() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["inntak@fylke.example"]
    assert "Send fil til Lånekassen" in mail.outbox[0].subject
    assert send_paminnelser.apply().get() == 0  # not twice
    assert PeriodicTask.objects.filter(task="arshjul.send_paminnelser", crontab__hour="6").exists()
