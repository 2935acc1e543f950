"""Reads of fagopplæringens API (docs/fagopplaering/api.md). Rows come back as plain dicts named like the API
fields (``vigo.api.selectors.Utvalg``).

Who sees what (on top of the client's county, ``vigo.scoping``):

* a county client (no school, no organisasjonsnummer): every contract the county owns;
* a client with ``orgnr`` (an opplæringskontor or a lærebedrift): the contracts where that company is the
  lærebedrift or the medlemsbedrift, so an office sees the contracts of its members it is party to, and a member
  company sees its own;
* a school client: the contracts of persons who have or had an elevforhold at the school.

Contracts the county annulled before approval are never served. The county filter is the one
``vigo.scoping.avgrens`` applies (``Scoping.fylke_q``); a school client's narrowing is explicit here because the
contract has no school of its own (its link is the person's elevforhold).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from fagopplaering.models import Avbrudd, Bedrift, Godkjenning, Kontrakt, Medlemskap
from fagopplaering.selectors.oversikt import lopende_q
from vigo.api.selectors import Utvalg
from vigo.scoping import avgrens, scoping_for

KONTRAKT = Utvalg({
    "id": "id", "fylke": "fylke__nummer", "fodselsnummer": "person__fodselsnummer", "fornavn": "person__fornavn",
    "etternavn": "person__etternavn", "kontraktstype": "kontraktstype__kode",
    "kontraktstypenavn": "kontraktstype__navn", "programomrade": "programomrade__kode",
    "programomradenavn": "programomrade__navn", "laerebedrift_orgnr": "bedrift__orgnr",
    "laerebedrift_navn": "bedrift__navn", "medlemsbedrift_orgnr": "medlemsbedrift__orgnr",
    "medlemsbedrift_navn": "medlemsbedrift__navn", "opplaeringsmodell": "opplaeringsmodell",
    "laeretid_fra": "laeretid_fra", "laeretid_til": "laeretid_til", "netto_laeretid_mnd": "netto_laeretid_mnd",
    "godskriving_mnd": "godskriving_mnd", "status": "status", "godkjent_dato": "godkjent_dato",
    "avsluttet_dato": "avsluttet_dato", "avslutningskode": "avslutningskode__kode", "hevet_av": "hevet_av__kode",
    "endret": "endret",
})  # fmt: skip
AVBRUDD = Utvalg({"fra": "fra", "til": "til", "arsak": "arsak"})
FAGLIG_LEDER = Utvalg({"fornavn": "faglig_leder__fornavn", "etternavn": "faglig_leder__etternavn"})
BEDRIFT = Utvalg({
    "id": "id", "orgnr": "orgnr", "navn": "navn", "type": "type", "organisasjonsform": "organisasjonsform",
    "adresse": "adresse", "postnummer": "postnummer", "poststed": "poststed", "kommunenummer": "kommune__nummer",
    "naeringskode": "naeringskode", "naeringsnavn": "naeringsnavn", "epost": "epost", "telefon": "telefon",
    "slettet_i_er": "slettet_i_er", "konkurs": "konkurs",
})  # fmt: skip
GODKJENNING = Utvalg({
    "programomrade": "programomrade__kode", "programomradenavn": "programomrade__navn", "status": "status",
    "godkjent_fra": "godkjent_fra", "godkjent_til": "godkjent_til", "begrenset": "begrenset",
})  # fmt: skip
MEDLEM = Utvalg({"orgnr": "medlem__orgnr", "navn": "medlem__navn", "fra": "fra", "til": "til"})
KONTOR = Utvalg(
    {"orgnr": "opplaeringskontor__orgnr", "navn": "opplaeringskontor__navn", "fra": "fra", "til": "til"}
)


def _i_fylket(qs: QuerySet, bruker) -> QuerySet:
    """The county's rows: ``avgrens`` for a county client; for a school client the same county filter without the
    school's (the narrowing to the school's pupils is the caller's)."""
    if bruker.skole_id is None:
        return avgrens(qs, bruker)
    if not bruker.is_authenticated or not bruker.is_active or bruker.fylke_id is None:
        return qs.none()
    return qs.filter(scoping_for(qs.model).fylke_q(bruker.fylke_id, qs.model))


def _orgnr(bruker) -> str:
    klient = getattr(bruker, "klient", None)
    return (getattr(klient, "orgnr", "") or "").strip()


def kontrakter_for(bruker) -> QuerySet[Kontrakt]:
    """The contracts the API client may read (see the module docstring)."""
    from inntak.elev.models import Elevforhold

    qs = _i_fylket(Kontrakt.objects.exclude(status=Kontrakt.Status.ANNULLERT), bruker)
    if bruker.skole_id is not None:
        qs = qs.filter(person_id__in=Elevforhold.objects.filter(skole_id=bruker.skole_id).values("person_id"))
    orgnr = _orgnr(bruker)
    if orgnr:
        qs = qs.filter(Q(bedrift__orgnr=orgnr) | Q(medlemsbedrift__orgnr=orgnr))
    return qs


def filtrer_kontrakter(
    qs: QuerySet[Kontrakt], *, status: str | None = None, programomrade: str | None = None,
    lopende_pa: datetime.date | None = None,
) -> QuerySet[Kontrakt]:  # fmt: skip
    if status:
        qs = qs.filter(status=status)
    if programomrade:
        qs = qs.filter(programomrade__kode=programomrade)
    if lopende_pa is not None:
        qs = qs.filter(lopende_q(lopende_pa))
    return qs


def kontrakt_detalj(bruker, pk: int) -> dict | None:
    """One contract with its avbrudd and faglig leder (three queries), or None outside the client's scope."""
    qs = kontrakter_for(bruker).filter(pk=pk)
    rader = KONTRAKT.rader(qs)
    if not rader:
        return None
    rad = rader[0]
    rad["avbrudd"] = AVBRUDD.rader(Avbrudd.objects.filter(kontrakt_id=pk).order_by("fra", "pk"))
    leder = FAGLIG_LEDER.rader(qs.filter(faglig_leder__isnull=False))
    rad["faglig_leder"] = leder[0] if leder else None
    return rad


def person_for_kontrakt(pk: int) -> int | None:
    return Kontrakt.objects.filter(pk=pk).values_list("person_id", flat=True).first()


def bedrifter_for(bruker) -> QuerySet[Bedrift]:
    """The companies the client may look up: a county client those the county sees; a client with ``orgnr`` the
    company itself, its members (an office) and its offices (a member); a school client the lærebedrifter and
    medlemsbedrifter of its pupils' contracts."""
    orgnr = _orgnr(bruker)
    if bruker.skole_id is not None:
        kontrakter = kontrakter_for(bruker)
        qs = Bedrift.objects.filter(
            Q(pk__in=kontrakter.values("bedrift_id")) | Q(pk__in=kontrakter.values("medlemsbedrift_id"))
        )
    else:
        qs = _i_fylket(Bedrift.objects.all(), bruker)
    if orgnr:
        medlemskap = Medlemskap.objects.filter(fylke_id=bruker.fylke_id)
        qs = qs.filter(
            Q(orgnr=orgnr)
            | Q(pk__in=medlemskap.filter(opplaeringskontor__orgnr=orgnr).values("medlem_id"))
            | Q(pk__in=medlemskap.filter(medlem__orgnr=orgnr).values("opplaeringskontor_id"))
        )
    return qs


def bedrift_detalj(bruker, orgnr: str, dato: datetime.date) -> dict | None:
    """One company with the client county's approvals, memberships and the number of contracts running on
    ``dato`` that the client sees (five queries), or None outside the client's scope."""
    rader = BEDRIFT.rader(bedrifter_for(bruker).filter(orgnr=orgnr))
    if not rader:
        return None
    rad = rader[0]
    pk = rad.pop("id")
    godkjenninger = Godkjenning.objects.filter(bedrift_id=pk, fylke_id=bruker.fylke_id)
    rad["godkjenninger"] = GODKJENNING.rader(godkjenninger.order_by("programomrade__kode", "-godkjent_fra"))
    medlemskap = Medlemskap.objects.filter(fylke_id=bruker.fylke_id)
    rad["medlemmer"] = MEDLEM.rader(
        medlemskap.filter(opplaeringskontor_id=pk).order_by("medlem__navn", "fra")
    )
    rad["opplaeringskontor"] = KONTOR.rader(
        medlemskap.filter(medlem_id=pk).order_by("opplaeringskontor__navn", "fra")
    )
    rad["lopende_kontrakter"] = (
        kontrakter_for(bruker)
        .filter(Q(bedrift_id=pk) | Q(medlemsbedrift_id=pk))
        .filter(lopende_q(dato))
        .aggregate(n=Count("pk"))["n"]
    )
    return rad
