"""REST API of the core (persons) for logged-in users, scoped through vigo.scoping like every other path."""

from __future__ import annotations

from rest_framework import permissions, serializers, viewsets

from vigo.fodselsnummer import feilmelding
from vigo.models import Person
from vigo.revisjon import logg_innsyn
from vigo.scoping import AvgrensetViewSetMixin, IFylkePermission


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


class PersonViewSet(AvgrensetViewSetMixin, viewsets.ModelViewSet):
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
