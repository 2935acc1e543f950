"""API keys → API client: authentication, scope permission and per-client rate limit.

The authenticated "user" of an API call is an ``ApiKlientBruker``: a small adapter around the client with the
attributes ``vigo.scoping.avgrens`` reads (``fylke_id``, ``skole_id``, ...), so reads and writes are scoped by
the same function as pages and admin. No Django user is created for a client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.permissions import KeyParser

from vigo.models import ApiKlient, ApiNokkel
from vigo.throttling import RobustThrottleMixin


@dataclass(frozen=True)
class ApiKlientBruker:
    """``request.user`` of an API call: what the scoping layer needs, nothing more."""

    klient: ApiKlient
    nokkel: ApiNokkel

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    er_systemadministrator = False
    pk = None
    id = None

    @property
    def fylke_id(self) -> int:
        return self.klient.fylke_id

    @property
    def skole_id(self) -> int | None:
        return self.klient.skole_id

    @property
    def fylke(self):
        return self.klient.fylke

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(self.klient.scopes)

    def get_username(self) -> str:
        return self.klient.navn

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False

    def __str__(self) -> str:
        return self.klient.navn


class ApiNokkelAutentisering(BaseAuthentication):
    """``Authorization: Api-Key <prefix>.<hemmelighet>``. Unknown, revoked or expired key, or an inactive
    client: 401 with ``WWW-Authenticate: Api-Key``. No header: the next authenticator (none) → 401 as well."""

    nokkelord = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request: Request) -> tuple[ApiKlientBruker, ApiNokkel] | None:
        nokkel = self.parser.get(request)
        if not nokkel:
            return None
        try:
            api_nokkel = ApiNokkel.objects.get_from_key(nokkel)
        except ApiNokkel.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Ugyldig eller tilbakekalt API-nøkkel."))
        if api_nokkel.has_expired:
            raise exceptions.AuthenticationFailed(_("API-nøkkelen er utløpt."))
        if not api_nokkel.klient.aktiv:
            raise exceptions.AuthenticationFailed(_("API-klienten er deaktivert."))
        return ApiKlientBruker(api_nokkel.klient, api_nokkel), api_nokkel

    def authenticate_header(self, request: Request) -> str:
        return self.nokkelord


class HarScope(BasePermission):
    """The client must hold the view's ``required_scopes`` for the method (``{"GET": [...], "POST": [...]}``;
    HEAD and OPTIONS use GET's). A valid key without the scope: 403."""

    message = gettext_lazy("API-klienten mangler scope for denne operasjonen.")

    def has_permission(self, request: Request, view: Any) -> bool:
        bruker = request.user
        if not isinstance(bruker, ApiKlientBruker):
            return False
        metode = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        krav = getattr(view, "required_scopes", {}).get(metode)
        if krav is None:
            return False
        mangler = set(krav) - bruker.scopes
        if mangler:
            self.message = _("API-klienten mangler scope: %(s)s.") % {"s": ", ".join(sorted(mangler))}
            return False
        return True


class ForMangeKall(exceptions.Throttled):
    default_detail = gettext_lazy("For mange forespørsler fra denne API-klienten.")
    extra_detail_singular = gettext_lazy("Prøv igjen om {wait} sekund.")
    extra_detail_plural = gettext_lazy("Prøv igjen om {wait} sekunder.")


class ApiKlientThrottle(RobustThrottleMixin, SimpleRateThrottle):
    """``DEFAULT_THROTTLE_RATES["apiklient"]`` per client (all its keys together), read at each call."""

    scope = "apiklient"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        bruker = request.user
        if not isinstance(bruker, ApiKlientBruker):
            return None
        return self.cache_format % {"scope": self.scope, "ident": bruker.klient.uuid}
