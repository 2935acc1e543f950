"""Reads of lærlingtilskudd (docs/fagopplaering/tilskudd.md): the computations, the sums per company, the lines of a
company or a contract, and the explanation of a stored line recomputed by ``fagopplaering.regler.tilskudd`` from
the contract and the rates the computation used. Everything is scoped to the user's county (``vigo.scoping``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from fagopplaering.models import Kontrakt, Tilskuddsberegning, Tilskuddslinje, Tilskuddsutbetaling
from fagopplaering.regler import tilskudd as regel
from fagopplaering.services.tilskudd import satser_for
from vigo.scoping import avgrens


def beregninger(bruker) -> QuerySet[Tilskuddsberegning]:
    """The computations the user may see, newest period first."""
    return avgrens(Tilskuddsberegning.objects.select_related("fylke", "kjoring"), bruker).order_by(
        "-fra", "-beregnet", "-pk"
    )


def beregning(bruker, pk: int) -> Tilskuddsberegning:
    """One computation (Http404 via DoesNotExist handling in the view when outside the user's county)."""
    return beregninger(bruker).get(pk=pk)


def utbetalinger(bruker, beregning: Tilskuddsberegning, *, q: str = "") -> QuerySet[Tilskuddsutbetaling]:
    """The payment list of a computation: one row per company, with name and orgnr, searchable."""
    qs = avgrens(Tilskuddsutbetaling.objects.filter(beregning=beregning), bruker).select_related("bedrift")
    q = q.strip()
    if q:
        qs = qs.filter(Q(bedrift__navn__icontains=q) | Q(bedrift__orgnr__startswith=q.replace(" ", "")))
    return qs.order_by("bedrift__navn", "bedrift_id")


def per_ordning(bruker, beregning: Tilskuddsberegning) -> list[dict]:
    """Sum, contract-months and contracts per ordning (BT1/BT2/LK) of a computation (one query)."""
    return list(
        avgrens(Tilskuddslinje.objects.filter(beregning=beregning), bruker)
        .values("ordning")
        .annotate(belop=Sum("belop"), linjer=Count("pk"), kontrakter=Count("kontrakt_id", distinct=True))
        .order_by("ordning")
    )


def linjer_for_bedrift(bruker, beregning: Tilskuddsberegning, bedrift_id: int) -> QuerySet[Tilskuddslinje]:
    """The lines of one company in a computation, per contract and month, with the contract's person and fag."""
    return (
        avgrens(Tilskuddslinje.objects.filter(beregning=beregning, bedrift_id=bedrift_id), bruker)
        .select_related("kontrakt__person", "kontrakt__programomrade", "kontrakt__kontraktstype")
        .order_by("kontrakt_id", "maned")
    )


def linjer_for_kontrakt(bruker, kontrakt_id: int) -> QuerySet[Tilskuddslinje]:
    """Every line of a contract over all computations, newest computation first."""
    return (
        avgrens(Tilskuddslinje.objects.filter(kontrakt_id=kontrakt_id), bruker)
        .select_related("beregning", "bedrift")
        .order_by("-beregning__fra", "-beregning_id", "maned")
    )


def sum_for_bedrift(bruker, bedrift_id: int) -> list[dict]:
    """Per computation: what the company was computed (the company page's tilskudd summary)."""
    return list(
        avgrens(Tilskuddsutbetaling.objects.filter(bedrift_id=bedrift_id), bruker)
        .values("beregning_id", "beregning__fra", "beregning__til", "antall_kontrakter", "belop")
        .order_by("-beregning__fra")
    )


def kontrakt(bruker, pk: int) -> Kontrakt:
    return (
        avgrens(Kontrakt.objects.all(), bruker)
        .select_related("person", "bedrift", "programomrade", "kontraktstype")
        .get(pk=pk)
    )


# --- Explanations -----------------------------------------------------------------------------------------------


def grunnlag(k: Kontrakt, avbrudd: Iterable[tuple] | None = None) -> regel.Kontraktgrunnlag:
    """The rule's view of a contract. ``avbrudd`` as (fra, til) pairs when already read, else read here."""
    if avbrudd is None:
        avbrudd = k.avbrudd.order_by("fra").values_list("fra", "til")
    kt = k.kontraktstype
    return regel.Kontraktgrunnlag(
        laeretid_fra=k.laeretid_fra,
        laeretid_til=k.laeretid_til,
        netto_laeretid_mnd=k.netto_laeretid_mnd,
        status=k.status,
        godkjent_dato=k.godkjent_dato,
        ungdomsrett=k.ungdomsrett,
        kandidattype=kt.kandidattype,
        kontraktstype=kt.kode,
        gir_tilskudd=kt.gir_tilskudd,
        tilskudd=k.tilskudd,
        netto_opplaeringstid_mnd=k.netto_opplaeringstid_mnd,
        godskriving_mnd=k.godskriving_mnd,
        avsluttet_dato=k.avsluttet_dato,
        avbrudd=tuple((fra, til) for fra, til in avbrudd),
    )


@dataclass(frozen=True)
class Forklart:
    """A stored line with the rule's sentences; ``avvik`` when the contract has changed since the computation."""

    linje: Tilskuddslinje
    forklaring: tuple[str, ...]
    avvik: bool


def forklar_tall(
    g: regel.Kontraktgrunnlag,
    satser,
    maned,
    ordning: str,
    dager: int,
    dager_i_maned: int,
    belop: Decimal,
) -> tuple[tuple[str, ...], bool]:
    """The rule's sentences for a stored line given as plain values, and whether the rule now gives another
    amount, number of days or ordning (the contract changed after the computation). ``satser`` is the computation's
    stored ``satser`` or, when explaining many lines, ``services.tilskudd.satser_for(satser)`` made once."""
    hent = satser if callable(satser) else satser_for(satser)
    try:
        sats = hent(maned)
    except (
        KeyError
    ):  # a computation stored without its rates (not made by services.tilskudd.beregn): no rule text
        return (
            f"{regel.manedsnavn(maned).capitalize()}: beregnet {regel.kr(belop)} for {dager} av {dager_i_maned} "
            f"dager ({ordning}).",
            "Satsene som ble brukt, er ikke lagret med beregningen, så beløpet kan ikke forklares linje for linje.",
        ), True
    res = regel.beregn_maned(g, maned, sats, hent.startregel)
    if res is None:
        return (
            f"{regel.manedsnavn(maned).capitalize()}: beregnet {regel.kr(belop)} for {dager} av {dager_i_maned} "
            f"dager ({ordning}).",
            "Kontrakten er endret etter beregningen og gir ikke lenger tilskudd denne måneden; beløpet over er det "
            "som ble beregnet.",
        ), True
    if (res.belop, res.dager, res.ordning) == (belop, dager, ordning):
        return res.forklaring, False
    return res.forklaring + (
        f"Kontrakten er endret etter beregningen: beregnet ble {regel.kr(belop)} for {dager} dager ({ordning}); "
        "den lagrede linjen gjelder til tilskuddet beregnes på nytt.",
    ), True


def _forklar(linje: Tilskuddslinje, g: regel.Kontraktgrunnlag) -> Forklart:
    tekst, avvik = forklar_tall(
        g, linje.beregning.satser, linje.maned, linje.ordning, linje.dager, linje.dager_i_maned, linje.belop
    )
    return Forklart(linje, tekst, avvik)


def forklaring(linje: Tilskuddslinje) -> list[str]:
    """The rule's explanation of one stored line (recomputed from the contract and the computation's rates)."""
    return list(_forklar(linje, grunnlag(linje.kontrakt)).forklaring)


_GRUNNLAG_FELT = ("pk", "laeretid_fra", "laeretid_til", "netto_laeretid_mnd", "status", "godkjent_dato",
                  "ungdomsrett", "kontraktstype__kandidattype", "kontraktstype__kode", "kontraktstype__gir_tilskudd",
                  "tilskudd", "netto_opplaeringstid_mnd", "godskriving_mnd", "avsluttet_dato")  # fmt: skip


def grunnlag_for(kontrakt_ider: Iterable[int]) -> dict[int, regel.Kontraktgrunnlag]:
    """The rule's view of many contracts in two queries (no model instances: the job explains every line)."""
    from fagopplaering.models import Avbrudd

    ider = list(set(kontrakt_ider))
    avbrudd: dict[int, list[tuple]] = {}
    for kid, fra, til in (
        Avbrudd.objects.filter(kontrakt_id__in=ider)
        .order_by("fra", "pk")
        .values_list("kontrakt_id", "fra", "til")
    ):
        avbrudd.setdefault(kid, []).append((fra, til))
    ut = {}
    for (pk, fra, til, netto, status, godkjent, rett, kandidattype, kode, gir, tilskudd, opp, godskriving,
         avsluttet) in Kontrakt.objects.filter(pk__in=ider).values_list(*_GRUNNLAG_FELT):  # fmt: skip
        ut[pk] = regel.Kontraktgrunnlag(
            laeretid_fra=fra, laeretid_til=til, netto_laeretid_mnd=netto, status=status, godkjent_dato=godkjent,
            ungdomsrett=rett, kandidattype=kandidattype, kontraktstype=kode, gir_tilskudd=gir, tilskudd=tilskudd,
            netto_opplaeringstid_mnd=opp, godskriving_mnd=godskriving, avsluttet_dato=avsluttet,
            avbrudd=tuple(avbrudd.get(pk, ())),
        )  # fmt: skip
    return ut


def kontraktforklaring(bruker, k: Kontrakt) -> dict:
    """The contract page of tilskudd: the contract-level sentences (with the current start rule of each
    computation the contract is in) and the lines grouped by computation, each explained."""
    linjer = list(linjer_for_kontrakt(bruker, k.pk).select_related("kontrakt__kontraktstype"))
    g = grunnlag(k)
    grupper: dict[int, dict] = {}
    for linje in linjer:
        gruppe = grupper.setdefault(
            linje.beregning_id,
            {"beregning": linje.beregning, "linjer": [], "sum": Decimal("0.00"),
             "forklaring": regel.forklar_kontrakt(g, linje.beregning.satser.get("tilskudd_start",
                                                                              regel.FRA_LAERETID))},
        )  # fmt: skip
        gruppe["linjer"].append(_forklar(linje, g))
        gruppe["sum"] += linje.belop
    return {"grunnlag": g, "grupper": list(grupper.values()), "utelukket": regel.utelukket(g)}
