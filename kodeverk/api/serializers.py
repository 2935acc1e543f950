"""Serializers of the kodeverk API that describe it in the OpenAPI schema (see ``vigo.api.serializers``)."""

from __future__ import annotations

from rest_framework import serializers


class ProgramomradeApiSerializer(serializers.Serializer):
    kode = serializers.CharField()
    navn = serializers.CharField()
    navn_nn = serializers.CharField()
    niva = serializers.CharField()
    utdanningsprogram = serializers.CharField(allow_null=True)
    gyldig_fra = serializers.DateField(allow_null=True)
    gyldig_til = serializers.DateField(allow_null=True)
    poengberegnes = serializers.BooleanField()
    landslinje = serializers.BooleanField()


class FagApiSerializer(serializers.Serializer):
    kode = serializers.CharField()
    navn = serializers.CharField()
    navn_nn = serializers.CharField()
    fagtype = serializers.CharField(allow_null=True)
    grunnskole = serializers.BooleanField()
    aktiv = serializers.BooleanField()


class SkoleApiSerializer(serializers.Serializer):
    skolenummer = serializers.CharField()
    organisasjonsnummer = serializers.CharField()
    navn = serializers.CharField()
    fylkesnummer = serializers.CharField()
    kommunenummer = serializers.CharField(allow_null=True)
    skoleeiertype = serializers.IntegerField()
    privat = serializers.BooleanField()
    aktiv = serializers.BooleanField()


class KarakterverdiApiSerializer(serializers.Serializer):
    kode = serializers.CharField()
    navn = serializers.CharField()
    tallverdi = serializers.CharField(allow_null=True, help_text="Desimaltall som tekst, f.eks. «4.0».")
    skala = serializers.CharField()


class KodeApiSerializer(serializers.Serializer):
    kode = serializers.CharField()
    navn = serializers.CharField()
    aktiv = serializers.BooleanField()


class SkolearApiSerializer(serializers.Serializer):
    kode = serializers.CharField()
    startdato = serializers.DateField()
    sluttdato = serializers.DateField()
    aktiv = serializers.BooleanField()
