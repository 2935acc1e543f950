"""The applicant's documentation page for one of their own søknader: ask for fortrinnsrett or individuell
behandling with a description and documents, send more documents, see what was sent and the vedtak.

Thin: ``inntak.services.dokument`` checks ownership, the deadline and every file, and writes the case log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from inntak.portal import selectors
from inntak.services import dokument as tjeneste
from vigo.idporten.okt import data, krever_soker
from vigo.models import Innsyn
from vigo.revisjon import logg_innsyn

GODTATT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class FlereFiler(forms.ClearableFileInput):
    allow_multiple_selected = True


class FlereFilerFelt(forms.FileField):
    """Renders ``<input type="file" multiple>``; the files are checked by the service (all of them, by name)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", FlereFiler(attrs={"accept": GODTATT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, (list, tuple)) else [data]


def _hjelp_filer() -> str:
    return _("PDF, PNG eller JPEG, høyst %(mb)d MB per fil og %(n)d filer til sammen.") % {
        "mb": tjeneste.MAKS_BYTES // (1024 * 1024),
        "n": tjeneste.MAKS_ANTALL,
    }


class ForesporselSkjema(forms.Form):
    behandlingskategori = forms.ChoiceField(label=gettext_lazy("Hva søker du om?"), required=False)
    beskrivelse = forms.CharField(
        label=gettext_lazy("Beskriv hvorfor du søker om dette"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": tjeneste.MAKS_BESKRIVELSE}),
        help_text=gettext_lazy(
            "Skriv kort om situasjonen din. Legg ved dokumentasjon, for eksempel sakkyndig vurdering."
        ),
    )
    dokumenter = FlereFilerFelt(label=gettext_lazy("Dokumentasjon (valgfritt)"))

    def __init__(self, *args, soknad, **kwargs):
        kwargs.setdefault("auto_id", "foresporsel-%s")
        super().__init__(*args, **kwargs)
        grupper: dict[str, list] = {}
        for k in tjeneste.kategorier_for(soknad):
            grupper.setdefault(k.get_gruppe_display(), []).append((k.kode, k.navn))
        self.fields["behandlingskategori"].choices = [("", _("Velg …")), *grupper.items()]
        self.fields["behandlingskategori"].error_messages["invalid_choice"] = _("Velg hva du søker om.")
        self.fields["dokumenter"].help_text = _hjelp_filer()


class DokumentSkjema(forms.Form):
    dokumenter = FlereFilerFelt(label=gettext_lazy("Velg filer"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "ettersend-%s")
        super().__init__(*args, **kwargs)
        self.fields["dokumenter"].help_text = _hjelp_filer()


@never_cache
@require_http_methods(["GET", "POST"])
@krever_soker
def side(request, soknad_pk: int):
    """GET: the page. POST ``handling=foresporsel`` (request with documents) or ``handling=dokumenter`` (more
    documents). Only the applicant's own søknad (404 otherwise)."""
    person = request.soker
    soknad = selectors.egen_soknad(person, soknad_pk)
    if soknad is None:
        raise Http404
    valgt = soknad.behandlingskategori.kode if soknad.trenger_vedtak else ""
    foresporsel = ForesporselSkjema(soknad=soknad, initial={"behandlingskategori": valgt})
    ettersend = DokumentSkjema()
    if request.method == "POST":
        handling = request.POST.get("handling")
        filer = request.FILES.getlist("dokumenter")
        try:
            if handling == "foresporsel":
                foresporsel = ForesporselSkjema(request.POST, request.FILES, soknad=soknad)
                if foresporsel.is_valid():
                    d = foresporsel.cleaned_data
                    tjeneste.be_om_behandling(soknad, person=person, behandlingskategori=d["behandlingskategori"],
                                              beskrivelse=d["beskrivelse"], filer=filer)  # fmt: skip
                    messages.success(request, _("Forespørselen din er sendt til fylkeskommunen."))
                    return redirect("portal:dokumentasjon", soknad_pk=soknad.pk)
            elif handling == "dokumenter":
                ettersend = DokumentSkjema(request.POST, request.FILES)
                if ettersend.is_valid():
                    lagret = tjeneste.send_dokumenter(soknad, person=person, filer=filer)
                    messages.success(
                        request,
                        ngettext("%(n)d dokument er sendt.", "%(n)d dokumenter er sendt.", len(lagret))
                        % {"n": len(lagret)},
                    )
                    return redirect("portal:dokumentasjon", soknad_pk=soknad.pk)
            else:
                messages.error(request, _("Ukjent handling. Prøv igjen."))
                return redirect("portal:dokumentasjon", soknad_pk=soknad.pk)
        except ValidationError as feil:
            skjema = foresporsel if handling == "foresporsel" else ettersend
            if hasattr(feil, "error_dict"):
                for felt, liste in feil.error_dict.items():
                    skjema.add_error(felt if felt in skjema.fields else None, liste)
            else:
                skjema.add_error(None, feil.messages)
    kontekst = selectors.dokumentasjon(person, soknad)
    logg_innsyn(Innsyn.Handling.VIS, "Søkerens dokumentasjonsside", aktor="søker", person=person, antall=1,
                request=request)  # fmt: skip
    return render(
        request,
        "portal/dokumentasjon.html",
        {
            **kontekst,
            "soknad": soknad,
            "person": person,
            "foresporsel_skjema": foresporsel,
            "ettersend_skjema": ettersend,
            "okt": data(request),
        },
    )
