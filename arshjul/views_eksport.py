"""Whole-wheel actions and exports: publish a draft, copy to next year, upload, iCal feed, PDF and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from arshjul import eksport, selectors, services
from arshjul.forms import OpplastingSkjema
from arshjul.views import SE, _krev_ar
from vigo.jobber import tjenester


def _fylke(request):
    if request.user.fylke is None:
        raise PermissionDenied("Brukeren har ikke noe fylke.")
    return request.user.fylke


@require_POST
@login_required
@permission_required("arshjul.add_hendelse", raise_exception=True)  # the same authority as making the draft
def publiser(request, skolear: str):
    antall = services.publiser(_fylke(request), skolear, request.user)
    messages.success(
        request, _("%(n)d hendelser i årshjulet %(ar)s er publisert.") % {"n": antall, "ar": skolear}
    )
    return redirect("arshjul:liste", skolear=skolear)


@require_POST
@login_required
@permission_required("arshjul.add_hendelse", raise_exception=True)
def kopier(request, skolear: str):
    _krev_ar(request, skolear)
    try:
        ut = services.kopier_til_neste_ar(_fylke(request), skolear, request.user)
    except services.ArshjulFeil as e:
        messages.error(request, str(e))
        return redirect("arshjul:liste", skolear=skolear)
    messages.success(request, _("%(n)d hendelser kopiert til %(ar)s som utkast (%(flyttet)d med flyttet dato, "
                                "%(fantes)d fantes fra før); %(param)d systemparametere kopiert.")
                     % {"n": ut.opprettet, "ar": ut.til_skolear, "flyttet": ut.flyttet, "fantes": ut.fantes,
                        "param": ut.parametere})  # fmt: skip
    return redirect("arshjul:liste", skolear=ut.til_skolear)


@login_required
@permission_required("arshjul.add_hendelse", raise_exception=True)
@permission_required("vigo.add_kjoring", raise_exception=True)
def importer(request):
    """Upload a document (or pick a bundled one) and run job 0H001 for the user's county."""
    skjema = OpplastingSkjema(request.POST or None, request.FILES or None)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        parametere = {"dokument": d.get("dokument") or "", "skolear": d.get("skolear") or ""}
        if d.get("tekst"):
            try:  # parse once here too, so a wrong file is refused at once instead of as a failed run
                if not services.les(d["tekst"], d.get("skolear")).hendelser:
                    raise services.ArshjulFeil("Fant ingen daterte rader i fila.")
            except services.ArshjulFeil as e:
                skjema.add_error("fil", str(e))
                return render(request, "arshjul/importer.html", {"skjema": skjema})
            parametere["opplastet"] = services.lagre_opplasting(d["tekst"])
            parametere["filnavn"] = d["fil"].name[:200]
        try:
            kj = tjenester.start_kjoring("0H001", _fylke(request), request.user, parametere=parametere)
        except tjenester.KjoringFeil as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, _("Kjøring %(kode)s %(navn)s er startet.") % {"kode": kj.kode, "navn": kj.navn}
            )
            return redirect("kjoring_detalj", pk=kj.pk)
    return render(request, "arshjul/importer.html", {"skjema": skjema})


@login_required
@permission_required(SE, raise_exception=True)
def abonnement(request):
    """The county's subscription URLs (one per category); an administrator can renew the token."""
    fylke = _fylke(request)
    if request.method == "POST":
        if not request.user.has_perm("arshjul.change_kalenderfeed"):
            raise PermissionDenied
        services.forny_feed(fylke)
        messages.success(request, _("Ny adresse er laget. Gamle abonnementer slutter å virke."))
        return redirect("arshjul:abonnement")
    feed = selectors.feed_for(request.user) or services.feed_for(fylke)
    ar = selectors.skolear_for(request.user)
    adresser = []
    for skolear in ar:
        base = request.build_absolute_uri(reverse("arshjul:ical", args=[feed.token, skolear]))
        adresser.append({"skolear": skolear, "alle": base,
                         "kategorier": [{**k, "url": f"{base}?kategori={k['slug']}"} for k in selectors.legende()]})  # fmt: skip
    return render(request, "arshjul/abonnement.html", {
        "adresser": adresser, "kan_fornye": request.user.has_perm("arshjul.change_kalenderfeed"),
    })  # fmt: skip


@require_safe
@cache_control(private=True, max_age=900)
def ical(request, token: str, skolear: str):
    """iCalendar feed for calendar clients: no session; the unguessable token names the county."""
    funnet = selectors.hendelser_for_feed(token, skolear, request.GET.get("kategori", ""))
    if funnet is None:
        raise Http404
    feed, qs = funnet
    data = eksport.ical(qs.select_related("fylke"), eksport.kalendernavn(feed.fylke, skolear,
                                                                       request.GET.get("kategori", "")))  # fmt: skip
    svar = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    svar["Content-Disposition"] = f'inline; filename="arshjul_{feed.fylke.nummer}_{skolear}.ics"'
    return svar


def _for_eksport(request, skolear: str):
    _krev_ar(request, skolear)
    filtre = selectors.Filtre.fra_get(request.GET)
    return list(selectors.arshjul(request.user, skolear, filtre).filter(utkast=False))


@login_required
@permission_required(SE, raise_exception=True)
def pdf(request, skolear: str):
    hendelser = _for_eksport(request, skolear)
    fylke = hendelser[0].fylke if hendelser else request.user.fylke
    svar = HttpResponse(eksport.pdf(hendelser, fylke, skolear), content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="arshjul_{skolear}.pdf"'
    return svar


@login_required
@permission_required(SE, raise_exception=True)
def last_ned(request, skolear: str, format: str):
    hendelser = _for_eksport(request, skolear)
    if format == "ics":
        fylke = hendelser[0].fylke if hendelser else request.user.fylke
        data, typ = (
            eksport.ical(hendelser, eksport.kalendernavn(fylke, skolear)),
            "text/calendar; charset=utf-8",
        )
    else:
        data, typ = eksport.json_bytes(hendelser), "application/json"
    svar = HttpResponse(data, content_type=typ)
    svar["Content-Disposition"] = f'attachment; filename="arshjul_{skolear}.{format}"'
    return svar
