"""Caseworker UI of the intake run: list, start (job 1I001), progress, run page with summary and chart,
publish, per-tilbud lists with CSV/XLSX export, compare two runs, JSON downloads, public thresholds."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inntak.kjoring import eksport, selectors, services
from inntak.kjoring.skjema import KjorInntakSkjema
from inntak.models import Inntakskjoring
from inntak.motor import til_json_tekst
from inntak.selectors import standard_skolear, tilbud_for
from kodeverk.models import Fylke, Skolear
from vigo import selectors as vigo_selectors
from vigo.jobber import tjenester
from vigo.revisjon import logg_innsyn

SE = "inntak.view_inntakskjoring"


def hent_kjoring(request, pk: int) -> Inntakskjoring:
    return get_object_or_404(selectors.kjoringer_for(request.user), pk=pk)


@login_required
@permission_required(SE, raise_exception=True)
def liste(request):
    kjoringer = selectors.kjoringer_for(request.user).order_by("-opprettet")[:200]
    return render(request, "inntak/kjoring/liste.html", {"kjoringer": kjoringer})


@login_required
@permission_required(["inntak.add_inntakskjoring", "vigo.add_kjoring"], raise_exception=True)
def ny(request):
    fylke = request.user.fylke
    if fylke is None:
        raise PermissionDenied(_("Brukeren har ikke noe fylke."))
    if request.method == "POST":
        skjema = KjorInntakSkjema(request.POST)
        if skjema.is_valid():
            d = skjema.cleaned_data
            try:
                services.sjekk_runde(fylke, d["skolear"], d["niva"], d["runde"], d["simulering"])
                kj = tjenester.start_kjoring("1I001", fylke, request.user, parametere=request.POST.dict())
            except ValidationError as feil:
                skjema.add_error(None, feil)
            except tjenester.KjoringFeil as feil:
                messages.error(request, str(feil))
            else:
                return redirect("inntak:ik_jobb", kjoring_pk=kj.pk)
    else:
        skolear = standard_skolear(request.user)
        initial = {"skolear": skolear.kode if skolear else None, "simulering": True}
        initial.update({k: v for k, v in request.GET.items() if k in KjorInntakSkjema.base_fields})
        if "simulering" in request.GET:
            initial["simulering"] = request.GET["simulering"] not in ("", "0", "false")
        skjema = KjorInntakSkjema(initial=initial)
    return render(request, "inntak/kjoring/ny.html", {"skjema": skjema})


@login_required
@permission_required(SE, raise_exception=True)
def jobb(request, kjoring_pk: int):
    """Progress of job 1I001 (polls vigo's progress partial); redirects to the run when it exists."""
    kj = get_object_or_404(vigo_selectors.kjoringer_for(request.user), pk=kjoring_pk, kode="1I001")
    ik = Inntakskjoring.objects.filter(kjoring=kj).only("pk").first()
    if ik is not None and not kj.aktiv:
        return redirect("inntak:ik_detalj", pk=ik.pk)
    return render(request, "inntak/kjoring/jobb.html", {"k": kj, "logg": kj.logg.all()[:200], "filer": []})


@login_required
@permission_required(SE, raise_exception=True)
def detalj(request, pk: int):
    ik = hent_kjoring(request, pk)
    andre = (
        selectors.kjoringer_for(request.user)
        .filter(fylke=ik.fylke, skolear=ik.skolear, niva=ik.niva)
        .exclude(pk=ik.pk)
        .order_by("-opprettet")[:30]
    )
    kontekst = {
        "ik": ik,
        "tilbud": selectors.per_tilbud(ik, request.user),
        "fordeling": selectors.fordeling(ik),
        "andre": andre,
        "hendelser": ik.hendelser.select_related("bruker")[:20],
        "jobb": ik.kjoring,
    }
    return render(request, "inntak/kjoring/detalj.html", kontekst)


@login_required
@require_POST
@permission_required("inntak.change_inntakskjoring", raise_exception=True)
def publiser(request, pk: int):
    ik = hent_kjoring(request, pk)
    svarfrist = request.POST.get("svarfrist") or None
    try:
        frist = datetime.date.fromisoformat(svarfrist) if svarfrist else None
        services.publiser_runde(ik, bruker=request.user, svarfrist=frist)
    except ValueError:
        messages.error(request, _("Ugyldig svarfrist."))
    except ValidationError as feil:
        for melding in feil.messages[:10]:
            messages.error(request, melding)
    else:
        messages.success(request, _("Runde %(r)d er publisert.") % {"r": ik.runde})
    return redirect("inntak:ik_detalj", pk=ik.pk)


@login_required
@require_POST
@permission_required("inntak.delete_inntakskjoring", raise_exception=True)
def slett(request, pk: int):
    ik = hent_kjoring(request, pk)
    try:
        services.slett_simulering(ik, bruker=request.user)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
        return redirect("inntak:ik_detalj", pk=ik.pk)
    messages.success(request, _("Prøveinntaket er slettet."))
    return redirect("inntak:ik_liste")


@login_required
@permission_required(SE, raise_exception=True)
def tilbud(request, pk: int, tilbud_pk: int):
    """Admitted list and waitlist of one tilbud in the run; ?format=csv|xlsx exports (audited)."""
    ik = hent_kjoring(request, pk)
    t = get_object_or_404(tilbud_for(request.user), pk=tilbud_pk)
    grense = selectors.per_tilbud(ik, request.user).filter(tilbud=t).first()
    if grense is None:
        raise Http404
    inne = list(selectors.tildelte(ik, t))
    venter = list(selectors.venteliste(ik, t))
    format_ = request.GET.get("format")
    if format_ in eksport.FORMATER:
        logg_innsyn("eksport", f"Inntakskjøring {ik.pk}: tildelte og venteliste {t} ({format_})",
                    request=request, fylke=ik.fylke, antall=len(inne) + len(venter))  # fmt: skip
        innhold, typ = eksport.tilbudsliste(inne, venter, format_)
        resp = HttpResponse(innhold, content_type=typ)
        resp["Content-Disposition"] = f'attachment; filename="inntak_{ik.pk}_tilbud_{t.pk}.{format_}"'
        return resp
    logg_innsyn("vis", f"Inntakskjøring {ik.pk}: tildelte og venteliste {t}", request=request, fylke=ik.fylke,
                antall=len(inne) + len(venter))  # fmt: skip
    return render(request, "inntak/kjoring/tilbud.html",
                  {"ik": ik, "t": t, "grense": grense, "inne": inne, "venter": venter})  # fmt: skip


@login_required
@permission_required(SE, raise_exception=True)
def sammenlign(request, pk: int):
    a = hent_kjoring(request, pk)
    kandidater = (
        selectors.kjoringer_for(request.user)
        .filter(fylke=a.fylke, skolear=a.skolear, niva=a.niva)
        .exclude(pk=a.pk)
        .order_by("-opprettet")[:50]
    )
    b, ut = None, None
    med = request.GET.get("med", "")
    if med.isdigit():
        b = hent_kjoring(request, int(med))
        if (b.fylke_id, b.skolear_id, b.niva) != (a.fylke_id, a.skolear_id, a.niva) or b.pk == a.pk:
            raise Http404
        ut = selectors.sammenlign(a, b, request.user)
        logg_innsyn("vis", f"Sammenligning av inntakskjøring {a.pk} og {b.pk}", request=request, fylke=a.fylke,
                    antall=len(ut["flyttet"]))  # fmt: skip
    return render(
        request, "inntak/kjoring/sammenlign.html", {"a": a, "b": b, "ut": ut, "kandidater": kandidater}
    )


@login_required
@permission_required(SE, raise_exception=True)
def json_fil(request, pk: int, hva: str):
    """The stored snapshot or result as the canonical JSON file (replay with ``manage.py inntaksmotor``)."""
    if hva not in ("snapshot", "resultat"):
        raise Http404
    ik = hent_kjoring(request, pk)
    if request.user.skole_id is not None:
        raise PermissionDenied(_("Skolebrukere kan ikke laste ned hele fylkets grunnlag."))
    dokument = Inntakskjoring.objects.values_list(hva, flat=True).get(pk=ik.pk)
    logg_innsyn("eksport", f"Inntakskjøring {ik.pk}: {hva} (JSON)", request=request, fylke=ik.fylke,
                antall=ik.antall_sokere)  # fmt: skip
    resp = HttpResponse(til_json_tekst(dokument), content_type="application/json; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="inntak_{ik.pk}_{hva}.json"'
    return resp


def poenggrenser(request):
    """Public (no login): published thresholds per county, skoleår and round. Tilbud-level numbers only."""
    fylker = Fylke.objects.filter(inntakskjoringer__publisert=True).distinct().order_by("nummer")
    fylke = fylker.filter(nummer=request.GET.get("fylke")).first() or fylker.first()
    arene = Skolear.objects.filter(inntakskjoringer__publisert=True, inntakskjoringer__fylke=fylke).distinct()
    skolear = arene.filter(kode=request.GET.get("skolear")).first() or arene.order_by("-kode").first()
    runde = request.GET.get("runde")
    runde = int(runde) if runde and runde.isdigit() else None
    grenser = selectors.publiserte_grenser(fylke.pk, skolear.pk, runde) if fylke and skolear else []
    return render(request, "inntak/kjoring/poenggrenser.html", {
        "fylker": fylker, "fylke": fylke, "arene": arene.order_by("-kode"), "skolear": skolear, "runde": runde,
        "grenser": grenser,
    })  # fmt: skip
