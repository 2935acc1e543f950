"""Reads of the intake area, always through ``vigo.scoping.avgrens`` (county, and school for school users)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from inntak.models import Karakter, Onske, Soknad, Tilbud, Trinn, Vedtak
from inntak.models.soknad import Niva
from inntak.poeng_sql import TRINN_FOR_NIVA, regelsett_for, regelsett_med_lagret_lesemate
from inntak.regler import Karakter as RegelKarakter
from inntak.regler import Resultat, beregn_poeng
from kodeverk.models import Behandlingskategori, Fylke, Skolear
from kodeverk.skolear import neste_inntaksar
from kodeverk.virkedager import neste_virkedag
from vigo.parametere.selectors import parameter
from vigo.scoping import avgrens

SAERTILGANG = "vigo.saertilgang"


def soknader_for(bruker) -> QuerySet[Soknad]:
    return avgrens(
        Soknad.objects.select_related(
            "person", "skolear", "behandlingskategori", "fylke", "hjemfylke", "poeng"
        ),
        bruker,
    )


# --- Deadlines: the county's søknadsfrist, and the earlier fortrinnsfrist for fortrinn and individuell behandling
# (system parameters per school year, docs/systemparametere.md). A deadline on a weekend or holiday runs to the next
# working day (opplæringsforskrifta § 4-9, docs/regler/regler-2024.md §4.1). Counted by the day the søknad was
# registered, Norwegian time: registered on the deadline day is on time.
def _frist(fylke, skolear, nokkel: str) -> datetime.date:
    return neste_virkedag(parameter(fylke, skolear, nokkel))


def soknadsfrist(soknad: Soknad) -> datetime.date:
    ordinaer = soknad.behandlingskategori.gruppe == Behandlingskategori.Gruppe.ORDINAER
    nokkel = "inntak.soknadsfrist" if ordinaer else "inntak.fortrinnsfrist"
    return _frist(soknad.fylke, soknad.skolear, nokkel)  # the søknad's own rows: one query


def sokt_etter_fristen(soknad: Soknad, frist: datetime.date | None = None) -> bool:
    return timezone.localtime(soknad.registrert).date() > (frist or soknadsfrist(soknad))


def _dagen_etter(dato: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(dato + datetime.timedelta(days=1), datetime.time.min)
    )


def etter_fristen_q(fylke_ids: Iterable[int], skolear: Skolear) -> Q:
    """Søknader of ``skolear`` registered after the deadline that applies to them, one branch per county."""
    ordinaer = Q(behandlingskategori__gruppe=Behandlingskategori.Gruppe.ORDINAER)
    q = Q(pk__in=[])
    for f in fylke_ids:
        q |= Q(fylke_id=f, skolear=skolear) & (
            (ordinaer & Q(registrert__gte=_dagen_etter(_frist(f, skolear, "inntak.soknadsfrist"))))
            | (~ordinaer & Q(registrert__gte=_dagen_etter(_frist(f, skolear, "inntak.fortrinnsfrist"))))
        )
    return q


def sok_soknader(
    bruker,
    tekst: str = "",
    *,
    skolear: Skolear | None = None,
    niva: str = "",
    skole_id: int | None = None,
    tilbud_id: int | None = None,
    kategori: str = "",
    etter_fristen: bool = False,
) -> QuerySet[Soknad]:
    """Search by name or fødselsnummer (prefix), school, tilbud, behandlingskategori and (within a school year)
    søknader registered after the deadline."""
    qs = soknader_for(bruker)
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
        if etter_fristen:
            fylker = [bruker.fylke_id] if bruker.fylke_id else Fylke.objects.values_list("pk", flat=True)
            qs = qs.filter(etter_fristen_q(fylker, skolear))
    if niva:
        qs = qs.filter(niva=niva)
    if kategori:
        qs = qs.filter(behandlingskategori__kode=kategori)
    if tilbud_id:
        qs = qs.filter(onsker__tilbud_id=tilbud_id)
    elif skole_id:
        qs = qs.filter(onsker__tilbud__skole_id=skole_id)
    tekst = (tekst or "").strip()
    siffer = tekst.replace(" ", "")
    if siffer.isdigit():
        qs = qs.filter(person__fodselsnummer__startswith=siffer)
    else:
        for ord_ in tekst.split():
            qs = qs.filter(
                Q(person__fornavn__icontains=ord_)
                | Q(person__etternavn__icontains=ord_)
                | Q(person__mellomnavn__icontains=ord_)
            )
    if tilbud_id or skole_id:
        qs = qs.distinct()
    return qs.order_by("person__etternavn", "person__fornavn", "pk")


def onsker_for(soknad: Soknad) -> QuerySet[Onske]:
    return soknad.onsker.select_related(
        "tilbud__skole", "tilbud__programomrade__utdanningsprogram", "tilbud__skolear"
    ).order_by("nr")


def karakterer_for(soknad: Soknad) -> QuerySet[Karakter]:
    """The grades that count for this søknad's level (see ``inntak.poeng_sql.TRINN_FOR_NIVA``)."""
    return (
        Karakter.objects.filter(person_id=soknad.person_id, trinn__in=TRINN_FOR_NIVA[soknad.niva])
        .select_related("fag")
        .order_by("trinn", "fag_id", "vurdering", "privatist")
    )


def alle_karakterer(person) -> QuerySet[Karakter]:
    return (
        Karakter.objects.filter(person=person).select_related("fag").order_by("trinn", "fag_id", "vurdering")
    )


def regel_karakterer(soknad: Soknad, rader=None) -> list[RegelKarakter]:
    """The søknad's grades as ``inntak.regler.Karakter`` rows (input of the Python calculation). ``rader``: the
    søknad's Karakter rows already read, in ``karakterer_for``'s order (the portal reads them once per page)."""
    return [
        RegelKarakter(
            fag=k.fag_id,
            vurdering=k.vurdering,
            karakter=k.karakter,
            fagtype=k.regel_fagtype,
            dokumentert_fravaer=k.dokumentert_fravaer,
            trinn=None if k.trinn == Trinn.GS else k.trinn,
            privatist=k.privatist,
        )
        for k in (karakterer_for(soknad) if rader is None else rader)
    ]


def forklar_poeng(soknad: Soknad, avrunding: str | None = None) -> Resultat:
    """Points with the line-by-line explanation, computed on demand by ``inntak.regler`` (same numbers as SQL).

    Uses the reading (A/B) of the stored batch result when there is one, so the page explains the stored points
    (a reading the rule set no longer offers, B for 2025-2026 onward, gives the rule set's own).
    """
    if avrunding is None:
        lagret = getattr(soknad, "poeng", None)  # a missing reverse one-to-one is an AttributeError
        lagret_lesemate = lagret.avrunding if lagret is not None else None
        regelsett = regelsett_med_lagret_lesemate(soknad.skolear.kode, lagret_lesemate)
    else:
        regelsett = regelsett_for(soknad.skolear.kode, avrunding)
    return beregn_poeng(regel_karakterer(soknad), niva=soknad.niva, regelsett=regelsett)


def tilbud_for(bruker, skolear: Skolear | None = None) -> QuerySet[Tilbud]:
    qs = avgrens(Tilbud.objects.select_related("skole", "programomrade", "skolear"), bruker)
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    return qs.order_by("skole__navn", "programomrade__kode")


def tilbud_med_antall(bruker, skolear: Skolear | None) -> QuerySet[Tilbud]:
    return tilbud_for(bruker, skolear).annotate(
        antall_sokere=Count("onsker", distinct=True),
        antall_forstevalg=Count("onsker", filter=Q(onsker__nr=1), distinct=True),
    )


def sokere_til_tilbud(tilbud: Tilbud) -> QuerySet[Onske]:
    """Everyone who wished the tilbud, by wish number and then points (highest first)."""
    return tilbud.onsker.select_related(
        "soknad__person", "soknad__poeng", "soknad__behandlingskategori"
    ).order_by("nr", "-soknad__poeng__poeng", "soknad__person__etternavn")


def arbeidsko(bruker, skolear: Skolear | None = None) -> QuerySet[Soknad]:
    """Fortrinn and individuell cases that have no vedtak yet, oldest first."""
    qs = soknader_for(bruker).filter(
        behandlingskategori__gruppe__in=[
            Behandlingskategori.Gruppe.FORTRINN,
            Behandlingskategori.Gruppe.INDIVIDUELL,
        ]
    )
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    return qs.filter(~Exists(Vedtak.objects.filter(soknad=OuterRef("pk")))).order_by("registrert", "pk")


def antall_per_niva(bruker, skolear: Skolear | None) -> list[dict]:
    qs = soknader_for(bruker)
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    rader = (
        qs.order_by()
        .values("niva")
        .annotate(
            antall=Count("pk", distinct=True),
            beregnet=Count("poeng", distinct=True),
            individuell=Count("pk", filter=Q(poeng__individuell_behandling=True), distinct=True),
        )
    )
    return [{**r, "navn": Niva(r["niva"]).label} for r in sorted(rader, key=lambda r: r["niva"])]


def standard_skolear(bruker) -> Skolear | None:
    """The school year the intake works on: the latest with søknader in the user's scope, else next August's."""
    kode = soknader_for(bruker).order_by("-skolear__kode").values_list("skolear__kode", flat=True).first()
    if kode:
        return Skolear.objects.get(kode=kode)
    return Skolear.objects.filter(kode=neste_inntaksar(timezone.localdate()).kode).first()


def kan_se_dokumenter(bruker) -> bool:
    """Vedtak documents are sensitive (health, sakkyndig vurdering): særtilgang only."""
    return bruker.has_perm(SAERTILGANG)


def soknader_for_person(bruker, person) -> QuerySet[Soknad]:
    return soknader_for(bruker).filter(person=person).order_by("-skolear__kode")


def onsker_last_av_runde(soknad) -> int | None:
    """The latest published round the søknad took part in: from then on the wishes are binding and change only as
    a logged exception (docs/inntak/runder.md). A søknad registered after a round was published (a late or
    gjesteelev applicant) is not locked by it: the applicant may change the wishes until the deadline, until a
    published round has included the søknad."""
    from inntak.models import Tildeling

    return (
        Tildeling.objects.filter(soknad_id=soknad.pk, inntakskjoring__publisert=True)
        .order_by("-runde")
        .values_list("runde", flat=True)
        .first()
    )


def nye_henvendelser(bruker, skolear: Skolear | None = None) -> QuerySet[Soknad]:
    """Søknader where the applicant asked for fortrinnsrett / individuell behandling or sent documents in the
    portal and no vedtak is made yet, newest request or document first (``siste_henvendelse``)."""
    from django.db.models import Max
    from django.db.models.functions import Coalesce, Greatest

    from inntak.models import Behandlingsonske, SoknadDokument

    aktiv = Behandlingsonske.objects.filter(soknad=OuterRef("pk"), status=Behandlingsonske.Status.MOTTATT)
    dokumenter = SoknadDokument.objects.filter(soknad=OuterRef("pk"))
    qs = soknader_for(bruker).filter(Q(Exists(aktiv)) | Q(Exists(dokumenter)))
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    siste_onske = Max("behandlingsonsker__sendt")
    siste_dok = Max("sokerdokumenter__lastet_opp")
    return (
        qs.filter(~Exists(Vedtak.objects.filter(soknad=OuterRef("pk"))))
        .annotate(
            siste_henvendelse=Greatest(Coalesce(siste_onske, siste_dok), Coalesce(siste_dok, siste_onske)),
            antall_dokumenter=Count("sokerdokumenter", distinct=True),
        )
        .order_by("-siste_henvendelse", "-pk")
    )
