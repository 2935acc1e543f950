"""Reads for the applicant's søknad in the portal: which school years can be applied for, and the search among the
tilbud an applicant may wish (open, ordinary intake, the søknad's school year, level and county, plus landslinjer).

Set-based: the filters are querysets with ``select_related``; the choice lists are ``values().distinct()``; nothing
loads a whole county into Python. Names, not codes, are what the applicant chooses by.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import get_language

from inntak import frister
from inntak.frister import Frist, etter_frist, soknadsfrist
from inntak.models import Soknad, Tilbud, TilbudStatus
from inntak.validering import laereplass_pa_niva
from kodeverk.models import Skolear, navn_i

PER_SIDE = 20


def sokbare(*, fylke, skolear, niva: str) -> QuerySet[Tilbud]:
    """Every tilbud a søknad to ``fylke`` for ``skolear`` at ``niva`` may wish: open, not for adults
    (``Tilbud.voksenopplaering``, opplæringsforskrifta kapittel 13), in the county or a landslinje (§ 4-8 tredje
    ledd). A søknad to Vg3 may also wish a læreplass (a lærefag, ``validering.laereplass_pa_niva``)."""
    nivaer = [niva, "LAER"] if laereplass_pa_niva("LAER", niva) else [niva]
    return Tilbud.objects.filter(
        Q(fylke=fylke) | Q(landslinje=True),
        skolear=skolear,
        programomrade__niva__in=nivaer,
        status=TilbudStatus.APEN,
        voksenopplaering=False,
    )


@dataclass(frozen=True)
class Filter:
    utdanningsprogram: int | None = None
    programomrade: int | None = None
    skole: int | None = None
    kommune: int | None = None
    tekst: str = ""


def sok(*, fylke, skolear, niva: str, filter: Filter | None = None) -> QuerySet[Tilbud]:
    """The search: ``sokbare`` narrowed by the filter, ordered by programområde and school name."""
    f = filter or Filter()
    qs = sokbare(fylke=fylke, skolear=skolear, niva=niva)
    if f.utdanningsprogram:
        qs = qs.filter(programomrade__utdanningsprogram_id=f.utdanningsprogram)
    if f.programomrade:
        qs = qs.filter(programomrade_id=f.programomrade)
    if f.skole:
        qs = qs.filter(skole_id=f.skole)
    if f.kommune:
        qs = qs.filter(skole__kommune_id=f.kommune)
    if f.tekst:
        qs = qs.filter(
            Q(programomrade__navn__icontains=f.tekst)
            | Q(programomrade__navn_nn__icontains=f.tekst)
            | Q(programomrade__navn_en__icontains=f.tekst)
            | Q(skole__navn__icontains=f.tekst)
            | Q(programomrade__utdanningsprogram__navn__icontains=f.tekst)
        )
    return qs.select_related(
        "skole", "skole__kommune", "programomrade", "programomrade__utdanningsprogram", "fylke"
    ).order_by("programomrade__navn", "skole__navn", "pk")


def side(qs: QuerySet[Tilbud], nummer, per_side: int | None = None) -> Page:
    """One page of the search (an unknown or too large page number gives the nearest page)."""
    return Paginator(qs, per_side or PER_SIDE).get_page(nummer)


# The filter lists change only when tilbud do, and every applicant of a county and level sees the same ones: kept in
# the process for a while, under a fingerprint of the searchable set (count and id sums, one cheap query instead of
# four DISTINCT joins) and the database's name (tests and benches share a Redis and a process with other databases).
# A renamed school shows its new name within FILTERVALG_SEKUNDER.
FILTERVALG_SEKUNDER = 300
_filtervalg: dict[tuple, tuple[float, dict]] = {}


def filtervalg(*, fylke, skolear, niva: str) -> dict[str, list[tuple[int, str]]]:
    """The choices for the filter form, by name: only values that have at least one searchable tilbud."""
    qs = sokbare(fylke=fylke, skolear=skolear, niva=niva)
    avtrykk = qs.order_by().aggregate(
        n=Count("pk"), t=Sum("pk"), s=Sum("skole_id"), p=Sum("programomrade_id")
    )
    nokkel = (connection.settings_dict["NAME"], getattr(fylke, "pk", fylke), getattr(skolear, "pk", skolear),
              niva, *avtrykk.values())  # fmt: skip
    naa = time.monotonic()
    lagret = _filtervalg.get(nokkel)
    if lagret is None or naa - lagret[0] >= FILTERVALG_SEKUNDER:

        def valg(id_felt: str, *navn_felt: str) -> list[tuple]:
            return list(
                qs.filter(**{f"{id_felt}__isnull": False})
                .order_by()
                .values_list(id_felt, *navn_felt)
                .distinct()
            )

        po = "programomrade__"
        rader = {
            "utdanningsprogram": valg(f"{po}utdanningsprogram_id", f"{po}utdanningsprogram__navn"),
            "programomrade": valg("programomrade_id", f"{po}navn", f"{po}navn_nn", f"{po}navn_en"),
            "skole": valg("skole_id", "skole__navn"),
            "kommune": valg("skole__kommune_id", "skole__kommune__navn"),
        }
        if len(_filtervalg) > 500:  # counties × years × levels: a bound, not an expected size
            _filtervalg.clear()
        lagret = _filtervalg[nokkel] = (naa, rader)
    # Names in the page's language where Grep has them (programområder in nynorsk and English), sorted by them.
    sprak = get_language()
    return {
        felt: sorted(((r[0], navn_i(sprak, *r[1:])) for r in rader), key=lambda r: (r[1] or "").lower())
        for felt, rader in lagret[1].items()
    }


def hent(ids: Sequence[int]) -> list[Tilbud]:
    """The tilbud with these ids in the given order (unknown ids left out), with what the wish list shows."""
    funnet = Tilbud.objects.select_related(
        "skole", "skole__kommune", "programomrade", "programomrade__utdanningsprogram", "skolear", "fylke"
    ).in_bulk(list(ids))
    return [funnet[i] for i in ids if i in funnet]


@dataclass(frozen=True)
class Soknadsar:
    skolear: Skolear
    frist: Frist


def apne_skolear(fylke, *, dag=None) -> list[Soknadsar]:
    """The school years ``fylke`` has open ordinary tilbud for whose ordinary deadline (§ 4-9) has not passed."""
    if fylke is None:
        return []
    dag = dag or frister.i_dag()
    ut = []
    for ar in _kandidater(fylke, dag):  # a handful of rows: one parameter read each
        frist = soknadsfrist(fylke, ar)
        if not etter_frist(frist, dag):
            ut.append(Soknadsar(ar, frist))
    return ut


def _kandidater(fylke, dag) -> QuerySet[Skolear]:
    """The coming school years (after ``dag``) ``fylke`` has open ordinary tilbud for, by code."""
    return Skolear.objects.filter(
        startdato__gt=dag,
        pk__in=Tilbud.objects.filter(fylke=fylke, status=TilbudStatus.APEN, voksenopplaering=False).values(
            "skolear_id"
        ),
    ).order_by("kode")


def _apne_fremtidige(dag=None) -> QuerySet[Tilbud]:
    return Tilbud.objects.filter(
        status=TilbudStatus.APEN, voksenopplaering=False, skolear__startdato__gt=dag or frister.i_dag()
    )


def apne_skolear_alle(dag=None) -> QuerySet:
    """The ids of the coming school years with open ordinary tilbud in some county (a subquery)."""
    return _apne_fremtidige(dag).values("skolear_id")


def fylker_med_apne_tilbud(dag=None) -> QuerySet:
    """The ids of the counties with open ordinary tilbud for a coming school year, where a gjesteelev may apply
    (§ 4-8; a subquery)."""
    return _apne_fremtidige(dag).values("fylke_id")


def har_tilbud(*, fylke, skolear, niva: str) -> bool:
    return sokbare(fylke=fylke, skolear=skolear, niva=niva).filter(fylke=fylke).exists()


def kan_soke(person, *, dag=None) -> bool:
    """Whether «Min side» should invite the applicant to apply (``templates/portal/_ny_soknad.html``, context
    ``soknad_apne``): the home county has a school year open for applications that the applicant has not applied
    for there yet. (A gjesteelev søknad to another county can still be started from /soker/soknad/ny/.)"""
    if person is None or person.fylke_id is None:
        return False
    dag = dag or frister.i_dag()
    # ``apne_skolear`` less the years applied for, in one query: the deadline (a parameter read) is looked up only
    # for a year not applied for yet.
    sokt = Soknad.objects.filter(person_id=person.pk, fylke_id=person.fylke_id, skolear_id=OuterRef("pk"))
    for ar in _kandidater(person.fylke, dag).annotate(sokt=Exists(sokt)):
        if not ar.sokt and not etter_frist(soknadsfrist(person.fylke, ar), dag):
            return True
    return False
