"""Writes to the core person register. One function per state change; history via simple-history."""

from __future__ import annotations

from django.db import transaction

from kodeverk.models import Kommune
from vigo.folkeregister import folkeregister
from vigo.models import Foresatt, Person


@transaction.atomic
def opprett_person(*, fodselsnummer: str, fylke, **felt) -> Person:
    person = Person(fodselsnummer=fodselsnummer, fylke=fylke, **felt)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def oppdater_person(person: Person, **felt) -> Person:
    for k, v in felt.items():
        setattr(person, k, v)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def legg_til_foresatt(person: Person, foresatt: Person, relasjon: str) -> Foresatt:
    f = Foresatt(person=person, foresatt=foresatt, relasjon=relasjon)
    f.full_clean()
    f.save()
    return f


def oppdater_fra_folkeregister(person: Person) -> bool:
    """Refresh name and address from the Folkeregister. Returns True if anything changed."""
    fr = folkeregister().hent(person.fodselsnummer)
    if fr is None:
        return False
    nye = {
        "fornavn": fr.fornavn,
        "mellomnavn": fr.mellomnavn,
        "etternavn": fr.etternavn,
        "adresse": fr.adresse,
        "postnummer": fr.postnummer,
        "poststed": fr.poststed,
    }
    if fr.kommunenummer:
        nye["kommune"] = Kommune.objects.filter(nummer=fr.kommunenummer).first()
    endret = {k: v for k, v in nye.items() if getattr(person, k) != v}
    if endret:
        oppdater_person(person, **endret)
    return bool(endret)
