"""The applicant page: personalia and tabs – Oversikt (rounds and answers, the latest placement with "why not wish
1?", vedtak), Ønsker (reorder with htmx or plain POST), Poeng (with explanation), Karakterer, Logg (case log and
history). Every view of an applicant is written to the audit log."""

from __future__ import annotations

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inntak import selectors, services
from inntak.forms import PrioritetsflaggSkjema, VedtakSkjema
from inntak.kjoring.tidslinje import tidslinje
from inntak.models import Karakter, Onske, SoknadStatus, Tilbud, Vedtak, VedtakDokument
from inntak.regler import UkjentRegelsett, Valideringsfeil
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens


def _soknad(request, pk: int):
    return get_object_or_404(selectors.soknader_for(request.user), pk=pk)


def _historikk(soknad) -> list:
    """Changes to the søknad, its wishes, vedtak and grades, newest first."""
    kilder = [
        soknad.history.all()[:20],
        Onske.history.filter(soknad_id=soknad.pk)[:30],
        Vedtak.history.filter(soknad_id=soknad.pk)[:10],
        Karakter.history.filter(person_id=soknad.person_id)[:30],
    ]
    rader = sorted(chain.from_iterable(kilder), key=lambda h: h.history_date, reverse=True)[:40]
    return [{"h": h, "hva": h.instance._meta.verbose_name} for h in rader]


def _onsker_kontekst(request, soknad, melding: str = "", fokus: str = "") -> dict:
    return {
        "soknad": soknad,
        "onsker": list(selectors.onsker_for(soknad)),
        "kan_endre": request.user.has_perm("inntak.change_onske")
        and soknad.status in services.soknad.REDIGERBAR,
        "last_av_runde": selectors.onsker_last_av_runde(soknad),
        "unntak_modus": request.GET.get("unntak") == "1" or bool(request.POST.get("unntak")),
        "melding": melding,
        "fokus": fokus,
    }


# The applicant page's tabs: (code in ?fane=, label). Each tab queries only its own data (see _FANEDATA).
FANER = (
    ("oversikt", gettext_lazy("Oversikt")),
    ("onsker", gettext_lazy("Ønsker")),
    ("poeng", gettext_lazy("Poeng")),
    ("karakterer", gettext_lazy("Karakterer")),
    ("logg", gettext_lazy("Logg")),
)
STANDARDFANE = "oversikt"


def _fane_oversikt(request, soknad) -> dict:
    vedtak = (
        Vedtak.objects.filter(soknad=soknad)
        .select_related("fast_plass__skole", "fast_plass__programomrade", "fattet_av")
        .first()
    )
    saertilgang = selectors.kan_se_dokumenter(request.user)
    kan_se_runder = request.user.has_perm("inntak.view_inntakskjoring")
    return {
        "vedtak": vedtak,
        "dokumenter": list(vedtak.dokumenter.all()) if vedtak and saertilgang else [],
        "antall_dokumenter": vedtak.dokumenter.count() if vedtak else 0,
        "saertilgang": saertilgang,
        # The reason may hold health information: caseworkers and særtilgang only, not school users.
        "vis_begrunnelse": saertilgang or request.user.has_perm("inntak.add_vedtak"),
        "tidslinje": tidslinje(soknad, request.user) if kan_se_runder else None,
    }


def _fane_onsker(request, soknad) -> dict:
    return _onsker_kontekst(request, soknad)


def _fane_poeng(request, soknad) -> dict:
    try:
        forklaring, forklaringsfeil = selectors.forklar_poeng(soknad), ""
    except (Valideringsfeil, UkjentRegelsett) as feil:
        forklaring, forklaringsfeil = None, str(feil)
    return {
        "poeng": getattr(soknad, "poeng", None),
        "forklaring": forklaring,
        "forklaringsfeil": forklaringsfeil,
    }


def _fane_karakterer(request, soknad) -> dict:
    return {"karakterer": list(selectors.alle_karakterer(soknad.person))}


def _fane_logg(request, soknad) -> dict:
    return {"logg": list(soknad.logg.select_related("bruker")[:50]), "historikk": _historikk(soknad)}


_FANEDATA = {"oversikt": _fane_oversikt, "onsker": _fane_onsker, "poeng": _fane_poeng,
             "karakterer": _fane_karakterer, "logg": _fane_logg}  # fmt: skip


@login_required
@permission_required("inntak.view_soknad", raise_exception=True)
def soknad_detalj(request, pk: int):
    """The applicant page as tabs (WAI-ARIA tabs; each tab is a link ``?fane=…`` that works without JavaScript,
    htmx swaps only the tabs and the panel). Every view of a tab is written to the audit log. A POST with
    ``handling=prioritetsflagg`` sets the priority flags (:func:`_sett_prioritetsflagg`)."""
    soknad = _soknad(request, pk)
    if request.method == "POST":
        if request.POST.get("handling") != "prioritetsflagg":
            return HttpResponseNotAllowed(["GET"])
        return _sett_prioritetsflagg(request, soknad)
    person = soknad.person
    fane = request.GET.get("fane") or STANDARDFANE
    if fane not in _FANEDATA:
        fane = STANDARDFANE
    navn = dict(FANER)[fane]
    # The person is linked, not named in the text (the audit table is searched by person, never by name).
    logg_innsyn(
        "vis", f"Søknad {soknad.skolear} ({navn})", request=request, person=person, fylke=soknad.fylke
    )
    kontekst = {
        "soknad": soknad,
        "person": person,
        "fane": fane,
        "fanenavn": navn,
        "faner": [{"kode": k, "navn": n, "aktiv": k == fane} for k, n in FANER],
        **_FANEDATA[fane](request, soknad),
    }
    # htmx asks for the tabs and the panel; a history restore (back button, nothing cached) gets the whole page.
    delvis = (
        request.htmx and request.htmx.target == "soknadsfaner" and not request.htmx.history_restore_request
    )
    if not delvis:  # the deadline line is in the page's header card, not in a tab
        frist = kontekst["soknadsfrist"] = selectors.soknadsfrist(soknad)
        kontekst["etter_fristen"] = selectors.sokt_etter_fristen(soknad, frist)
        kontekst["prioritetsflagg"] = _prioritetsflagg(request, soknad)
    return render(request, "inntak/_soknad_faner.html" if delvis else "inntak/soknad.html", kontekst)


def _prioritetsflagg(request, soknad) -> dict:
    """The flags that are set (shown only then) and, for who may change them, the form."""
    satt = [merke for navn, merke in services.soknad.PRIORITETSFLAGG.items() if getattr(soknad, navn)]
    # The søknad came through the user's scoped queryset; the service checks scope again on save.
    kan_endre = soknad.status != SoknadStatus.TRUKKET and request.user.has_perm("inntak.change_soknad")
    initial = {navn: getattr(soknad, navn) for navn in services.soknad.PRIORITETSFLAGG}
    return {"satt": satt, "skjema": PrioritetsflaggSkjema(initial=initial) if kan_endre else None}


def _sett_prioritetsflagg(request, soknad):
    """POST from the søknad page: the service checks access (403 otherwise) and writes the case log row."""
    skjema = PrioritetsflaggSkjema(request.POST)
    if not skjema.is_valid():  # checkboxes: only a tampered request gets here
        messages.error(request, _("Prioriteten ble ikke endret."))
        return redirect(_soknad_url(soknad))
    try:
        services.soknad.sett_prioritetsflagg(soknad, bruker=request.user, **skjema.cleaned_data)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
    else:
        messages.success(request, _("Prioriteten er lagret."))
    return redirect(_soknad_url(soknad))


def _soknad_url(soknad, fane: str = STANDARDFANE) -> str:
    url = reverse("inntak:soknad", args=[soknad.pk])
    return url if fane == STANDARDFANE else f"{url}?fane={fane}"


@login_required
@require_POST
@permission_required("inntak.change_onske", raise_exception=True)
def flytt_onske(request, pk: int, onske_pk: int):
    """Move a wish up or down. htmx gets the wish list back; without JavaScript the page reloads."""
    soknad = _soknad(request, pk)
    onske = get_object_or_404(Onske, pk=onske_pk, soknad=soknad)
    retning = -1 if request.POST.get("retning") == "opp" else 1
    try:
        services.flytt_onske(
            onske, retning, bruker=request.user, unntak=request.POST.get("unntak", "")[:1000]
        )
    except ValidationError as feil:
        melding, fokus = " ".join(feil.messages), ""
    else:
        onske.refresh_from_db()
        melding = _("%(t)s er flyttet til ønske %(nr)d.") % {"t": onske.tilbud, "nr": onske.nr}
        fokus = f"{'opp' if retning < 0 else 'ned'}-{onske.pk}"
    if request.htmx:
        soknad.refresh_from_db()
        return render(request, "inntak/_onsker.html", _onsker_kontekst(request, soknad, melding, fokus))
    messages.info(request, melding)
    return redirect(_soknad_url(soknad, "onsker"))


def _tilbud_for_vedtak(request, soknad):
    onske = Onske.objects.filter(soknad=soknad, tilbud=OuterRef("pk"))
    return (
        avgrens(Tilbud.objects.all(), request.user)
        .filter(skolear=soknad.skolear, programomrade__niva=soknad.niva)
        .select_related("skole", "programomrade")
        .annotate(er_onske=Exists(onske))
        .order_by("-er_onske", "skole__navn", "programomrade__kode")
    )


@login_required
@permission_required("inntak.add_vedtak", raise_exception=True)
def vedtak(request, pk: int):
    soknad = _soknad(request, pk)
    if not soknad.trenger_vedtak:
        messages.error(request, _("Søknaden er ordinær og skal ikke ha vedtak."))
        return redirect("inntak:soknad", pk=soknad.pk)
    logg_innsyn("vis", f"Vedtaksskjema {soknad.skolear}", request=request, person=soknad.person,
                fylke=soknad.fylke)  # fmt: skip
    eksisterende = getattr(soknad, "vedtak", None)
    onskede = list(soknad.onsker.values_list("tilbud_id", flat=True))
    initial = {"utfall": Vedtak.Utfall.INNVILGET, "fast_plass": onskede[0] if onskede else None}
    if eksisterende:
        initial = {"utfall": eksisterende.utfall, "fast_plass": eksisterende.fast_plass_id,
                   "begrunnelse": eksisterende.begrunnelse}  # fmt: skip
    skjema = VedtakSkjema(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        tilbud=_tilbud_for_vedtak(request, soknad),
        onskede=onskede,
    )
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        try:
            services.registrer_vedtak(soknad, utfall=d["utfall"], fast_plass=d["fast_plass"],
                                      begrunnelse=d["begrunnelse"], dokumenter=d["dokumenter"],
                                      bruker=request.user)  # fmt: skip
        except ValidationError as feil:
            for m in feil.messages:
                skjema.add_error(None, m)
        else:
            messages.success(request, _("Vedtaket er registrert."))
            return redirect("inntak:soknad", pk=soknad.pk)
    return render(request, "inntak/vedtak.html", {"soknad": soknad, "skjema": skjema, "vedtak": eksisterende})


@login_required
@permission_required("inntak.view_vedtak", raise_exception=True)
def dokument(request, pk: int):
    """Download a vedtak document: særtilgang only, always audited."""
    if not selectors.kan_se_dokumenter(request.user):
        raise PermissionDenied(_("Dokumentasjonen krever særtilgang."))
    dok = get_object_or_404(
        avgrens(VedtakDokument.objects.select_related("vedtak__soknad__person", "vedtak__soknad__fylke"),
                request.user),
        pk=pk,
    )  # fmt: skip
    soknad = dok.vedtak.soknad
    logg_innsyn("nedlasting", f"Vedtaksdokument {dok.navn}", request=request, person=soknad.person,
                fylke=soknad.fylke)  # fmt: skip
    return FileResponse(dok.fil.open("rb"), as_attachment=True, filename=dok.navn)
