"""Kodeverk for the SAS (``kodeverk:les``): whole lists with ETag, ``If-None-Match`` → 304."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from vigo.api import selectors
from vigo.api import serializers as s
from vigo.api.basis import ApiVisning
from vigo.api.skjema import ETAG_PARAMETER, svar
from vigo.models import Scope


def etag(rader: list[dict[str, Any]]) -> str:
    tekst = json.dumps(rader, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(tekst.encode()).hexdigest()[:32] + '"'


def treffer(if_none_match: str | None, verdi: str) -> bool:
    if not if_none_match:
        return False
    kandidater = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in kandidater or verdi in kandidater


class KodeverkVisning(ApiVisning):
    required_scopes = {"GET": [Scope.KODEVERK_LES]}
    hent: Callable[..., list[dict[str, Any]]]
    trenger_bruker = False

    def get(self, request: Request) -> Response:
        rader = self.hent(request.user) if self.trenger_bruker else self.hent()
        tag = etag(rader)
        headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
        if treffer(request.headers.get("If-None-Match"), tag):
            return Response(status=304, headers=headers)
        self.antall = len(rader)
        return Response(rader, headers=headers)


def _kodeverk(navn: str, serializer: type[serializers.Serializer], hent: Callable, beskrivelse: str,
              trenger_bruker: bool = False) -> type[KodeverkVisning]:  # fmt: skip
    skjema = extend_schema(
        operation_id=f"kodeverk_{navn}",
        summary=beskrivelse,
        description=f"{beskrivelse}. Hele listen; svaret har ETag, og «If-None-Match» med samme ETag gir 304. "
        "Scope: kodeverk:les.",
        tags=["kodeverk"],
        parameters=[ETAG_PARAMETER],
        responses=svar(serializer(many=True), ekstra={304: OpenApiResponse(description="Uendret")}),
    )

    def get(self, request: Request) -> Response:  # own function per class: extend_schema marks the function
        return KodeverkVisning.get(self, request)

    innhold = {"hent": staticmethod(hent), "trenger_bruker": trenger_bruker, "get": skjema(get)}
    return type(f"Kodeverk_{navn}", (KodeverkVisning,), innhold)


Programomrader = _kodeverk(
    "programomrader", s.ProgramomradeApiSerializer, selectors.programomrader, "Programområder"
)
Fag = _kodeverk("fag", s.FagApiSerializer, selectors.fag, "Fag")
Skoler = _kodeverk("skoler", s.SkoleApiSerializer, selectors.skoler, "Skolene i klientens fylke", True)
Karakterverdier = _kodeverk("karakterverdier", s.KarakterverdiApiSerializer, selectors.karakterverdier,
                            "Karakterverdier (Regbok B26)")  # fmt: skip
Fagstatuser = _kodeverk("fagstatuser", s.KodeApiSerializer, selectors.fagstatuser, "Fagstatuser")
Elevstatuser = _kodeverk(
    "elevstatuser", s.KodeApiSerializer, selectors.elevstatuser, "Elevstatuser (Regbok B08)"
)
Skolear = _kodeverk("skolear", s.SkolearApiSerializer, selectors.skolear, "Skoleår")
