"""Signal receivers of the core app."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("vigo.sikkerhet")


@receiver(user_login_failed)
def _logg_mislykket_innlogging(sender, credentials, request=None, **kwargs) -> None:
    logger.warning("Mislykket innlogging for %s", credentials.get("username", "?"))
