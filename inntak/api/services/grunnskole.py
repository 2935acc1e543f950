"""Grunnskole grades from lower-secondary schools: a new vitnemål per person replaces the old one.

Grades can arrive before the application, so a fødselsnummer VIGO does not know yet creates the person: with
names and address from the Folkeregister when it knows the person, otherwise as «Ukjent Ukjent» flagged in
``UkjentNavn`` for a later update. Items are validated like the points calculator (``inntak.regler``) and the
inntak grade import (``inntak.services.karakterer.valider_rad``).

Storing: ``inntak.services.karakterer.erstatt_mange`` replaces the grades of every person in the request in one
set-based pass (the same function the single-person service uses).

Whose grades (``inntak.services.karakterer.endrbare_karakterpersoner``, the rule the admin grade import uses too):
the county that owns the person record registers the person's grunnskole grades, and its new vitnemål replaces
all earlier ones. Grades for another county's person are refused, never registered beside that county's:

- the client's county sees the person (a gjesteelev applying there): 400 ``annet_fylke`` for the record; the
  grades must come from the county that owns the person, whose vitnemål the applying county then uses;
- the client's county does not see the person: answered exactly as an unknown fødselsnummer (counted as a new
  person, with ``ukjent_navn`` as the Folkeregister answers), and nothing is stored. Any other answer would tell
  the client that the number exists in another county.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.models import Karakterkilde, Trinn
from inntak.regler import Karakter as RegelKarakter
from inntak.regler import Valideringsfeil
from inntak.services.karakterer import (
    Faginfo,
    endrbare_karakterpersoner,
    erstatt_mange,
    fagregister,
    valider_rad,
)
from kodeverk.models import Kommune
from vigo.api.validering import (
    Feilliste,
    Post,
    personoppslag,
    sjekk_duplikat,
    skjulte_fodselsnumre,
    verdier,
)
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


def _nye_personer(bruker, fodselsnumre: list[str], skjulte: list[str]) -> tuple[dict[str, int], int]:
    """Create the persons VIGO does not know: fødselsnummer → id, and how many got placeholder names.

    ``skjulte`` (numbers held outside the client's county view) are looked up in the Folkeregister too and count
    in the placeholder total exactly as if they were created, but are not created.
    """
    funnet = folkeregister().hent_mange([*fodselsnumre, *skjulte])
    ukjente_skjulte = sum(1 for fnr in skjulte if funnet.get(fnr) is None)
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
    return nye, len(ukjente) + ukjente_skjulte


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
    fodselsnumre = verdier(poster, "fodselsnummer")
    personer = personoppslag(bruker, fodselsnumre)
    egne = set(endrbare_karakterpersoner(bruker, Person.objects.filter(pk__in=personer.values()))
               .values_list("pk", flat=True))  # fmt: skip
    for post, fnr, _k in lest:
        if fnr in personer and personer[fnr] not in egne:
            post.feil("fodselsnummer", "annet_fylke", _(
                "Et annet fylke forvalter personen; grunnskolekarakterene registreres av det fylket."))  # fmt: skip
    feilliste.avvis_hvis_feil()

    skjulte = skjulte_fodselsnumre(bruker, fodselsnumre)
    nye, ukjente = _nye_personer(bruker, [fnr for _p, fnr, _k in lest if fnr not in personer and fnr not in skjulte],
                                 [fnr for _p, fnr, _k in lest if fnr in skjulte])  # fmt: skip
    personer.update(nye)
    antall = erstatt_mange({personer[fnr]: karakterer for _p, fnr, karakterer in lest if fnr not in skjulte},
                           trinn=Trinn.GS, fylke_id=bruker.fylke_id, kilde=Karakterkilde.API)  # fmt: skip
    antall += sum(len(karakterer) for _p, fnr, karakterer in lest if fnr in skjulte)
    return {"antall_personer": len(lest), "antall_karakterer": antall, "nye_personer": len(nye) + len(skjulte),
            "ukjent_navn": ukjente}  # fmt: skip
