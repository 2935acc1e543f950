"""The caseworker registers a paper application on an applicant's behalf, or changes a søknad (classification,
priority flags, the whole wish list), with a mandatory reason or source written to the case log.

Thin: the forms check input shape; access, the wish rules and the deadline are checked by
``inntak.services.soknad_saksbehandler``. The person is found by fødselsnummer in a POST (never in the URL), and
the lookup is written to the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from inntak import selectors
from inntak.frister import etter_frist, frist_for
from inntak.models import Tilbud
from inntak.services import soknad_saksbehandler as tjeneste
from inntak.skjema_soknad import EndreSoknadSkjema, FinnPersonSkjema, RegistrerSoknadSkjema
from kodeverk.models import Fylke
from vigo.models import Person
from vigo.revisjon import logg_innsyn
from vigo.scoping import avgrens

FLAGG = ("deltid", "saerlige_grunner", "samisk", "flytting_dokumentert")


def _fylker(bruker):
    if bruker.er_systemadministrator:
        return Fylke.objects.filter(aktiv=True)
    return Fylke.objects.filter(pk=bruker.fylke_id)


def _tilbud(bruker):
    return avgrens(Tilbud.objects.filter(skolear__sluttdato__gte=timezone.localdate()), bruker)


def _feil_til_skjema(skjema, feil: ValidationError) -> None:
    for melding in feil.messages:
        skjema.add_error(None, melding)


@login_required
@permission_required("inntak.add_soknad", raise_exception=True)
def ny(request):
    """Step 1: find the person by fødselsnummer (name shown). Step 2: the søknad with its wishes and the reason."""
    if request.user.skole_id is not None:
        raise PermissionDenied(_("Skolebrukere kan ikke registrere søknader."))
    finn = FinnPersonSkjema(request.POST if request.POST.get("handling") == "finn" else None)
    skjema = None
    person = None
    if request.method == "POST":
        handling = request.POST.get("handling")
        nummer = ""
        if handling == "finn" and finn.is_valid():
            nummer = finn.cleaned_data["fodselsnummer"]
        elif handling == "lagre":
            nummer = request.POST.get("fodselsnummer", "").replace(" ", "")
        if nummer:
            person = Person.objects.select_related("fylke").filter(fodselsnummer=nummer).first()
            if person is None:
                finn = FinnPersonSkjema({"fodselsnummer": nummer})
                finn.is_valid()
                finn.add_error(
                    "fodselsnummer", _("Ingen person med dette fødselsnummeret finnes i personregisteret.")
                )
        if person is not None:
            logg_innsyn("vis", "Personoppslag for registrering av søknad", request=request, person=person)
            data = request.POST if handling == "lagre" else None
            skjema = RegistrerSoknadSkjema(
                data, initial={"fodselsnummer": person.fodselsnummer}, fylker=_fylker(request.user),
                tilbud=_tilbud(request.user),
            )  # fmt: skip
            if handling == "lagre" and skjema.is_valid():
                d = skjema.cleaned_data
                try:
                    soknad = tjeneste.registrer_for_soker(
                        bruker=request.user, begrunnelse=d["begrunnelse"], person=person, skolear=d["skolear"],
                        fylke=d["fylke"], niva=d["niva"], rettstatus=d["rettstatus"], onsker=d["onsker"],
                        behandlingskategori=d["behandlingskategori"], sokergruppe=d["sokergruppe"],
                        **{n: d[n] for n in FLAGG},
                    )  # fmt: skip
                except ValidationError as feil:
                    _feil_til_skjema(skjema, feil)
                else:
                    messages.success(request, _("Søknaden er registrert."))
                    return redirect("inntak:soknad", pk=soknad.pk)
    eksisterende = list(selectors.soknader_for_person(request.user, person)) if person is not None else []
    return render(request, "inntak/soknad_ny.html",
                  {"finn": finn, "skjema": skjema, "person": person, "eksisterende": eksisterende})  # fmt: skip


@login_required
@permission_required("inntak.change_soknad", raise_exception=True)
def endre(request, pk: int):
    soknad = get_object_or_404(selectors.soknader_for(request.user), pk=pk)
    if not tjeneste.kan_endre(request.user, soknad):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne søknaden."))
    logg_innsyn(
        "vis", f"Endre søknad {soknad.skolear}", request=request, person=soknad.person, fylke=soknad.fylke
    )
    frist = frist_for(soknad)
    tilbud = _tilbud(request.user).filter(skolear=soknad.skolear, programomrade__niva=soknad.niva)
    skjema = EndreSoknadSkjema(request.POST or None, soknad=soknad, tilbud=tilbud)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        felt = {n: d[n] for n in ("rettstatus", "sokergruppe", "behandlingskategori", *FLAGG)}
        try:
            tjeneste.endre_for_soker(soknad, bruker=request.user, begrunnelse=d["begrunnelse"], onsker=d["onsker"],
                                     **felt)  # fmt: skip
        except ValidationError as feil:  # also IngenEndring: nothing was changed
            _feil_til_skjema(skjema, feil)
        else:
            messages.success(request, _("Søknaden er endret."))
            return redirect("inntak:soknad", pk=soknad.pk)
    return render(request, "inntak/soknad_endre.html", {
        "soknad": soknad, "person": soknad.person, "skjema": skjema, "frist": frist, "etter_frist": etter_frist(frist),
    })  # fmt: skip
