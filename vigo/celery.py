"""The Celery application. Tasks are discovered in every app's tasks.py."""

import os

from celery import Celery
from celery.signals import setup_logging

# As manage.py: development unless the environment says otherwise (the image sets vigo.settings.prod).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings.dev")

app = Celery("vigo")


@setup_logging.connect
def _django_logging(**kwargs) -> None:
    """Worker and beat log through settings.LOGGING (JSON lines in production, the personal data filter),
    not Celery's own handlers: with a receiver on this signal Celery leaves logging alone."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
