"""Reads of oppfølgingstjenesten (OT): the work list, one youth with history, and the notes (særtilgang only).

Everything goes through ``vigo.scoping.avgrens`` (the county); school users never see OT (the views refuse them, and
``ot_for`` returns nothing for them as a second line)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from inntak.elev.models import Elevforhold, Otenhet, OtNotat, Otstatus, OtUngdom
from inntak.elev.regler.ot import alder, ar_tilbake
from inntak.elev.services.ot import har_saertilgang
from vigo.scoping import avgrens


def ot_for(bruker) -> QuerySet[OtUngdom]:
    if bruker is None or not bruker.is_authenticated or bruker.er_skolebruker:
        return OtUngdom.objects.none()
    return avgrens(OtUngdom.objects.all(), bruker)


@dataclass(frozen=True)
class Filter:
    status: str = ""
    gruppe: int | None = None
    arsak: str = ""
    otenhet: int | None = None
    alder_fra: int | None = None
    alder_til: int | None = None
    bare_aktive: bool = True
    q: str = ""


def _siste_elevkurs():
    """The elevkurs OT was told about, else the person's latest one (by skoleår and start)."""
    siste = (
        Elevforhold.objects.filter(person_id=OuterRef("person_id"))
        .order_by("-skolear__kode", "-startdato", "-pk")
        .values("pk")[:1]
    )
    return Coalesce(F("elevkurs_id"), Subquery(siste))


def arbeidsliste(bruker, f: Filter, idag: datetime.date | None = None) -> QuerySet[OtUngdom]:
    """The work list: one query for the page (names, status, unit, the elevkurs id to show), counted separately."""
    idag = idag or timezone.localdate()
    qs = ot_for(bruker).select_related("person", "status", "otenhet")
    if f.bare_aktive:
        qs = qs.filter(aktiv=True)
    if f.status:
        qs = qs.filter(status__kode=f.status)
    if f.gruppe:
        qs = qs.filter(status__gruppe=f.gruppe)
    if f.arsak:
        qs = qs.filter(arsak=f.arsak)
    if f.otenhet:
        qs = qs.filter(otenhet_id=f.otenhet)
    if f.alder_fra is not None:  # at least alder_fra years old today: born on or before that many years ago
        qs = qs.filter(person__fodselsdato__lte=ar_tilbake(idag, f.alder_fra))
    if f.alder_til is not None:  # at most alder_til: born after the day one turned alder_til + 1
        qs = qs.filter(person__fodselsdato__gt=ar_tilbake(idag, f.alder_til + 1))
    if f.q:
        for del_ in f.q.split()[:3]:
            qs = qs.filter(Q(person__etternavn__icontains=del_) | Q(person__fornavn__icontains=del_))
    return qs.annotate(siste_elevkurs_id=_siste_elevkurs()).order_by(
        "-status_dato", "person__etternavn", "pk"
    )


def rader_for_side(rader: list[OtUngdom], idag: datetime.date | None = None) -> list[dict]:
    """The page's rows with age and the last elevkurs (school, programområde): one query for all elevkurs."""
    idag = idag or timezone.localdate()
    ider = {r.siste_elevkurs_id for r in rader if r.siste_elevkurs_id}
    elevkurs = Elevforhold.objects.select_related("skole", "programomrade", "skolear").in_bulk(ider)
    return [
        {"ot": r, "alder": alder(r.person.fodselsdato, idag), "elevkurs": elevkurs.get(r.siste_elevkurs_id)}
        for r in rader
    ]


def ot_ungdom(bruker, pk: int) -> OtUngdom:
    """One youth in the user's scope (DoesNotExist otherwise)."""
    return ot_for(bruker).select_related("person", "status", "otenhet", "fylke").get(pk=pk)


def historikk(ot: OtUngdom, antall: int = 50) -> list:
    return list(
        ot.history.select_related("status", "otenhet", "history_user").order_by(
            "-history_date", "-history_id"
        )[:antall]
    )


def elevkurs_for(ot: OtUngdom, antall: int = 10) -> list[Elevforhold]:
    return list(
        Elevforhold.objects.filter(person_id=ot.person_id)
        .select_related("skole", "programomrade", "skolear")
        .order_by("-skolear__kode", "-startdato")[:antall]
    )


def notater(bruker, ot: OtUngdom) -> list[OtNotat]:
    """The follow-up notes: særtilgang and the right to read notes; the view audits the read."""
    if not (har_saertilgang(bruker) and bruker.has_perm("elev.view_otnotat")):
        raise PermissionDenied(_("OT-notater krever særtilgang."))
    return list(avgrens(OtNotat.objects.filter(ot_ungdom=ot), bruker).select_related("skrevet_av"))


def statuser() -> QuerySet[Otstatus]:
    return Otstatus.objects.filter(aktiv=True).order_by("gruppe", "kode")


def otenheter(bruker) -> QuerySet[Otenhet]:
    if bruker.er_skolebruker:
        return Otenhet.objects.none()
    return avgrens(Otenhet.objects.filter(aktiv=True), bruker)
