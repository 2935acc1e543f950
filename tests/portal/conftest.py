"""Fixtures for the applicant portal: an applicant with a søknad, a client with its own address (the login rate
limit counts per address in the shared cache), and a local OpenID provider wired into the settings."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401  (re-exported fixtures)


def ny_klient(**kw) -> Client:
    """A client with an address of its own, so parallel tests never share a rate-limit counter."""
    ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    return Client(REMOTE_ADDR=ip, **kw)


@pytest.fixture
def klient():
    return ny_klient()


@pytest.fixture
def soknad(lag_soknad):  # noqa: F811
    """A Vg1 søknad in county A for a person with a synthetic fødselsnummer."""
    return lag_soknad()


@pytest.fixture
def soker(soknad):
    return soknad.person


@pytest.fixture
def leverandor(settings):
    """A local OpenID provider (tests/portal/oidc_leverandor.py) that the settings point at."""
    from tests.portal.oidc_leverandor import Leverandor

    with Leverandor() as lev:
        settings.IDPORTEN_ISSUER = lev.issuer
        settings.IDPORTEN_CLIENT_ID = lev.client_id
        settings.IDPORTEN_CLIENT_SECRET = lev.client_secret
        settings.IDPORTEN_PRIVATE_KEY = ""
        settings.IDPORTEN_ACR = "idporten-loa-substantial"
        settings.IDPORTEN_REDIRECT_URI = ""
        yield lev
