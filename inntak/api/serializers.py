"""Serializers of the intake API that describe it in the OpenAPI schema (see ``vigo.api.serializers``)."""

from __future__ import annotations

from rest_framework import serializers

from inntak.elev.models import Vgsvurdering
from inntak.models import SvarType
from inntak.regler.karakterer import FAGTYPER, GYLDIGE_KARAKTERER, VURDERINGER
from vigo.api.serializers import fnr_felt, tekst_felt

SVARKODER = list(SvarType.values)  # one home: inntak.SvarType ("" = not answered)


# --- SAS: elevfag and vgs grades ------------------------------------------------------------------------------
class ElevfagInnSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = tekst_felt(9)
    fag = tekst_felt(10, help_text="Fagkode, f.eks. «NOR1211».")
    fagstatus = tekst_felt(20, help_text="F.eks. «E» (elev), «F» (fritatt).")


class ElevfagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fodselsnummer = serializers.CharField()
    skolenummer = serializers.CharField()
    skolear = serializers.CharField()
    fag = serializers.CharField()
    fagstatus = serializers.CharField()
    endret = serializers.DateTimeField()


class VgskarakterInnSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = tekst_felt(9)
    fag = tekst_felt(10)
    vurdering = serializers.ChoiceField(choices=Vgsvurdering.values)
    termin = serializers.ChoiceField(
        choices=[0, 1, 2],
        required=False,
        help_text="1 eller 2 for halvår (påkrevd der); ellers 0 eller utelatt.",
    )
    karakter = tekst_felt(4, help_text="1–6, IV, IM, F, D, B, IB, GK, …")
    vurderingsdato = serializers.DateField(required=False, allow_null=True)


class VgskarakterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fodselsnummer = serializers.CharField()
    skolenummer = serializers.CharField()
    skolear = serializers.CharField()
    fag = serializers.CharField()
    vurdering = serializers.ChoiceField(choices=Vgsvurdering.values)
    termin = serializers.ChoiceField(choices=[0, 1, 2])
    karakter = serializers.CharField()
    vurderingsdato = serializers.DateField(allow_null=True)
    endret = serializers.DateTimeField()


# --- Grunnskole grades -------------------------------------------------------------------------------------------
class GrunnskolekarakterSerializer(serializers.Serializer):
    fag = tekst_felt(30, help_text="Fagkode, f.eks. NOR0214.")
    vurdering = serializers.ChoiceField(choices=VURDERINGER)
    karakter = serializers.ChoiceField(choices=GYLDIGE_KARAKTERER)
    fagtype = serializers.ChoiceField(choices=FAGTYPER, required=False, allow_null=True)
    dokumentert_fravaer = serializers.BooleanField(required=False, default=False)


class GrunnskolevitnemalSerializer(serializers.Serializer):
    fodselsnummer = fnr_felt()
    karakterer = GrunnskolekarakterSerializer(many=True, allow_empty=False)


class GrunnskoleSvarSerializer(serializers.Serializer):
    antall_personer = serializers.IntegerField()
    antall_karakterer = serializers.IntegerField()
    nye_personer = serializers.IntegerField()
    ukjent_navn = serializers.IntegerField(help_text="Nye personer Folkeregisteret ikke kjente («Ukjent»).")


# --- Klasseordning and intake results -------------------------------------------------------------------------
class InntaksresultatSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Tildelingens id (stabil innen runden).")
    skolear = serializers.CharField()
    niva = serializers.CharField()
    runde = serializers.IntegerField(help_text="1 = hovedinntak, 2 = suppleringsinntak …")
    publisert = serializers.DateTimeField(allow_null=True)
    svarfrist = serializers.DateField(allow_null=True)
    tilbud = serializers.IntegerField()
    skolenummer = serializers.CharField()
    programomrade = serializers.CharField()
    fodselsnummer = serializers.CharField()
    fornavn = serializers.CharField()
    etternavn = serializers.CharField()
    onske_nr = serializers.IntegerField(help_text="Søkerens ønskenummer; 0 = fast plass utenfor ønskene.")
    fast_plass = serializers.BooleanField()
    beholdt = serializers.BooleanField(help_text="Plassen er beholdt fra en tidligere runde.")
    tildelt_i_runde = serializers.IntegerField()
    svar = serializers.ChoiceField(choices=SVARKODER, help_text="Søkerens svar; tom = ikke besvart.")
    besvart = serializers.DateTimeField(allow_null=True)


class TilbudApiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    skolenummer = serializers.CharField()
    skolenavn = serializers.CharField()
    programomrade = serializers.CharField()
    programomradenavn = serializers.CharField()
    skolear = serializers.CharField()
    plasser = serializers.IntegerField()
    antall_klasser = serializers.IntegerField()
    landslinje = serializers.BooleanField()
    statlig = serializers.BooleanField(
        help_text="Statlig skole: bostedsfylket har ingenting å si for rekkefølgen (opplæringsforskrifta § 4-15)."
    )
    inntakskrav = serializers.CharField()
    status = serializers.CharField()
