"""Logging: one line per event, JSON lines in production and plain text in development and tests.

Personal data (fødselsnummer, names, phone numbers, e-mail addresses) must never reach a log line. The sources are
kept clean (log ids and counts, never a person); ``Personvernfilter`` on the one root handler is the safety net: it
redacts what looks like a fødselsnummer, an e-mail address or a Norwegian phone number in every record, also in
tracebacks. Names cannot be recognised by a pattern, so for names only the sources count; the test suite checks
every record it emits (tests/loggvakt.py).

Every logger propagates to the root handler, Django's and gunicorn's included, so each line is filtered and
formatted the same way. gunicorn reads the same configuration from gunicorn.conf.py.
"""

from __future__ import annotations

import datetime
import json
import logging
import re

# Libraries that log per page, per task or per request at INFO/DEBUG: only their warnings are of interest.
STOYENDE = (
    "weasyprint",
    "fontTools",
    "PIL",
    "pypdf",
    "celery.app.trace",  # «Task … succeeded in …: <return value>»: the value can hold personal data
    "axes",  # logs every login attempt with user name and IP address
    "urllib3",
    "kombu",
    "pgserver",
    "django.db.backends",
    "factory",
    "faker",
)

# 11 digits (also written «DDMMÅÅ NNNNN»): fødselsnummer, D-nummer and Test Norge numbers alike.
FNR = re.compile(r"(?<!\d)\d{6} ?\d{5}(?!\d)")
EPOST = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Norwegian numbers: eight digits starting with 2-9 (mobile 4xx/9xx), optionally +47/0047, written together or
# grouped «412 34 567» / «41 23 45 67». Not when part of a longer token (ids, UUIDs, amounts).
TELEFON = re.compile(
    r"(?<![\w+-])(?:(?:\+|00)47[ -]?)?"
    r"(?:[2-9]\d{7}|[2-9]\d{2}[ -]\d{2}[ -]\d{3}|[2-9]\d[ -]\d{2}[ -]\d{2}[ -]\d{2})"
    r"(?![\w-])"
)


def vask(tekst: str) -> str:
    """``tekst`` with fødselsnumre, e-mail addresses and phone numbers replaced by a marker."""
    if "@" in tekst:
        tekst = EPOST.sub("[e-post]", tekst)
    if any(c.isdigit() for c in tekst):
        tekst = TELEFON.sub("[telefon]", FNR.sub("[fnr]", tekst))
    return tekst


class Personvernfilter(logging.Filter):
    """Redacts personal data in a record's message, traceback and stack. Installed on the root handler, so it
    sees the records of every logger (a filter on a logger would only see that logger's own records).

    The record is changed in place: handlers after this one see the redacted text too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            melding = record.getMessage()
        except Exception:  # a broken format string: let the handler report it as logging does
            return True
        vasket = vask(melding)
        if vasket != melding:
            record.msg, record.args = vasket, None
        if record.exc_info and not record.exc_text:
            # Formatters use exc_text when it is set, so the traceback is redacted once for every handler.
            record.exc_text = vask(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = vask(record.exc_text)
        if record.stack_info:
            record.stack_info = vask(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and the traceback when there is
    one (as one string, so a multi-line traceback is still one line)."""

    def format(self, record: logging.LogRecord) -> str:
        linje = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            linje["exc_info"] = record.exc_text
        if record.stack_info:
            linje["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(linje, ensure_ascii=False, default=str)


def oppsett(*, json_linjer: bool, niva: str = "INFO") -> dict:
    """The LOGGING dict (logging.config.dictConfig) for Django, Celery (vigo.celery) and gunicorn."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personvern": {"()": "vigo.logg.Personvernfilter"}},
        "formatters": {
            "tekst": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            "json": {"()": "vigo.logg.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_linjer else "tekst",
                "filters": ["personvern"],
                "level": niva,
            }
        },
        "root": {"handlers": ["console"], "level": niva},
        "loggers": {
            **{navn: {"level": "WARNING"} for navn in STOYENDE},
            # Django's own handlers (console when DEBUG, mail_admins) and runserver's request lines, and
            # gunicorn's, would bypass the filter: send them through the root handler instead.
            "django": {"handlers": [], "level": niva, "propagate": True},
            "django.server": {"handlers": [], "level": niva, "propagate": True},
            "gunicorn.error": {"handlers": [], "level": niva, "propagate": True},
            "gunicorn.access": {"handlers": [], "level": "INFO", "propagate": True},
        },
    }
