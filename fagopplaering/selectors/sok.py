"""The one search box of fagopplæringen (docs/fagopplaering/README.md): companies by name or organisasjonsnummer,
persons in training (lærlinger, lærekandidater, søkere til læreplass) by name or fødselsnummer, and contracts by
either. Every queryset is scoped with ``vigo.scoping.avgrens``; names are matched like the core person search
(every word must begin a name; ``vigo.selectors.navnesporring``), numbers by prefix or exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fagopplaering.models import Bedrift, Formidling, Kontrakt
from vigo.models import Person
from vigo.scoping import avgrens
from vigo.selectors import NAVNEVEKTOR, navnesporring

MAKS_SOKETEKST = 100
ORGNR_LENGDE = 9
FNR_LENGDE = 11


@dataclass(frozen=True)
class Soketekst:
    """What the caseworker typed, read once: digits (an organisasjonsnummer, a fødselsnummer or the start of
    one) or words (names)."""

    tekst: str

    @classmethod
    def les(cls, tekst: str | None) -> Soketekst:
        return cls(" ".join((tekst or "").split())[:MAKS_SOKETEKST])

    @property
    def tom(self) -> bool:
        return not self.tekst

    @property
    def siffer(self) -> str | None:
        s = self.tekst.replace(" ", "")
        return s if s.isdigit() else None


def _personer_med_navn(tekst: str) -> QuerySet[Person] | None:
    """Persons whose names match every word (the full-text index of vigo.Person); None when nothing to match."""
    sporring = navnesporring(tekst)
    if sporring is None:
        return None
    return Person.objects.annotate(navnesok=NAVNEVEKTOR).filter(navnesok=sporring)


def sok_bedrifter(bruker, q: Soketekst) -> QuerySet[Bedrift]:
    """Companies in scope by organisasjonsnummer (prefix) or name (every word), with the number of contracts of
    the user's county where the company is lærebedrift or medlemsbedrift."""
    qs = avgrens(Bedrift.objects.select_related("kommune"), bruker)
    if q.tom:
        return qs.none()
    if q.siffer is not None:
        qs = qs.filter(orgnr__startswith=q.siffer)
    else:
        ord_ = q.tekst.split()[:6]
        qs = qs.filter(*(Q(navn__icontains=o) for o in ord_))
    kontrakter = avgrens(Kontrakt.objects.all(), bruker)
    return qs.annotate(
        antall_kontrakter=Count("kontrakter", filter=Q(kontrakter__in=kontrakter.values("pk")), distinct=True)
    ).order_by("navn", "pk")


def sok_personer(bruker, q: Soketekst) -> QuerySet[Person]:
    """Persons with a contract or a formidling in scope, by fødselsnummer (prefix) or name, with their counts."""
    if q.tom:
        return Person.objects.none()
    kontrakter = avgrens(Kontrakt.objects.filter(person_id=OuterRef("pk")), bruker)
    formidlinger = avgrens(Formidling.objects.filter(person_id=OuterRef("pk")), bruker)
    if q.siffer is not None:
        qs = Person.objects.filter(fodselsnummer__startswith=q.siffer)
    else:
        qs = _personer_med_navn(q.tekst)
        if qs is None:
            return Person.objects.none()
    return (
        qs.filter(Q(Exists(kontrakter)) | Q(Exists(formidlinger)))
        .annotate(
            antall_kontrakter=Count(
                "kontrakter",
                filter=Q(kontrakter__in=avgrens(Kontrakt.objects.all(), bruker).values("pk")),
                distinct=True,
            ),
            antall_formidlinger=Count(
                "formidlinger",
                filter=Q(formidlinger__in=avgrens(Formidling.objects.all(), bruker).values("pk")),
                distinct=True,
            ),
        )
        .order_by("etternavn", "fornavn", "pk")
    )


def sok_kontrakter(bruker, q: Soketekst) -> QuerySet[Kontrakt]:
    """Contracts in scope whose person (fødselsnummer or name), lærebedrift or medlemsbedrift (orgnr or name)
    matches, newest start first."""
    qs = avgrens(Kontrakt.objects.all(), bruker)
    if q.tom:
        return qs.none()
    siffer = q.siffer
    if siffer is not None:
        treff = Q(person__fodselsnummer__startswith=siffer)
        if len(siffer) <= ORGNR_LENGDE:
            treff |= Q(bedrift__orgnr__startswith=siffer) | Q(medlemsbedrift__orgnr__startswith=siffer)
        if siffer.isdigit() and len(siffer) < 10 and int(siffer) < 2**31:
            treff |= Q(pk=int(siffer))
    else:
        personer = _personer_med_navn(q.tekst)
        ord_ = q.tekst.split()[:6]
        bedrift = Q(*(Q(bedrift__navn__icontains=o) for o in ord_))
        medlem = Q(*(Q(medlemsbedrift__navn__icontains=o) for o in ord_))
        treff = bedrift | medlem
        if personer is not None:
            treff |= Q(person_id__in=personer.values("pk"))
    return (
        qs.filter(treff)
        .select_related(
            "person", "kontraktstype", "programomrade", "bedrift", "medlemsbedrift", "avslutningskode"
        )
        .order_by("-laeretid_fra", "-pk")
    )
