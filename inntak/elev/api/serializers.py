"""Serializers of the student register's API that describe it in the OpenAPI schema (see
``vigo.api.serializers``: why only for documentation, and the shared error, result and page serializers)."""

from __future__ import annotations

from rest_framework import serializers

from vigo.api.serializers import UpsertSvarSerializer, fnr_felt, tekst_felt
from vigo.models.personer import Malform


class IkkeEndretSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    kode = serializers.CharField()
    melding = serializers.CharField()


class ElevUpsertSvarSerializer(UpsertSvarSerializer):
    ikke_endret = IkkeEndretSerializer(
        many=True, help_text="Eksisterende personer utenfor klientens tilgang."
    )


class ElevInnSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    fornavn = tekst_felt()
    mellomnavn = serializers.CharField(max_length=100, required=False, allow_blank=True)
    etternavn = tekst_felt()
    adresse = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postnummer = serializers.RegexField(r"^[0-9]{4}$", required=False, allow_blank=True)
    poststed = serializers.CharField(max_length=100, required=False, allow_blank=True)
    epost = serializers.EmailField(
        max_length=254, required=False, allow_blank=True,
        help_text="Sjekkes som Djangos EmailValidator: ASCII før @, domenet kan være IDN.",
    )  # fmt: skip
    mobil = serializers.CharField(max_length=20, required=False, allow_blank=True)
    malform = serializers.ChoiceField(choices=Malform.choices, required=False)


class ElevSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fodselsnummer = serializers.CharField(help_text="11 siffer.")
    fornavn = serializers.CharField()
    mellomnavn = serializers.CharField(allow_blank=True)
    etternavn = serializers.CharField()
    fodselsdato = serializers.DateField()
    adresse = serializers.CharField(allow_blank=True)
    postnummer = serializers.CharField(allow_blank=True)
    poststed = serializers.CharField(allow_blank=True)
    epost = serializers.CharField(
        allow_blank=True, help_text="Som registrert; adresser fra før API-et kan ha tegn utenfor ASCII."
    )
    mobil = serializers.CharField(allow_blank=True)
    malform = serializers.ChoiceField(choices=Malform.choices)
    endret = serializers.DateTimeField()


class ElevforholdInnSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = tekst_felt(9, help_text="F.eks. «2025-2026».")
    programomrade = tekst_felt(10, help_text="Programområdekode, f.eks. «STUSP1----».")
    startdato = serializers.DateField()
    avbruddsdato = serializers.DateField(required=False, allow_null=True)
    avbruddsarsak = serializers.CharField(max_length=100, required=False, allow_blank=True)
    elevstatus = serializers.CharField(
        max_length=20, required=False, allow_null=True, allow_blank=True, help_text="Regbok B08."
    )


class ElevforholdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fodselsnummer = serializers.CharField()
    skolenummer = serializers.CharField()
    skolear = serializers.CharField()
    programomrade = serializers.CharField()
    startdato = serializers.DateField()
    avbruddsdato = serializers.DateField(allow_null=True)
    avbruddsarsak = serializers.CharField(allow_blank=True)
    elevstatus = serializers.CharField(allow_null=True)
    endret = serializers.DateTimeField()


class SlutterSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = tekst_felt(9)
    programomrade = tekst_felt(10)
    avbruddsdato = serializers.DateField()
    avbruddsarsak = tekst_felt()
