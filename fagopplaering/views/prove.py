"""The prøve pages (docs/fagopplaering/prove.md): the list by status and lærefag, oppmelding, the candidate page
(contract, every prøve, klager, documents and the timeline, with the actions the state allows), the documents as
PDF and the control report.

Reads go through ``fagopplaering.selectors.prove`` (scoped: another county's prøve is a 404); every POST is a service
call whose ValidationError is shown on the form. Every page that shows a person writes an Innsyn row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fagopplaering import forms_prove as skjema
from fagopplaering.models import Fagdokument, Klage, Kontrakt, Prove
from fagopplaering.regler import klage as klageregel
from fagopplaering.regler import prove as regel
from fagopplaering.selectors import prove as sel
from fagopplaering.selectors.nemnd import nemnder_for_prove
from fagopplaering.services import dokument as doktj
from fagopplaering.services import klage as klagetj
from fagopplaering.services import prove as tj
from fagopplaering.views.kontrakt import feil_til_skjema
from vigo.revisjon import eneste_person, logg_innsyn
from vigo.scoping import avgrens

S = Prove.Status
SIDE = 50
ENDRE = "fagopplaering.change_prove"


@login_required
@permission_required("fagopplaering.view_prove", raise_exception=True)
def prover(request):
    filter_ = skjema.ProveFilter(request.GET or None)
    data = filter_.cleaned_data if filter_.is_valid() else {}
    qs = sel.prover(request.user, q=data.get("q", ""), status=data.get("status") or None,
                    programomrade=data.get("programomrade"), kandidattype=data.get("kandidattype") or None,
                    resultat=data.get("resultat") or None)  # fmt: skip
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    if any(v not in (None, "") for v in data.values()):
        person = eneste_person(qs, "person") if side.paginator.count else None
        logg_innsyn("sok", "Prøvesøk", request=request, antall=side.paginator.count, person=person)
    elif side.object_list:
        logg_innsyn("vis", "Prøveliste", request=request, antall=len(side.object_list))
    sporring = request.GET.copy()
    sporring.pop("side", None)
    per_status = sel.antall_per_status(request.user)
    statuser = [(k, v, per_status.get(k, 0)) for k, v in S.choices]
    return render(request, "fagopplaering/prove_liste.html",
                  {"filter": filter_, "side": side, "sporring": sporring.urlencode(), "meny": "prover",
                   "statuser": statuser})  # fmt: skip


@login_required
@permission_required("fagopplaering.add_prove", raise_exception=True)
def prove_ny(request):
    kontrakt = None
    if request.GET.get("kontrakt"):
        kontrakt = get_object_or_404(avgrens(Kontrakt.objects.all(), request.user)
                                     .select_related("person", "programomrade", "bedrift", "kontraktstype", "fylke"),
                                     pk=request.GET["kontrakt"])  # fmt: skip
    form = skjema.OppmeldingSkjema(request.POST or None, bruker=request.user, kontrakt=kontrakt)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fylke = kontrakt.fylke if kontrakt else (request.user.fylke or form.person.fylke)
        try:
            p = tj.meld_opp(request.user, person=kontrakt.person if kontrakt else form.person,
                            kandidattype=d["kandidattype"], programomrade=kontrakt.programomrade if kontrakt
                            else d["programomrade"], fylke=fylke, oppmeldt_av=d["oppmeldt_av"], kontrakt=kontrakt,
                            oppmelder_bedrift=d.get("bedrift"), oppmelder_skole=d.get("skole"), dato=d["dato"])  # fmt: skip
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Oppmeldingen er registrert."))
            return redirect("fagopplaering:prove", pk=p.pk)
    if kontrakt is not None:
        logg_innsyn("vis", "Oppmelding til prøve", request=request, person=kontrakt.person)
    return render(request, "fagopplaering/prove_ny.html", {"skjema": form, "kontrakt": kontrakt, "meny": "prover"},
                  status=400 if form.errors else 200)  # fmt: skip


def _hent(request, pk: int) -> Prove:
    p = sel.prove_detalj(request.user, pk)
    if p is None:
        raise Http404
    return p


def _skjemaer(bruker, p: Prove) -> dict:
    """The actions the prøve's state and the user's rights allow, each with an empty form."""
    if not bruker.has_perm(ENDRE):
        return {}
    ut: dict = {}
    if p.status == S.OPPMELDT:
        ut["godkjenn"] = skjema.DatoSkjema(prefix="godkjenn")
        ut["avvis"] = skjema.GrunnSkjema(prefix="avvis")
        if p.proveavgift and not p.proveavgift_betalt:
            ut["avgift"] = skjema.DatoSkjema(prefix="avgift")
    if regel.kan_ga(p.status, S.TILDELT):
        ut["tildel"] = skjema.NemndSkjema(prefix="tildel", nemnder=nemnder_for_prove(p))
    if regel.kan_ga(p.status, S.PLANLAGT) and p.status in (S.TILDELT, S.PLANLAGT):
        ut["planlegg"] = skjema.PlanleggSkjema(prefix="planlegg", initial={"fra": p.fra_dato, "til": p.til_dato,
                                                                           "provested": p.provested})  # fmt: skip
    if p.status == S.PLANLAGT:
        ut["resultat"] = skjema.ResultatSkjema(prefix="resultat")
    if regel.kan_ga(p.status, S.UTSATT):
        ut["utsett"] = skjema.GrunnSkjema(prefix="utsett")
    if regel.kan_ga(p.status, S.TRUKKET):
        ut["trekk"] = skjema.GrunnSkjema(prefix="trekk")
    if p.status in (S.PLANLAGT, S.VURDERT):
        ut["annuller"] = skjema.GrunnSkjema(prefix="annuller")
    if klagetj.kan_klage(p) and not p.klager.filter(utfall="").exists():
        ut["klage"] = skjema.KlageSkjema(prefix="klage")
        if regel.kan_ta_ny_prove(p.forsok_nr, p.resultat) and not p.fortsettelser.exists():
            ut["ny"] = skjema.TomtSkjema(prefix="ny")
    ut["avgjor"] = {k.pk: skjema.AvgjorKlageSkjema(prefix=f"k{k.pk}") for k in p.klager.all() if not k.utfall}
    return ut


def _vis(request, p: Prove, *, bundet: dict | None = None, status: int = 200):
    skjemaer = _skjemaer(request.user, p)
    for navn, form in (bundet or {}).items():
        if isinstance(skjemaer.get(navn), dict) and isinstance(form, tuple):
            skjemaer[navn][form[0]] = form[1]
        else:
            skjemaer[navn] = form
    logg_innsyn("vis", "Prøve", request=request, person=p.person)
    dokumenter = list(sel.dokumenter_for_person(request.user, p.person_id))
    return render(request, "fagopplaering/prove_detalj.html", {
        "p": p, "meny": "prover", "skjemaer": skjemaer, "prover": sel.kandidatens_prover(request.user, p),
        "klager": p.klager.all(), "dokumenter": dokumenter, "tidslinje": sel.tidslinje(p),
        "klagefrist": klagetj.klagefrist(p),
        "tidligste": regel.tidligste_provedato(p.kontrakt.laeretid_til) if p.kontrakt_id else None,
        "oppmeldingsfrist": regel.oppmeldingsfrist(p.kontrakt.laeretid_til) if p.kontrakt_id else None,
        "ny_prove_tekst": regel.ny_prove_forklaring(p.forsok_nr, p.resultat) if p.resultat else "",
    }, status=status)  # fmt: skip


@login_required
@permission_required("fagopplaering.view_prove", raise_exception=True)
def prove(request, pk: int):
    return _vis(request, _hent(request, pk))


def _handling(request, pk: int, navn: str, klasse, kall, ok: str, *, nokkel=None, prefix=None, kwargs=None):
    if not request.user.has_perm(ENDRE):
        raise PermissionDenied(_("Du har ikke tilgang til å gjøre dette i fagopplæringen."))
    p = _hent(request, pk)
    form = klasse(request.POST, prefix=prefix or navn, **(kwargs(p) if kwargs else {}))
    if form.is_valid():
        try:
            resultat = kall(p, form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, ok)
            if isinstance(resultat, Prove) and resultat.pk != p.pk:
                return redirect("fagopplaering:prove", pk=resultat.pk)
            return redirect("fagopplaering:prove", pk=p.pk)
    return _vis(request, _hent(request, pk), bundet={navn: (nokkel, form) if nokkel is not None else form},
                status=400)  # fmt: skip


def _post(navn, klasse, kall, ok, **extra):
    @login_required
    @permission_required("fagopplaering.view_prove", raise_exception=True)
    @require_POST
    def visning(request, pk: int):
        return _handling(request, pk, navn, klasse, lambda p, d: kall(request.user, p, d), ok, **extra)

    visning.__name__ = f"prove_{navn}"
    return visning


prove_godkjenn = _post("godkjenn", skjema.DatoSkjema, lambda u, p, d: tj.godkjenn_oppmelding(u, p, dato=d["dato"]),
                       _("Oppmeldingen er godkjent."))  # fmt: skip
prove_avvis = _post("avvis", skjema.GrunnSkjema, lambda u, p, d: tj.avvis_oppmelding(u, p, grunn=d["grunn"]),
                    _("Oppmeldingen er avvist."))  # fmt: skip
prove_avgift = _post("avgift", skjema.DatoSkjema, lambda u, p, d: tj.registrer_betalt_avgift(u, p, dato=d["dato"]),
                     _("Prøveavgiften er registrert som betalt."))  # fmt: skip
prove_tildel = _post("tildel", skjema.NemndSkjema, lambda u, p, d: tj.tildel_nemnd(u, p, nemnd=d["nemnd"]),
                     _("Nemnda er tildelt."), kwargs=lambda p: {"nemnder": nemnder_for_prove(p)})  # fmt: skip
prove_planlegg = _post("planlegg", skjema.PlanleggSkjema,
                       lambda u, p, d: tj.planlegg(u, p, fra=d["fra"], til=d["til"], provested=d.get("provested", "")),
                       _("Prøvested og datoer er satt."))  # fmt: skip
prove_resultat = _post("resultat", skjema.ResultatSkjema,
                       lambda u, p, d: tj.registrer_resultat(u, p, resultat=d["resultat"], dato=d["dato"],
                                                             protokoll=d["protokoll"],
                                                             tilleggsprotokoll=d.get("tilleggsprotokoll", "")),
                       _("Resultatet er registrert, kontrakten har fått avslutningskode og dokumentene er laget."))  # fmt: skip
prove_utsett = _post("utsett", skjema.GrunnSkjema, lambda u, p, d: tj.utsett(u, p, grunn=d["grunn"]),
                     _("Prøven er utsatt. Planlegg den nye prøven."))  # fmt: skip
prove_trekk = _post("trekk", skjema.GrunnSkjema, lambda u, p, d: tj.trekk(u, p, grunn=d["grunn"]),
                    _("Oppmeldingen er trukket."))  # fmt: skip
prove_annuller = _post("annuller", skjema.GrunnSkjema, lambda u, p, d: tj.annuller(u, p, grunn=d["grunn"]),
                       _("Prøven er annullert."))  # fmt: skip
prove_ny_prove = _post("ny", skjema.TomtSkjema, lambda u, p, d: tj.meld_opp_ny(u, p),
                       _("Kandidaten er meldt opp til ny prøve."))  # fmt: skip
prove_klage = _post("klage", skjema.KlageSkjema,
                    lambda u, p, d: klagetj.registrer_klage(u, p, mottatt=d["mottatt"], type=d["type"],
                                                            begrunnelse=d.get("begrunnelse", "")),
                    _("Klagen er registrert."))  # fmt: skip


@login_required
@permission_required("fagopplaering.view_prove", raise_exception=True)
@require_POST
def klage_avgjor(request, pk: int):
    k = get_object_or_404(avgrens(Klage.objects.all(), request.user), pk=pk)

    def kall(p, d):
        return klagetj.avgjor_klage(request.user, k, utfall=d["utfall"], vedtak_dato=d["vedtak_dato"],
                                    begrunnelse=d.get("begrunnelse", ""), nytt_resultat=d.get("nytt_resultat", ""))  # fmt: skip

    return _handling(request, k.prove_id, "avgjor", skjema.AvgjorKlageSkjema, kall, _("Klagen er avgjort."),
                     nokkel=k.pk, prefix=f"k{k.pk}")  # fmt: skip


# --- Documents -----------------------------------------------------------------------------------------------------
def _dokument(request, pk: int) -> Fagdokument:
    return get_object_or_404(avgrens(Fagdokument.objects.all(), request.user).select_related("person"), pk=pk)


@login_required
@permission_required("fagopplaering.view_fagdokument", raise_exception=True)
def dokument_pdf(request, pk: int):
    dok = _dokument(request, pk)
    if not dok.fil:
        raise Http404
    logg_innsyn(
        "nedlasting", f"Dokument i fagopplæringen ({dok.dokumenttype})", request=request, person=dok.person
    )
    with dok.fil.open("rb") as fh:
        svar = HttpResponse(fh.read(), content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="{dok.dokumenttype}_{dok.pk}.pdf"'
    return svar


@login_required
@permission_required("fagopplaering.change_fagdokument", raise_exception=True)
@require_POST
def dokument_pa_nytt(request, pk: int):
    dok = _dokument(request, pk)
    try:
        nye = doktj.utsted_pa_nytt(request.user, dok)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
    else:
        stoppet = [d for d in nye if d.status == Fagdokument.Status.STOPPET]
        if stoppet:
            messages.error(
                request,
                _("Kontrollen stoppet fortsatt %(n)s dokument(er). Se meldingene.") % {"n": len(stoppet)},
            )
        else:
            messages.success(request, _("Dokumentene er utstedt."))
    return (
        redirect("fagopplaering:prove", pk=dok.prove_id)
        if dok.prove_id
        else redirect("fagopplaering:kontrollrapport")
    )


@login_required
@permission_required("fagopplaering.view_fagdokument", raise_exception=True)
def kontrollrapport(request):
    alle = request.GET.get("alle") == "1"
    qs = sel.kontrollrapport(request.user, bare_feil=not alle)
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    if side.object_list:
        logg_innsyn("vis", "Kontrollrapport for dokumenter", request=request, antall=len(side.object_list))
    return render(request, "fagopplaering/dokument_kontroll.html", {
        "side": side, "alle": alle, "meny": "dokumenter", "ikke_sendt": sel.ikke_sendt_nvb(request.user),
        "klageinstanser": klageregel.INSTANSNAVN,
    })  # fmt: skip


urlpatterns = [
    path("prover/", prover, name="prover"),
    path("prover/ny/", prove_ny, name="prove_ny"),
    path("prover/<int:pk>/", prove, name="prove"),
    path("prover/<int:pk>/godkjenn/", prove_godkjenn, name="prove_godkjenn"),
    path("prover/<int:pk>/avvis/", prove_avvis, name="prove_avvis"),
    path("prover/<int:pk>/avgift/", prove_avgift, name="prove_avgift"),
    path("prover/<int:pk>/tildel/", prove_tildel, name="prove_tildel"),
    path("prover/<int:pk>/planlegg/", prove_planlegg, name="prove_planlegg"),
    path("prover/<int:pk>/resultat/", prove_resultat, name="prove_resultat"),
    path("prover/<int:pk>/utsett/", prove_utsett, name="prove_utsett"),
    path("prover/<int:pk>/trekk/", prove_trekk, name="prove_trekk"),
    path("prover/<int:pk>/annuller/", prove_annuller, name="prove_annuller"),
    path("prover/<int:pk>/ny-prove/", prove_ny_prove, name="prove_ny_prove"),
    path("prover/<int:pk>/klage/", prove_klage, name="prove_klage"),
    path("prover/klage/<int:pk>/avgjor/", klage_avgjor, name="klage_avgjor"),
    path("dokumenter/<int:pk>/pdf/", dokument_pdf, name="dokument_pdf"),
    path("dokumenter/<int:pk>/utsted/", dokument_pa_nytt, name="dokument_pa_nytt"),
    path("dokumenter/kontroll/", kontrollrapport, name="kontrollrapport"),
]
