"""REST API of the core (persons) for logged-in users, scoped through vigo.scoping like every other path.

Writes go through ``vigo.services`` and its rule ``kan_endre_person``: a county that sees a person only because
it handles the person's application (a gjesteelev) may read the person, not change the record (403).

Creating a person whose fødselsnummer another county holds, outside the user's view, is answered exactly like
creating a new person (201, with an id from the same sequence), and nothing is stored: «finnes allerede» would
tell the user that the number exists in another county. A number the user can see answers 400 «finnes
allerede», which tells nothing new. The fødselsnummer cannot be changed afterwards (it is the identity; the
Folkeregister changes it), which also closes the same question asked through PATCH.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from vigo.api.feil import MetodeForstMixin
from vigo.api.serializers import FNR_BESKRIVELSE, DetaljSerializer
from vigo.fodselsnummer import feilmelding, fodselsdato_fra_nummer
from vigo.models import Person
from vigo.revisjon import logg_innsyn
from vigo.scoping import AvgrensetViewSetMixin, IFylkePermission, kan_se
from vigo.services import oppdater_person, opprett_person


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "fodselsnummer",
            "fornavn",
            "mellomnavn",
            "etternavn",
            "fodselsdato",
            "adresse",
            "postnummer",
            "poststed",
            "epost",
            "mobil",
            "malform",
            "fylke",
            "endret",
        ]
        read_only_fields = ["fodselsdato", "endret"]
        # Uniqueness is decided in PersonViewSet.perform_create, which must not reveal other counties' numbers.
        extra_kwargs = {"fodselsnummer": {"validators": [], "help_text": FNR_BESKRIVELSE}}

    def get_fields(self):
        felt = super().get_fields()
        if self.instance is not None:
            felt["fodselsnummer"].read_only = True
        return felt

    def validate_fodselsnummer(self, verdi: str) -> str:
        melding = feilmelding(verdi)
        if melding:
            raise serializers.ValidationError(melding)
        return verdi

    def validate_fylke(self, fylke):
        bruker = self.context["request"].user
        if not bruker.er_systemadministrator and fylke.pk != bruker.fylke_id:
            raise serializers.ValidationError("Du kan bare registrere personer i eget fylke.")
        return fylke


class DjangoModelPermissionsMedVisning(permissions.DjangoModelPermissions):
    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


def _som_ny(data: dict) -> Person:
    """The answer a new person would get, for a number held outside the user's view (nothing is saved)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Person._meta.db_table])
        (ny_id,) = cursor.fetchone()
    naa = timezone.now()
    person = Person(pk=ny_id, **data)
    person.fodselsdato = fodselsdato_fra_nummer(person.fodselsnummer)
    person.opprettet = person.endret = naa
    return person


_FEIL = {
    400: OpenApiResponse(
        description="Ugyldige felt: {felt: [norske meldinger]}, eller {detail} for ugyldig JSON"
    ),
    403: OpenApiResponse(
        DetaljSerializer,
        description="Ikke innlogget, mangler tillatelsen, eller personen forvaltes av et annet fylke (endring)",
    ),
}
_IKKE_FUNNET = {
    404: OpenApiResponse(DetaljSerializer, description="Finnes ikke, eller utenfor tilgangen din")
}


@extend_schema_view(
    list=extend_schema(
        description="Personene brukeren ser: eget fylke, og søkere til fylkets inntak (skolebruker: personer "
        "knyttet til skolen). Lesingen logges i innsynsloggen.",
        responses={200: PersonSerializer(many=True), 403: _FEIL[403]},
    ),
    retrieve=extend_schema(
        description="Én person; lesingen logges i innsynsloggen med personen.",
        responses={200: PersonSerializer, 403: _FEIL[403], **_IKKE_FUNNET},
    ),
    create=extend_schema(
        description="Ny person i eget fylke. Et fødselsnummer et annet fylke forvalter utenfor det brukeren ser, "
        "besvares nøyaktig som et nytt (201), men ingenting lagres; et nummer brukeren ser, gir 400 «finnes "
        "allerede».",
        responses={201: PersonSerializer, **_FEIL},
    ),
    partial_update=extend_schema(
        description="Bare fylket som forvalter personen kan endre den (ikke fylket som bare behandler en søknad "
        "fra personen); fødselsnummeret kan ikke endres.",
        responses={200: PersonSerializer, **_FEIL, **_IKKE_FUNNET},
    ),
)
class PersonViewSet(MetodeForstMixin, AvgrensetViewSetMixin, viewsets.ModelViewSet):
    """Persons of the caller's county (a school user: persons linked to the school)."""

    queryset = Person.objects.select_related("fylke").order_by("pk")
    serializer_class = PersonSerializer
    permission_classes = [permissions.IsAuthenticated, DjangoModelPermissionsMedVisning, IFylkePermission]
    filterset_fields = ["fylke", "postnummer"]
    ordering = "pk"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def retrieve(self, request, *args, **kwargs):
        resp = super().retrieve(request, *args, **kwargs)
        logg_innsyn("api", f"API: person {kwargs.get('pk')}", request=request, person=self.get_object())
        return resp

    def list(self, request, *args, **kwargs):
        resp = super().list(request, *args, **kwargs)
        n = len(resp.data.get("results", [])) if isinstance(resp.data, dict) else len(resp.data)
        logg_innsyn("api", "API: personliste", request=request, antall=n)
        return resp

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        bruker = self.request.user
        eksisterende = Person.objects.filter(fodselsnummer=data["fodselsnummer"]).first()
        if eksisterende is None:
            serializer.instance = opprett_person(bruker=bruker, **data)
        elif kan_se(bruker, eksisterende):
            raise serializers.ValidationError(
                {"fodselsnummer": [_("Personen finnes allerede i personregisteret.")]}
            )
        else:
            serializer.instance = _som_ny(data)

    def perform_update(self, serializer):
        serializer.instance = oppdater_person(serializer.instance, bruker=self.request.user,
                                              **serializer.validated_data)  # fmt: skip
