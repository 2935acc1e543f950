"""Thin HTTP layer of fagopplæringens read API (docs/fagopplaering/api.md): contracts for opplæringskontor,
lærebedrifter and school systems, and a company lookup. API keys, scopes, rate limit, the call log and the audit
log are the core's (``vigo.api.basis.ApiVisning``); who sees what is ``fagopplaering.api.selectors``."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from fagopplaering.api import selectors
from fagopplaering.api import serializers as s
from fagopplaering.models import Kontrakt
from vigo.api.basis import ApiVisning
from vigo.api.paginering import PARAMETRE_ENDRING, Markorside
from vigo.api.ressurs import ID_PARAMETER, MAKS_ID
from vigo.api.serializers import side_av
from vigo.api.skjema import svar
from vigo.api.validering import parameterfeil
from vigo.models import Scope

HVEM = (
    " Fylkesklient: fylkets kontrakter. Klient med organisasjonsnummer (opplæringskontor eller lærebedrift): "
    "kontraktene der virksomheten er lærebedrift eller medlemsbedrift. Skoleklient: kontraktene til personer som "
    "har eller har hatt et elevforhold ved skolen."
)
STATUSER = [v for v in Kontrakt.Status.values if v != Kontrakt.Status.ANNULLERT]


def _dato(request: Request, navn: str) -> datetime.date | None:
    verdi = request.query_params.get(navn)
    if not verdi:
        return None
    try:
        return datetime.date.fromisoformat(verdi)
    except ValueError:
        raise parameterfeil(navn, _("«%(n)s» må være en dato (ÅÅÅÅ-MM-DD).") % {"n": navn}) from None


def _valg(request: Request, navn: str, gyldige: list[str]) -> str | None:
    verdi = request.query_params.get(navn) or None
    if verdi is not None and verdi not in gyldige:
        raise parameterfeil(navn, _("«%(n)s» må være en av %(v)s.") % {"n": navn, "v": ", ".join(gyldige)})
    return verdi


def _programomrade(request: Request) -> str | None:
    verdi = request.query_params.get("programomrade") or None
    if verdi is not None and not re.fullmatch(r"[A-Za-z0-9-]{1,10}", verdi):
        raise parameterfeil("programomrade", _("«programomrade» må være en programområdekode (10 tegn)."))
    return verdi


class Kontrakter(ApiVisning):
    required_scopes = {"GET": [Scope.KONTRAKTER_LES]}
    personopplysninger = True

    @extend_schema(
        operation_id="kontrakter_endringer",
        summary="Kontrakter: endringsfeed (lærekontrakter, opplæringskontrakter …)",
        description="Kontrakter sortert etter (endret, id), med markørpaginering." + HVEM
        + " Annullerte kontrakter vises ikke. Scope: kontrakter:les.",
        tags=["kontrakter"],
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=STATUSER),
            OpenApiParameter("programomrade", {"type": "string", "pattern": "^[A-Za-z0-9-]{1,10}$"},
                             description="Lærefagets kode, f.eks. ELELE3----."),
            OpenApiParameter("lopende_pa", OpenApiTypes.DATE, description="Bare kontrakter løpende på datoen "
                             "(godkjent, innenfor læretiden, uten avbrudd den dagen, ikke avsluttet)."),
            *PARAMETRE_ENDRING,
        ],
        responses=svar(side_av(s.KontraktApiSerializer), liste=True),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        side = Markorside(request)
        qs = selectors.filtrer_kontrakter(
            selectors.kontrakter_for(request.user), status=_valg(request, "status", STATUSER),
            programomrade=_programomrade(request), lopende_pa=_dato(request, "lopende_pa"),
        )  # fmt: skip
        data = side.svar(side.hent(qs, selectors.KONTRAKT))
        self.antall = len(data["resultater"])
        return Response(data)


class KontraktDetalj(ApiVisning):
    required_scopes = {"GET": [Scope.KONTRAKTER_LES]}
    personopplysninger = True

    @extend_schema(
        operation_id="kontrakter_hent",
        summary="Kontrakter: én kontrakt med avbrudd og faglig leder",
        description="404 utenfor klientens tilgang." + HVEM + " Scope: kontrakter:les.",
        tags=["kontrakter"], parameters=[ID_PARAMETER], responses=svar(s.KontraktDetaljApiSerializer, detalj=True),
    )  # fmt: skip
    def get(self, request: Request, pk: str) -> Response:
        rad = None
        if pk.isascii() and pk.isdigit() and int(pk) <= MAKS_ID:
            rad = selectors.kontrakt_detalj(request.user, int(pk))
        if rad is None:
            raise NotFound(_("Finnes ikke, eller er utenfor API-klientens tilgang."))
        self.antall = 1
        self.person_id = selectors.person_for_kontrakt(rad["id"])
        return Response(rad)


class BedriftDetalj(ApiVisning):
    required_scopes = {"GET": [Scope.KONTRAKTER_LES]}

    @extend_schema(
        operation_id="bedrifter_hent",
        summary="Bedrifter: én lærebedrift eller ett opplæringskontor, med fylkets godkjenninger",
        description="Fylkesklient: bedriftene fylket ser (egne kommuner, godkjente, med kontrakter i fylket). Klient "
        "med organisasjonsnummer: virksomheten selv, medlemsbedriftene (opplæringskontor) og kontorene den er "
        "medlem i. Skoleklient: lærebedriftene og medlemsbedriftene i kontraktene klienten ser. "
        "Scope: kontrakter:les.",
        tags=["bedrifter"],
        parameters=[OpenApiParameter("orgnr", {"type": "string", "pattern": "^[0-9]{9}$"},
                                     location=OpenApiParameter.PATH)],
        responses=svar(s.BedriftApiSerializer, detalj=True),
    )  # fmt: skip
    def get(self, request: Request, orgnr: str) -> Response:
        rad = None
        if orgnr.isascii() and orgnr.isdigit() and len(orgnr) == 9:
            rad = selectors.bedrift_detalj(request.user, orgnr, timezone.localdate())
        if rad is None:
            raise NotFound(_("Finnes ikke, eller er utenfor API-klientens tilgang."))
        self.antall = 1
        return Response(rad)
