"""Serializers that describe the API in the OpenAPI schema (drf-spectacular).

Why only for documentation: bulk requests of 10 000 records are validated record by record in
``vigo.api.validering`` (set-wise lookups, error list with index/felt/kode/melding) and reads return plain dicts
(``vigo.api.selectors.Utvalg``); DRF serializers would be an order of magnitude slower at that size. This module
holds what every domain's API shares (errors, write results, pages, field helpers); the domains' serializers are
in their own ``<app>/api/serializers.py``.

The request serializers state what the server enforces (a required text must hold a non-blank character, the
fødselsnummer has 11 digits and valid check digits, and so on), so a client can check its data against the
schema; the response serializers state what stored data can hold, which is looser (e-mail addresses registered
before the API, blank optional fields).
"""

from __future__ import annotations

from functools import cache

from rest_framework import serializers

from vigo.api.validering import MAKS_POSTER

FNR_BESKRIVELSE = (
    "Fødselsnummer eller D-nummer: 11 siffer, der de to siste er kontrollsiffer (modulus 11) og de seks første "
    "en gyldig dato (D-nummer: dag + 40). Feil kontrollsiffer eller umulig dato gir 400 med kode "
    "«ugyldig_fodselsnummer»."
)
IKKE_BLANK = r"\S"  # at least one character that is not white space (the server strips and refuses blank)


def fnr_felt() -> serializers.RegexField:
    return serializers.RegexField(r"^[0-9]{11}$", max_length=11, min_length=11, help_text=FNR_BESKRIVELSE)


def tekst_felt(maks: int = 100, **kw) -> serializers.RegexField:
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
