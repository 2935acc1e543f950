"""Reads of the prøvenemnder (docs/fagopplaering/domene.md §1.3), always scoped with ``vigo.scoping.avgrens`` except
``nemnder_for_prove``, which answers a rule question for the prøve's county (the caller has already scoped the
prøve). The list counts members and open prøver with correlated subqueries, so a page costs a fixed number of
queries however many nemnder it shows, and filtering on a lærefag never multiplies the counts."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fagopplaering.models import Nemndlan, Nemndmedlem, Prove, Provenemnd
from vigo.scoping import avgrens

APNE_STATUSER = (Prove.Status.TILDELT, Prove.Status.PLANLAGT)
"""A prøve the nemnd has been given and not yet assessed."""

SISTE_RESULTATER = 10


def _antall(qs: QuerySet) -> Coalesce:
    """COUNT of ``qs`` (already filtered on ``nemnd=OuterRef('pk')``) as a scalar subquery."""
    sub = qs.order_by().values("nemnd").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def aktive_medlemmer_q(dato: datetime.date, prefiks: str = "") -> Q:
    """Members serving on ``dato``: started, and not ended before it."""
    p = prefiks
    return Q(**{f"{p}fra__lte": dato}) & (Q(**{f"{p}til__isnull": True}) | Q(**{f"{p}til__gte": dato}))


def nemnder(
    bruker, *, q: str = "", laerefag=None, periode: int | None = None, aktiv: bool | None = None,
    dato: datetime.date | None = None,
) -> QuerySet:  # fmt: skip
    """The county's nemnder with ``antall_medlemmer`` (serving on ``dato``, default today) and ``antall_apne``
    (prøver tildelt or planlagt), filtered on name, lærefag, a year inside the period and aktiv."""
    dato = dato or timezone.localdate()
    qs = avgrens(Provenemnd.objects.all(), bruker)
    q = " ".join((q or "").split())
    if q:
        qs = qs.filter(navn__icontains=q)
    if laerefag is not None:
        # EXISTS, not a join on the M2M: a join would repeat the row per matching lærefag
        gjennom = Provenemnd.laerefag.through.objects.filter(
            provenemnd_id=OuterRef("pk"), programomrade=laerefag
        )
        qs = qs.filter(Exists(gjennom))
    if periode:
        qs = qs.filter(periode_fra__lte=periode, periode_til__gte=periode)
    if aktiv is not None:
        qs = qs.filter(aktiv=aktiv)
    medlemmer = Nemndmedlem.objects.filter(aktive_medlemmer_q(dato), nemnd=OuterRef("pk"))
    apne = Prove.objects.filter(nemnd=OuterRef("pk"), status__in=APNE_STATUSER)
    return (
        qs.annotate(antall_medlemmer=_antall(medlemmer), antall_apne=_antall(apne))
        .prefetch_related(Prefetch("laerefag", to_attr="fagliste"))
        .order_by("-periode_fra", "navn", "pk")
    )


def nemnd_detalj(bruker, pk: int) -> Provenemnd | None:
    """One nemnd the user's county owns, with its lærefag, members (person, arbeidsgiver) and loans."""
    return (
        avgrens(Provenemnd.objects.all(), bruker)
        .filter(pk=pk)
        .select_related("fylke")
        .prefetch_related(
            Prefetch("laerefag", to_attr="fagliste"),
            Prefetch(
                "medlemmer",
                queryset=Nemndmedlem.objects.select_related("person", "arbeidsgiver").order_by(
                    "rolle", "person__etternavn", "person__fornavn", "pk"
                ),
                to_attr="medlemsliste",
            ),
            Prefetch("utlan", queryset=Nemndlan.objects.select_related("lanefylke"), to_attr="lanliste"),
        )
        .first()
    )


def del_medlemmer(nemnd: Provenemnd, dato: datetime.date) -> tuple[list, list]:
    """(serving, ended or not yet started) on ``dato`` – from the prefetched list, no query."""
    aktive, andre = [], []
    for m in nemnd.medlemsliste:
        (aktive if m.fra <= dato and (m.til is None or m.til >= dato) else andre).append(m)
    return aktive, andre


def apne_prover(bruker, nemnd: Provenemnd) -> QuerySet:
    """Prøver given to the nemnd and not yet assessed, as far as the user's county may see them (a lent nemnd's
    prøver in the borrowing county are that county's)."""
    return (
        avgrens(Prove.objects.filter(nemnd=nemnd, status__in=APNE_STATUSER), bruker)
        .select_related("person", "programomrade")
        .order_by("fra_dato", "pk")
    )


def siste_resultater(bruker, nemnd: Provenemnd, antall: int = SISTE_RESULTATER) -> list[Prove]:
    return list(
        avgrens(Prove.objects.filter(nemnd=nemnd, status=Prove.Status.VURDERT), bruker)
        .select_related("person", "programomrade")
        .order_by("-resultat_dato", "-pk")[:antall]
    )


def medlem_detalj(bruker, pk: int) -> Nemndmedlem | None:
    return avgrens(Nemndmedlem.objects.filter(pk=pk), bruker).select_related("nemnd", "person").first()


def nemnder_for_prove(prove: Prove, dato: datetime.date | None = None) -> QuerySet:
    """Active nemnder for the prøve's lærefag whose period covers ``dato`` (default today) and that belong to the
    prøve's county or are lent to it on that day (domene §1.3 «låne prøvenemnd»)."""
    dato = dato or timezone.localdate()
    lant = Nemndlan.objects.filter(lanefylke_id=prove.fylke_id, fra__lte=dato).filter(
        Q(til__isnull=True) | Q(til__gte=dato)
    )
    gjennom = Provenemnd.laerefag.through.objects.filter(
        provenemnd_id=OuterRef("pk"), programomrade_id=prove.programomrade_id
    )
    return (
        Provenemnd.objects.filter(aktiv=True, periode_fra__lte=dato.year, periode_til__gte=dato.year)
        .filter(Exists(gjennom))
        .filter(Q(fylke_id=prove.fylke_id) | Q(pk__in=lant.values("nemnd_id")))
        .select_related("fylke")
        .order_by("navn", "pk")
    )
