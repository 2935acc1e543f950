"""Søknader through the API, for the counties' own application front-ends (docs/inntak/api-soknader.md).

``POST /api/v1/soknader`` registers a søknad, ``GET /api/v1/soknader/<id>`` reads it, ``PUT
/api/v1/soknader/<id>/onsker`` replaces its ordered wish list. Scope ``soknader:skriv``; a county client only
(a school client gets 403), scoped to the client's county (another county's søknad: 404). The writes go through
``inntak.services.soknad_saksbehandler`` (the same rules and Norwegian messages as the caseworker pages and the
import), with a case-log row naming the client. Errors are the API's usual 400 body (``vigo.api.validering.Avvist``).

Idempotent: with ``Idempotency-Key`` a retry returns the first answer (``vigo.api.idempotens``). Without it, a
second POST for the same person, school year and county answers 200 with the stored søknad when it says the same
(classification and wishes), and 409 with the stored søknad's id when it differs (change it with PUT …/onsker).
A PUT with the wish list already stored answers 200 and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from inntak.models import Onske, Rettstatus, Sokergruppe, Soknad, Tilbud
from inntak.models.soknad import Niva
from inntak.services import soknad_saksbehandler as tjeneste
from inntak.services.soknad import PRIORITETSFLAGG
from kodeverk.models import Behandlingskategori, Skolear
from vigo.api.basis import ApiVisning
from vigo.api.idempotens import med_idempotens
from vigo.api.serializers import fnr_felt, tekst_felt
from vigo.api.skjema import IDEMPOTENS_PARAMETER, svar
from vigo.api.validering import Avvist, Feilliste, Post, feil, personoppslag
from vigo.models import Scope

MAKS_ONSKER = 50
FLAGG = ("deltid", *PRIORITETSFLAGG)


# --- Serializers (the OpenAPI schema) ------------------------------------------------------------------------------
ONSKE_BESKRIVELSE = (
    "Tilbudets id (fra /api/v1/tilbud) eller «skolenummer:programområdekode», f.eks. «50001:STUSP1----»."
)


class SoknadInnSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    skolear = tekst_felt(9, help_text="F.eks. 2026-2027.")
    niva = serializers.ChoiceField(choices=Niva.values)
    rettstatus = serializers.ChoiceField(choices=Rettstatus.values)
    sokergruppe = serializers.ChoiceField(choices=Sokergruppe.values, required=False, default="ordinaer")
    behandlingskategori = tekst_felt(
        10, required=False, help_text="Kode, f.eks. ORD (standard) eller FOR615."
    )
    deltid = serializers.BooleanField(required=False, default=False)
    saerlige_grunner = serializers.BooleanField(required=False, default=False)
    samisk = serializers.BooleanField(required=False, default=False)
    flytting_dokumentert = serializers.BooleanField(required=False, default=False)
    onsker = serializers.ListField(child=serializers.CharField(help_text=ONSKE_BESKRIVELSE), min_length=1,
                                   max_length=MAKS_ONSKER, help_text="Ønskene i prioritert rekkefølge. " + ONSKE_BESKRIVELSE)  # fmt: skip
    kilde = tekst_felt(
        1000, required=False, help_text="Skrives i saksbehandlingsloggen (standard: klientens navn)."
    )


class OnskerInnSerializer(serializers.Serializer):
    onsker = serializers.ListField(child=serializers.CharField(), min_length=1, max_length=MAKS_ONSKER,
                                   help_text="Hele ønskelisten i prioritert rekkefølge. " + ONSKE_BESKRIVELSE)  # fmt: skip
    kilde = tekst_felt(1000, required=False, help_text="Begrunnelse i saksbehandlingsloggen.")


class OnskeSerializer(serializers.Serializer):
    nr = serializers.IntegerField()
    tilbud = serializers.IntegerField()
    skolenummer = serializers.CharField()
    skolenavn = serializers.CharField()
    programomrade = serializers.CharField()
    programomradenavn = serializers.CharField()


class SoknadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fodselsnummer = serializers.CharField()
    skolear = serializers.CharField()
    fylke = serializers.CharField()
    niva = serializers.CharField()
    rettstatus = serializers.CharField()
    sokergruppe = serializers.CharField()
    behandlingskategori = serializers.CharField()
    deltid = serializers.BooleanField()
    saerlige_grunner = serializers.BooleanField()
    samisk = serializers.BooleanField()
    flytting_dokumentert = serializers.BooleanField()
    status = serializers.CharField()
    onsker = OnskeSerializer(many=True)
    registrert = serializers.DateTimeField()
    endret = serializers.DateTimeField()


class KonfliktSerializer(serializers.Serializer):
    detail = serializers.CharField()
    id = serializers.IntegerField(help_text="Den lagrede søknadens id.")


# --- Helpers -------------------------------------------------------------------------------------------------------
TID = serializers.DateTimeField()  # ISO 8601 as DRF writes it, also in the stored idempotent answer


def som_svar(soknad: Soknad) -> dict[str, Any]:
    onsker = (
        Onske.objects.filter(soknad=soknad)
        .select_related("tilbud__skole", "tilbud__programomrade")
        .order_by("nr")
    )
    return {
        "id": soknad.pk, "fodselsnummer": soknad.person.fodselsnummer, "skolear": soknad.skolear.kode,
        "fylke": soknad.fylke.nummer, "niva": soknad.niva, "rettstatus": soknad.rettstatus,
        "sokergruppe": soknad.sokergruppe, "behandlingskategori": soknad.behandlingskategori.kode,
        **{f: getattr(soknad, f) for f in FLAGG}, "status": soknad.status,
        "onsker": [{"nr": o.nr, "tilbud": o.tilbud_id, "skolenummer": o.tilbud.skole.skolenummer,
                    "skolenavn": o.tilbud.skole.navn, "programomrade": o.tilbud.programomrade.kode,
                    "programomradenavn": o.tilbud.programomrade.navn} for o in onsker],
        "registrert": TID.to_representation(soknad.registrert), "endret": TID.to_representation(soknad.endret),
    }  # fmt: skip


def _hent_soknad(bruker, pk: int) -> Soknad:
    soknad = (
        Soknad.objects.select_related("person", "skolear", "fylke", "behandlingskategori")
        .filter(pk=pk, fylke_id=bruker.fylke_id)
        .first()
    )
    if soknad is None:
        raise exceptions.NotFound(_("Søknaden finnes ikke, eller er utenfor klientens fylke."))
    return soknad


def _krev_fylkesklient(bruker) -> None:
    if bruker.skole_id is not None:
        raise exceptions.PermissionDenied(_("Søknader registreres av fylkesklienter, ikke skoleklienter."))


def _onsker(post: Post, skolear: Skolear | None) -> list[int] | None:
    verdier = post.rad.get("onsker")
    if not isinstance(verdier, list) or not verdier:
        post.feil("onsker", "mangler", _("«onsker» må være en liste med minst ett tilbud."))
        return None
    if len(verdier) > MAKS_ONSKER:
        post.feil("onsker", "for_mange", _("Høyst %(n)d ønsker.") % {"n": MAKS_ONSKER})
        return None
    ut: list[int] = []
    for i, v in enumerate(verdier):
        tekst = str(v).strip() if isinstance(v, int | str) and not isinstance(v, bool) else ""
        t = None
        if tekst.isdigit() and len(tekst) < 10:
            t = Tilbud.objects.filter(pk=int(tekst)).values_list("pk", flat=True).first()
        elif ":" in tekst and skolear is not None and "\x00" not in tekst:
            skole, po = tekst.split(":", 1)
            t = (
                Tilbud.objects.filter(skole__skolenummer=skole, programomrade__kode=po, skolear=skolear)
                .values_list("pk", flat=True)
                .first()
            )
        if t is None:
            post.feil(f"onsker[{i}]", "ukjent_tilbud", _("Ukjent tilbud «%(v)s». %(hjelp)s")
                      % {"v": tekst[:40], "hjelp": _("Bruk tilbudets id eller skolenummer:programområdekode.")})  # fmt: skip
        else:
            ut.append(t)
    return ut


def _flagg(post: Post, navn: str) -> bool:
    verdi = post.rad.get(navn, False)
    if not isinstance(verdi, bool):
        post.feil(navn, "ugyldig_type", _("Feltet «%(felt)s» må være true eller false.") % {"felt": navn})
        return False
    return verdi


def _regelbrudd(e: ValidationError, felt: str = "") -> Avvist:
    return Avvist([feil(None, felt, "regelbrudd", m) for m in e.messages],
                  detail=_("Søknaden ble ikke lagret: %(n)d feil.") % {"n": len(e.messages)})  # fmt: skip


def _kilde(post: Post, bruker, standard: str) -> str:
    return post.tekst("kilde", paakrevd=False, maks=1000) or standard % {"navn": bruker.klient.navn}


# --- Views ---------------------------------------------------------------------------------------------------------
class Soknadliste(ApiVisning):
    required_scopes = {"POST": [Scope.SOKNADER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="soknad_registrer",
        summary="Registrer en søknad med ønsker",
        description="Søknaden registreres i klientens fylke for en person i fylkets personregister, med de samme "
        "reglene som saksbehandlerne (ønskestruktur, tre utdanningsprogram på Vg1, åpne tilbud …). Brutte regler "
        "gir 400 med kode «regelbrudd» og norsk melding. Idempotent: med Idempotency-Key gir en gjentakelse det "
        "første svaret; uten gir en ny POST for samme person, skoleår og fylke 200 med den lagrede søknaden når "
        "innholdet er det samme, og 409 med søknadens id når det er forskjellig. Scope: soknader:skriv "
        "(fylkesklient).",
        tags=["soknader"], parameters=[IDEMPOTENS_PARAMETER], request=SoknadInnSerializer,
        responses=svar(SoknadSerializer, status=201, skriv=True, ekstra={
            200: OpenApiResponse(SoknadSerializer, description="Samme søknad var allerede registrert"),
            409: OpenApiResponse(KonfliktSerializer, description="Personen har allerede en annen søknad i fylket "
                                 "for skoleåret"),
        }),
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        return self._registrer(request, tjeneste.registrer_for_soker)

    def _registrer(self, request: Request, registrer_for_soker) -> Response:
        bruker = self.klientbruker
        _krev_fylkesklient(bruker)

        def utfor() -> tuple[int, Any]:
            if not isinstance(request.data, dict):
                raise Avvist([feil(None, "", "ikke_objekt", _("Forespørselen må være et JSON-objekt."))])
            feilliste = Feilliste()
            post = Post(request.data, None, feilliste)
            fnr = post.fodselsnummer()
            person_id = personoppslag(bruker, [fnr]).get(fnr) if fnr else None
            if fnr and person_id is None:
                post.feil(
                    "fodselsnummer", "ukjent_person", _("Personen finnes ikke i fylkets personregister.")
                )
            skolear = Skolear.objects.filter(kode=post.tekst("skolear", maks=9) or "").first()
            if skolear is None and "skolear" in request.data:
                post.feil(
                    "skolear",
                    "ukjent_kode",
                    _("Ukjent skoleår «%(v)s».") % {"v": str(request.data["skolear"])[:9]},
                )
            niva = post.valg("niva", Niva.values)
            rettstatus = post.valg("rettstatus", Rettstatus.values)
            sokergruppe = post.valg("sokergruppe", Sokergruppe.values, paakrevd=False) or Sokergruppe.ORDINAER
            kode = post.tekst("behandlingskategori", paakrevd=False, maks=10) or "ORD"
            kategori = Behandlingskategori.objects.filter(kode=kode).first()
            if kategori is None:
                post.feil(
                    "behandlingskategori",
                    "ukjent_kode",
                    _("Ukjent behandlingskategori «%(k)s».") % {"k": kode},
                )
            flagg = {n: _flagg(post, n) for n in FLAGG}
            onsker = _onsker(post, skolear)
            kilde = _kilde(post, bruker, _("Søknad fra fylkets søknadsløsning (%(navn)s)"))
            feilliste.avvis_hvis_feil()
            self.person_id, self.antall = person_id, 1
            finnes = Soknad.objects.filter(
                person_id=person_id, skolear=skolear, fylke_id=bruker.fylke_id
            ).first()
            if finnes is not None:
                data = som_svar(finnes)
                lik = (
                    [o["tilbud"] for o in data["onsker"]] == onsker
                    and (data["niva"], data["rettstatus"], data["sokergruppe"], data["behandlingskategori"])
                    == (niva, rettstatus, sokergruppe, kategori.kode)
                    and all(data[n] == v for n, v in flagg.items())
                )
                if lik:
                    return 200, data
                return 409, {"detail": _("Personen har allerede en søknad i fylket for %(ar)s (id %(id)d). Endre "
                                         "den i stedet.") % {"ar": skolear.kode, "id": finnes.pk}, "id": finnes.pk}  # fmt: skip
            try:
                soknad = registrer_for_soker(
                    bruker=bruker, begrunnelse=kilde, person=_person(person_id), skolear=skolear,
                    fylke=bruker.fylke, niva=niva, rettstatus=rettstatus, onsker=onsker, behandlingskategori=kategori,
                    sokergruppe=sokergruppe, handling="api", **flagg,
                )  # fmt: skip
            except ValidationError as e:
                raise _regelbrudd(e) from None
            except PermissionDenied as e:
                raise exceptions.PermissionDenied(str(e)) from None
            return 201, som_svar(soknad)

        status, data, gjentatt = med_idempotens(request, bruker.klient, utfor)
        svar_ = Response(data, status=status)
        if gjentatt:
            svar_["Idempotent-Replay"] = "true"
        if status in (200, 201, 409):
            svar_["Location"] = f"/api/v1/soknader/{data['id']}"
        return svar_


def _person(person_id: int):
    from vigo.models import Person

    return Person.objects.select_related("fylke").get(pk=person_id)


class SoknadDetalj(ApiVisning):
    required_scopes = {"GET": [Scope.SOKNADER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="soknad_hent",
        summary="Hent en søknad med ønsker",
        description="Bare søknader i klientens fylke; andre gir 404. Scope: soknader:skriv (fylkesklient).",
        tags=["soknader"], responses=svar(SoknadSerializer, detalj=True),
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        _krev_fylkesklient(self.klientbruker)
        soknad = _hent_soknad(self.klientbruker, pk)
        self.person_id, self.antall = soknad.person_id, 1
        return Response(som_svar(soknad))


class SoknadOnsker(ApiVisning):
    required_scopes = {"PUT": [Scope.SOKNADER_SKRIV]}
    personopplysninger = True

    @extend_schema(
        operation_id="soknad_erstatt_onsker",
        summary="Erstatt søknadens ønsker",
        description="Hele ønskelisten i prioritert rekkefølge erstatter den lagrede, med de samme reglene som ved "
        "registrering. Etter søkerens søknadsfrist, eller når ønskene er låst av en publisert inntaksrunde, kan "
        "bare en saksbehandler endre søknaden (400, kode «regelbrudd»). Samme liste som den lagrede gir 200 uten "
        "endring. Bare søknader i klientens fylke; andre gir 404. Scope: soknader:skriv (fylkesklient).",
        tags=["soknader"], parameters=[IDEMPOTENS_PARAMETER], request=OnskerInnSerializer,
        responses=svar(SoknadSerializer, skriv=True, detalj=True),
    )  # fmt: skip
    def put(self, request: Request, pk: int) -> Response:
        return self._erstatt(request, pk, tjeneste.endre_for_soker)

    def _erstatt(self, request: Request, pk: int, endre_for_soker) -> Response:
        bruker = self.klientbruker
        _krev_fylkesklient(bruker)
        soknad = _hent_soknad(bruker, pk)
        self.person_id = soknad.person_id

        def utfor() -> tuple[int, Any]:
            if not isinstance(request.data, dict):
                raise Avvist([feil(None, "", "ikke_objekt", _("Forespørselen må være et JSON-objekt."))])
            feilliste = Feilliste()
            post = Post(request.data, None, feilliste)
            onsker = _onsker(post, soknad.skolear)
            kilde = _kilde(post, bruker, _("Endret i fylkets søknadsløsning (%(navn)s)"))
            feilliste.avvis_hvis_feil()
            self.antall = 1
            try:
                endre_for_soker(soknad, bruker=bruker, begrunnelse=kilde, onsker=onsker)
            except tjeneste.IngenEndring:
                pass
            except ValidationError as e:
                raise _regelbrudd(e, "onsker") from None
            except PermissionDenied as e:
                raise exceptions.PermissionDenied(str(e)) from None
            soknad.refresh_from_db()
            return 200, som_svar(soknad)

        status, data, gjentatt = med_idempotens(request, bruker.klient, utfor)
        svar_ = Response(data, status=status)
        if gjentatt:
            svar_["Idempotent-Replay"] = "true"
        return svar_
