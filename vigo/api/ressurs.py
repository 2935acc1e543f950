"""Change-feed resources of the API: one declaration per resource, explicit view classes that name it.

A resource (elever, elevforhold, elevfag, karakterer, ...) is declared once as a ``Ressurs``: its name and
description, the API fields (``utvalg``), the scoped queryset, the write service, the request and response
serializers, the scopes and the natural key the bulk upsert matches records on. A domain then writes two
explicit classes that name the declaration (and the write, the service it calls)::

    class Elevfagliste(Ressursliste):
        ressurs = ELEVFAG

        def post(self, request: Request) -> Response:
            return self.skriv(request, services.upsert_elevfag)

    class Elevfag(Ressursdetalj):
        ressurs = ELEVFAG

and the base classes derive the scopes and the OpenAPI operations from it (``__init_subclass__``):
``GET /api/v1/<ressurs>`` is the change feed (``endret_etter``, keyset cursor on (endret, id)),
``POST /api/v1/<ressurs>`` an idempotent bulk upsert of up to 10 000 records in one transaction, and
``GET /api/v1/<ressurs>/<id>`` one record (404 outside the client's scope).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from vigo.api import serializers as s
from vigo.api.basis import ApiVisning
from vigo.api.paginering import PARAMETRE_ENDRING, Markorside
from vigo.api.selectors import Utvalg
from vigo.api.skjema import IDEMPOTENS_PARAMETER, svar
from vigo.api.validering import MAKS_POSTER

MAKS_ID = 2**63 - 1
ID_PARAMETER = OpenApiParameter(
    "id", {"type": "integer", "minimum": 0, "maximum": MAKS_ID}, location=OpenApiParameter.PATH
)
PERSONREGEL = (
    " Personer slås opp blant dem klientens fylke ser: egne personer og søkere til fylkets inntak. Et "
    "fødselsnummer som et annet fylke forvalter utenom disse, behandles som ukjent."
)


@dataclass(frozen=True)
class Ressurs:
    """One API resource, declared once."""

    navn: str
    """Path segment, OpenAPI tag and operation-id prefix («elevfag» → ``elevfag_endringer``)."""
    beskrivelse: str
    utvalg: Utvalg
    """API field → ORM lookup of the records the feed and the detail return."""
    utvalg_for: Callable[[Any], QuerySet]
    """The records in the client's scope (a selector)."""
    inn: type[serializers.Serializer]
    ut: type[serializers.Serializer]
    svar_ut: type[serializers.Serializer]
    les: str
    skriv: str
    nokkel: tuple[str, ...]
    """The natural key (API field names of ``inn``) a posted record is matched on: the same key twice in one
    request is a «duplikat», and a stored record with the key is updated, never duplicated."""
    person_felt: str = "person_id"
    """The person a record is about (``pk`` for a person itself): linked in the audit log of a detail read."""
    skriv_beskrivelse: str = ""
    """Replaces ``PERSONREGEL`` in the description of the write."""

    @property
    def scopes(self) -> dict[str, list[str]]:
        return {"GET": [self.les], "POST": [self.skriv]}

    def skjema_endringer(self) -> Callable:
        return extend_schema(
            operation_id=f"{self.navn}_endringer",
            summary=f"{self.beskrivelse}: endringsfeed",
            description="Poster i klientens skole/fylke sortert etter (endret, id), med markørpaginering. "
            f"Scope: {self.les}.",
            tags=[self.navn], parameters=PARAMETRE_ENDRING, responses=svar(s.side_av(self.ut), liste=True),
        )  # fmt: skip

    def skjema_lagre(self) -> Callable:
        return extend_schema(
            operation_id=f"{self.navn}_lagre",
            summary=f"{self.beskrivelse}: lagre (upsert)",
            description=f"Opptil {MAKS_POSTER} poster i én transaksjon; én ugyldig post gir 400 med alle feil, og "
            f"ingenting lagres. Uendrede poster får ikke ny «endret».{self.skriv_beskrivelse or PERSONREGEL} "
            f"Scope: {self.skriv}.",
            tags=[self.navn], parameters=[IDEMPOTENS_PARAMETER], request=s.liste_av(self.inn),
            responses=svar(self.svar_ut, skriv=True),
        )  # fmt: skip

    def skjema_hent(self) -> Callable:
        return extend_schema(
            operation_id=f"{self.navn}_hent", summary=f"{self.beskrivelse}: én post", description=f"Scope: {self.les}.",
            tags=[self.navn], parameters=[ID_PARAMETER], responses=svar(self.ut, detalj=True),
        )  # fmt: skip


class Ressursliste(ApiVisning):
    """``GET``: the change feed of ``ressurs``. ``POST``, the bulk upsert, is the subclass's own method naming
    the service it calls: ``return self.skriv(request, services.upsert_elever)``."""

    personopplysninger = True
    ressurs: ClassVar[Ressurs]
    utvalg: ClassVar[Utvalg]
    utvalg_for: Callable[[Any], QuerySet]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        r = cls.__dict__.get("ressurs")
        if r is None:  # an intermediate base class
            return
        cls.utvalg, cls.utvalg_for, cls.required_scopes = r.utvalg, staticmethod(r.utvalg_for), r.scopes
        skjema = {"get": r.skjema_endringer()}
        if hasattr(cls, "post"):
            skjema["post"] = r.skjema_lagre()
        extend_schema_view(**skjema)(cls)

    def get(self, request: Request) -> Response:
        side = Markorside(request)
        data = side.svar(side.hent(self.utvalg_for(request.user), self.utvalg))
        self.antall = len(data["resultater"])
        return Response(data)


class Ressursdetalj(ApiVisning):
    """``GET <id>``: one record of ``ressurs`` in the client's scope."""

    personopplysninger = True
    ressurs: ClassVar[Ressurs]
    utvalg: ClassVar[Utvalg]
    utvalg_for: Callable[[Any], QuerySet]
    person_felt: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        r = cls.__dict__.get("ressurs")
        if r is None:  # an intermediate base class
            return
        cls.utvalg, cls.utvalg_for, cls.required_scopes = r.utvalg, staticmethod(r.utvalg_for), r.scopes
        cls.person_felt = r.person_felt
        extend_schema_view(get=r.skjema_hent())(cls)

    def get(self, request: Request, pk: str) -> Response:
        rader = []
        if pk.isascii() and pk.isdigit() and int(pk) <= MAKS_ID:
            qs = self.utvalg_for(request.user).filter(pk=int(pk))
            rader = self.utvalg.rader(qs)
        if not rader:
            raise NotFound(_("Finnes ikke, eller er utenfor API-klientens tilgang."))
        self.antall = 1
        self.person_id = qs.values_list(self.person_felt, flat=True).first()
        return Response(rader[0])
