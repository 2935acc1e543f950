"""OpenAPI pieces shared by the API views: the Api-Key security scheme and the standard error answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from vigo.api.serializers import ApiFeilsvarSerializer, DetaljSerializer


class ApiNokkelSkjema(OpenApiAuthenticationExtension):
    target_class = "vigo.api.autentisering.ApiNokkelAutentisering"
    name = "ApiNokkel"

    def get_security_definition(self, auto_schema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "«Api-Key <nøkkel>». Nøkkelen lages av fylkets administrator (admin eller "
            "`manage.py opprett_apiklient`) og vises bare én gang.",
        }


IDEMPOTENS_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 200},
    location=OpenApiParameter.HEADER,
    description="Valgfri. Samme nøkkel og samme innhold på nytt gir det første svaret uten å lagre igjen; "
    "samme nøkkel med annet innhold gir 422.",
)
ETAG_PARAMETER = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="ETag fra et tidligere svar; uendret kodeverk gir 304 uten innhold.",
)

_FELLES = {
    401: OpenApiResponse(
        DetaljSerializer, description="Mangler, ugyldig, utløpt eller tilbakekalt API-nøkkel"
    ),
    403: OpenApiResponse(
        DetaljSerializer,
        description="Gyldig nøkkel, men API-klienten mangler scopet operasjonen krever (se «Scope:» i beskrivelsen)",
    ),
    429: OpenApiResponse(DetaljSerializer, description="For mange forespørsler fra klienten"),
}


def svar(ok: Any, *, status: int = 200, liste: bool = False, skriv: bool = False, detalj: bool = False,
         ekstra: dict[int, Any] | None = None) -> dict[int, Any]:  # fmt: skip
    """The responses of an operation: ``ok`` plus 400/401/403/404/413/422/429 as they apply.

    Every error body is JSON with a Norwegian «detail» (``vigo.api.feil``, ``vigo.api.middleware``). A method
    the path does not have answers 405 (not listed per operation).
    """
    ut: dict[int, Any] = {status: ok, **_FELLES}
    if skriv:
        ut[400] = OpenApiResponse(
            ApiFeilsvarSerializer,
            description="Ugyldig forespørsel; ingenting lagret. Ugyldig JSON, JSON nøstet dypere enn 50 nivåer, "
            "eller poster med feil: «feil» navngir post (index), felt, kode og melding, høyst 1000 av "
            "«antall_feil» («avkortet» er da sann).",
        )
        ut[413] = OpenApiResponse(DetaljSerializer, description="Forespørselen er for stor; del den opp")
        ut[422] = OpenApiResponse(DetaljSerializer, description="Idempotency-Key brukt med annet innhold")
    elif liste:
        ut[400] = OpenApiResponse(ApiFeilsvarSerializer, description="Ugyldig parameter; «feil» navngir den")
    else:
        ut[400] = OpenApiResponse(
            ApiFeilsvarSerializer, description="Ugyldig forespørsel (f.eks. ugyldige tegn)"
        )
    if detalj:
        ut[404] = OpenApiResponse(
            DetaljSerializer, description="Finnes ikke, eller utenfor klientens tilgang"
        )
    ut.update(ekstra or {})
    return ut
