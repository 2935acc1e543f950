"""Serializers that describe fagopplæringens API in the OpenAPI schema (reads return plain dicts; see
``vigo.api.serializers`` for why)."""

from __future__ import annotations

from rest_framework import serializers

from fagopplaering.models import Avbrudd, Bedriftstype, Godkjenning, Kontrakt, Opplaeringsmodell

# The states the API serves (annulled contracts never are); named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] so
# the schema's enum has a stable name beside the approval's status.
KONTRAKTSTATUS = [c for c in Kontrakt.Status.choices if c[0] != "annullert"]


class AvbruddApiSerializer(serializers.Serializer):
    fra = serializers.DateField(help_text="Avbrudd fra (C07).")
    til = serializers.DateField(allow_null=True, help_text="Avbrudd til (C08); null mens avbruddet varer.")
    arsak = serializers.ChoiceField(choices=Avbrudd.Arsak.choices)


class FagligLederApiSerializer(serializers.Serializer):
    fornavn = serializers.CharField()
    etternavn = serializers.CharField()


class KontraktApiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fylke = serializers.CharField(help_text="Kontraktseier (C01), fylkesnummer.")
    fodselsnummer = serializers.CharField()
    fornavn = serializers.CharField()
    etternavn = serializers.CharField()
    kontraktstype = serializers.CharField(help_text="C13, f.eks. LK lærekontrakt, OK opplæringskontrakt.")
    kontraktstypenavn = serializers.CharField()
    programomrade = serializers.CharField(help_text="Lærefaget (programområdekode, 10 tegn).")
    programomradenavn = serializers.CharField()
    laerebedrift_orgnr = serializers.CharField(help_text="Lærebedrift eller opplæringskontor (C04).")
    laerebedrift_navn = serializers.CharField()
    medlemsbedrift_orgnr = serializers.CharField(allow_null=True)
    medlemsbedrift_navn = serializers.CharField(allow_null=True)
    opplaeringsmodell = serializers.ChoiceField(choices=Opplaeringsmodell.choices)
    laeretid_fra = serializers.DateField(help_text="Læretid fra (C05).")
    laeretid_til = serializers.DateField(help_text="Læretid til (C06), beregnet med avbrudd.")
    netto_laeretid_mnd = serializers.IntegerField(help_text="Netto læretid i måneder (C16).")
    godskriving_mnd = serializers.IntegerField()
    status = serializers.ChoiceField(choices=KONTRAKTSTATUS)
    godkjent_dato = serializers.DateField(allow_null=True, help_text="Fylkets godkjenning (C14).")
    avsluttet_dato = serializers.DateField(allow_null=True, help_text="Kontrakt avsluttet dato (C10).")
    avslutningskode = serializers.CharField(allow_null=True, help_text="Avslutningskode (C12).")
    hevet_av = serializers.CharField(allow_null=True, help_text="Hevet av (C11).")
    endret = serializers.DateTimeField()


class KontraktDetaljApiSerializer(KontraktApiSerializer):
    avbrudd = AvbruddApiSerializer(many=True)
    faglig_leder = FagligLederApiSerializer(allow_null=True)


class GodkjenningApiSerializer(serializers.Serializer):
    programomrade = serializers.CharField()
    programomradenavn = serializers.CharField()
    status = serializers.ChoiceField(choices=Godkjenning.Status.choices)
    godkjent_fra = serializers.DateField()
    godkjent_til = serializers.DateField(allow_null=True)
    begrenset = serializers.BooleanField()


class MedlemskapApiSerializer(serializers.Serializer):
    orgnr = serializers.CharField()
    navn = serializers.CharField()
    fra = serializers.DateField()
    til = serializers.DateField(allow_null=True)


class BedriftApiSerializer(serializers.Serializer):
    orgnr = serializers.CharField()
    navn = serializers.CharField()
    type = serializers.ChoiceField(choices=Bedriftstype.choices)
    organisasjonsform = serializers.CharField()
    adresse = serializers.CharField()
    postnummer = serializers.CharField()
    poststed = serializers.CharField()
    kommunenummer = serializers.CharField(allow_null=True)
    naeringskode = serializers.CharField()
    naeringsnavn = serializers.CharField()
    epost = serializers.CharField()
    telefon = serializers.CharField()
    slettet_i_er = serializers.DateField(allow_null=True)
    konkurs = serializers.BooleanField()
    godkjenninger = GodkjenningApiSerializer(many=True, help_text="Godkjenninger i klientens fylke.")
    medlemmer = MedlemskapApiSerializer(many=True, help_text="Medlemsbedrifter (for et opplæringskontor).")
    opplaeringskontor = MedlemskapApiSerializer(
        many=True, help_text="Opplæringskontor bedriften er medlem i."
    )
    lopende_kontrakter = serializers.IntegerField(help_text="Løpende kontrakter i dag som klienten ser.")
