"""Writes for the jobs side of the årshjul: schedule an event's job (one-off beat task) and e-mail reminders."""

from __future__ import annotations

import datetime
import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, PeriodicTask

from arshjul.models import Hendelse, PlanlagtKjoring
from arshjul.services import ArshjulFeil
from vigo import jobber
from vigo.jobber.tilgang import kan_starte
from vigo.scoping import krev_fylke

log = logging.getLogger(__name__)
OPPGAVE_START = "arshjul.start_planlagt_kjoring"
OPPGAVE_PAMINNELSER = "arshjul.send_paminnelser"


@transaction.atomic
def planlegg_kjoring(
    hendelse: Hendelse, jobbkode: str, tidspunkt: datetime.datetime, bruker
) -> PlanlagtKjoring:
    """Let the event start its job at ``tidspunkt`` (a ClockedSchedule + one-off PeriodicTask)."""
    if jobbkode not in (hendelse.jobbkoder or {}):
        raise ArshjulFeil(f"{jobbkode} er ikke knyttet til denne hendelsen.")
    if not jobber.finnes(jobbkode):
        raise ArshjulFeil(f"Jobben {jobbkode} er ikke bygget ennå og kan ikke planlegges.")
    if bruker is not None:
        krev_fylke(bruker, hendelse.fylke_id)
        if not kan_starte(bruker, jobbkode):  # the run starts as this user; start_kjoring checks again then
            raise ArshjulFeil(
                f"Du har ikke tilgang til å starte {jobbkode}, og kan derfor ikke planlegge den."
            )
    if tidspunkt <= timezone.now():
        raise ArshjulFeil("Tidspunktet må være fram i tid.")
    planlagt = PlanlagtKjoring.objects.create(
        hendelse=hendelse, jobbkode=jobbkode, tidspunkt=tidspunkt, opprettet_av=bruker
    )
    klokke = ClockedSchedule.objects.create(clocked_time=tidspunkt)
    planlagt.periodisk_oppgave = PeriodicTask.objects.create(
        name=f"Årshjul: {jobbkode} for hendelse {hendelse.pk} ({planlagt.pk})",
        task=OPPGAVE_START,
        clocked=klokke,
        one_off=True,
        kwargs=json.dumps({"planlagt_id": planlagt.pk}),
        description=hendelse.hva[:200],
    )
    planlagt.save(update_fields=["periodisk_oppgave"])
    return planlagt


@transaction.atomic
def avbryt_planlagt(planlagt: PlanlagtKjoring, bruker=None) -> None:
    """Remove a planned run and its beat task (and the clock, when no other task uses it)."""
    if bruker is not None:
        krev_fylke(bruker, planlagt.hendelse.fylke_id)
    oppgave = planlagt.periodisk_oppgave
    if oppgave is not None:
        klokke = oppgave.clocked
        oppgave.delete()
        if klokke is not None and not klokke.periodictask_set.exists():
            klokke.delete()
    planlagt.delete()


def start_planlagt(planlagt_id: int) -> str:
    """Run by the beat task: start the job for the event's county (the order rules apply; no silent override)."""
    from vigo.jobber.tjenester import KjoringFeil, start_kjoring

    planlagt = (
        PlanlagtKjoring.objects.select_related("hendelse__fylke", "opprettet_av")
        .filter(pk=planlagt_id)
        .first()
    )
    if planlagt is None:
        return "finnes ikke"
    if planlagt.kjoring_id:
        return "allerede startet"
    try:
        kj = start_kjoring(planlagt.jobbkode, planlagt.hendelse.fylke, bruker=planlagt.opprettet_av,
                           startet_av_tekst=f"Årshjul (planlagt av {planlagt.opprettet_av or 'system'})")  # fmt: skip
    except (KjoringFeil, KeyError, PermissionDenied) as e:
        PlanlagtKjoring.objects.filter(pk=planlagt.pk).update(resultat=str(e)[:500])
        log.warning("Planlagt kjøring %s kunne ikke starte: %s", planlagt.pk, e)
        return f"feilet: {e}"
    PlanlagtKjoring.objects.filter(pk=planlagt.pk).update(kjoring=kj, resultat=f"Startet kjøring {kj.pk}")
    return "startet"


def _paminnelse_tekst(h: Hendelse) -> tuple[str, str]:
    emne = f"Årshjul: {h.start:%d.%m.%Y} – {h.hva[:80]}"
    linjer = [
        f"Påminnelse fra årshjulet ({h.fylke.navn}, skoleåret {h.skolear_id}).",
        "",
        f"Dato: {h.datotekst or h.start.strftime('%d.%m.%Y')}",
        f"Hva: {h.hva}",
    ]
    linjer += [f"Fra: {h.fra}"] if h.fra else []
    linjer += [f"Til: {h.til}"] if h.til else []
    linjer += [f"Kommentar: {h.kommentar}"] if h.kommentar else []
    if h.jobbkoder:
        linjer.append("Jobber: " + ", ".join(f"{k} {n or ''}".strip() for k, n in h.jobbkoder.items()))
    return emne, "\n".join(linjer)


def send_paminnelser(idag: datetime.date | None = None) -> int:
    """Send the reminders that are due today or overdue (not yet sent, event not passed). Runs daily."""
    idag = idag or timezone.localdate()
    kandidater = (
        Hendelse.objects.select_related("fylke", "ansvarlig")
        .filter(
            paminnelse_dager__isnull=False,
            paminnelse_sendt__isnull=True,
            ansvarlig__isnull=False,
            utkast=False,
            start__gte=idag,
        )  # fmt: skip
        .exclude(ansvarlig__email="")
    )
    sendt = 0
    for h in kandidater:
        if h.start - datetime.timedelta(days=h.paminnelse_dager) > idag:
            continue
        emne, tekst = _paminnelse_tekst(h)
        send_mail(emne, tekst, settings.DEFAULT_FROM_EMAIL, [h.ansvarlig.email])
        Hendelse.objects.filter(pk=h.pk).update(paminnelse_sendt=idag)
        sendt += 1
    return sendt
