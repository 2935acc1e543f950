"""Views of the student register (sas): upload a SAS file, start job 6A001, list earlier imports.

The file is stored privately (``inntak.elev.jobber.sas.lagring``: MEDIA_ROOT without any URL, under a random
name) because a job's parameters are JSON; the job reads it, imports it and deletes it. The page shows no personal
data (file names, counts and status of ``Elevimport`` rows), so it writes no ``Innsyn`` row.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inntak.elev.jobber.sas import KODE, MAPPE, lagring
from inntak.elev.models import Elevimport
from inntak.elev.sas.format import POSTTYPER
from vigo.jobber import tjenester
from vigo.scoping import avgrens

MAKS_BYTES = 200 * 1024 * 1024  # a county file of 20 000 pupils × 15 fag is about 27 MB


class SasFilSkjema(forms.Form):
    fil = forms.FileField(
        label=gettext_lazy("SAS-fil"),
        help_text=gettext_lazy("Tekstfil i SAS-oppsettet (UTF-8), første linje er TOF-linjen."),
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAKS_BYTES:
            raise ValidationError(_("Filen er for stor (høyst 200 MB)."))
        start = fil.read(4)
        fil.seek(0)
        if not start.lstrip(b"\xef\xbb\xbf").startswith(b"TOF"):
            raise ValidationError(_("Filen er ikke en SAS-fil: første linje må være TOF-linjen."))
        return fil


def innhold(fil) -> dict[str, int]:
    """Lines per posttype: what the file holds, shown before the job checks it (a quick count, no checks)."""
    antall = dict.fromkeys(POSTTYPER, 0)
    annet = 0
    fil.seek(0)
    for linje in fil:
        ident = linje[:3].lstrip(b"\xef\xbb\xbf").decode("ascii", errors="replace")
        if ident in antall:
            antall[ident] += 1
        else:
            annet += 1
    fil.seek(0)
    if annet:
        antall[_("andre")] = annet
    return antall


@login_required
@permission_required("elev.add_elevforhold", raise_exception=True)
def sas_import(request):
    fylke = request.user.fylke
    if fylke is None:
        raise PermissionDenied(_("Brukeren har ikke noe fylke."))
    skjema = SasFilSkjema(request.POST or None, request.FILES or None)
    if request.method == "POST" and skjema.is_valid():
        opplastet = skjema.cleaned_data["fil"]
        antall = innhold(opplastet)
        navn = lagring().save(f"{MAPPE}/{uuid.uuid4().hex}.txt", opplastet)
        try:
            kj = tjenester.start_kjoring(
                KODE, fylke, request.user, {"fil": navn, "filnavn": opplastet.name[:255]}
            )
        except (ValidationError, tjenester.KjoringFeil, PermissionDenied) as feil:
            lagring().delete(navn)
            skjema.add_error(None, " ".join(getattr(feil, "messages", [str(feil)])))
        else:
            beskrivelse = ", ".join(f"{k}: {v}" for k, v in antall.items())
            messages.info(request, _("Filen «%(f)s» er lastet opp (%(a)s). Importen kjører nå.")
                          % {"f": opplastet.name, "a": beskrivelse})  # fmt: skip
            return redirect("kjoring_detalj", pk=kj.pk)
    importer = avgrens(Elevimport.objects.select_related("skole", "importert_av", "kjoring"), request.user)
    side = Paginator(importer.order_by("-opprettet", "-pk"), 25).get_page(request.GET.get("side"))
    return render(request, "elev/sas/import.html", {"skjema": skjema, "side": side})


urlpatterns = [path("sas/", sas_import, name="sas_import")]
