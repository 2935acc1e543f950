"""SAS resources of the student register: elever (persons), elevforhold and sluttere.

Each resource is declared once (``vigo.api.ressurs.Ressurs``) and served by two explicit classes: the change feed
and bulk upsert (``GET``/``POST /api/v1/<ressurs>``) and one record (``GET /api/v1/<ressurs>/<id>``).
Thin HTTP layer: reads in ``inntak.elev.api.selectors``, writes in ``inntak.elev.api.services``. The intake
domain serves elevfag, vgs grades and grunnskole grades (``inntak.api``).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from inntak.elev.api import selectors, services
from inntak.elev.api import serializers as s
from vigo.api.basis import ApiVisning
from vigo.api.ressurs import PERSONREGEL, Ressurs, Ressursdetalj, Ressursliste
from vigo.api.serializers import UpsertSvarSerializer, liste_av
from vigo.api.skjema import IDEMPOTENS_PARAMETER, svar
from vigo.models import Scope

ELEVER = Ressurs(
    navn="elever", beskrivelse="Elever", utvalg=selectors.ELEV, utvalg_for=selectors.elever_for,
    inn=s.ElevInnSerializer, ut=s.ElevSerializer,
    svar_ut=s.ElevUpsertSvarSerializer, les=Scope.ELEVER_LES, skriv=Scope.ELEVER_SKRIV,
    nokkel=("fodselsnummer",), person_felt="pk",
    skriv_beskrivelse=" Et ukjent fødselsnummer oppretter personen i klientens fylke. Bare fylket som forvalter "
    "personen (skoleklient: og bare personer knyttet til skolen) kan endre navn og adresse; andre personer fylket "
    "ser, endres ikke og listes i «ikke_endret». Et fødselsnummer som et annet fylke forvalter, og som klientens "
    "fylke ikke ser, besvares nøyaktig som et ukjent nummer (telles i «opprettet»), men ingenting lagres: "
    "alt annet ville røpe at nummeret finnes i et annet fylke.",
)  # fmt: skip
ELEVFORHOLD = Ressurs(
    navn="elevforhold", beskrivelse="Elevforhold", utvalg=selectors.ELEVFORHOLD,
    utvalg_for=selectors.elevforhold_for, inn=s.ElevforholdInnSerializer,
    ut=s.ElevforholdSerializer, svar_ut=UpsertSvarSerializer, les=Scope.ELEVER_LES, skriv=Scope.ELEVER_SKRIV,
    nokkel=("fodselsnummer", "skolenummer", "skolear", "programomrade"),
)  # fmt: skip


class Elever(Ressursliste):
    ressurs = ELEVER

    def post(self, request: Request) -> Response:
        return self.skriv(request, services.upsert_elever)


class Elev(Ressursdetalj):
    ressurs = ELEVER


class Elevforholdliste(Ressursliste):
    ressurs = ELEVFORHOLD

    def post(self, request: Request) -> Response:
        return self.skriv(request, services.upsert_elevforhold)


class Elevforhold(Ressursdetalj):
    ressurs = ELEVFORHOLD


class Sluttere(ApiVisning):
    required_scopes = {"POST": [Scope.ELEVER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="sluttere_registrer",
        summary="Sluttere: sett avbruddsdato og -årsak på elevforhold",
        description="Elevforholdet (elev, skole, skoleår, programområde) må finnes." + PERSONREGEL
        + " Scope: elever:skriv.",
        tags=["elevforhold"], parameters=[IDEMPOTENS_PARAMETER], request=liste_av(s.SlutterSerializer),
        responses=svar(UpsertSvarSerializer, skriv=True),
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self.skriv(request, services.registrer_sluttere)
