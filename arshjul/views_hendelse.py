"""One event: its jobs and their status, routines, category rule and override, responsibility and scheduling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arshjul import planlegging, selectors, services
from arshjul.farger import farge, tekstfarge
from arshjul.forms import AnsvarSkjema, KategoriSkjema, PlanleggSkjema, StatusSkjema
from arshjul.jobbstatus import rutinestatus, status_for
from arshjul.kjerne.kategorier import regelbeskrivelse
from arshjul.models import PlanlagtKjoring
from vigo import jobber
from vigo.models import Kjoring
from vigo.scoping import avgrens

SE, ENDRE = "arshjul.view_hendelse", "arshjul.change_hendelse"


def _hent(request, pk: int):
    return get_object_or_404(selectors.hendelser_for(request.user), pk=pk)


def _beskrivelse(regel_id: str) -> str:
    try:
        return regelbeskrivelse(regel_id)
    except KeyError:
        return ""


def _planlegg_skjema(h, data=None):
    koder = [(k, f"{k} {jobber.hent(k).navn}") for k in (h.jobbkoder or {}) if jobber.finnes(k)]
    return PlanleggSkjema(data, koder=koder, prefix="plan") if koder else None


@login_required
@permission_required(SE, raise_exception=True)
def detalj(request, pk: int, skjemaer: dict | None = None):
    h = _hent(request, pk)
    kjoringer = avgrens(Kjoring.objects.all(), request.user)
    h.beregnet = status_for([h], kjoringer)[h.pk]
    h.farge, h.tekstfarge = farge(h.kategori), tekstfarge(h.kategori)
    rutiner = {r.pk: r for k in (h.jobbkoder or {}) for r in selectors.rutiner_med_jobb(k)}
    skjemaer = skjemaer or {}
    kan_endre = request.user.has_perm(ENDRE)
    return render(request, "arshjul/hendelse.html", {
        "h": h,
        "skolear": h.skolear_id,
        "kategori_beskrivelse": _beskrivelse(h.kategori_regel),
        "type_beskrivelse": _beskrivelse(h.type_regel),
        "rutiner": [rutinestatus(r, kjoringer, h.fylke_id) for r in rutiner.values()],
        "kan_endre": kan_endre,
        "kan_starte": request.user.has_perm("vigo.add_kjoring"),
        "kategori_skjema": skjemaer.get("kategori") or KategoriSkjema(initial={"kategori": h.kategori}),
        "status_skjema": skjemaer.get("status") or StatusSkjema(initial={"status": h.status}),
        "ansvar_skjema": skjemaer.get("ansvar") or AnsvarSkjema(
            bruker=request.user, fylke_id=h.fylke_id,
            initial={"ansvarlig": h.ansvarlig_id, "paminnelse_dager": h.paminnelse_dager}),
        "planlegg_skjema": skjemaer.get("planlegg") or _planlegg_skjema(h),
        "planlagte": avgrens(PlanlagtKjoring.objects.filter(hendelse=h), request.user).select_related("kjoring"),
        "historikk": h.history.select_related("history_user")[:10] if kan_endre else [],
        "feilskjemaer": [s for s in skjemaer.values() if s is not None and s.errors],  # summary at the top
    })  # fmt: skip


@require_POST
@login_required
@permission_required(ENDRE, raise_exception=True)
def kategori(request, pk: int):
    h = _hent(request, pk)
    if request.POST.get("handling") == "tilbakestill":
        services.tilbakestill_kategori(h, request.user)
        messages.success(request, _("Kategorien settes igjen av reglene."))
        return redirect("arshjul:hendelse", pk=h.pk)
    skjema = KategoriSkjema(request.POST)
    if not skjema.is_valid():
        return detalj(request, pk, {"kategori": skjema})
    services.overstyr_kategori(h, skjema.cleaned_data["kategori"], request.user)
    messages.success(request, _("Kategorien er overstyrt. En ny import endrer den ikke."))
    return redirect("arshjul:hendelse", pk=h.pk)


@require_POST
@login_required
@permission_required(ENDRE, raise_exception=True)
def status(request, pk: int):
    h = _hent(request, pk)
    skjema = StatusSkjema(request.POST)
    if not skjema.is_valid():
        return detalj(request, pk, {"status": skjema})
    services.sett_status(h, skjema.cleaned_data["status"], request.user)
    messages.success(request, _("Status er lagret."))
    return redirect("arshjul:hendelse", pk=h.pk)


@require_POST
@login_required
@permission_required(ENDRE, raise_exception=True)
def ansvar(request, pk: int):
    h = _hent(request, pk)
    skjema = AnsvarSkjema(request.POST, bruker=request.user, fylke_id=h.fylke_id)
    if not skjema.is_valid():
        return detalj(request, pk, {"ansvar": skjema})
    try:
        services.sett_ansvar(h, skjema.cleaned_data["ansvarlig"], skjema.cleaned_data["paminnelse_dager"],
                             request.user)  # fmt: skip
    except services.ArshjulFeil as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Ansvarlig og påminnelse er lagret."))
    return redirect("arshjul:hendelse", pk=h.pk)


@require_POST
@login_required
@permission_required(ENDRE, raise_exception=True)
@permission_required("vigo.add_kjoring", raise_exception=True)
def planlegg(request, pk: int):
    h = _hent(request, pk)
    skjema = _planlegg_skjema(h, request.POST)
    if skjema is None or not skjema.is_valid():
        return detalj(request, pk, {"planlegg": skjema} if skjema else None)
    try:
        p = planlegging.planlegg_kjoring(h, skjema.cleaned_data["jobbkode"], skjema.cleaned_data["tidspunkt"],
                                         request.user)  # fmt: skip
    except services.ArshjulFeil as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            _("%(kode)s starter automatisk %(tid)s.")
            % {"kode": p.jobbkode, "tid": f"{p.tidspunkt:%d.%m.%Y %H:%M}"},
        )
    return redirect("arshjul:hendelse", pk=h.pk)


@require_POST
@login_required
@permission_required(ENDRE, raise_exception=True)
def avbryt_planlagt(request, pk: int):
    p = get_object_or_404(avgrens(PlanlagtKjoring.objects.all(), request.user), pk=pk)
    hendelse_id = p.hendelse_id
    planlegging.avbryt_planlagt(p, request.user)
    messages.success(request, _("Den planlagte kjøringen er fjernet."))
    return redirect("arshjul:hendelse", pk=hendelse_id)
