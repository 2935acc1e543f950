"""Lærlingtilskudd pages (docs/fagopplaering/tilskudd.md): the computations with the start of job 5A113, one
computation per company, one company's lines, and one contract's lines with the explanation of every month.

Read-only: a computation is made by the job (``fagopplaering.jobber.tilskudd``), which calls the service. Pages that
show persons (a company's lines, a contract) are logged as innsyn like the other person pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from fagopplaering.jobber.tilskudd import KODE, forrige_halvar
from fagopplaering.models import Bedrift, Kontrakt, Tilskuddsberegning, Tilskuddsutbetaling
from fagopplaering.selectors import tilskudd as sel
from vigo import jobber
from vigo.models import Innsyn, Kjoring
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens

PER_SIDE = 50
TILLATELSE = "fagopplaering.view_tilskuddsberegning"


def _beregning(request, pk: int) -> Tilskuddsberegning:
    try:
        return sel.beregning(request.user, pk)
    except Tilskuddsberegning.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required(TILLATELSE, raise_exception=True)
def tilskudd(request):
    """The computations (newest period first), the job that makes them and its latest runs."""
    from django.utils import timezone

    qs = sel.beregninger(request.user)
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    ar, halvar = forrige_halvar(timezone.localdate())
    kjoringer = list(
        avgrens(Kjoring.objects.filter(kode=KODE), request.user).order_by("-opprettet", "-pk")[:5]
    )
    return render(request, "fagopplaering/tilskudd_liste.html", {
        "side": side, "jobb": jobber.hent(KODE) if jobber.finnes(KODE) else None, "neste_ar": ar,
        "neste_halvar": halvar, "kjoringer": kjoringer,
    })  # fmt: skip


@login_required
@permission_required(TILLATELSE, raise_exception=True)
def tilskudd_beregning(request, pk: int):
    """One computation: its rates, sums per ordning and the payment list per company (searchable, paginated)."""
    b = _beregning(request, pk)
    q = request.GET.get("q", "").strip()
    qs = sel.utbetalinger(request.user, b, q=q)
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    satser = [{"skolear": kode, **verdier} for kode, verdier in sorted(b.satser.get("skolear", {}).items())]
    filsum = qs.aggregate(s=Sum("belop"))["s"] if q else None
    return render(request, "fagopplaering/tilskudd_beregning.html", {
        "b": b, "side": side, "q": q, "per_ordning": sel.per_ordning(request.user, b), "satser": satser,
        "filsum": filsum,
    })  # fmt: skip


@login_required
@permission_required(TILLATELSE, raise_exception=True)
def tilskudd_bedrift(request, pk: int, bedrift_pk: int):
    """One company's lines in a computation: contract, lærling, month, ordning, days, sats and amount."""
    b = _beregning(request, pk)
    try:
        utbetaling = sel.utbetalinger(request.user, b).get(bedrift_id=bedrift_pk)
    except Tilskuddsutbetaling.DoesNotExist:
        raise Http404 from None
    bedrift: Bedrift = utbetaling.bedrift
    side = Paginator(sel.linjer_for_bedrift(request.user, b, bedrift_pk), PER_SIDE).get_page(
        request.GET.get("side")
    )
    logg_innsyn(Innsyn.Handling.VIS, f"Lærlingtilskudd for bedrift {bedrift.orgnr}", request=request,
                antall=len(side.object_list), fylke=b.fylke)  # fmt: skip
    return render(request, "fagopplaering/tilskudd_bedrift.html", {
        "b": b, "bedrift": bedrift, "utbetaling": utbetaling, "side": side,
    })  # fmt: skip


@login_required
@permission_required(TILLATELSE, raise_exception=True)
def tilskudd_kontrakt(request, kontrakt_pk: int):
    """Every computed month of one contract, with the rule's explanation of each."""
    try:
        k = sel.kontrakt(request.user, kontrakt_pk)
    except Kontrakt.DoesNotExist:  # also a contract of another county
        raise Http404 from None
    data = sel.kontraktforklaring(request.user, k)
    logg_innsyn(Innsyn.Handling.VIS, "Lærlingtilskudd for kontrakt", request=request, person=k.person,
                fylke=k.fylke)  # fmt: skip
    return render(request, "fagopplaering/tilskudd_kontrakt.html", {"k": k, **data})


urlpatterns = [
    path("tilskudd/", tilskudd, name="tilskudd"),
    path("tilskudd/<int:pk>/", tilskudd_beregning, name="tilskudd_beregning"),
    path("tilskudd/<int:pk>/bedrift/<int:bedrift_pk>/", tilskudd_bedrift, name="tilskudd_bedrift"),
    path("tilskudd/kontrakt/<int:kontrakt_pk>/", tilskudd_kontrakt, name="tilskudd_kontrakt"),
]
