"""Pages for inbound files: upload a feedback file on a delivery, read its lines against what was sent, and upload a
private-school file from Udir (job 6I020). Each page checks role and county; the feedback page is audited."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from rapporter.innlesing import selectors
from rapporter.innlesing.jobber import KODE, MAPPE, lagring
from rapporter.innlesing.tilbakemelding import MAKS_BYTES, Tilbakemeldingsfeil, importer_tilbakemelding
from rapporter.leveranser.tjenester import kan_behandle
from rapporter.models import Alvorlighet, Leveranse
from rapporter.models_innlesing import TilbakemeldingAvsender
from vigo.jobber import tjenester
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens

PER_SIDE = 50
VISTE_FEIL = 200
MAKS_PRIVAT = 200 * 1024 * 1024


def _hent(request, pk: int) -> Leveranse:
    """The delivery, as on its own page: the right to see deliveries, then the county (404 outside it)."""
    if not request.user.has_perm("rapporter.view_leveranse"):
        raise PermissionDenied
    return get_object_or_404(
        avgrens(Leveranse.objects.select_related("fylke", "skolear"), request.user), pk=pk
    )


class TilbakemeldingSkjema(forms.Form):
    avsender = forms.ChoiceField(label=gettext_lazy("Avsender"), choices=TilbakemeldingAvsender.choices)
    fil = forms.FileField(
        label=gettext_lazy("Tilbakemeldingsfil"),
        help_text=gettext_lazy(
            "CSV med semikolon og overskriftslinje: FilID;RadNr;Feilkode;Alvorlighet;Melding."
        ),
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAKS_BYTES:
            raise ValidationError(_("Filen er for stor (høyst 20 MB)."))
        return fil


@login_required
@require_http_methods(["GET", "POST"])
def last_opp(request, pk: int):
    lev = _hent(request, pk)
    if not kan_behandle(request.user, lev):
        raise PermissionDenied
    skjema = TilbakemeldingSkjema(request.POST or None, request.FILES or None)
    avvist = None
    if request.method == "POST" and skjema.is_valid():
        try:
            tb = importer_tilbakemelding(lev, skjema.cleaned_data["fil"], request.user,
                                         avsender=skjema.cleaned_data["avsender"])  # fmt: skip
        except Tilbakemeldingsfeil as feil:
            avvist = {"melding": feil.messages[0], "linjer": feil.linjer[:VISTE_FEIL], "antall": feil.antall,
                      "flere": max(0, feil.antall - VISTE_FEIL)}  # fmt: skip
        else:
            messages.success(request, _("Tilbakemeldingen «%(f)s» er importert: %(n)d linjer, %(k)d koblet til "
                                        "intern referanse.") % {"f": tb.filnavn, "n": tb.antall_linjer,
                                                                 "k": tb.antall_koblet})  # fmt: skip
            return redirect("rapporter:tilbakemeldinger", pk=lev.pk)
    return render(
        request, "rapporter/innlesing/last_opp.html", {"lev": lev, "skjema": skjema, "avvist": avvist}
    )


@login_required
def tilbakemeldinger(request, pk: int):
    """Each feedback line against the sent record: file, line number, our internal reference and the error."""
    lev = _hent(request, pk)
    alvorlighet = request.GET.get("alvorlighet", "")
    alvorlighet = alvorlighet if alvorlighet in Alvorlighet.values else ""
    filer = selectors.tilbakemeldinger_for(lev)
    valgt = request.GET.get("tilbakemelding", "")
    valgt = int(valgt) if valgt.isdigit() and filer.filter(pk=int(valgt)).exists() else None
    side = Paginator(
        selectors.linjer_for(lev, alvorlighet=alvorlighet, tilbakemelding=valgt), PER_SIDE
    ).get_page(request.GET.get("side"))
    if side.object_list:
        logg_innsyn("vis", f"Tilbakemeldinger på leveranse {lev.kode} nr. {lev.pk}", request=request,
                    antall=len(side.object_list), fylke=lev.fylke)  # fmt: skip
    filter_ = "&".join(
        f"{k}={v}" for k, v in (("alvorlighet", alvorlighet), ("tilbakemelding", valgt or "")) if v
    )
    return render(request, "rapporter/innlesing/tilbakemeldinger.html", {
        "lev": lev, "filer": filer, "side": side, "alvorlighet": alvorlighet, "valgt": valgt, "filter": filter_,
        "kan_behandle": kan_behandle(request.user, lev),
    })  # fmt: skip


class PrivatskolefilSkjema(forms.Form):
    fil = forms.FileField(
        label=gettext_lazy("Fil fra Udir (WIS)"),
        help_text=gettext_lazy("Tekstfil i SAS-oppsettet (UTF-8), første linje er TOF-linjen."),
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAKS_PRIVAT:
            raise ValidationError(_("Filen er for stor (høyst 200 MB)."))
        start = fil.read(4)
        fil.seek(0)
        if not start.lstrip(b"\xef\xbb\xbf").startswith(b"TOF"):
            raise ValidationError(_("Filen er ikke i SAS-oppsettet: første linje må være TOF-linjen."))
        return fil


@login_required
@require_http_methods(["GET", "POST"])
def privatskole(request):
    """Upload a private-school file and start job 6I020; the earlier imports of the county below (no persons)."""
    bruker = request.user
    if not bruker.has_perm("elev.add_elevforhold") or bruker.er_skolebruker or bruker.fylke is None:
        raise PermissionDenied
    skjema = PrivatskolefilSkjema(request.POST or None, request.FILES or None)
    if request.method == "POST" and skjema.is_valid():
        opplastet = skjema.cleaned_data["fil"]
        navn = lagring().save(f"{MAPPE}/{uuid.uuid4().hex}.txt", opplastet)
        try:
            kj = tjenester.start_kjoring(
                KODE, bruker.fylke, bruker, {"fil": navn, "filnavn": opplastet.name[:255]}
            )
        except (ValidationError, tjenester.KjoringFeil, PermissionDenied) as feil:
            lagring().delete(navn)
            skjema.add_error(None, " ".join(getattr(feil, "messages", [str(feil)])))
        else:
            messages.info(
                request, _("Filen «%(f)s» er lastet opp. Importen (6I020) kjører nå.") % {"f": opplastet.name}
            )
            return redirect("kjoring_detalj", pk=kj.pk)
    side = Paginator(selectors.privatskoleimporter_for(bruker), PER_SIDE).get_page(request.GET.get("side"))
    return render(request, "rapporter/innlesing/privatskole.html", {"skjema": skjema, "side": side})
