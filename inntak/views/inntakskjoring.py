"""Caseworker UI of the intake run: list, start (job 1I001), progress, run page with summary and chart,
publish, per-tilbud lists with CSV/XLSX export, compare two runs, JSON downloads, public thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inntak import filtre, tabeller
from inntak.kjoring import eksport, livslop, selectors, services
from inntak.kjoring.skjema import KjorInntakSkjema, PubliserSkjema
from inntak.models import Inntakskjoring
from inntak.motor import til_json_tekst
from inntak.selectors import standard_skolear, tilbud_for
from kodeverk.models import Fylke, Skolear
from vigo import selectors as vigo_selectors
from vigo.jobber import tjenester
from vigo.parametere.selectors import parameter
from vigo.revisjon import logg_innsyn

SE = "inntak.view_inntakskjoring"


def hent_kjoring(request, pk: int) -> Inntakskjoring:
    return get_object_or_404(selectors.kjoringer_for(request.user), pk=pk)


@login_required
@permission_required(SE, raise_exception=True)
def liste(request):
    kjoringer = selectors.kjoringer_for(request.user)
    filtersett = filtre.KjoringFilter(request.GET, kjoringer, bruker=request.user)
    tabell = tabeller.konfigurer(tabeller.KjoringTabell(filtersett.qs, filtersett=filtersett), request)
    return render(request, "inntak/kjoring/liste.html", {"tabell": tabell})


@login_required
@permission_required(["inntak.add_inntakskjoring", "vigo.add_kjoring"], raise_exception=True)
def ny(request):
    """Start job 1I001. Capacity changes are typed in a table of the county's tilbud (names, today's capacity,
    new capacity) and sent to the job as «tilbud-id=plasser»; the lottery is reused by default."""
    fylke = request.user.fylke
    if fylke is None:
        raise PermissionDenied(_("Brukeren har ikke noe fylke."))
    kapasitetsfeil: list[str] = []
    if request.method == "POST":
        data = request.POST.copy()
        rader = selectors.kapasitetstabell(request.user, fylke, data.get("skolear"), data.get("niva"))
        endringer, kapasitetsfeil = selectors.les_kapasitetstabell(rader, data)
        data["kapasitet"] = "\n".join(f"{t}={p}" for t, p in endringer.items())
        skjema = KjorInntakSkjema(data)
        if skjema.is_valid() and not kapasitetsfeil:
            try:
                kj = tjenester.start_kjoring("1I001", fylke, request.user, parametere=data.dict())
            except (ValidationError, tjenester.KjoringFeil, PermissionDenied) as feil:
                # PermissionDenied here is the publish right (starting was checked by the decorator): say why.
                skjema.add_error(None, " ".join(getattr(feil, "messages", [str(feil)])))
            else:
                return redirect("inntak:ik_jobb", kjoring_pk=kj.pk)
        for rad in rader:
            rad["ny"] = data.get(f"kap_{rad['tilbud'].pk}", rad["ny"])
    else:
        skolear = standard_skolear(request.user)
        initial = {"skolear": skolear.kode if skolear else None, "simulering": True, "loddtrekning": "samme"}
        initial.update({k: v for k, v in request.GET.items() if k in KjorInntakSkjema.base_fields})
        if "simulering" in request.GET:
            initial["simulering"] = request.GET["simulering"] not in ("", "0", "false")
        skjema = KjorInntakSkjema(initial=initial)
        rader = selectors.kapasitetstabell(
            request.user, fylke, initial.get("skolear"), initial.get("niva", "VG1")
        )
        kilde = request.GET.get("seed_fra", "")
        if kilde.isdigit():  # start from the capacity of the run the lottery is taken from
            fra = (
                selectors.kjoringer_for(request.user)
                .filter(pk=int(kilde))
                .values_list("kapasitetsoverstyring", flat=True)
                .first()
            )
            for rad in rader:
                rad["ny"] = (fra or {}).get(str(rad["tilbud"].pk), rad["ny"])
    d = skjema.data if skjema.is_bound else skjema.initial
    kandidater = selectors.kjoringer_for(request.user).filter(fylke=fylke).order_by("-opprettet")
    if d.get("skolear"):
        kandidater = kandidater.filter(skolear__kode=d.get("skolear"))
    return render(request, "inntak/kjoring/ny.html", {
        "skjema": skjema, "rader": rader, "kapasitetsfeil": kapasitetsfeil, "kandidater": kandidater[:50],
        "seed_fra": str(d.get("seed_fra") or ""),
        # The table is long (every open tilbud): open it when the caseworker came to change capacity, or to fix it.
        "kapasitet_apen": bool(kapasitetsfeil) or "seed_fra" in request.GET
        or any(str(r["ny"]) != str(r["plasser"]) for r in rader),
    })  # fmt: skip


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
    kontekst = {
        "ik": ik,
        "tilbud": tabeller.tilbudstabell(request, ik),
        "fordeling": selectors.fordeling(ik),
        "hendelser": ik.hendelser.select_related("bruker")[:20],
        "jobb": ik.kjoring,
        "tilstand": livslop.tilstand(ik),
        "kan_publisere": livslop.kan(ik, livslop.Handling.PUBLISER)
        and request.user.has_perm("inntak.change_inntakskjoring")
        and request.user.skole_id is None,
        "kan_slette": (livslop.kan(ik, livslop.Handling.SLETT) or livslop.kan(ik, livslop.Handling.FORKAST))
        and request.user.has_perm("inntak.delete_inntakskjoring")
        and request.user.skole_id is None,
        "endret_kapasitet": selectors.endret_kapasitet(ik),
        "frist_passert": ik.svarfrist is not None and ik.svarfrist < timezone.localdate(),
    }
    return render(request, "inntak/kjoring/detalj.html", kontekst)


@login_required
@permission_required("inntak.change_inntakskjoring", raise_exception=True)
def publiser(request, pk: int):
    """The confirmed publishing step: GET shows what will be sent, POST publishes with the confirmed count."""
    ik = hent_kjoring(request, pk)
    if request.user.skole_id is not None:
        raise PermissionDenied(_("Skolebrukere kan ikke publisere inntak."))
    if not livslop.kan(ik, livslop.Handling.PUBLISER):
        messages.error(request, livslop.HVORFOR_IKKE[livslop.tilstand(ik)])
        return redirect("inntak:ik_detalj", pk=ik.pk)
    dager = parameter(ik.fylke_id, ik.skolear_id, "inntak.svarfrist_dager")
    skjema = PubliserSkjema(request.POST or None, antall=ik.antall_sokere, svarfrist_dager=dager)
    if request.method == "POST" and skjema.is_valid():
        try:
            services.publiser_runde(ik, bruker=request.user, svarfrist=skjema.cleaned_data["svarfrist"],
                                    bekreftet_antall=skjema.cleaned_data["antall"])  # fmt: skip
        except ValidationError as feil:
            for melding in feil.messages[:10]:
                skjema.add_error(None, melding)
        else:
            messages.success(request, _("Runde %(r)d er publisert.") % {"r": ik.runde})
            return redirect("inntak:ik_detalj", pk=ik.pk)
    return render(request, "inntak/kjoring/publiser.html",
                  {"ik": ik, "skjema": skjema, "tall": selectors.publiseringsgrunnlag(ik)})  # fmt: skip


@login_required
@require_POST
@permission_required("inntak.delete_inntakskjoring", raise_exception=True)
def slett(request, pk: int):
    ik = hent_kjoring(request, pk)
    simulering = ik.simulering
    try:
        services.slett_kjoring(ik, bruker=request.user, begrunnelse=request.POST.get("begrunnelse", ""))
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
        return redirect("inntak:ik_detalj", pk=ik.pk)
    messages.success(request, _("Prøveinntaket er slettet.") if simulering else _("Kjøringen er forkastet."))
    return redirect("inntak:ik_liste")


@login_required
@permission_required(SE, raise_exception=True)
def tilbud(request, pk: int, tilbud_pk: int):
    """Admitted list and waitlist of one tilbud in the run; ?format=csv|xlsx exports (audited)."""
    ik = hent_kjoring(request, pk)
    t = get_object_or_404(tilbud_for(request.user), pk=tilbud_pk)
    grenser = list(selectors.per_tilbud(ik, request.user).filter(tilbud=t))  # points, then the § 4-6 quota
    if not grenser:
        raise Http404
    grense, kvotegrense = grenser[0], (grenser[1] if len(grenser) > 1 else None)
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
                  {"ik": ik, "t": t, "grense": grense, "kvotegrense": kvotegrense, "inne": inne,
                   "venter": venter})  # fmt: skip


@login_required
@permission_required(SE, raise_exception=True)
def sammenlign(request, pk: int):
    """Compare this run with another of the same county, skoleår and nivå, always from the older to the newer."""
    denne = hent_kjoring(request, pk)
    kandidater = (
        selectors.kjoringer_for(request.user)
        .filter(fylke=denne.fylke, skolear=denne.skolear, niva=denne.niva)
        .exclude(pk=denne.pk)
        .order_by("-opprettet")[:50]
    )
    a, b, ut, annen = denne, None, None, None
    med = request.GET.get("med", "")
    if med.isdigit():
        annen = hent_kjoring(request, int(med))
        if (annen.fylke_id, annen.skolear_id, annen.niva) != (denne.fylke_id, denne.skolear_id, denne.niva):
            raise Http404
        if annen.pk == denne.pk:
            raise Http404
        a, b = selectors.i_rekkefolge(denne, annen)
        side = request.GET.get("side", "1")
        tilbud_id = request.GET.get("tilbud", "")
        ut = selectors.sammenlign(
            a, b, request.user, retning=request.GET.get("retning", ""),
            tilbud_id=int(tilbud_id) if tilbud_id.isdigit() else None, side=int(side) if side.isdigit() else 1,
        )  # fmt: skip
        logg_innsyn("vis", f"Sammenligning av inntakskjøring {a.pk} og {b.pk}", request=request, fylke=a.fylke,
                    antall=len(ut["flyttet"]))  # fmt: skip
    return render(request, "inntak/kjoring/sammenlign.html", {
        "denne": denne, "annen": annen, "a": a, "b": b, "ut": ut, "kandidater": kandidater,
        "retning": request.GET.get("retning", ""), "tilbud_valgt": request.GET.get("tilbud", ""),
    })  # fmt: skip


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
    """Public (no login): published thresholds per county, skoleår and round. Tilbud-level numbers only.

    The latest published round is shown unless the visitor picks another (or all); rows are plain values grouped
    per nivå and round, so even every round of a county renders fast (see ``make bench``).
    """
    fylker = Fylke.objects.filter(inntakskjoringer__publisert=True).distinct().order_by("nummer")
    fylke = fylker.filter(nummer=request.GET.get("fylke")).first() or fylker.first()
    arene = Skolear.objects.filter(inntakskjoringer__publisert=True, inntakskjoringer__fylke=fylke).distinct()
    skolear = arene.filter(kode=request.GET.get("skolear")).first() or arene.order_by("-kode").first()
    runder = selectors.publiserte_runder(fylke.pk, skolear.pk) if fylke and skolear else []
    valgt = request.GET.get("runde", "")
    runde = int(valgt) if valgt.isdigit() and int(valgt) in runder else None
    if runde is None and valgt != "alle" and runder:
        runde = runder[-1]  # the current thresholds: the latest published round
    sok = request.GET.get("q", "").strip()[:100]
    grupper = selectors.publiserte_grenser_gruppert(fylke.pk, skolear.pk, runde, sok) if runder else []
    return render(request, "inntak/kjoring/poenggrenser.html", {
        "fylker": fylker, "fylke": fylke, "arene": arene.order_by("-kode"), "skolear": skolear, "runder": runder,
        "runde": runde, "alle": valgt == "alle", "sok": sok, "grupper": grupper,
        "antall": sum(len(g["rader"]) for g in grupper),
    })  # fmt: skip
