"""«Min side» for the logged-in applicant (vigo.idporten.okt.krever_soker). Every view is audited."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from inntak.kjoring.svar import registrer_svar
from inntak.portal import selectors, tilbudssok
from inntak.portal.skjema import SVARTEKSTER, SvarSkjema
from inntak.portal.utvidelser import minside_seksjoner
from inntak.services import logg
from inntak.services.soknad_soker import merk_handlinger
from vigo.idporten.okt import data, krever_soker
from vigo.models import Innsyn
from vigo.revisjon import logg_innsyn


@never_cache
@require_GET
@krever_soker
def min_side(request):
    person = request.soker
    visninger = selectors.min_side(person)
    for v in visninger:
        m = v.mulighet
        v.brev = selectors.har_tilbudsbrev(m)
        if m is not None and m.kan_svare:
            v.skjema = SvarSkjema(
                mulighet=m,
                initial={
                    "svar": m.svar.svar if m.svar and m.svar.svar in m.lovlige else None,
                    "venteliste_tilbud": m.svar.venteliste_tilbud if m.svar else [],
                },
            )
    merk_handlinger([v.soknad for v in visninger])  # «Endre ønskene» only while the deadline is open
    logg_innsyn(
        Innsyn.Handling.VIS,
        "Søkerens egen side (Min side)",
        aktor="søker",
        person=person,
        antall=1,
        request=request,
    )
    return render(
        request,
        "portal/min_side.html",
        {
            "person": person,
            "visninger": visninger,
            "mindrearig": selectors.mindrearig(person),
            "soknad_apne": tilbudssok.kan_soke(person),
            "okt": data(request),
            # other apps' sections, e.g. fagopplæringen's formidling status (inntak/portal/utvidelser.py)
            "seksjoner": minside_seksjoner(request, person),
        },
    )


logger = logging.getLogger(__name__)


@never_cache
@require_POST
@krever_soker
def svar(request, soknad_pk: int):
    """The applicant's answer to the offer. The søknad must be one of ``request.soker``'s own (404 otherwise);
    «nei» (leaving the intake) is recorded only after the confirmation page."""
    person = request.soker
    soknad = selectors.egen_soknad(person, soknad_pk)
    if soknad is None:
        raise Http404
    m = selectors.svarmulighet(soknad)
    if m is None:
        raise Http404
    if not m.kan_svare:
        messages.error(request, _("Svarfristen er ute, og svaret kan ikke lenger endres."))
        return redirect("portal:min_side")
    skjema = SvarSkjema(request.POST, mulighet=m)
    if not skjema.is_valid():
        for feil in skjema.errors.values():
            for tekst in feil:
                messages.error(request, tekst)
        return redirect("portal:min_side")
    valgt = skjema.cleaned_data["svar"]
    if valgt == "nei" and request.POST.get("bekreft") != "1":
        logg_innsyn(Innsyn.Handling.VIS, "Søkeren: bekreft at du går ut av inntaket", aktor="søker",
                    person=person, antall=1, request=request)  # fmt: skip
        return render(request, "portal/bekreft_nei.html", {"soknad": soknad, "m": m, "okt": data(request)})
    try:
        with transaction.atomic():
            registrer_svar(
                m.kjoring, soknad, valgt, venteliste_tilbud=skjema.valgte_ventelister(), bruker=None
            )
            with translation.override("nb"):  # the case log is in bokmål whatever the applicant's language
                tekst = f"Svar registrert av søkeren i søkerportalen: {SVARTEKSTER[valgt]}."
            logg(soknad, "svar", tekst, None)
    except ValidationError as feil:
        for tekst in feil.messages:
            messages.error(request, tekst)
        return redirect("portal:min_side")
    logger.info("Søker svarte i søkerportalen", extra={"soknad_id": soknad.pk, "svar": valgt})
    messages.success(request, _("Svaret ditt er registrert."))
    return redirect("portal:min_side")


@never_cache
@require_GET
@krever_soker
def tilbudsbrev(request, soknad_pk: int):
    """The applicant's own tilbudsbrev for the latest published round as PDF (without the guardians' copies),
    logged as a download. Only the applicant's own søknad (404 otherwise)."""
    from inntak.kjoring import brev

    person = request.soker
    soknad = selectors.egen_soknad(person, soknad_pk)
    m = selectors.svarmulighet(soknad) if soknad else None
    if m is None or not selectors.har_tilbudsbrev(m):
        raise Http404
    ik = m.kjoring
    innhold = brev.lag_pdf(ik, soknad.pk, kopier_til_foresatte=False)
    logg_innsyn(Innsyn.Handling.NEDLASTING, f"Søkerens eget tilbudsbrev runde {ik.runde} (PDF)", aktor="søker",
                person=person, fylke=ik.fylke, request=request)  # fmt: skip
    resp = HttpResponse(innhold, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="tilbudsbrev_runde{ik.runde}.pdf"'
    return resp
