"""/innlogging/soker/: the applicant's login page, the OIDC start and callback, TestID (demo) and logout.

Thin views: the OIDC protocol is Authlib's (konfig), the session and the audit rows are services'."""

from __future__ import annotations

import logging

import requests
from authlib.integrations.base_client.errors import OAuthError
from django import forms
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from joserfc.errors import JoseError

from vigo.fodselsnummer import feilmelding
from vigo.idporten import konfig, services, struping
from vigo.models import Person

log = logging.getLogger(__name__)

# What can go wrong between us and the provider: its answer (OAuthError, bad id_token), the network, the JSON.
OIDC_FEIL = (OAuthError, JoseError, requests.RequestException, ValueError, KeyError, RuntimeError)


def testid_tilgjengelig() -> bool:
    """TestID only where synthetic numbers are allowed and it is turned on (never in prod settings)."""
    return bool(settings.TILLAT_SYNTETISKE_FNR and settings.IDPORTEN_TESTID)


def _feil(request, melding: str, status: int = 400):
    return render(request, "portal/innlogging/feil.html", {"melding": melding}, status=status)


def _for_mange(request):
    log.warning("Søkerinnlogging: for mange forsøk fra samme adresse")
    return _feil(
        request, _("For mange innloggingsforsøk fra denne adressen. Vent noen minutter og prøv igjen."), 429
    )


def _fullfor(request, fodselsnummer: str, *, metode: str, niva: str, id_token: str = ""):
    person = Person.objects.select_related("fylke").filter(fodselsnummer=fodselsnummer).first()
    if person is None:
        services.ingen_person(request, metode=metode)
        return render(request, "portal/innlogging/ingen_soknad.html")
    services.logg_inn(request, person, metode=metode, niva=niva, id_token=id_token)
    return redirect(settings.SOKER_LOGIN_REDIRECT_URL)


@never_cache
@require_GET
def innlogging(request):
    if request.soker:
        return redirect(settings.SOKER_LOGIN_REDIRECT_URL)
    return render(
        request,
        "portal/innlogging/innlogging.html",
        {
            "idporten": konfig.konfig() is not None,
            "testid": testid_tilgjengelig(),
            "utlopt": request.GET.get("utlopt") == "1",
            "inaktiv_minutter": settings.SOKER_INAKTIV_SEKUNDER // 60,
        },
    )


def _tilbake_url(request, k: konfig.Konfig) -> str:
    return k.redirect_uri or request.build_absolute_uri(reverse("idporten:tilbake"))


@never_cache
@require_GET
def start(request):
    """Redirect to ID-porten with state, nonce, PKCE and acr_values (Authlib keeps them in the session)."""
    k = konfig.konfig()
    if k is None:
        raise Http404
    try:
        return konfig.klient(k).authorize_redirect(
            request, _tilbake_url(request, k), acr_values=k.acr, ui_locales=get_language() or "nb"
        )
    except OIDC_FEIL as exc:
        log.warning("ID-porten svarer ikke (discovery): %s", type(exc).__name__)
        return _feil(request, _("ID-porten svarer ikke akkurat nå. Prøv igjen om litt."), 503)


@never_cache
@require_GET
def tilbake(request):
    """The callback: code → tokens (with PKCE and client authentication), the id_token checked, pid → person."""
    k = konfig.konfig()
    if k is None:
        raise Http404
    if struping.sperret(request):
        return _for_mange(request)
    if request.GET.get("error"):
        log.info("ID-porten returnerte uten innlogging: %s", request.GET.get("error", "")[:40])
        if request.GET.get("error") == "access_denied":
            return redirect("idporten:innlogging")
    klient = konfig.klient(k)
    try:
        metadata = klient.load_server_metadata()
        issuer = str(metadata.get("issuer", "")).rstrip("/")
        if issuer != k.issuer:
            raise ValueError("issuer i metadata stemmer ikke med IDPORTEN_ISSUER")
        token = klient.authorize_access_token(request, claims_options=konfig.krav(k, metadata["issuer"]))
        claims = token.get("userinfo")
        if not claims or not token.get("id_token"):
            raise ValueError("svaret har ingen id_token")
    except OIDC_FEIL as exc:
        # The error's type and code only: descriptions come from outside and are not logged.
        log.warning(
            "Innlogging med ID-porten avvist: %s %s", type(exc).__name__, getattr(exc, "error", "") or ""
        )
        struping.tillat(request)  # a failed attempt counts
        return _feil(request, _("Innloggingen kunne ikke fullføres. Prøv å logge inn på nytt."))
    pid = str(claims.get("pid", ""))
    if feilmelding(pid):
        log.warning("Innlogging med ID-porten avvist: pid er ikke et gyldig fødselsnummer eller D-nummer")
        struping.tillat(request)
        return _feil(request, _("ID-porten ga oss ikke et gyldig fødselsnummer eller D-nummer."))
    return _fullfor(
        request, pid, metode="idporten", niva=str(claims.get("acr", "")), id_token=token["id_token"]
    )


class TestIdSkjema(forms.Form):
    fodselsnummer = forms.CharField(
        label=gettext_lazy("Syntetisk fødselsnummer"),
        max_length=20,
        help_text=gettext_lazy("11 siffer fra Test Norge (måned + 80). Ekte fødselsnumre godtas ikke her."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_fodselsnummer(self) -> str:
        nummer = self.cleaned_data["fodselsnummer"].replace(" ", "")
        if len(nummer) == 11 and nummer.isdigit() and not 81 <= int(nummer[2:4]) <= 92:
            raise forms.ValidationError(_("TestID godtar bare syntetiske fødselsnumre (måned + 80)."))
        melding = feilmelding(nummer)
        if melding:
            raise forms.ValidationError(melding)
        return nummer


@never_cache
@require_http_methods(["GET", "POST"])
def testid(request):
    """Demo login like ID-porten's test login: type a synthetic fødselsnummer. 404 where it is not allowed."""
    if not testid_tilgjengelig():
        raise Http404
    skjema = TestIdSkjema(request.POST or None)
    if request.method == "POST":
        if not struping.tillat(request):
            return _for_mange(request)
        if skjema.is_valid():
            return _fullfor(request, skjema.cleaned_data["fodselsnummer"], metode="testid", niva="testid")
        log.info("TestID-innlogging avvist: ugyldig fødselsnummer")
    return render(request, "portal/innlogging/testid.html", {"skjema": skjema})


@require_POST
def logg_ut(request):
    """Ends the applicant session here, then at ID-porten when the login came from there (RP-initiated logout)."""
    d = services.logg_ut(request)
    utlogget = request.build_absolute_uri(reverse("idporten:utlogget"))
    k = konfig.konfig()
    if d and d.get("id_token") and k is not None:
        try:
            klient = konfig.klient(k)
            if klient.load_server_metadata().get("end_session_endpoint"):
                url = klient.create_logout_url(post_logout_redirect_uri=utlogget, id_token_hint=d["id_token"])
                return HttpResponseRedirect(url["url"])
        except OIDC_FEIL as exc:
            log.warning("Utlogging hos ID-porten ikke mulig: %s", type(exc).__name__)
    return redirect("idporten:utlogget")


@require_GET
def utlogget(request):
    return render(request, "portal/innlogging/utlogget.html")
