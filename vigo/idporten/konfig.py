"""The OpenID Connect client for ID-porten (Authlib), configured only from settings, which read the environment.

- Discovery: ``<IDPORTEN_ISSUER>/.well-known/openid-configuration`` (endpoints, JWKS, algorithms); the keys are
  fetched again when an id_token names an unknown key (Authlib), and the whole client is rebuilt after
  ``METADATA_SEKUNDER`` so changed metadata is picked up.
- Authorization code flow with state, nonce and PKCE (S256), ``acr_values`` = IDPORTEN_ACR.
- Client authentication: ``client_secret_basic`` with IDPORTEN_CLIENT_SECRET, or ``private_key_jwt`` with
  IDPORTEN_PRIVATE_KEY (PEM; the assertion's audience is the issuer, as ID-porten requires, and its ``kid`` is
  IDPORTEN_PRIVATE_KEY_ID).
- The id_token is checked for signature (the provider's JWKS), iss, aud, exp, iat, nonce, azp and an acr at least
  as high as the one asked for; ``pid`` must be there (views check it is a fødselsnummer).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings

METADATA_SEKUNDER = 3600
# ID-porten's levels, lowest first: a login at a higher level than asked for is accepted.
NIVAER = ["idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high"]


@dataclass(frozen=True)
class Konfig:
    issuer: str
    client_id: str
    client_secret: str
    private_key: str
    private_key_id: str
    acr: str
    scopes: str
    redirect_uri: str

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def godtatte_nivaer(self) -> list[str]:
        if self.acr in NIVAER:
            return NIVAER[NIVAER.index(self.acr) :]
        return [self.acr]


def konfig() -> Konfig | None:
    """The configuration, or None when ID-porten is not set up (no issuer or client id)."""
    if not settings.IDPORTEN_ISSUER or not settings.IDPORTEN_CLIENT_ID:
        return None
    return Konfig(
        issuer=settings.IDPORTEN_ISSUER.rstrip("/"),
        client_id=settings.IDPORTEN_CLIENT_ID,
        client_secret=settings.IDPORTEN_CLIENT_SECRET,
        private_key=settings.IDPORTEN_PRIVATE_KEY,
        private_key_id=settings.IDPORTEN_PRIVATE_KEY_ID,
        acr=settings.IDPORTEN_ACR,
        scopes=settings.IDPORTEN_SCOPES,
        redirect_uri=settings.IDPORTEN_REDIRECT_URI,
    )


def _lag_klient(k: Konfig):
    from authlib.integrations.django_client import OAuth

    kwargs: dict = {"scope": k.scopes, "code_challenge_method": "S256", "default_timeout": 10}
    ekstra: dict = {}
    if k.private_key:
        from authlib.oauth2.rfc7523 import PrivateKeyJWT

        kwargs["token_endpoint_auth_method"] = "private_key_jwt"
        hoder = {"kid": k.private_key_id} if k.private_key_id else None
        ekstra["client_auth_methods"] = [PrivateKeyJWT(k.issuer, headers=hoder)]
        hemmelighet = k.private_key
    else:
        kwargs["token_endpoint_auth_method"] = "client_secret_basic"
        hemmelighet = k.client_secret
    oauth = OAuth()
    return oauth.register(
        "idporten",
        client_id=k.client_id,
        client_secret=hemmelighet,
        server_metadata_url=k.metadata_url,
        client_kwargs=kwargs,
        **ekstra,
    )


_klienter: dict[Konfig, tuple[float, object]] = {}
_las = threading.Lock()


def klient(k: Konfig):
    """The Authlib client for the configuration (one per process, rebuilt after METADATA_SEKUNDER)."""
    with _las:
        naa = time.monotonic()
        lagret = _klienter.get(k)
        if lagret is None or naa - lagret[0] > METADATA_SEKUNDER:
            _klienter.clear()
            lagret = (naa, _lag_klient(k))
            _klienter[k] = lagret
        return lagret[1]


def krav(k: Konfig, issuer: str) -> dict:
    """Claims options for the id_token (a new dict each time: Authlib consumes it)."""
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": k.client_id},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "acr": {"essential": True, "values": k.godtatte_nivaer},
        "pid": {"essential": True},
    }
