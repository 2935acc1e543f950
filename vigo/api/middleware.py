"""Under /api/: every error is JSON in Norwegian, and over-deep JSON is refused before any view parses it.

Why a middleware besides DRF's exception handler (``vigo.api.feil``): some answers are made outside DRF views —
Django's 404 page for an unknown path, its 400 page when the body is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``
(``RequestDataTooBig`` is raised while the body is read), and the 500 page — and some views under /api/ choose
their own parser (the public points calculator), so the depth limit must be checked before they run.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from vigo.api.feil import for_stor_melding, melding
from vigo.api.parsere import UgyldigJson, dekod, dybdemelding, for_dyp

logger = logging.getLogger("vigo.api")

PREFIKS = "/api/"
# Views under /api/ whose documented 400 answer is {felt: [meldinger]} instead of {"detail": melding}.
FELTFEIL_STIER = ("/api/v1/poengkalkulator",)
_BEHOLD_HEADERE = ("Allow", "WWW-Authenticate", "Retry-After", "Vary")


def _feilsvar(request: HttpRequest, status: int, tekst: str) -> JsonResponse:
    if status == 400 and request.path.rstrip("/") in FELTFEIL_STIER:
        return JsonResponse({"non_field_errors": [tekst]}, status=status)
    return JsonResponse({"detail": tekst}, status=status)


def _er_json(svar: HttpResponse) -> bool:
    return (svar.get("Content-Type") or "").split(";")[0].strip().endswith("json")


class ApiFeilMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIKS):
            return self.get_response(request)
        svar = self._sjekk_innhold(request)
        if svar is None:
            svar = self.get_response(request)
        return self._som_json(request, svar)

    def _sjekk_innhold(self, request: HttpRequest) -> HttpResponse | None:
        """A JSON body: not larger than Django's limit, not nested deeper than ``parsere.MAKS_DYBDE``."""
        if request.method not in ("POST", "PUT", "PATCH") or not (request.content_type or "").endswith(
            "json"
        ):
            return None
        try:
            innhold = request.body
        except RequestDataTooBig:
            return _feilsvar(request, 413, for_stor_melding())
        if not innhold:
            return None
        try:
            if for_dyp(dekod(innhold, request.encoding)):
                return _feilsvar(request, 400, dybdemelding())
        except UgyldigJson:
            return None  # not text in the declared charset: the view's parser answers that
        request.vigo_dybde_sjekket = True
        return None

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not request.path.startswith(PREFIKS):
            return None
        # What Django itself would answer with a page (views outside DRF: the schema, the docs).
        if isinstance(exc, Http404):
            return _feilsvar(request, 404, melding(404))
        if isinstance(exc, PermissionDenied):
            return _feilsvar(request, 403, melding(403))
        if isinstance(exc, RequestDataTooBig):
            return _feilsvar(request, 413, for_stor_melding())
        if isinstance(exc, (SuspiciousOperation, BadRequest)):
            return _feilsvar(request, 400, melding(400))
        # The message of an unexpected exception can hold request data (a database error quotes the row), so
        # the log line has the type and the stack, never the message.
        stabel = "".join(traceback.format_tb(exc.__traceback__))
        logger.error(
            "Uventet feil i API-et: %s %s: %s\n%s", request.method, request.path, type(exc).__name__, stabel
        )
        return _feilsvar(request, 500, melding(500))

    def _som_json(self, request: HttpRequest, svar: HttpResponse) -> HttpResponse:
        """Django's HTML error pages (unknown path, refused body, 500) as JSON with a Norwegian message."""
        if svar.status_code < 400 or _er_json(svar):
            return svar
        ny = _feilsvar(request, svar.status_code, melding(svar.status_code))
        for navn in _BEHOLD_HEADERE:
            if navn in svar:
                ny[navn] = svar[navn]
        return ny
