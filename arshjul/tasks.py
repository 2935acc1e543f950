"""Celery tasks of the årshjul: thin wrappers around arshjul.planlegging."""

from celery import shared_task

from arshjul import planlegging


@shared_task(name=planlegging.OPPGAVE_START)
def start_planlagt_kjoring(planlagt_id: int) -> str:
    return planlegging.start_planlagt(planlagt_id)


@shared_task(name=planlegging.OPPGAVE_PAMINNELSER)
def send_paminnelser() -> int:
    return planlegging.send_paminnelser()
