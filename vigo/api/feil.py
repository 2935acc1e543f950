"""Errors under /api/: always JSON, always Norwegian (DRF's ``EXCEPTION_HANDLER`` and a 405-first mixin).

Why a handler of our own: DRF answers Django's ``Http404`` with Django's English text ("No Person matches the
given query."), lets ``RequestDataTooBig``/``SuspiciousOperation`` and Django's ``ValidationError`` through to
Django (an HTML 400 page, or a 500), and its parse errors are English. The middleware
(``vigo.api.middleware``) covers what happens outside DRF views (unknown paths, bodies refused before a view).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from vigo.api.parsere import UgyldigJson


class ForStor(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Forespørselen er for stor.")
    default_code = "for_stor"


def for_stor_melding() -> str:
    grense = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if grense is None:
        return _("Forespørselen er for stor.")
    return _("Forespørselen er for stor (høyst %(mb)s MB). Del opp dataene i flere forespørsler.") % {
        "mb": f"{grense / 1_000_000:.1f}".replace(".", ",")
    }


def melding(status_kode: int) -> str:
    """The Norwegian text of an error status, for answers that have no more specific message."""
    meldinger = {
        400: _("Ugyldig forespørsel."),
        401: _("Mangler eller ugyldig autentisering."),
        403: _("Du har ikke tilgang til dette."),
        404: _("Finnes ikke, eller er utenfor tilgangen din."),
        405: _("Metoden er ikke tillatt for denne adressen."),
        406: _("Kan ikke svare i formatet som ble bedt om; API-et svarer med JSON."),
        413: for_stor_melding(),
        415: _("Innholdet må være JSON (Content-Type: application/json)."),
        429: _("For mange forespørsler."),
    }
    if status_kode in meldinger:
        return meldinger[status_kode]
    if status_kode >= 500:
        return _("Intern feil. Feilen er logget; prøv igjen senere.")
    return _("Forespørselen ble avvist (status %(s)d).") % {"s": status_kode}


def _norsk_unntak(exc: Exception, request: Request | None) -> Exception:
    """Replace exceptions whose text is English or whose type DRF does not handle."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(melding(404))
    if isinstance(exc, RequestDataTooBig):
        return ForStor(for_stor_melding())
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(melding(400))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, exceptions.ParseError) and not isinstance(exc, UgyldigJson):
        return exceptions.ParseError(_("Kunne ikke lese innholdet i forespørselen."))
    if isinstance(exc, exceptions.MethodNotAllowed):
        metode = getattr(request, "method", "") or ""
        return exceptions.MethodNotAllowed(
            metode, _("Metoden %(m)s er ikke tillatt for denne adressen.") % {"m": metode[:10]}
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return exceptions.UnsupportedMediaType(exc.detail, melding(415))
    if isinstance(exc, exceptions.NotAcceptable):
        return exceptions.NotAcceptable(melding(406))
    return exc


def api_unntak(exc: Exception, context: dict[str, Any]) -> Response | None:
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: DRF's handler after the replacements above."""
    return exception_handler(_norsk_unntak(exc, context.get("request")), context)


class MetodeForstMixin:
    """405 before 401/403: a method the view does not have is refused whatever the caller's rights.

    DRF checks permissions before it looks up the handler, so DELETE on an API-key view answered 403 ("mangler
    scope"), which told a client to ask for a scope that does not exist.
    """

    def check_permissions(self, request: Request) -> None:
        metode = request.method.lower()
        if metode not in self.http_method_names or not hasattr(self, metode):
            raise exceptions.MethodNotAllowed(request.method)
        super().check_permissions(request)
