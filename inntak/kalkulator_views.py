"""Offentlig poengkalkulator: siden /poengkalkulator/ og POST /api/v1/poengkalkulator (uten innlogging).

Hvorfor så tynt lag: reglene ligger i ``inntak.regler`` (uten Django) og skal gi samme svar her, i CLI-en og i
saksbehandlingen. Her er bare HTTP: skjema/JSON inn, Fag-registeret som fagtypeoppslag, og svaret ut.
Serializerne under brukes bare til API-dokumentasjonen (drf-spectacular); valideringen med norske
feilmeldinger per felt gjør ``valider_foresporsel``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from inntak.kalkulator_skjema import (
    AVRUNDING_ENKEL,
    MAKS_RADER,
    NIVAVALG,
    VURDERINGSNAVN,
    Rad,
    Skjema,
    avrundingsvalg,
    bruk_gjeldende_regler,
    fagtypevalg,
    fagvalg,
    forhandsutfylt,
    gjeldende_regelsett,
    kan_velge_regler,
    karaktervalg,
    lag_fagtype_oppslag,
    les_skjema,
    regelsettvalg,
    vurderingsvalg,
)
from inntak.regler import (
    GYLDIGE_KARAKTERER,
    INNEBYGDE_GRUNNSKOLEFAG,
    STANDARD_REGELSETT_ID,
    UgyldigForesporsel,
    alle_regelsett,
    beregn_fra_json,
    hent_regelsett,
)
from inntak.regler.karakterer import FAGTYPER, NIVAER, TRINN, VURDERINGER
from inntak.regler.poeng import VALGFAG_KODE
from inntak.regler.regelsett import AVRUNDINGER
from vigo.api.parsere import JsonParser
from vigo.throttling import RobustThrottleMixin


# --- Siden -----------------------------------------------------------------------------------------------------
def _fagnavn() -> dict[str, str]:
    navn = {kode: kjent.navn for kode, kjent in INNEBYGDE_GRUNNSKOLEFAG.items()}
    navn.update(dict(fagvalg()))
    navn[VALGFAG_KODE] = _("Valgfag (gjennomsnitt)")
    return navn


def _komma(verdi: str | None) -> str | None:
    """«45.60» → «45,60» til visning; API-et beholder punktum."""
    return None if verdi is None else verdi.replace(".", ",")


def _med_navn(rader: list[dict[str, Any]], navn: dict[str, str]) -> list[dict[str, Any]]:
    """Legg fagnavn, lesbar vurdering og tall med komma på radene i svaret (bare for visning)."""
    vist = []
    for r in rader:
        rad = {
            **r,
            "fagnavn": navn.get(r["fag"], ""),
            "vurderingsnavn": VURDERINGSNAVN.get(r["vurdering"], ""),
        }
        if "verdi" in r:
            rad["verdi_vist"] = _komma(r["verdi"])
            rad["karakter_vist"] = _komma(r["karakter"]) if r["fag"] == VALGFAG_KODE else r["karakter"]
            rad["deler"] = _med_navn(r["deler"], navn)
        vist.append(rad)
    return vist


def beregn_skjema(skjema: Skjema) -> dict[str, Any] | None:
    """Beregn som API-et (samme JSON inn, samme funksjon); ved feil legges de på skjemaet og svaret er ``None``."""
    try:
        svar = beregn_fra_json(skjema.til_json(), fagtype_oppslag=lag_fagtype_oppslag())
    except UgyldigForesporsel as feil:
        skjema.legg_til_feil(feil.feil)
        return None
    navn = _fagnavn()
    regelsett = hent_regelsett(svar["regelsett"])
    return {
        **svar,
        "telte": _med_navn(svar["telte"], navn),
        "utelatt": _med_navn(svar["utelatt"], navn),
        "poeng_vist": _komma(svar["poeng"]),
        "gjennomsnitt_vist": _komma(svar["gjennomsnitt"]),
        "sum_vist": _komma(svar["sum"]),
        "regelsett_beskrivelse": regelsett.beskrivelse,
        "avrunding_beskrivelse": regelsett.med_avrunding(svar["avrunding"]).avrunding_beskrivelse,
        "avrunding_enkel": AVRUNDING_ENKEL[svar["avrunding"]],
        "skolear_vist": svar["regelsett"].replace("-", "–"),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def side(request: HttpRequest) -> HttpResponse:
    """Kalkulatoren. Vanlig POST gir hele siden (virker uten JavaScript); htmx-POST bare resultatdelen.

    «Legg til rad» er en vanlig innsendingsknapp, så den virker uten JavaScript; med JavaScript legger
    poengkalkulator.js til raden i nettleseren. Uten JavaScript fjernes en rad ved å tømme den.

    Offentlig (ikke innlogget, eller uten tilgang til søknader) regnes det alltid etter gjeldende regelsett med
    regelsettets egen avrunding; bare saksbehandlere kan velge regelsett og lesemåte.
    """
    resultat = None
    kan_velge = kan_velge_regler(getattr(request, "user", None))
    if request.method == "POST":
        skjema = les_skjema(request.POST)
        if not kan_velge:
            bruk_gjeldende_regler(skjema)
        if "legg_til" in request.POST and len(skjema.rader) < MAKS_RADER:
            skjema.rader.append(Rad(skjema.neste_indeks))
            skjema.nummerer()
        else:
            resultat = beregn_skjema(skjema)
    else:
        skjema = forhandsutfylt()
    kontekst = {
        "skjema": skjema,
        "resultat": resultat,
        "fagvalg": fagvalg(),
        "vurderingsvalg": vurderingsvalg(),
        "karaktervalg": karaktervalg(),
        "fagtypevalg": fagtypevalg(),
        "nivavalg": NIVAVALG,
        "regelsettvalg": regelsettvalg() if kan_velge else [],
        "avrundingsvalg": avrundingsvalg() if kan_velge else [],
        "kan_velge_regler": kan_velge,
        # «2027–2028» as text: the id, never the start year as a number (it would be localised to «2 027»).
        "gjeldende_skolear": gjeldende_regelsett().id.replace("-", "–"),
        "malrad": Rad(-1),
    }
    if getattr(request, "htmx", False):
        return render(request, "inntak/_kalkulator_resultat.html", kontekst)
    return render(request, "inntak/poengkalkulator.html", kontekst)


# --- API -------------------------------------------------------------------------------------------------------
class PoengkalkulatorThrottle(RobustThrottleMixin, AnonRateThrottle):
    """30/min per IP-adresse (``DEFAULT_THROTTLE_RATES["poengkalkulator"]``); cachen er Redis. Svarer ikke Redis,
    teller prosessen selv (``RobustThrottleMixin``), så kalkulatoren virker uten Redis og er fortsatt begrenset.

    Satsen leses ved hvert kall (ikke ved import som i DRF), slik at den kan overstyres i innstillingene.
    """

    scope = "poengkalkulator"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ForMangeForesporsler(exceptions.Throttled):
    """429 med norsk tekst og ventetid (``Retry-After`` settes av DRF)."""

    default_detail = gettext_lazy("For mange forespørsler.")
    extra_detail_singular = gettext_lazy("Prøv igjen om {wait} sekund.")
    extra_detail_plural = gettext_lazy("Prøv igjen om {wait} sekunder.")


class KarakterradSerializer(serializers.Serializer):
    fag = serializers.CharField(max_length=30, help_text="Fagkode, f.eks. NOR0214.")
    vurdering = serializers.ChoiceField(choices=VURDERINGER)
    karakter = serializers.ChoiceField(choices=GYLDIGE_KARAKTERER, help_text="1–6, IV, IM, F, D, B, …")
    fagtype = serializers.ChoiceField(
        choices=FAGTYPER,
        required=False,
        allow_null=True,
        help_text="Utelatt: hentes fra Fag-registeret når fagkoden er kjent.",
    )
    dokumentert_fravaer = serializers.BooleanField(required=False, default=False)
    trinn = serializers.ChoiceField(choices=TRINN, required=False, allow_null=True)
    privatist = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Resultat fra privatisteksamen (bare Vg2/Vg3-inntak). Samme fag, vurdering og trinn kan da "
        "stå både som skole- og privatistresultat; det beste teller (opplæringsforskrifta § 4-25 første ledd "
        "bokstav e, skoleår 2025-2026 og senere).",
    )
    program = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=30,
        help_text="Utdanningsprogram/programområde karakteren er fra, når søkeren har flere (bare Vg2/Vg3-inntak, "
        "§ 4-25 første ledd bokstav f, skoleår 2025-2026 og senere). Samme fag, vurdering og trinn i flere "
        "program: den beste karakteren teller (lesemåte «fag for fag»).",
    )


class ForesporselSerializer(serializers.Serializer):
    niva = serializers.ChoiceField(choices=NIVAER)
    regelsett = serializers.ChoiceField(
        choices=[r.id for r in alle_regelsett()],
        required=False,
        allow_null=True,
        help_text=f"Skoleår; standard {STANDARD_REGELSETT_ID}.",
    )
    avrunding = serializers.ChoiceField(
        choices=AVRUNDINGER,
        required=False,
        allow_null=True,
        help_text="Lesemåte A (standard) eller B. B bare for regelsett til og med 2024-2025; senere skoleår "
        "avviser B med 400 (opplæringsforskrifta § 4-19 første ledd bokstav a).",
    )
    karakterer = KarakterradSerializer(many=True)


class TeltSerializer(serializers.Serializer):
    fag = serializers.CharField()
    vurdering = serializers.CharField()
    karakter = serializers.CharField()
    trinn = serializers.CharField(allow_null=True)
    privatist = serializers.BooleanField()
    program = serializers.CharField(allow_null=True)
    verdi = serializers.CharField(help_text="To desimaler, f.eks. «4.50».")
    merknad = serializers.CharField()
    deler = serializers.ListField(child=serializers.DictField(), help_text="Valgfagene bak valgfagposten.")


class UtelattSerializer(serializers.Serializer):
    fag = serializers.CharField()
    vurdering = serializers.CharField()
    karakter = serializers.CharField()
    trinn = serializers.CharField(allow_null=True)
    privatist = serializers.BooleanField()
    program = serializers.CharField(allow_null=True)
    grunn = serializers.CharField()
    hjemmel = serializers.CharField()


class SvarSerializer(serializers.Serializer):
    poeng = serializers.CharField(
        allow_null=True, help_text="F.eks. «45.60»; null ved individuell behandling."
    )
    gjennomsnitt = serializers.CharField(allow_null=True)
    sum = serializers.CharField()
    antall_karakterer = serializers.IntegerField()
    antall_fag = serializers.IntegerField()
    antall_fag_med_karakter = serializers.IntegerField()
    telte = TeltSerializer(many=True)
    utelatt = UtelattSerializer(many=True)
    individuell_behandling = serializers.BooleanField()
    regelsett = serializers.CharField()
    avrunding = serializers.ChoiceField(choices=AVRUNDINGER)
    niva = serializers.ChoiceField(choices=NIVAER)
    forklaring = serializers.ListField(child=serializers.CharField())


_EKSEMPEL = {
    "niva": "VG1",
    "avrunding": "A",
    "karakterer": [
        {"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "4"},
        {"fag": "MAT0010", "vurdering": "standpunkt", "karakter": "5"},
        {"fag": "VAL0001", "vurdering": "standpunkt", "karakter": "5", "fagtype": "valgfag"},
        {"fag": "VAL0002", "vurdering": "standpunkt", "karakter": "4", "fagtype": "valgfag"},
        {"fag": "NOR0215", "vurdering": "standpunkt", "karakter": "F"},
        {"fag": "MAT0010", "vurdering": "eksamen_muntlig", "karakter": "IM", "dokumentert_fravaer": True},
    ],
}
_FEILSVAR = {
    "type": "object",
    "description": "Felt («niva», «karakterer[3].karakter», «non_field_errors») → norske feilmeldinger.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class PoengkalkulatorApi(APIView):
    """Offentlig: ingen innlogging, ingen CSRF (ingen økt brukes), begrenset per IP-adresse."""

    authentication_classes: list = []
    permission_classes: list = []
    # JSON only, with the depth limit and Norwegian parse errors of the API.
    parser_classes = [JsonParser]
    throttle_classes = [PoengkalkulatorThrottle]

    def throttled(self, request: Request, wait: float | None) -> None:
        raise ForMangeForesporsler(wait)

    @extend_schema(
        operation_id="poengkalkulator",
        summary="Beregn inntakspoeng",
        description=(
            "Regner ut poeng for inntak til Vg1/Vg2/Vg3 etter forskrift til opplæringslova § 6-21/§ 6-34 "
            "(til og med skoleåret 2024-2025) eller opplæringsforskrifta §§ 4-19, 4-20, 4-25 og 4-26 (fra "
            "2025-2026), med forklaring for hver karakter. Ingen innlogging; høyst 30 forespørsler i minuttet per "
            "IP-adresse. Desimaltall er tekst med to desimaler. Ugyldig forespørsel gir 400 med norske "
            "feilmeldinger per felt, f.eks. «karakterer[3].karakter»."
        ),
        tags=["poengkalkulator"],
        auth=[],
        request=ForesporselSerializer,
        responses={
            200: SvarSerializer,
            400: OpenApiResponse(_FEILSVAR, description="Feil per felt"),
            429: OpenApiResponse(description="For mange forespørsler"),
        },
        examples=[
            OpenApiExample(
                "Vg1 med valgfag, fritak og dokumentert fravær", value=_EKSEMPEL, request_only=True
            ),
            OpenApiExample(
                "Svar", value=beregn_fra_json(_EKSEMPEL), response_only=True, status_codes=["200"]
            ),
            OpenApiExample(
                "Ugyldig karakter",
                value={"karakterer[0].karakter": ["Ugyldig karakter «7». Gyldige verdier: 1, 2, 3, …"]},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            data = request.data
        except exceptions.ParseError as feil:
            return Response({"non_field_errors": [_("Ugyldig JSON: %(feil)s") % {"feil": feil.detail}]}, 400)
        try:
            svar = beregn_fra_json(data, fagtype_oppslag=lag_fagtype_oppslag())
        except UgyldigForesporsel as feil:
            return Response(feil.feil, status=400)
        return Response(svar)
