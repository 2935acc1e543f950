"""Oppmelding til prøve through the API (docs/fagopplaering/api.md, docs/fagopplaering/domene.md §4.1).

The company registers its lærling or lærekandidat at least two months before the contract time ends, to the county
that approved the contract; VIGO Bedrift does this today, here the opplæringskontor's or lærebedrift's own system
calls ``POST /api/v1/prover/oppmeldinger``. Scope ``prover:skriv``; only a client with organisasjonsnummer, and only
for the contracts it sees in the read API (``selectors.kontrakter_for``; others answer 404). The write goes through
``fagopplaering.services.prove.meld_opp`` (the same rules and Norwegian messages as the caseworker pages), with the
client's name as the actor on the timeline. A broken rule answers 422 with the messages; nothing is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from fagopplaering.api import selectors
from fagopplaering.models import Bedrift, Prove
from fagopplaering.services import prove as tjeneste
from vigo.api.basis import ApiVisning
from vigo.api.idempotens import med_idempotens
from vigo.api.ressurs import ID_PARAMETER, MAKS_ID
from vigo.api.serializers import ApiFeilsvarSerializer
from vigo.api.skjema import IDEMPOTENS_PARAMETER, svar
from vigo.api.validering import Avvist, Feilliste, Post, feil
from vigo.models import Scope

STI = "/api/v1/prover/oppmeldinger"
IKKE_FUNNET = "Finnes ikke, eller er utenfor API-klientens tilgang."


# --- Serializers (the OpenAPI schema) ------------------------------------------------------------------------------
class OppmeldingInnSerializer(serializers.Serializer):
    kontrakt = serializers.IntegerField(min_value=1, help_text="Kontraktens id (fra /api/v1/kontrakter).")
    dato = serializers.DateField(required=False, help_text="Oppmeldingsdato (ÅÅÅÅ-MM-DD); standard: i dag.")


class OppmeldingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kontrakt = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Prove.Status.choices)
    provetype = serializers.CharField(help_text="fag, svenne eller kompetanse.")
    programomrade = serializers.CharField(help_text="Lærefagets kode.")
    oppmeldt_dato = serializers.DateField()
    teori_ok = serializers.BooleanField(help_text="Teorikravet er oppfylt etter elevregisteret.")
    teori_forklaring = serializers.CharField()
    proveavgift = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)


# --- Helpers -------------------------------------------------------------------------------------------------------
class _Regelbrudd(Exception):
    """A rule of the service refused the oppmelding: answered 422 outside the idempotency store (nothing stored)."""

    def __init__(self, e: ValidationError):
        self.svar = Avvist([feil(None, "kontrakt", "regelbrudd", m) for m in e.messages],
                           detail=_("Oppmeldingen ble ikke lagret: %(n)d feil.") % {"n": len(e.messages)}).som_svar()  # fmt: skip


def som_svar(p: Prove) -> dict[str, Any]:
    return {
        "id": p.pk, "kontrakt": p.kontrakt_id, "status": p.status, "provetype": p.provetype,
        "programomrade": p.programomrade.kode, "oppmeldt_dato": p.oppmeldt_dato.isoformat(), "teori_ok": p.teori_ok,
        "teori_forklaring": p.teori_forklaring,
        "proveavgift": None if p.proveavgift is None else f"{p.proveavgift:.2f}",
    }  # fmt: skip


def _orgnr(bruker) -> str:
    """The client's organisasjonsnummer; a county or school client without one may not register (403)."""
    orgnr = selectors._orgnr(bruker)
    if not orgnr or bruker.skole_id is not None:
        raise exceptions.PermissionDenied(
            _("Oppmelding til prøve gjøres av en lærebedrift eller et opplæringskontor: API-klienten må ha "
              "organisasjonsnummer.")
        )  # fmt: skip
    return orgnr


def _kontrakt_id(post: Post) -> int | None:
    verdi = post.rad.get("kontrakt")
    if isinstance(verdi, int) and not isinstance(verdi, bool) and 0 < verdi <= MAKS_ID:
        return verdi
    if verdi is None:
        post.feil("kontrakt", "mangler", _("Feltet «kontrakt» mangler."))
    else:
        post.feil("kontrakt", "ugyldig_type", _("Feltet «kontrakt» må være kontraktens id (et heltall)."))
    return None


# --- Views ---------------------------------------------------------------------------------------------------------
class Oppmeldinger(ApiVisning):
    required_scopes = {"POST": [Scope.PROVER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="prover_oppmelding_registrer",
        summary="Meld en lærling eller lærekandidat opp til prøve",
        description="Bedriften melder opp til fag-/svenneprøve eller kompetanseprøve, senest to måneder før "
        "kontraktstiden er ute, til fylket som godkjente kontrakten (forskrift til opplæringslova § 9-56). "
        "Kandidattypen følger kontraktstypen. Bare kontrakter der klientens virksomhet er lærebedrift eller "
        "medlemsbedrift, i klientens fylke; andre gir 404. Brutte regler (for sent, allerede meldt opp …) gir 422 "
        "med norsk melding. Idempotent med Idempotency-Key. Scope: prover:skriv (klient med organisasjonsnummer).",
        tags=["prøver"], parameters=[IDEMPOTENS_PARAMETER], request=OppmeldingInnSerializer,
        responses={
            **svar(OppmeldingSerializer, status=201, skriv=True, detalj=True),
            422: OpenApiResponse(ApiFeilsvarSerializer, description="Regelbrudd (kode «regelbrudd»), eller "
                                 "Idempotency-Key brukt med annet innhold"),
        },
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self._meld_opp(request, tjeneste.meld_opp)

    def _meld_opp(self, request: Request, meld_opp) -> Response:
        bruker = self.klientbruker
        orgnr = _orgnr(bruker)

        def utfor() -> tuple[int, Any]:
            if not isinstance(request.data, dict):
                raise Avvist([feil(None, "", "ikke_objekt", _("Forespørselen må være et JSON-objekt."))])
            feilliste = Feilliste()
            post = Post(request.data, None, feilliste)
            pk = _kontrakt_id(post)
            dato = post.dato("dato", paakrevd=False) if "dato" in request.data else None
            feilliste.avvis_hvis_feil()
            kontrakt = (
                selectors.kontrakter_for(bruker)
                .select_related(
                    "kontraktstype", "person", "programomrade", "bedrift", "medlemsbedrift", "fylke"
                )
                .filter(pk=pk)
                .first()
            )
            if kontrakt is None:
                raise exceptions.NotFound(_(IKKE_FUNNET))
            self.person_id, self.antall = kontrakt.person_id, 1
            try:
                p = meld_opp(
                    None, person=kontrakt.person, kandidattype=kontrakt.kontraktstype.kandidattype,
                    programomrade=kontrakt.programomrade, fylke=bruker.fylke, oppmeldt_av="bedrift",
                    kontrakt=kontrakt, oppmelder_bedrift=Bedrift.objects.get(orgnr=orgnr),
                    dato=dato or timezone.localdate(), aktor=bruker.klient.navn,
                )  # fmt: skip
            except ValidationError as e:
                raise _Regelbrudd(e) from None
            except PermissionDenied as e:
                raise exceptions.PermissionDenied(str(e)) from None
            return 201, som_svar(p)

        try:
            status, data, gjentatt = med_idempotens(request, bruker.klient, utfor)
        except _Regelbrudd as e:
            return Response(e.svar, status=422)
        svar_ = Response(data, status=status)
        if gjentatt:
            svar_["Idempotent-Replay"] = "true"
        if status == 201:
            svar_["Location"] = f"{STI}/{data['id']}"
        return svar_


class OppmeldingDetalj(ApiVisning):
    required_scopes = {"GET": [Scope.PROVER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="prover_oppmelding_hent",
        summary="Hent en oppmelding til prøve",
        description="Bare oppmeldinger klientens virksomhet har gjort, i klientens fylke; andre gir 404. "
        "Scope: prover:skriv (klient med organisasjonsnummer).",
        tags=["prøver"], parameters=[ID_PARAMETER], responses=svar(OppmeldingSerializer, detalj=True),
    )  # fmt: skip
    def get(self, request: Request, pk: str) -> Response:
        bruker = self.klientbruker
        orgnr = _orgnr(bruker)
        p = None
        if pk.isascii() and pk.isdigit() and int(pk) <= MAKS_ID:
            p = (
                Prove.objects.select_related("programomrade")
                .filter(pk=int(pk), fylke_id=bruker.fylke_id, oppmelder_bedrift__orgnr=orgnr)
                .first()
            )
        if p is None:
            raise exceptions.NotFound(_(IKKE_FUNNET))
        self.person_id, self.antall = p.person_id, 1
        return Response(som_svar(p))
