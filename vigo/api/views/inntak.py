"""Klasseordning (inntak.Tilbud) and intake results of the client's school or county (``inntak:les``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from vigo.api import selectors
from vigo.api import serializers as s
from vigo.api.basis import ApiVisning
from vigo.api.paginering import PARAMETRE_MARKOR, Markorside
from vigo.api.skjema import svar
from vigo.api.validering import parameterfeil
from vigo.models import Scope

NIVAER = ("VG1", "VG2", "VG3")
MAKS_HELTALL = 32767
HELTALL = {"type": "integer", "minimum": 0, "maximum": MAKS_HELTALL}
SKOLEAR = {"type": "string", "maxLength": 9}


def _heltall(request: Request, navn: str) -> int | None:
    verdi = request.query_params.get(navn)
    if verdi is None or verdi == "":
        return None
    if not (verdi.isascii() and verdi.isdigit()) or int(verdi) > MAKS_HELTALL:
        raise parameterfeil(navn, _("«%(n)s» må være et positivt heltall.") % {"n": navn})
    return int(verdi)


def _skolear(request: Request) -> str | None:
    skolear = request.query_params.get("skolear") or None
    if skolear and (len(skolear) > 9 or "\x00" in skolear):
        raise parameterfeil("skolear", _("«skolear» må være på formen ÅÅÅÅ-ÅÅÅÅ."))
    return skolear


class Tilbudliste(ApiVisning):
    required_scopes = {"GET": [Scope.INNTAK_LES]}

    @extend_schema(
        operation_id="tilbud_liste",
        summary="Klasseordning: tilbud (skole × programområde × skoleår) med plasser",
        description="Skoleklient: egne tilbud; fylkesklient: fylkets. Sortert etter id. Scope: inntak:les.",
        tags=["inntak"],
        parameters=[OpenApiParameter("skolear", SKOLEAR, description="F.eks. 2025-2026."), *PARAMETRE_MARKOR],
        responses=svar(s.side_av(s.TilbudApiSerializer), liste=True),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        side = Markorside(request, med_endret=False)
        qs = selectors.tilbud_for(request.user, _skolear(request))
        data = side.svar(side.hent(qs, selectors.TILBUD))
        self.antall = len(data["resultater"])
        return Response(data)


class Inntaksresultater(ApiVisning):
    required_scopes = {"GET": [Scope.INNTAK_LES]}
    personopplysninger = True

    @extend_schema(
        operation_id="inntak_resultater",
        summary="Inntaksresultat: søkere med tilbudt plass per tilbud og runde, med svarstatus",
        description="Bare publiserte runder (aldri prøveinntak). Skoleklient: plasser på egne tilbud; "
        "fylkesklient: fylkets. Sortert etter id. Scope: inntak:les.",
        tags=["inntak"],
        parameters=[
            OpenApiParameter("skolear", SKOLEAR, description="F.eks. 2026-2027."),
            OpenApiParameter("niva", OpenApiTypes.STR, enum=NIVAER),
            OpenApiParameter("runde", HELTALL, description="1 = hovedinntak, 2 = suppleringsinntak …"),
            OpenApiParameter("tilbud", HELTALL, description="Bare dette tilbudet (id fra /tilbud)."),
            *PARAMETRE_MARKOR,
        ],
        responses=svar(s.side_av(s.InntaksresultatSerializer), liste=True),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        side = Markorside(request, med_endret=False)
        niva = request.query_params.get("niva") or None
        if niva is not None and niva.upper() not in NIVAER:
            raise parameterfeil("niva", _("«niva» må være VG1, VG2 eller VG3."))
        qs = selectors.inntaksresultater_for(
            request.user, skolear=_skolear(request), niva=niva.upper() if niva else None,
            runde=_heltall(request, "runde"), tilbud=_heltall(request, "tilbud"),
        )  # fmt: skip
        data = side.svar(side.hent(qs, selectors.INNTAKSRESULTAT))
        self.antall = len(data["resultater"])
        return Response(data)
