"""The applicant applies in the portal (/soker/soknad/): start a søknad, build the ordered wish list as a draft in
the session (keyed by applicant), send it – or change the wishes of a søknad already sent – before the deadline.

Thin views: the reads are in ``inntak.portal.tilbudssok``, the writes in ``inntak.services.soknad_soker``. The draft
holds only ids. Every page with personal data is audited as the applicant; «Send søknad» / «Lagre endringer» are
rate limited per applicant (settings SOKER_INNSENDING_MAKS per SOKER_INNSENDING_VINDU_SEKUNDER). Every action is a
plain form with buttons, so it works without JavaScript; htmx (hx-boost) only swaps the main area.
"""

from __future__ import annotations

import datetime
import logging
from functools import cached_property, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from inntak.frister import Frist, etter_frist, frist_for
from inntak.models import Soknad
from inntak.portal import tilbudssok
from inntak.portal.soknad_skjema import SokSkjema, StartSkjema
from inntak.services import soknad_soker
from inntak.validering import valider_onsker
from kodeverk.models import Fylke, Skolear
from kodeverk.niva import Inntaksniva
from vigo.idporten.okt import data, krever_soker
from vigo.idporten.struping import _tell
from vigo.models import Innsyn
from vigo.parametere.selectors import parametere
from vigo.revisjon import logg_innsyn
from vigo.throttling import CACHE_FEIL, RESERVE, _advar

logger = logging.getLogger(__name__)

KLADD = "vigo_soknad_kladd"
SOKEFELT = ("tekst", "utdanningsprogram", "programomrade", "skole", "kommune", "side")


# --- the draft in the session -------------------------------------------------------------------------------------
def _hent_kladd(request) -> dict | None:
    alle = request.session.get(KLADD)
    if not isinstance(alle, dict):
        return None
    k = alle.get(str(request.soker.pk))
    return k if isinstance(k, dict) and k.get("skolear") and k.get("fylke") else None


def _lagre_kladd(request, kladd: dict | None) -> None:
    alle = request.session.get(KLADD)
    alle = dict(alle) if isinstance(alle, dict) else {}
    if kladd is None:
        alle.pop(str(request.soker.pk), None)
    else:
        alle[str(request.soker.pk)] = kladd
    request.session[KLADD] = alle


class _Kladd:
    """The draft with what a page needs of it: county, school year, the søknad being changed, the wishes in order.

    The add/remove/move buttons need only ids and the deadline, so a new søknad's draft keeps its deadline from the
    start (``frist``; ``send_soknad`` checks the county's deadline again) and county, school year and rettstatus are
    read only when a page shows them: each button press is then the person, the tilbud and the session write."""

    def __init__(self, request, rad: dict) -> None:
        self.person = request.soker
        self.rad = rad
        self.soknad = None
        self.ids: list[int] = [int(i) for i in rad.get("tilbud", [])]
        if rad.get("soknad"):
            self.soknad = (
                Soknad.objects.select_related("fylke", "skolear", "hjemfylke", "behandlingskategori")
                .filter(person=self.person, pk=rad["soknad"])
                .first()
            )
            if self.soknad is None:  # not (or no longer) the applicant's own
                _lagre_kladd(request, None)
                raise Http404
            self.fylke_id, self.skolear_id = self.soknad.fylke_id, self.soknad.skolear_id
            self.niva, self.kategori = self.soknad.niva, self.soknad.behandlingskategori.kode
            self.frist = frist_for(self.soknad)
            self.gjesteelev = self.soknad.gjesteelev
            self.sperre = soknad_soker.sperre(self.soknad)
        else:
            self.fylke_id, self.skolear_id, self.niva, self.kategori = (
                rad["fylke"],
                rad["skolear"],
                rad["niva"],
                "",
            )
            self.frist = _lagret_frist(rad)
            if self.frist is None or etter_frist(self.frist):  # the county may have moved the deadline since
                self.frist = soknad_soker.ny_frist(self.person, fylke=self.fylke, skolear=self.skolear)
            self.gjesteelev = self.person.fylke_id is not None and self.fylke_id != self.person.fylke_id
            self.sperre = ""
        self.etter_frist = etter_frist(self.frist)
        self._request = request

    def _kode(self, modell, pk):
        objekt = modell.objects.filter(pk=pk).first()
        if objekt is None:  # a code removed since the draft began (PROTECT makes this all but impossible)
            _lagre_kladd(self._request, None)
            raise Http404
        return objekt

    @cached_property
    def fylke(self) -> Fylke:
        return self.soknad.fylke if self.soknad else self._kode(Fylke, self.fylke_id)

    @cached_property
    def skolear(self) -> Skolear:
        return self.soknad.skolear if self.soknad else self._kode(Skolear, self.skolear_id)

    @cached_property
    def rettstatus(self) -> str:
        return (
            self.soknad.rettstatus if self.soknad else soknad_soker.rettstatus_for(self.person, self.skolear)
        )

    def les_frist(self) -> None:
        """The county's deadline read again (a page shows it; the buttons use the one kept in the draft)."""
        if self.soknad is None:
            self.frist = soknad_soker.ny_frist(self.person, fylke=self.fylke, skolear=self.skolear)
            self.etter_frist = etter_frist(self.frist)

    @property
    def lukket(self) -> bool:
        return self.etter_frist or bool(self.sperre)

    def tilbud(self):
        return tilbudssok.hent(self.ids)

    def feil(self, tilbud) -> list[str]:
        return valider_onsker(
            fylke=self.fylke,
            skolear=self.skolear,
            niva=self.niva,
            rettstatus=self.rettstatus,
            tilbud=tilbud,
            behandlingskategori=self.kategori,
            inntakstype=self.soknad.inntakstype if self.soknad else "ordinar",
        )

    def grenser(self) -> dict:
        p = parametere(self.fylke, self.skolear, "inntak")
        return {
            "maks_onsker": p["inntak.maks_onsker"],
            "maks_utdanningsprogram": p["inntak.maks_utdanningsprogram"],
            "maks_skoler_per_programomrade": p["inntak.maks_skoler_per_programomrade"],
        }

    def lagre(self, request) -> None:
        self.rad["tilbud"] = self.ids
        _lagre_kladd(request, self.rad)


def _lagret_frist(rad: dict) -> Frist | None:
    try:
        dato, fastsatt = (datetime.date.fromisoformat(d) for d in rad["frist"])
    except (KeyError, TypeError, ValueError):  # a draft from before the deadline was kept in it
        return None
    return Frist(dato=dato, fastsatt=fastsatt, grunn="")


def _kladd_eller_none(request) -> _Kladd | None:
    rad = _hent_kladd(request)
    return _Kladd(request, rad) if rad else None


def _tilbake(request):
    """Back to the draft with the search the applicant had (only the search fields are carried)."""
    sok = {k: request.POST.get(k) for k in SOKEFELT if request.POST.get(k)}
    url = reverse("portal:soknad_kladd")
    return redirect(f"{url}?{urlencode(sok)}#onsker" if sok else f"{url}#onsker")


def _avvist(request, tekst: str, status: int):
    """A refused POST: the page says why. Under htmx the page is sent as 200 so it is swapped in."""
    logg_innsyn(Innsyn.Handling.VIS, "Søkeren: søknaden kan ikke endres", aktor="søker", person=request.soker,
                antall=1, request=request)  # fmt: skip
    return render(
        request,
        "portal/soknad_avvist.html",
        {"melding": tekst, "okt": data(request)},
        status=200 if request.htmx else status,
    )


def _lukket_svar(request, k: _Kladd):
    if k.etter_frist:
        return _avvist(request, soknad_soker.frist_melding(k.frist), 403)
    return _avvist(request, k.sperre, 403)


def _apen_kladd(view):
    """The draft's POST actions: no draft → start; a draft past its deadline or locked → 403 with the reason;
    otherwise ``view(request, k)``."""

    @wraps(view)
    def _innpakket(request):
        k = _kladd_eller_none(request)
        if k is None:
            return redirect("portal:soknad_start")
        if k.lukket:
            return _lukket_svar(request, k)
        return view(request, k)

    return _innpakket


# --- rate limit on submissions ------------------------------------------------------------------------------------
def _nokkel(person) -> str:
    return f"vigo:soker-innsending:{person.pk}"


def innsending_tillatt(person) -> bool:
    """Count one submission by ``person``; False once over SOKER_INNSENDING_MAKS in the window (the login limit's
    counter in the cache, with the same fallback to this process's memory, ``vigo.idporten.struping``)."""
    nokkel, vindu = _nokkel(person), settings.SOKER_INNSENDING_VINDU_SEKUNDER
    try:
        antall = _tell(cache, nokkel, vindu)
    except CACHE_FEIL as exc:
        _advar("SokerInnsending", exc)
        antall = _tell(RESERVE, nokkel, vindu)
    return antall <= settings.SOKER_INNSENDING_MAKS


# --- views -------------------------------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@krever_soker
def soknad_start(request):
    """Choose school year, level and (as gjesteelev) another county; starts an empty draft."""
    person = request.soker
    skjema = StartSkjema(request.POST or None, person=person)
    if request.method == "POST" and skjema.is_valid():
        cd = skjema.cleaned_data
        frist = soknad_soker.ny_frist(person, fylke=cd["fylke_obj"], skolear=cd["skolear_obj"])
        _lagre_kladd(request, {"skolear": cd["skolear_obj"].pk, "fylke": cd["fylke_obj"].pk, "niva": cd["niva"],
                               "soknad": None, "tilbud": [],
                               "frist": [frist.dato.isoformat(), frist.fastsatt.isoformat()]})  # fmt: skip
        return redirect("portal:soknad_kladd")
    logg_innsyn(Innsyn.Handling.VIS, "Søkeren: start søknad", aktor="søker", person=person, antall=1,
                request=request)  # fmt: skip
    return render(
        request,
        "portal/soknad_start.html",
        {"skjema": skjema, "person": person, "okt": data(request)},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET"])
@krever_soker
def soknad_kladd(request):
    """The draft: the wish list with the rules it breaks and the county's limits, and the tilbud search."""
    person = request.soker
    k = _kladd_eller_none(request)
    if k is None:
        messages.info(request, _("Start en søknad først: velg skoleår og nivå."))
        return redirect("portal:soknad_start")
    k.les_frist()
    tilbud = k.tilbud()
    if len(tilbud) != len(k.ids):  # a tilbud removed since it was added: the list shows what will be sent
        k.ids = [t.pk for t in tilbud]
        k.lagre(request)
        messages.warning(request, _("Et av ønskene finnes ikke lenger og er fjernet fra listen."))
    valgt = {t.pk for t in tilbud}
    kontekst = {
        "k": k,
        "person": person,
        "onsker": tilbud,
        "feil": k.feil(tilbud) if tilbud else [],
        "grenser": k.grenser(),
        "okt": data(request),
    }
    if not k.lukket:
        valg = tilbudssok.filtervalg(fylke=k.fylke, skolear=k.skolear, niva=k.niva)
        sokeskjema = SokSkjema(request.GET or None, valg=valg)
        qs = tilbudssok.sok(fylke=k.fylke, skolear=k.skolear, niva=k.niva, filter=sokeskjema.filter())
        treff = tilbudssok.side(qs, request.GET.get("side"))
        sok = {f: request.GET.get(f) for f in SOKEFELT[:-1] if request.GET.get(f)}
        behold = {**sok, "side": str(treff.number)}  # the action forms carry the search back (``_tilbake``)
        kontekst.update(
            sokeskjema=sokeskjema, treff=treff, valgt=valgt, sok_url=urlencode(sok), behold=behold
        )
    logg_innsyn(Innsyn.Handling.VIS, "Søkeren: ønskeliste (kladd)", aktor="søker", person=person, antall=1,
                fylke=k.fylke, request=request)  # fmt: skip
    return render(request, "portal/soknad_kladd.html", kontekst)


def _posisjon(request, k: _Kladd) -> int | None:
    try:
        tid = int(request.POST.get("tilbud", ""))
    except ValueError:
        return None
    return k.ids.index(tid) if tid in k.ids else None


@never_cache
@require_POST
@krever_soker
@_apen_kladd
def kladd_legg_til(request, k):
    try:
        tid = int(request.POST.get("tilbud", ""))
    except ValueError:
        tid = None
    t = (
        tilbudssok.sokbare(fylke=k.fylke_id, skolear=k.skolear_id, niva=k.niva)
        .select_related("skole", "programomrade")
        .filter(pk=tid)
        .first()
        if tid
        else None
    )
    if t is None:
        messages.error(request, _("Tilbudet finnes ikke eller kan ikke søkes på denne søknaden."))
    elif t.pk in k.ids:
        messages.error(request, _("%(tilbud)s står allerede på ønskelisten.") % {"tilbud": _navn(t)})
    elif len(k.ids) >= soknad_soker.MAKS_ONSKER_I_KLADD:
        messages.error(request, _("Ønskelisten er full. Fjern et ønske før du legger til et nytt."))
    else:
        k.ids.append(t.pk)
        k.lagre(request)
        messages.success(
            request, _("Lagt til som ønske %(nr)d: %(tilbud)s.") % {"nr": len(k.ids), "tilbud": _navn(t)}
        )
    return _tilbake(request)


def _navn(t) -> str:
    return f"{t.programomrade.vist_navn} – {t.skole.navn}"


@never_cache
@require_POST
@krever_soker
@_apen_kladd
def kladd_fjern(request, k):
    i = _posisjon(request, k)
    if i is None:
        messages.error(request, _("Ønsket står ikke på listen."))
    else:
        k.ids.pop(i)
        k.lagre(request)
        messages.success(request, _("Ønske %(nr)d er fjernet.") % {"nr": i + 1})
    return _tilbake(request)


@never_cache
@require_POST
@krever_soker
@_apen_kladd
def kladd_flytt(request, k):
    i = _posisjon(request, k)
    retning = {"opp": -1, "ned": 1}.get(request.POST.get("retning", ""))
    if i is None or retning is None:
        messages.error(request, _("Ønsket står ikke på listen."))
        return _tilbake(request)
    j = i + retning
    if not 0 <= j < len(k.ids):
        messages.error(
            request, _("Ønsket står allerede øverst.") if retning < 0 else _("Ønsket står allerede nederst.")
        )
    else:
        k.ids[i], k.ids[j] = k.ids[j], k.ids[i]
        k.lagre(request)
        messages.success(request, _("Ønsket er flyttet til plass %(nr)d.") % {"nr": j + 1})
    return _tilbake(request)


@never_cache
@require_POST
@krever_soker
def kladd_forkast(request):
    """Throw the draft away (a søknad already sent is not changed)."""
    _lagre_kladd(request, None)
    messages.info(request, _("Kladden er forkastet. Ingenting er endret."))
    return redirect("portal:min_side")


@never_cache
@require_POST
@krever_soker
@_apen_kladd
def kladd_send(request, k):
    """«Send søknad» for a new søknad, «Lagre endringer» for one already sent."""
    person = request.soker
    if not innsending_tillatt(person):
        logger.warning("Søker over grensen for innsendinger", extra={"person_id": person.pk})
        return _avvist(
            request,
            _("Du har sendt inn for mange ganger på kort tid. Vent litt og prøv igjen."),
            429,
        )
    try:
        if k.soknad is None:
            soknad_soker.send_soknad(person, skolear=k.skolear, fylke=k.fylke, niva=k.niva, tilbud_ids=k.ids)
            tekst = _("Søknaden din er sendt. Du kan endre ønskene fram til søknadsfristen %(dato)s.")
        else:
            soknad_soker.lagre_onsker(person, k.soknad, k.ids)
            tekst = _("Endringene er lagret. Du kan endre ønskene fram til søknadsfristen %(dato)s.")
    except soknad_soker.FristenErUte as feil:
        return _avvist(request, " ".join(feil.messages), 403)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
        return _tilbake(request)
    _lagre_kladd(request, None)
    messages.success(request, tekst % {"dato": soknad_soker.dato_tekst(k.frist.dato)})
    return redirect("portal:min_side")


@never_cache
@require_http_methods(["GET"])
@krever_soker
def soknad_endre(request, soknad_pk: int):
    """Start a draft from the wishes of the applicant's own søknad; read-only page after the deadline."""
    person = request.soker
    soknad = (
        Soknad.objects.select_related("fylke", "skolear", "behandlingskategori")
        .filter(person=person, pk=soknad_pk)
        .first()
    )
    if soknad is None:
        raise Http404
    frist = frist_for(soknad)
    hindring = soknad_soker.sperre(soknad)
    if not hindring and not etter_frist(frist):
        ids = list(soknad.onsker.order_by("nr").values_list("tilbud_id", flat=True))
        _lagre_kladd(request, {"skolear": soknad.skolear_id, "fylke": soknad.fylke_id, "niva": soknad.niva,
                               "soknad": soknad.pk, "tilbud": ids})  # fmt: skip
        return redirect("portal:soknad_kladd")
    onsker = soknad.onsker.select_related("tilbud__skole", "tilbud__programomrade").order_by("nr")
    melding = soknad_soker.frist_melding(frist) if etter_frist(frist) else hindring
    logg_innsyn(Innsyn.Handling.VIS, "Søkeren: egen søknad (kan ikke endres)", aktor="søker", person=person,
                antall=1, fylke=soknad.fylke, request=request)  # fmt: skip
    return render(
        request,
        "portal/soknad_les.html",
        {"soknad": soknad, "onsker": onsker, "melding": melding, "okt": data(request),
         "niva": Inntaksniva(soknad.niva).label},
    )  # fmt: skip
