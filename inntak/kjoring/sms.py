"""SMS behind an interface: the county plugs in its gateway with the setting ``INNTAK_SMS_SENDER`` (class path).

The default logs the message (the demo's "console" SMS), so nothing is ever sent by accident.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("inntak.sms")
STANDARD_SENDER = "inntak.kjoring.sms.LoggSmsSender"


@runtime_checkable
class SmsSender(Protocol):
    def send(self, mottaker: str, tekst: str) -> None:
        """Send one SMS to a Norwegian mobile number; raise on failure."""


class LoggSmsSender:
    """Writes every SMS to the log instead of sending it (development and demo)."""

    sendt: list[tuple[str, str]] = []  # for tests: the messages "sent" in this process

    def send(self, mottaker: str, tekst: str) -> None:
        LoggSmsSender.sendt.append((mottaker, tekst))
        # Never the number or the text (it greets the applicant by name): see vigo/logg.py.
        logger.info("SMS ikke sendt (loggsender): %d tegn", len(tekst))


def hent_sms_sender() -> SmsSender:
    klasse = import_string(getattr(settings, "INNTAK_SMS_SENDER", STANDARD_SENDER))
    sender = klasse()
    if not isinstance(sender, SmsSender):
        raise TypeError(f"{klasse!r} oppfyller ikke SmsSender-grensesnittet (mangler send(mottaker, tekst)).")
    return sender
