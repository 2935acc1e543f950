"""The prøvenemnd pages (docs/fagopplaering/domene.md §1.3): the list with filters and counts, the nemnd page
(members serving and ended, prøver given to it, recent results and loans), new and changed nemnd, appointing and
releasing members, and lending the nemnd to another county.

Reads go through ``fagopplaering.selectors.nemnd`` (scoped: another county's nemnd is a 404); every write is a call to
``fagopplaering.services.provenemnd``, whose ``ValidationError``/``PermissionDenied`` are shown on the form, never as
a traceback. The nemnd page shows persons (members and candidates): it writes one ``Innsyn`` row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fagopplaering import forms_nemnd as skjemaer
from fagopplaering.models import Provenemnd
from fagopplaering.selectors import nemnd as sel
from fagopplaering.services import provenemnd as svc
from vigo.models import Innsyn
from vigo.revisjon import logg_innsyn

PER_SIDE = 50
SE = "fagopplaering.view_provenemnd"
ENDRE = "fagopplaering.change_provenemnd"


def _feil_til_skjema(skjema, feil: ValidationError | PermissionDenied, omdop: dict | None = None) -> None:
    """The service's errors on the form; ``omdop`` maps a rule's field name to the form's (None: whole form)."""
    if isinstance(feil, PermissionDenied):
        skjema.add_error(None, str(feil) or _("Du har ikke tilgang til å gjøre dette."))
        return
    omdop = omdop or {}
    if hasattr(feil, "error_dict"):
        for felt, liste in feil.error_dict.items():
            felt = omdop.get(felt, felt)
            for f in liste:
                for melding in f.messages:
                    skjema.add_error(felt if felt in skjema.fields else None, melding)
    else:
        for melding in feil.messages:
            skjema.add_error(None, melding)


def _skriv(skjema, kall, omdop: dict | None = None):
    """Run a service call; errors go to the form. Returns the result or None."""
    try:
        return kall()
    except (ValidationError, PermissionDenied) as feil:
        _feil_til_skjema(skjema, feil, omdop)
        return None


def _fylke(request):
    if request.user.fylke is None:
        raise PermissionDenied(
            _("Brukeren din er ikke knyttet til et fylke; prøvenemnder oppnevnes av et fylke.")
        )
    return request.user.fylke


def _nemnd_eller_404(request, pk: int) -> Provenemnd:
    n = sel.nemnd_detalj(request.user, pk)
    if n is None:
        raise Http404
    return n


def _skjemaside(request, n, skjema, tittel, knapp, *, mal="fagopplaering/nemnd_skjema.html", tekst="",
                underobjekt="", status=200):  # fmt: skip
    return render(request, mal, {"n": n, "skjema": skjema, "tittel": tittel, "knapp": knapp, "tekst": tekst,
                                 "underobjekt": underobjekt, "meny": "nemnder"}, status=status)  # fmt: skip


# --- list -----------------------------------------------------------------------------------------------------------
@login_required
@permission_required(SE, raise_exception=True)
def nemnd_liste(request):
    filter_ = skjemaer.NemndFilter(request.GET or None)
    qs = sel.nemnder(request.user, **filter_.filtre())
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    sporring = request.GET.copy()
    sporring.pop("side", None)
    return render(request, "fagopplaering/nemnd_liste.html",
                  {"filter": filter_, "side": side, "sporring": sporring.urlencode(), "meny": "nemnder"})  # fmt: skip


# --- the nemnd page -------------------------------------------------------------------------------------------------
@login_required
@permission_required(SE, raise_exception=True)
def nemnd_detalj(request, pk: int):
    n = _nemnd_eller_404(request, pk)
    idag = timezone.localdate()
    aktive, andre = sel.del_medlemmer(n, idag)
    apne = list(sel.apne_prover(request.user, n))
    resultater = sel.siste_resultater(request.user, n)
    kan_endre = request.user.has_perm(ENDRE)
    slutt = {m.pk: skjemaer.AvsluttVervSkjema(prefix=f"m{m.pk}") for m in aktive} if kan_endre else {}
    for m in aktive:
        m.sluttskjema = slutt.get(m.pk)
    antall = len(n.medlemsliste) + len({p.person_id for p in apne} | {p.person_id for p in resultater})
    if antall:
        logg_innsyn(Innsyn.Handling.VIS, "Prøvenemnd: medlemmer og kandidater", request=request, antall=antall,
                    fylke=n.fylke)  # fmt: skip
    return render(request, "fagopplaering/nemnd_detalj.html", {
        "n": n, "idag": idag, "aktive": aktive, "andre": andre, "apne": apne, "resultater": resultater,
        "kan_endre": kan_endre, "meny": "nemnder",
    })  # fmt: skip


# --- new and changed nemnd ------------------------------------------------------------------------------------------
@login_required
@permission_required(ENDRE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def nemnd_ny(request):
    skjema = skjemaer.NyNemndSkjema(request.POST or None)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data

        def kall():
            return svc.opprett_nemnd(request.user, fylke=_fylke(request), navn=d["navn"], laerefag=d["laerefag"],
                                     periode_fra=d["periode_fra"], merknad=d["merknad"])  # fmt: skip

        n = _skriv(skjema, kall)
        if n is not None:
            messages.success(request, _("%(navn)s er opprettet for %(fra)s–%(til)s.")
                             % {"navn": n.navn, "fra": n.periode_fra, "til": n.periode_til})  # fmt: skip
            return redirect("fagopplaering:nemnd_detalj", pk=n.pk)
    return _skjemaside(request, None, skjema, _("Ny prøvenemnd"), _("Opprett nemnda"),
                       tekst=_("Nemnda oppnevnes for en fast fireårsperiode (1. januar–31. desember) for ett eller "
                               "flere lærefag. Medlemmene legges til etterpå."),
                       status=400 if skjema.errors else 200)  # fmt: skip


@login_required
@permission_required(ENDRE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def nemnd_endre(request, pk: int):
    n = _nemnd_eller_404(request, pk)
    startverdier = {"navn": n.navn, "laerefag": n.fagliste, "aktiv": n.aktiv, "merknad": n.merknad}
    skjema = skjemaer.EndreNemndSkjema(request.POST or None, initial=startverdier)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        if _skriv(skjema, lambda: svc.endre_nemnd(request.user, n, **d)) is not None:
            messages.success(request, _("Endringene er lagret."))
            return redirect("fagopplaering:nemnd_detalj", pk=n.pk)
    return _skjemaside(request, n, skjema, _("Endre prøvenemnd"), _("Lagre endringene"),
                       tekst=_("Perioden kan ikke endres; en ny periode er en ny nemnd."),
                       status=400 if skjema.errors else 200)  # fmt: skip


# --- members --------------------------------------------------------------------------------------------------------
@login_required
@permission_required(ENDRE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def nemnd_medlem_ny(request, pk: int):
    n = _nemnd_eller_404(request, pk)
    skjema = skjemaer.MedlemSkjema(request.POST or None, bruker=request.user)
    if request.method == "POST" and skjema.is_valid():
        m = _skriv(skjema, lambda: svc.oppnevn_medlem(request.user, n, **skjema.tjeneste_argumenter()),
                   omdop=skjema.FELT_FRA_TJENESTE)  # fmt: skip
        if m is not None:
            messages.success(request, _("%(navn)s er oppnevnt som %(rolle)s.") % {
                "navn": f"{m.person.fornavn} {m.person.etternavn}", "rolle": m.get_rolle_display().lower()})  # fmt: skip
            return redirect("fagopplaering:nemnd_detalj", pk=n.pk)
    return _skjemaside(request, n, skjema, _("Oppnevn medlem"), _("Oppnevn"),
                       mal="fagopplaering/nemnd_medlem_skjema.html",
                       tekst=_("Personen må være registrert i fylket. Fylkets regler for alder ved oppnevning og antall "
                               "perioder på rad kontrolleres når du lagrer."),
                       status=400 if skjema.errors else 200)  # fmt: skip


@login_required
@permission_required(ENDRE, raise_exception=True)
@require_POST
def nemnd_medlem_slutt(request, pk: int):
    """POST from the nemnd page: the member's last day. An error is shown as a message on the nemnd page."""
    m = sel.medlem_detalj(request.user, pk)
    if m is None:
        raise Http404
    skjema = skjemaer.AvsluttVervSkjema(request.POST, prefix=f"m{m.pk}")
    if skjema.is_valid():
        if (
            _skriv(skjema, lambda: svc.avslutt_verv(request.user, m, til=skjema.cleaned_data["til"]))
            is not None
        ):
            messages.success(request, _("Vervet er avsluttet."))
            return redirect("fagopplaering:nemnd_detalj", pk=m.nemnd_id)
    feil = [str(e) for liste in skjema.errors.values() for e in liste]
    messages.error(request, " ".join(feil) or _("Vervet ble ikke avsluttet."))
    return redirect("fagopplaering:nemnd_detalj", pk=m.nemnd_id)


@login_required
@permission_required(SE, raise_exception=True)
def nemnd_medlem_brev(request, pk: int):
    """The member's appointment letter as PDF (audited in the service)."""
    from django.http import HttpResponse

    from vigo.dokumentmal.gjengi import Malfeil

    m = sel.medlem_detalj(request.user, pk)
    if m is None:
        raise Http404
    try:
        pdf = svc.oppnevningsbrev(request.user, m, request=request)
    except Malfeil as feil:
        messages.error(request, str(feil))
        return redirect("fagopplaering:nemnd_detalj", pk=m.nemnd_id)
    svar = HttpResponse(pdf, content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="oppnevningsbrev_{m.pk}.pdf"'
    return svar


# --- loans ----------------------------------------------------------------------------------------------------------
@login_required
@permission_required(ENDRE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def nemnd_lan(request, pk: int):
    n = _nemnd_eller_404(request, pk)
    skjema = skjemaer.LanSkjema(request.POST or None, nemnd=n)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        if _skriv(skjema, lambda: svc.lan_ut(request.user, n, **d)) is not None:
            messages.success(request, _("Nemnda er lånt ut til %(fylke)s.") % {"fylke": d["lanefylke"].navn})
            return redirect("fagopplaering:nemnd_detalj", pk=n.pk)
    return _skjemaside(request, n, skjema, _("Lån ut nemnda"), _("Lån ut"), mal="fagopplaering/nemnd_lan.html",
                       tekst=_("Fylket som låner nemnda, kan tildele den prøver i lånetiden. Lånet forutsetter et "
                               "garantibrev fra fylket som låner."),
                       status=400 if skjema.errors else 200)  # fmt: skip


urlpatterns = [
    path("nemnder/", nemnd_liste, name="nemnd_liste"),
    path("nemnder/ny/", nemnd_ny, name="nemnd_ny"),
    path("nemnder/<int:pk>/", nemnd_detalj, name="nemnd_detalj"),
    path("nemnder/<int:pk>/endre/", nemnd_endre, name="nemnd_endre"),
    path("nemnder/<int:pk>/medlem/ny/", nemnd_medlem_ny, name="nemnd_medlem_ny"),
    path("nemnder/medlem/<int:pk>/slutt/", nemnd_medlem_slutt, name="nemnd_medlem_slutt"),
    path("nemnder/medlem/<int:pk>/oppnevningsbrev/", nemnd_medlem_brev, name="nemnd_medlem_brev"),
    path("nemnder/<int:pk>/lan/", nemnd_lan, name="nemnd_lan"),
]
