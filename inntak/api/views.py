"""Thin HTTP layer of the intake API: klasseordning, intake results, grunnskole grades, elevfag and vgs grades.

Klasseordning (inntak.Tilbud) and intake results are read with ``inntak:les``, for the client's school or county.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from inntak.api import selectors, services
from inntak.api import serializers as s
from inntak.regler.karakterer import NIVAER
from vigo.api.basis import ApiVisning
from vigo.api.paginering import PARAMETRE_MARKOR, Markorside
from vigo.api.ressurs import Ressurs, Ressursdetalj, Ressursliste
from vigo.api.serializers import UpsertSvarSerializer, liste_av, side_av
from vigo.api.skjema import IDEMPOTENS_PARAMETER, svar
from vigo.api.validering import parameterfeil
from vigo.models import Scope

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


# --- Klasseordning and intake results -------------------------------------------------------------------------
class Tilbudliste(ApiVisning):
    required_scopes = {"GET": [Scope.INNTAK_LES]}

    @extend_schema(
        operation_id="tilbud_liste",
        summary="Klasseordning: tilbud (skole × programområde × skoleår) med plasser",
        description="Skoleklient: egne tilbud; fylkesklient: fylkets. Sortert etter id. Scope: inntak:les.",
        tags=["inntak"],
        parameters=[OpenApiParameter("skolear", SKOLEAR, description="F.eks. 2025-2026."), *PARAMETRE_MARKOR],
        responses=svar(side_av(s.TilbudApiSerializer), liste=True),
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
        responses=svar(side_av(s.InntaksresultatSerializer), liste=True),
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


# --- SAS: elevfag and vgs grades (vigo.api.ressurs) ------------------------------------------------------------
ELEVFAG = Ressurs(
    navn="elevfag", beskrivelse="Elevfag med fagstatus", utvalg=selectors.ELEVFAG, utvalg_for=selectors.elevfag_for,
    inn=s.ElevfagInnSerializer, ut=s.ElevfagSerializer, svar_ut=UpsertSvarSerializer,
    les=Scope.ELEVER_LES, skriv=Scope.ELEVER_SKRIV, nokkel=("fodselsnummer", "skolenummer", "skolear", "fag"),
)  # fmt: skip
KARAKTERER = Ressurs(
    navn="karakterer", beskrivelse="Karakterer i vgs-fag (halvår, standpunkt, eksamen)",
    utvalg=selectors.VGSKARAKTER, utvalg_for=selectors.vgskarakterer_for, inn=s.VgskarakterInnSerializer,
    ut=s.VgskarakterSerializer, svar_ut=UpsertSvarSerializer, les=Scope.KARAKTERER_LES, skriv=Scope.KARAKTERER_SKRIV,
    nokkel=("fodselsnummer", "skolenummer", "skolear", "fag", "vurdering", "termin"),
)  # fmt: skip


class Elevfagliste(Ressursliste):
    ressurs = ELEVFAG

    def post(self, request: Request) -> Response:
        return self.skriv(request, services.upsert_elevfag)


class Elevfag(Ressursdetalj):
    ressurs = ELEVFAG


class Karakterer(Ressursliste):
    ressurs = KARAKTERER

    def post(self, request: Request) -> Response:
        return self.skriv(request, services.upsert_vgskarakterer)


class Karakter(Ressursdetalj):
    ressurs = KARAKTERER


# --- Grunnskole grades ------------------------------------------------------------------------------------------
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
        request=liste_av(s.GrunnskolevitnemalSerializer), responses=svar(s.GrunnskoleSvarSerializer, skriv=True),
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self.skriv(request, services.lagre_grunnskolekarakterer)
