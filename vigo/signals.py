"""Signal receivers of the core app."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("vigo.sikkerhet")


@receiver(user_login_failed)
def _logg_mislykket_innlogging(sender, credentials, request=None, **kwargs) -> None:
    # Not the user name: people type their e-mail address, their name or a fødselsnummer there (vigo/logg.py).
    # Who is locked out, and from where, is in django-axes' tables.
    logger.warning("Mislykket innlogging")
