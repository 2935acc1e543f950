"""Writes to the core person register. One function per state change; history via simple-history.

Who may change a person is one declared rule, ``kan_endre_person`` (and its set-wise form ``endrbare_personer``),
used by the UI services here, the session API (``vigo.api.personer``) and the API-key API (the SAS persons of
the student register's API):

- The person's home county (``Person.fylke``) owns the register record: name, address, contact details and the
  grunnskole vitnemål. Only that county (and a system administrator) may change them.
- A county that sees the person only because it handles the person's application (a gjesteelev, § 6-4; the
  scoping link registered by inntak) may read the person, not change the record: two counties writing the same
  record would overwrite each other, and the home county would find another county's data on its person.
- A school-bound user or API client may change only persons linked to its school (``vigo.scoping``), except
  for data no school owns (the grunnskole vitnemål, ``gjelder_skole=False``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vigo.models import Foresatt, Person
from vigo.scoping import avgrens, krev_fylke


def endrbare_personer(
    bruker, qs: QuerySet[Person] | None = None, *, gjelder_skole: bool = True
) -> QuerySet[Person]:
    """The persons of ``qs`` whose register record ``bruker`` (a user or an API client) may change."""
    qs = Person.objects.all() if qs is None else qs
    if bruker is None or not bruker.is_authenticated:
        return qs.none()
    if bruker.er_systemadministrator:
        return qs
    if bruker.fylke_id is None:
        return qs.none()
    eget = qs.filter(fylke_id=bruker.fylke_id)
    if gjelder_skole and bruker.skole_id is not None:
        eget = eget.filter(pk__in=avgrens(Person.objects.all(), bruker).values("pk"))
    return eget


def kan_endre_person(bruker, person: Person, *, gjelder_skole: bool = True) -> bool:
    """The rule: see the module docstring."""
    return endrbare_personer(
        bruker, Person.objects.filter(pk=person.pk), gjelder_skole=gjelder_skole
    ).exists()


def krev_endre_person(bruker, person: Person) -> None:
    if not kan_endre_person(bruker, person):
        raise PermissionDenied(
            _(
                "Personen forvaltes av et annet fylke eller er utenfor tilgangen din, og kan ikke endres herfra."
            )
        )


@transaction.atomic
def opprett_person(*, fodselsnummer: str, fylke, bruker=None, **felt) -> Person:
    """``bruker`` None: a system job (e.g. the Folkeregister sync); otherwise the person is created in the
    user's own county only."""
    if bruker is not None:
        krev_fylke(bruker, fylke.pk)
    person = Person(fodselsnummer=fodselsnummer, fylke=fylke, **felt)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def oppdater_person(person: Person, *, bruker=None, **felt) -> Person:
    """``bruker`` None: a system job; otherwise ``kan_endre_person`` must allow it."""
    if bruker is not None:
        krev_endre_person(bruker, person)
        if "fylke" in felt or "fylke_id" in felt:
            krev_fylke(bruker, getattr(felt.get("fylke"), "pk", felt.get("fylke_id")))
    for k, v in felt.items():
        setattr(person, k, v)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def legg_til_foresatt(person: Person, foresatt: Person, relasjon: str, *, bruker=None) -> Foresatt:
    """``bruker`` None: a system job; otherwise the user must be allowed to change ``person``."""
    if bruker is not None:
        krev_endre_person(bruker, person)
    f = Foresatt(person=person, foresatt=foresatt, relasjon=relasjon)
    f.full_clean()
    f.save()
    return f


@transaction.atomic
def endre_foresatt(foresatt: Foresatt, *, bruker=None, **felt) -> Foresatt:
    if bruker is not None:
        krev_endre_person(bruker, foresatt.person)
    for k, v in felt.items():
        setattr(foresatt, k, v)
    foresatt.full_clean()
    foresatt.save()
    return foresatt


@transaction.atomic
def fjern_foresatt(foresatt: Foresatt, *, bruker=None) -> None:
    if bruker is not None:
        krev_endre_person(bruker, foresatt.person)
    foresatt.delete()
