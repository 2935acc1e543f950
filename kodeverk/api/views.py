"""Kodeverk for the SAS (``kodeverk:les``): whole lists with ETag, ``If-None-Match`` → 304.

Each list is one explicit class declaring its path name, description, serializer, natural key and read; the base
class derives the OpenAPI operation from the declaration (``__init_subclass__``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kodeverk.api import selectors
from kodeverk.api import serializers as s
from vigo.api.basis import ApiVisning
from vigo.api.skjema import ETAG_PARAMETER, svar
from vigo.models.api import Scope


def etag(rader: list[dict[str, Any]]) -> str:
    tekst = json.dumps(rader, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(tekst.encode()).hexdigest()[:32] + '"'


def treffer(if_none_match: str | None, verdi: str) -> bool:
    if not if_none_match:
        return False
    kandidater = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in kandidater or verdi in kandidater


class KodeverkVisning(ApiVisning):
    """One whole code list. A subclass declares ``navn`` (path and operation id), ``beskrivelse``, ``serializer``,
    ``nokkel`` (the natural key of a row) and ``hent``."""

    required_scopes = {"GET": [Scope.KODEVERK_LES]}
    navn: ClassVar[str]
    beskrivelse: ClassVar[str]
    serializer: ClassVar[type[serializers.Serializer]]
    nokkel: ClassVar[tuple[str, ...]] = ("kode",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        skjema = extend_schema(
            operation_id=f"kodeverk_{cls.navn}",
            summary=cls.beskrivelse,
            description=f"{cls.beskrivelse}. Hele listen; svaret har ETag, og «If-None-Match» med samme ETag gir "
            "304. Scope: kodeverk:les.",
            tags=["kodeverk"],
            parameters=[ETAG_PARAMETER],
            responses=svar(cls.serializer(many=True), ekstra={304: OpenApiResponse(description="Uendret")}),
        )
        extend_schema_view(get=skjema)(cls)

    def hent(self, bruker) -> list[dict[str, Any]]:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        rader = self.hent(request.user)
        tag = etag(rader)
        headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
        if treffer(request.headers.get("If-None-Match"), tag):
            return Response(status=304, headers=headers)
        self.antall = len(rader)
        return Response(rader, headers=headers)


class Programomrader(KodeverkVisning):
    navn = "programomrader"
    beskrivelse = "Programområder"
    serializer = s.ProgramomradeApiSerializer

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.programomrader()


class Fag(KodeverkVisning):
    navn = "fag"
    beskrivelse = "Fag"
    serializer = s.FagApiSerializer

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.fag()


class Skoler(KodeverkVisning):
    navn = "skoler"
    beskrivelse = "Skolene i klientens fylke"
    serializer = s.SkoleApiSerializer
    nokkel = ("skolenummer",)

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.skoler(bruker)


class Karakterverdier(KodeverkVisning):
    navn = "karakterverdier"
    beskrivelse = "Karakterverdier (Regbok B26)"
    serializer = s.KarakterverdiApiSerializer

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.karakterverdier()


class Fagstatuser(KodeverkVisning):
    navn = "fagstatuser"
    beskrivelse = "Fagstatuser"
    serializer = s.KodeApiSerializer

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.fagstatuser()


class Elevstatuser(KodeverkVisning):
    navn = "elevstatuser"
    beskrivelse = "Elevstatuser (Regbok B08)"
    serializer = s.KodeApiSerializer

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.elevstatuser()


class Skolear(KodeverkVisning):
    navn = "skolear"
    beskrivelse = "Skoleår"
    serializer = s.SkolearApiSerializer

    def hent(self, bruker) -> list[dict[str, Any]]:
        return selectors.skolear()
