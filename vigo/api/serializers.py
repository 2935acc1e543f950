"""Serializers that describe the API in the OpenAPI schema (drf-spectacular).

Why only for documentation: bulk requests of 10 000 records are validated record by record in
``vigo.api.validering`` (set-wise lookups, error list with index/felt/kode/melding) and reads return plain dicts
from ``vigo.api.selectors``; DRF serializers would be an order of magnitude slower at that size.

The request serializers state what the server enforces (a required text must hold a non-blank character, the
fødselsnummer has 11 digits and valid check digits, and so on), so a client can check its data against the
schema; the response serializers state what stored data can hold, which is looser (e-mail addresses registered
before the API, blank optional fields).
"""

from __future__ import annotations

from functools import cache

from rest_framework import serializers

from inntak.regler.karakterer import FAGTYPER, GYLDIGE_KARAKTERER, VURDERINGER
from vigo.api.validering import MAKS_POSTER
from vigo.models import Vgsvurdering
from vigo.models.personer import Malform

SVARKODER = ["", "ja", "ja_venteliste", "venteliste", "nei", "frist_oversittet"]  # inntak.SvarType
FNR_BESKRIVELSE = (
    "Fødselsnummer eller D-nummer: 11 siffer, der de to siste er kontrollsiffer (modulus 11) og de seks første "
    "en gyldig dato (D-nummer: dag + 40). Feil kontrollsiffer eller umulig dato gir 400 med kode "
    "«ugyldig_fodselsnummer»."
)
IKKE_BLANK = r"\S"  # at least one character that is not white space (the server strips and refuses blank)


def _fnr() -> serializers.RegexField:
    return serializers.RegexField(r"^[0-9]{11}$", max_length=11, min_length=11, help_text=FNR_BESKRIVELSE)


def _tekst(maks: int = 100, **kw) -> serializers.RegexField:
    """A required text: non-blank, at most ``maks`` characters."""
    return serializers.RegexField(IKKE_BLANK, max_length=maks, min_length=1, **kw)


# --- Errors and write results -------------------------------------------------------------------------------
class ApiFeilSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Postens plass i listen (0-basert).")
    felt = serializers.CharField(help_text="Feltet, f.eks. «fodselsnummer» eller «karakterer[2].karakter».")
    kode = serializers.CharField(help_text="Maskinlesbar feilkode, f.eks. «ukjent_kode», «duplikat».")
    melding = serializers.CharField(help_text="Norsk feilmelding.")


class ApiFeilsvarSerializer(serializers.Serializer):
    detail = serializers.CharField()
    antall_feil = serializers.IntegerField(
        required=False, help_text="Alle feilene, også de som ikke er listet."
    )
    avkortet = serializers.BooleanField(
        required=False, help_text="Sann når «feil» bare viser de første 1000 av «antall_feil»."
    )
    feil = ApiFeilSerializer(many=True, required=False)


class DetaljSerializer(serializers.Serializer):
    detail = serializers.CharField()


class UpsertSvarSerializer(serializers.Serializer):
    antall = serializers.IntegerField()
    opprettet = serializers.IntegerField()
    oppdatert = serializers.IntegerField()
    uendret = serializers.IntegerField(help_text="Poster som var identiske med det som var lagret.")


class IkkeEndretSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    kode = serializers.CharField()
    melding = serializers.CharField()


class ElevUpsertSvarSerializer(UpsertSvarSerializer):
    ikke_endret = IkkeEndretSerializer(
        many=True, help_text="Eksisterende personer utenfor klientens tilgang."
    )


class GrunnskoleSvarSerializer(serializers.Serializer):
    antall_personer = serializers.IntegerField()
    antall_karakterer = serializers.IntegerField()
    nye_personer = serializers.IntegerField()
    ukjent_navn = serializers.IntegerField(help_text="Nye personer Folkeregisteret ikke kjente («Ukjent»).")


@cache
def side_av(serializer: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """``{"neste": url|null, "resultater": [...]}`` for a list serializer."""
    return type(
        f"{serializer.__name__.removesuffix('Serializer')}SideSerializer",
        (serializers.Serializer,),
        {
            "neste": serializers.URLField(allow_null=True, help_text="Neste side, eller null på siste side."),
            "resultater": serializer(many=True),
        },
    )


def liste_av(serializer: type[serializers.Serializer]) -> serializers.ListSerializer:
    return serializers.ListSerializer(child=serializer(), max_length=MAKS_POSTER)


# --- SAS resources ---------------------------------------------------------------------------------------------
class ElevInnSerializer(serializers.Serializer):
    fodselsnummer = _fnr()
    fornavn = _tekst()
    mellomnavn = serializers.CharField(max_length=100, required=False, allow_blank=True)
    etternavn = _tekst()
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
    fodselsnummer = _fnr()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = _tekst(9, help_text="F.eks. «2025-2026».")
    programomrade = _tekst(10, help_text="Programområdekode, f.eks. «STUSP1----».")
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
    fodselsnummer = _fnr()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = _tekst(9)
    programomrade = _tekst(10)
    avbruddsdato = serializers.DateField()
    avbruddsarsak = _tekst()


class ElevfagInnSerializer(serializers.Serializer):
    fodselsnummer = _fnr()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = _tekst(9)
    fag = _tekst(10, help_text="Fagkode, f.eks. «NOR1211».")
    fagstatus = _tekst(20, help_text="F.eks. «E» (elev), «F» (fritatt).")


class ElevfagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fodselsnummer = serializers.CharField()
    skolenummer = serializers.CharField()
    skolear = serializers.CharField()
    fag = serializers.CharField()
    fagstatus = serializers.CharField()
    endret = serializers.DateTimeField()


class VgskarakterInnSerializer(serializers.Serializer):
    fodselsnummer = _fnr()
    skolenummer = serializers.RegexField(r"^[0-9]{5}$", max_length=5, min_length=5)
    skolear = _tekst(9)
    fag = _tekst(10)
    vurdering = serializers.ChoiceField(choices=Vgsvurdering.values)
    termin = serializers.ChoiceField(
        choices=[0, 1, 2],
        required=False,
        help_text="1 eller 2 for halvår (påkrevd der); ellers 0 eller utelatt.",
    )
    karakter = _tekst(4, help_text="1–6, IV, IM, F, D, B, IB, GK, …")
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
    fag = _tekst(30, help_text="Fagkode, f.eks. NOR0214.")
    vurdering = serializers.ChoiceField(choices=VURDERINGER)
    karakter = serializers.ChoiceField(choices=GYLDIGE_KARAKTERER)
    fagtype = serializers.ChoiceField(choices=FAGTYPER, required=False, allow_null=True)
    dokumentert_fravaer = serializers.BooleanField(required=False, default=False)


class GrunnskolevitnemalSerializer(serializers.Serializer):
    fodselsnummer = _fnr()
    karakterer = GrunnskolekarakterSerializer(many=True, allow_empty=False)


# --- Kodeverk and klasseordning ------------------------------------------------------------------------------
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
    inntakskrav = serializers.CharField()
    status = serializers.CharField()
