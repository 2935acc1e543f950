"""Elevfag (subject with fagstatus) and vgs grades (halvår, standpunkt, eksamen) from the SAS, as bulk upserts.

Grades are checked with the same rule module as the points calculator (``inntak.regler.Karakter``: scale,
IM only at exams, ...) and must exist in kodeverk.Karakterverdi outside the orden/oppførsel scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from inntak.elev.models import Elevfag, Vgskarakter, Vgsvurdering
from inntak.regler import Karakter as RegelKarakter
from inntak.regler import Valideringsfeil
from kodeverk.models import Fag, Fagstatus, Karakterverdi, Skolear
from vigo.api.validering import (
    Post,
    Skoleoppslag,
    hent_person,
    kodeoppslag,
    personoppslag,
    upsert_poster,
    verdier,
)

FAGNOKKEL = ["person_id", "skole_id", "skolear_id", "fag_id"]  # the natural key of an elevfag line


class _Fagoppslag:
    def __init__(self, bruker, poster: Sequence[dict[str, Any]]):
        self.personer = personoppslag(bruker, verdier(poster, "fodselsnummer"))
        self.skoler = Skoleoppslag(bruker, verdier(poster, "skolenummer"))
        self.skolear = kodeoppslag(Skolear, verdier(poster, "skolear"))
        self.fag = {
            kode: (pk, grunnskole)
            for kode, pk, grunnskole in Fag.objects.filter(kode__in=verdier(poster, "fag")).values_list(
                "kode", "pk", "grunnskole"
            )
        }

    def felles(self, post: Post) -> dict[str, Any]:
        fag = post.kode("fag", self.fag, _("fagkode"))
        if fag is not None and fag[1]:
            post.feil("fag", "grunnskolefag", _("%(f)s er et grunnskolefag; bruk /api/v1/grunnskolekarakterer.")
                      % {"f": post.rad["fag"]})  # fmt: skip
        return {
            "person_id": hent_person(post, self.personer),
            "skole_id": self.skoler.hent(post),
            "skolear_id": post.kode("skolear", self.skolear, _("skoleår")),
            "fag_id": fag[0] if fag else None,
        }


@transaction.atomic
def upsert_elevfag(bruker, poster: Sequence[dict[str, Any]]) -> dict[str, Any]:
    oppslag = _Fagoppslag(bruker, poster)
    fagstatus = kodeoppslag(Fagstatus, verdier(poster, "fagstatus"))

    def les(post: Post) -> dict[str, Any]:
        return {**oppslag.felles(post), "fagstatus_id": post.kode("fagstatus", fagstatus, _("fagstatus"))}

    return upsert_poster(
        Elevfag, poster, les, nokkel=FAGNOKKEL, oppdater=["fagstatus_id"], duplikatfelt="fag"
    )


def _karakter(post: Post, vurdering: str | None, gyldige: set[str]) -> str | None:
    karakter = post.tekst("karakter", maks=4)
    if karakter is None or vurdering is None:
        return None
    karakter = karakter.upper()
    try:
        RegelKarakter(fag=str(post.rad.get("fag") or "X"), vurdering=vurdering, karakter=karakter)
    except Valideringsfeil as feil:
        post.feil(feil.felt, "ugyldig_karakter", feil.melding)
        return None
    if karakter not in gyldige:
        post.feil("karakter", "ugyldig_karakter",
                  _("«%(k)s» er ikke en karakterverdi for fag i kodeverket.") % {"k": karakter})  # fmt: skip
        return None
    return karakter


@transaction.atomic
def upsert_vgskarakterer(bruker, poster: Sequence[dict[str, Any]]) -> dict[str, Any]:
    oppslag = _Fagoppslag(bruker, poster)
    gyldige = set(Karakterverdi.objects.exclude(skala="orden").values_list("kode", flat=True))

    def les(post: Post) -> dict[str, Any]:
        v = oppslag.felles(post)
        vurdering = post.valg("vurdering", Vgsvurdering.values)
        if vurdering == Vgsvurdering.HALVAR:
            termin = post.heltall("termin", [1, 2])
            if termin is None and "termin" not in post.rad:
                post.feil("termin", "mangler", _("Halvårsvurdering må ha termin 1 eller 2."))
        else:
            termin = post.heltall("termin", [0], standard=0)
        v["vurdering"] = vurdering
        v["termin"] = termin
        v["karakter_id"] = _karakter(post, vurdering, gyldige)
        v["vurderingsdato"] = post.dato("vurderingsdato", paakrevd=False)
        return v

    return upsert_poster(Vgskarakter, poster, les, nokkel=[*FAGNOKKEL, "vurdering", "termin"],
                         oppdater=["karakter_id", "vurderingsdato"], duplikatfelt="fag")  # fmt: skip
