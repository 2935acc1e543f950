"""SAS resources: elever, elevforhold, elevfag, karakterer (vgs) and sluttere; grunnskolekarakterer.

Each resource: ``GET /api/v1/<ressurs>`` is the change feed (``endret_etter``, keyset cursor on (endret, id)),
``GET /api/v1/<ressurs>/<id>`` one record (404 outside the client's scope), and ``POST /api/v1/<ressurs>`` an
idempotent bulk upsert of up to 10 000 records in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from vigo.api import selectors, services
from vigo.api import serializers as s
from vigo.api.basis import ApiVisning
from vigo.api.paginering import PARAMETRE_ENDRING, Markorside
from vigo.api.selectors import Utvalg
from vigo.api.skjema import IDEMPOTENS_PARAMETER, svar
from vigo.api.validering import MAKS_POSTER
from vigo.models import Scope

MAKS_ID = 2**63 - 1
ID_PARAMETER = OpenApiParameter(
    "id", {"type": "integer", "minimum": 0, "maximum": MAKS_ID}, location=OpenApiParameter.PATH
)
PERSONREGEL = (
    " Personer slås opp blant dem klientens fylke ser: egne personer og søkere til fylkets inntak. Et "
    "fødselsnummer som et annet fylke forvalter utenom disse, behandles som ukjent."
)
Tjeneste = Callable[[Any, list[dict[str, Any]]], dict[str, Any]]


class Ressursliste(ApiVisning):
    personopplysninger = True
    utvalg: Utvalg
    utvalg_for: Callable[[Any], QuerySet]

    def list(self, request: Request) -> Response:
        side = Markorside(request)
        data = side.svar(side.hent(self.utvalg_for(request.user), self.utvalg))
        self.antall = len(data["resultater"])
        return Response(data)


class Ressursdetalj(ApiVisning):
    personopplysninger = True
    utvalg: Utvalg
    utvalg_for: Callable[[Any], QuerySet]
    person_felt = "person_id"
    """The person a record is about (``pk`` for a person itself): linked in the audit log of the read."""

    def detalj(self, request: Request, pk: str) -> Response:
        rader = []
        if pk.isascii() and pk.isdigit() and int(pk) <= MAKS_ID:
            qs = self.utvalg_for(request.user).filter(pk=int(pk))
            rader = self.utvalg.rader(qs)
        if not rader:
            raise NotFound(_("Finnes ikke, eller er utenfor API-klientens tilgang."))
        self.antall = 1
        self.person_id = qs.values_list(self.person_felt, flat=True).first()
        return Response(rader[0])


def _ressurs(
    navn: str, *, utvalg: Utvalg, utvalg_for: Callable, tjeneste: Tjeneste, inn: type[serializers.Serializer],
    ut: type[serializers.Serializer], les: str, skriv: str, svar_ut: type[serializers.Serializer],
    beskrivelse: str, person_felt: str = "person_id", skriv_beskrivelse: str = "",
) -> tuple[type[Ressursliste], type[Ressursdetalj]]:  # fmt: skip
    felles = {"utvalg": utvalg, "utvalg_for": staticmethod(utvalg_for)}

    @extend_schema(
        operation_id=f"{navn}_endringer",
        summary=f"{beskrivelse}: endringsfeed",
        description=f"Poster i klientens skole/fylke sortert etter (endret, id), med markørpaginering. Scope: {les}.",
        tags=[navn], parameters=PARAMETRE_ENDRING, responses=svar(s.side_av(ut), liste=True),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(
        operation_id=f"{navn}_lagre",
        summary=f"{beskrivelse}: lagre (upsert)",
        description=f"Opptil {MAKS_POSTER} poster i én transaksjon; én ugyldig post gir 400 med alle feil, og "
        f"ingenting lagres. Uendrede poster får ikke ny «endret».{skriv_beskrivelse or PERSONREGEL} Scope: {skriv}.",
        tags=[navn], parameters=[IDEMPOTENS_PARAMETER], request=s.liste_av(inn), responses=svar(svar_ut, skriv=True),
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self.skriv(request, tjeneste)

    @extend_schema(
        operation_id=f"{navn}_hent", summary=f"{beskrivelse}: én post", description=f"Scope: {les}.",
        tags=[navn], parameters=[ID_PARAMETER], responses=svar(ut, detalj=True),
    )  # fmt: skip
    def get_detalj(self, request: Request, pk: str) -> Response:
        return self.detalj(request, pk)

    scopes = {"GET": [les], "POST": [skriv]}
    liste = type(
        f"{navn}_liste", (Ressursliste,), {**felles, "get": get, "post": post, "required_scopes": scopes}
    )
    detalj = type(f"{navn}_detalj", (Ressursdetalj,),
                  {**felles, "get": get_detalj, "required_scopes": scopes, "person_felt": person_felt})  # fmt: skip
    return liste, detalj


Elever, Elev = _ressurs(
    "elever", utvalg=selectors.ELEV, utvalg_for=selectors.elever_for, tjeneste=services.upsert_elever,
    inn=s.ElevInnSerializer, ut=s.ElevSerializer, svar_ut=s.ElevUpsertSvarSerializer,
    les=Scope.ELEVER_LES, skriv=Scope.ELEVER_SKRIV, beskrivelse="Elever", person_felt="pk",
    skriv_beskrivelse=" Et ukjent fødselsnummer oppretter personen i klientens fylke. Bare fylket som forvalter "
    "personen (skoleklient: og bare personer knyttet til skolen) kan endre navn og adresse; andre personer fylket "
    "ser, endres ikke og listes i «ikke_endret». Et fødselsnummer som et annet fylke forvalter, og som klientens "
    "fylke ikke ser, besvares nøyaktig som et ukjent nummer (telles i «opprettet»), men ingenting lagres: "
    "alt annet ville røpe at nummeret finnes i et annet fylke.",
)  # fmt: skip
Elevforholdliste, Elevforhold = _ressurs(
    "elevforhold", utvalg=selectors.ELEVFORHOLD, utvalg_for=selectors.elevforhold_for,
    tjeneste=services.upsert_elevforhold, inn=s.ElevforholdInnSerializer, ut=s.ElevforholdSerializer,
    svar_ut=s.UpsertSvarSerializer, les=Scope.ELEVER_LES, skriv=Scope.ELEVER_SKRIV, beskrivelse="Elevforhold",
)  # fmt: skip
Elevfagliste, Elevfag = _ressurs(
    "elevfag", utvalg=selectors.ELEVFAG, utvalg_for=selectors.elevfag_for, tjeneste=services.upsert_elevfag,
    inn=s.ElevfagInnSerializer, ut=s.ElevfagSerializer, svar_ut=s.UpsertSvarSerializer,
    les=Scope.ELEVER_LES, skriv=Scope.ELEVER_SKRIV, beskrivelse="Elevfag med fagstatus",
)  # fmt: skip
Karakterer, Karakter = _ressurs(
    "karakterer", utvalg=selectors.VGSKARAKTER, utvalg_for=selectors.vgskarakterer_for,
    tjeneste=services.upsert_vgskarakterer, inn=s.VgskarakterInnSerializer, ut=s.VgskarakterSerializer,
    svar_ut=s.UpsertSvarSerializer, les=Scope.KARAKTERER_LES, skriv=Scope.KARAKTERER_SKRIV,
    beskrivelse="Karakterer i vgs-fag (halvår, standpunkt, eksamen)",
)  # fmt: skip


class Sluttere(ApiVisning):
    required_scopes = {"POST": [Scope.ELEVER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="sluttere_registrer",
        summary="Sluttere: sett avbruddsdato og -årsak på elevforhold",
        description="Elevforholdet (elev, skole, skoleår, programområde) må finnes." + PERSONREGEL
        + " Scope: elever:skriv.",
        tags=["elevforhold"], parameters=[IDEMPOTENS_PARAMETER], request=s.liste_av(s.SlutterSerializer),
        responses=svar(s.UpsertSvarSerializer, skriv=True),
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self.skriv(request, services.registrer_sluttere)


class Grunnskolekarakterer(ApiVisning):
    required_scopes = {"POST": [Scope.KARAKTERER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="grunnskolekarakterer_lagre",
        summary="Grunnskolekarakterer (vitnemål) per elev",
        description="Liste av {fodselsnummer, karakterer}; karakterene har samme form som i poengkalkulatoren. "
        "En ny liste for en person erstatter personens grunnskolekarakterer, og poengene til personens søknader "
        "beregnes på nytt. Ukjent fødselsnummer oppretter personen i klientens fylke (navn fra Folkeregisteret, "
        "ellers «Ukjent»). Grunnskolekarakterene registreres av fylket som forvalter personen; karakterer for et "
        "annet fylkes person avvises: ser klientens fylke personen (en gjesteelev som søker der), gir posten 400 "
        "med kode «annet_fylke»; ellers besvares den nøyaktig som et ukjent nummer (telles i «nye_personer»), "
        "men ingenting lagres, så svaret aldri røper at nummeret finnes i et annet fylke. Scope: karakterer:skriv.",
        tags=["grunnskolekarakterer"], parameters=[IDEMPOTENS_PARAMETER],
        request=s.liste_av(s.GrunnskolevitnemalSerializer), responses=svar(s.GrunnskoleSvarSerializer, skriv=True),
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self.skriv(request, services.lagre_grunnskolekarakterer)
