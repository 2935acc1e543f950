"""Grunnskole grades from lower-secondary schools: a new vitnemål per person replaces the old one.

Grades can arrive before the application, so a fødselsnummer VIGO does not know yet creates the person: with
names and address from the Folkeregister when it knows the person, otherwise as «Ukjent Ukjent» flagged in
``UkjentNavn`` for a later update. Items are validated like the points calculator (``inntak.regler``) and the
inntak grade import (``inntak.services.karakterer.valider_rad``).

Storing: ``inntak.services.karakterer.erstatt_mange`` replaces the grades of every person in the request in one
set-based pass (the same function the single-person service uses).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.models import Karakter, Karakterkilde, Trinn
from inntak.regler import Karakter as RegelKarakter
from inntak.regler import Valideringsfeil
from inntak.services.karakterer import Faginfo, erstatt_mange, fagregister, valider_rad
from kodeverk.models import Kommune
from vigo.api.validering import Feilliste, Post, personoppslag, sjekk_duplikat, verdier
from vigo.bulk import sett_inn
from vigo.fodselsnummer import fodselsdato_fra_nummer
from vigo.folkeregister import folkeregister
from vigo.models import Person, UkjentNavn

UKJENT = "Ukjent"
KILDE = "API"


def _les_karakterer(post: Post, fag: dict[str, Faginfo]) -> list[dict[str, Any]] | None:
    karakterer = post.rad.get("karakterer")
    if not isinstance(karakterer, list) or not karakterer:
        post.feil("karakterer", "mangler", _("«karakterer» må være en ikke-tom liste."))
        return None
    gode: list[dict[str, Any]] = []
    sett: dict[tuple, int] = {}
    for j, rad in enumerate(karakterer):
        felt = f"karakterer[{j}]"
        if not isinstance(rad, dict):
            post.feil(felt, "ikke_objekt", _("Karakteren må være et JSON-objekt."))
            continue
        try:
            regel = RegelKarakter(
                fag=rad.get("fag", ""), vurdering=rad.get("vurdering", ""), karakter=rad.get("karakter", ""),
                fagtype=rad.get("fagtype"), dokumentert_fravaer=rad.get("dokumentert_fravaer", False),
            )  # fmt: skip
        except Valideringsfeil as feil:
            post.feil(f"{felt}.{feil.felt}", "ugyldig", feil.melding)
            continue
        if regel.fag not in fag:
            post.feil(f"{felt}.fag", "ukjent_kode", _("Ukjent fagkode «%(f)s».") % {"f": regel.fag})
            continue
        try:
            normalisert = valider_rad(rad, Trinn.GS, fag)
        except ValidationError as feil:
            post.feil(felt, "ugyldig", " ".join(feil.messages))
            continue
        if (regel.fag, regel.vurdering) in sett:
            post.feil(f"{felt}.fag", "duplikat", _("Samme fag og vurdering som karakterer[%(j)d].")
                      % {"j": sett[(regel.fag, regel.vurdering)]})  # fmt: skip
            continue
        sett[(regel.fag, regel.vurdering)] = j
        gode.append(normalisert)
    return gode


def _nye_personer(bruker, fodselsnumre: list[str]) -> tuple[dict[str, int], int]:
    """Create the persons VIGO does not know: fødselsnummer → id, and how many got placeholder names."""
    funnet = folkeregister().hent_mange(fodselsnumre)
    funnet = {fnr: funnet.get(fnr) for fnr in fodselsnumre}
    kommuner = dict(Kommune.objects.filter(nummer__in={f.kommunenummer for f in funnet.values() if f})
                    .values_list("nummer", "pk"))  # fmt: skip
    rader = []
    for fnr, fr in funnet.items():
        felt: dict[str, Any] = {"fornavn": UKJENT, "etternavn": UKJENT}
        if fr is not None:
            felt = {"fornavn": fr.fornavn, "mellomnavn": fr.mellomnavn, "etternavn": fr.etternavn,
                    "adresse": fr.adresse, "postnummer": fr.postnummer, "poststed": fr.poststed,
                    "kommune_id": kommuner.get(fr.kommunenummer)}  # fmt: skip
        rader.append({"fodselsnummer": fnr, "fodselsdato": fodselsdato_fra_nummer(fnr), "fylke_id": bruker.fylke_id,
                      "kommune_id": None, **felt})  # fmt: skip
    nye = dict(zip(funnet, sett_inn(Person, rader, historikk=KILDE), strict=True))
    ukjente = [
        UkjentNavn(person_id=nye[fnr], klient=bruker.klient) for fnr, fr in funnet.items() if fr is None
    ]
    UkjentNavn.objects.bulk_create(ukjente)
    return nye, len(ukjente)


@transaction.atomic
def lagre_grunnskolekarakterer(bruker, poster: Sequence[dict[str, Any]]) -> dict[str, Any]:
    fagkoder = {str(k.get("fag", "")).strip().upper() for p in poster if isinstance(p.get("karakterer"), list)
                for k in p["karakterer"] if isinstance(k, dict) and "\x00" not in str(k.get("fag", ""))}  # fmt: skip
    fag = fagregister(fagkoder)
    feilliste = Feilliste()
    lest: list[tuple[Post, str, list[dict[str, Any]]]] = []
    sett: dict[tuple, int] = {}
    for i, rad in enumerate(poster):
        post = Post(rad, i, feilliste)
        fnr = post.fodselsnummer()
        karakterer = _les_karakterer(post, fag)
        if sjekk_duplikat(post, sett, (fnr,), "fodselsnummer") and karakterer:
            lest.append((post, fnr, karakterer))
    personer = personoppslag(verdier(poster, "fodselsnummer"))
    # Grunnskole grades another county registered are not replaced from here.
    andre = set(Karakter.objects.filter(person_id__in=personer.values(), trinn=Trinn.GS)
                .exclude(fylke_id=bruker.fylke_id).values_list("person_id", flat=True))  # fmt: skip
    for post, fnr, _k in lest:
        if personer.get(fnr) in andre:
            post.feil("fodselsnummer", "ingen_tilgang",
                      _("Personen har grunnskolekarakterer registrert av et annet fylke."))  # fmt: skip
    feilliste.avvis_hvis_feil()

    nye, ukjente = _nye_personer(bruker, [fnr for _p, fnr, _k in lest if fnr not in personer])
    personer.update(nye)
    antall = erstatt_mange({personer[fnr]: karakterer for _p, fnr, karakterer in lest}, trinn=Trinn.GS,
                           fylke_id=bruker.fylke_id, kilde=Karakterkilde.API)  # fmt: skip
    return {"antall_personer": len(lest), "antall_karakterer": antall, "nye_personer": len(nye),
            "ukjent_navn": ukjente}  # fmt: skip
