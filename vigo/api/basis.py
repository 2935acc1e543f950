"""Base view of the SAS/school API: API-key authentication, scopes, rate limit, logging, errors, idempotency.

Every call writes one ``ApiKall`` row (also failed authentication); calls that read or write personal data
also write the audit log (``logg_innsyn``) with the client as actor, the number of records, the caller's IP
address and, for a single-record read, the person (``self.person_id``), so the person's page lists the read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vigo.api import skjema  # noqa: F401  (registers the Api-Key security scheme)
from vigo.api.autentisering import (
    ApiKlientBruker,
    ApiKlientThrottle,
    ApiNokkelAutentisering,
    ForMangeKall,
    HarScope,
)
from vigo.api.feil import MetodeForstMixin
from vigo.api.idempotens import med_idempotens
from vigo.api.parsere import JsonParser
from vigo.api.validering import Avvist, les_poster
from vigo.models import ApiKall, Person
from vigo.revisjon import logg_innsyn


class ApiVisning(MetodeForstMixin, APIView):
    authentication_classes = [ApiNokkelAutentisering]
    permission_classes = [HarScope]
    throttle_classes = [ApiKlientThrottle]
    parser_classes = [JsonParser]
    renderer_classes = [JSONRenderer]
    required_scopes: dict[str, list[str]] = {}
    personopplysninger = False
    """True when the answer or the write holds personal data: audit log and ``Cache-Control: no-store``."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self._start = time.perf_counter()
        self.antall = 0
        self.person_id: int | None = None
        super().initial(request, *args, **kwargs)
        # DRF also sets the Django request's user. Code that expects a real Bruker there (simple_history's
        # history_user, middleware) must see an anonymous user instead of the API client adapter.
        request._request.user = AnonymousUser()

    def throttled(self, request: Request, wait: float | None) -> None:
        raise ForMangeKall(wait)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Avvist):
            return Response(exc.som_svar(), status=400)
        return super().handle_exception(exc)

    @property
    def klientbruker(self) -> ApiKlientBruker:
        return self.request.user

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.personopplysninger:
            response.headers.setdefault("Cache-Control", "no-store")
        self._logg(request, response)
        return response

    def _logg(self, request: Request, response: Response) -> None:
        bruker = getattr(request, "_user", None)
        klient = bruker.klient if isinstance(bruker, ApiKlientBruker) else None
        start = getattr(self, "_start", None)
        antall = getattr(self, "antall", 0)
        ApiKall.objects.create(
            klient=klient,
            metode=request.method[:8],
            sti=request.get_full_path()[:300],
            status=response.status_code,
            antall=antall,
            varighet_ms=int((time.perf_counter() - start) * 1000) if start else 0,
            ip=request.META.get("REMOTE_ADDR") or None,
        )
        if klient is not None and self.personopplysninger and response.status_code < 300 and antall:
            person_id = getattr(self, "person_id", None)
            person = Person.objects.filter(pk=person_id).first() if person_id else None
            # request._request: the Django request, for the IP address; its user is anonymous (see initial), so
            # the actor is the client named here.
            logg_innsyn("api", f"API {request.method} {request.path}", aktor=klient.navn, antall=antall,
                        person=person, fylke=klient.fylke, request=request._request)  # fmt: skip

    def skriv(
        self, request: Request, tjeneste: Callable[[ApiKlientBruker, list[dict[str, Any]]], dict]
    ) -> Response:
        """A bulk write: the body is a list of records; one transaction; ``Idempotency-Key`` honoured."""

        def utfor() -> tuple[int, Any]:
            poster = les_poster(request.data)
            self.antall = len(poster)
            return 200, tjeneste(self.klientbruker, poster)

        status, data, gjentatt = med_idempotens(request, self.klientbruker.klient, utfor)
        svar = Response(data, status=status)
        if gjentatt:
            svar["Idempotent-Replay"] = "true"
            self.antall = 0
        return svar
