"""The company register's pages (docs/fagopplaering/bedrift.md): list and search, the company page, registering a
company from Enhetsregisteret, approvals per lærefag, faglige ledere/instruktører and opplæringskontor members.

Reads go through ``fagopplaering.selectors.bedrift`` (scoped); every write is a call to
``fagopplaering.services.bedrift``, whose ``ValidationError``/``PermissionDenied`` are shown on the form, never as
a traceback. The company page shows apprentices (contracts) and faglige ledere: it writes one ``Innsyn`` row.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fagopplaering import forms_bedrift as skjemaer
from fagopplaering.enhetsregisteret import Oppslagsfeil
from fagopplaering.models import Bedrift, Bedriftstype, Godkjenning
from fagopplaering.selectors import bedrift as sel
from fagopplaering.services import bedrift as svc
from vigo.revisjon import logg_innsyn
from vigo.scoping import kan_se

PER_SIDE = 50
KONTRAKTER_PER_SIDE = 25


def _feil_til_skjema(skjema, feil: ValidationError | PermissionDenied) -> None:
    if isinstance(feil, PermissionDenied):
        skjema.add_error(None, str(feil) or _("Du har ikke tilgang til å gjøre dette."))
        return
    if hasattr(feil, "error_dict"):
        for felt, liste in feil.error_dict.items():
            for f in liste:
                for melding in f.messages:
                    skjema.add_error(felt if felt in skjema.fields else None, melding)
    else:
        for melding in feil.messages:
            skjema.add_error(None, melding)


def _fylke_id(request) -> int:
    if request.user.fylke_id is None:
        raise PermissionDenied(_("Brukeren din er ikke knyttet til et fylke; godkjenninger gis av et fylke."))
    return request.user.fylke_id


def _skriv(skjema, kall):
    """Run a service call; errors go to the form. Returns the result or None."""
    try:
        return kall()
    except (ValidationError, PermissionDenied) as feil:
        _feil_til_skjema(skjema, feil)
        return None


def _bedrift_eller_404(request, pk: int) -> Bedrift:
    b = sel.bedrift_detalj(request.user, pk)
    if b is None:
        raise Http404
    return b


# --- list ------------------------------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.view_bedrift", raise_exception=True)
def bedrifter(request):
    filter_ = skjemaer.BedriftFilter(request.GET or None, bruker=request.user)
    data = filter_.cleaned_data if filter_.is_valid() else {}
    qs = sel.bedrifter(
        request.user,
        q=data.get("q", ""),
        kommune=data.get("kommune"),
        fag=data.get("fag"),
        type=data.get("type") or None,
        bare_godkjente=bool(data.get("bare_godkjente")),
    )
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    sporring = request.GET.copy()
    sporring.pop("side", None)
    mal = (
        "fagopplaering/bedrift_tabell.html"
        if getattr(request, "htmx", False)
        else "fagopplaering/bedrift_liste.html"
    )
    return render(request, mal, {"filter": filter_, "side": side, "sporring": sporring.urlencode()})


# --- the company page ------------------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.view_bedrift", raise_exception=True)
def bedrift(request, pk: int):
    bruker = request.user
    b = _bedrift_eller_404(request, pk)
    idag = datetime.date.today()
    godkjenninger = sel.godkjenninger(bruker, b)
    for g in godkjenninger:
        g.gyldig_na = g.gyldig_pa(idag)
        g.aktive_ansvarlige = [a for a in g.ansvarlige.all() if a.til is None or a.til >= idag]
        g.tidligere_ansvarlige = [a for a in g.ansvarlige.all() if a.til is not None and a.til < idag]
    kontrakter = None
    if bruker.has_perm("fagopplaering.view_kontrakt"):
        kontrakter = Paginator(sel.kontrakter_for_bedrift(bruker, b), KONTRAKTER_PER_SIDE).get_page(
            request.GET.get("kside")
        )
    ctx = {
        "b": b,
        "idag": idag,
        "godkjenninger": godkjenninger,
        "medlemmer": sel.medlemmer(bruker, b) if b.type == Bedriftstype.OPPLAERINGSKONTOR else [],
        "medlem_av": sel.medlem_av(bruker, b),
        "kontrakter": kontrakter,
        "antall_lopende": sel.antall_lopende(bruker, b, idag) if kontrakter is not None else None,
        "tilskudd": sel.tilskudd(bruker, b)
        if bruker.has_perm("fagopplaering.view_tilskuddsutbetaling")
        else None,
        "hendelser": sel.tidslinje(bruker, b),
        "er_kontor": b.type == Bedriftstype.OPPLAERINGSKONTOR,
    }
    antall_personer = (len(kontrakter.object_list) if kontrakter is not None else 0) + sum(
        len(g.aktive_ansvarlige) + len(g.tidligere_ansvarlige) for g in godkjenninger
    )
    if antall_personer:
        logg_innsyn("vis", f"Bedriftsside {b.orgnr}: lærlinger og faglige ledere", request=request,
                    antall=antall_personer)  # fmt: skip
    return render(request, "fagopplaering/bedrift_detalj.html", ctx)


# --- new company -----------------------------------------------------------------------------------------------
def _forslag_type(navn: str) -> str:
    return (
        Bedriftstype.OPPLAERINGSKONTOR
        if "OPPLÆRINGSKONTOR" in (navn or "").upper()
        else Bedriftstype.SELVSTENDIG
    )


def _oppslag(orgnr: str) -> tuple[object | None, str]:
    try:
        return svc.slaa_opp(orgnr), ""
    except Oppslagsfeil as feil:
        return None, str(feil)
    except ValidationError as feil:
        return None, " ".join(feil.messages)


def _finnes(request, orgnr: str) -> dict | None:
    """An already registered company: whether the user sees it, and where to go."""
    b = Bedrift.objects.filter(orgnr=orgnr).first()
    if b is None:
        return None
    synlig = kan_se(request.user, b)
    return {"bedrift": b, "synlig": synlig}


@login_required
@permission_required("fagopplaering.add_bedrift", raise_exception=True)
@require_http_methods(["GET", "POST"])
def bedrift_ny(request):
    """Step 1: the organisasjonsnummer → lookup in Enhetsregisteret. Step 2: check what it says, add contact details
    and confirm. A number already registered leads to the company (or, when another county registered it, to
    approving it for a lærefag in this county)."""
    steg = request.POST.get("steg", "") if request.method == "POST" else ""
    if steg == "bekreft":
        skjema = skjemaer.NyBedriftSkjema(request.POST)
        enhet, er_feil = _oppslag(request.POST.get("orgnr", ""))
        if skjema.is_valid():
            d = skjema.cleaned_data
            felt = {
                k: d[k]
                for k in ("bransje", "kontaktperson", "epost", "telefon", "navn", "kommune")
                if d.get(k)
            }

            def kall():
                return svc.registrer_bedrift(request.user, orgnr=d["orgnr"], fylke_id=_fylke_id(request),
                                             type=d["type"], **felt)  # fmt: skip

            b = _skriv(skjema, kall)
            if b is not None:
                messages.success(request, _("%(navn)s er registrert.") % {"navn": b.navn})
                if kan_se(request.user, b):
                    return redirect("fagopplaering:bedrift", pk=b.pk)
                return redirect("fagopplaering:godkjenning_ny", pk=b.pk)
        return render(request, "fagopplaering/bedrift_ny.html", {"steg": 2, "skjema": skjema, "enhet": enhet, "slaatt_opp": True,
                                                                 "er_feil": er_feil})  # fmt: skip
    oppslag = skjemaer.OrgnrSkjema(request.POST if steg == "oppslag" else (request.GET or None))
    if oppslag.is_valid():
        orgnr = oppslag.cleaned_data["orgnr"]
        finnes = _finnes(request, orgnr)
        if finnes is None:
            enhet, er_feil = _oppslag(orgnr)
            skjema = skjemaer.NyBedriftSkjema(
                initial={"orgnr": orgnr, "type": _forslag_type(getattr(enhet, "navn", ""))}
            )
            return render(request, "fagopplaering/bedrift_ny.html", {"steg": 2, "skjema": skjema, "enhet": enhet, "slaatt_opp": True,
                                                                     "er_feil": er_feil})  # fmt: skip
        return render(
            request, "fagopplaering/bedrift_ny.html", {"steg": 1, "skjema": oppslag, "finnes": finnes}
        )
    return render(request, "fagopplaering/bedrift_ny.html", {"steg": 1, "skjema": oppslag})


@login_required
@permission_required("fagopplaering.view_bedrift", raise_exception=True)
def bedrift_oppslag(request):
    """htmx: a preview of what Enhetsregisteret says of ``?orgnr=`` (and whether it is registered already)."""
    orgnr_raa = request.GET.get("orgnr", "").strip()
    ctx: dict = {"orgnr": orgnr_raa}
    if orgnr_raa:
        try:
            orgnr = svc.normaliser_orgnr(orgnr_raa)
        except ValidationError as feil:
            ctx["er_feil"] = " ".join(feil.messages)
        else:
            ctx["finnes"] = _finnes(request, orgnr)
            ctx["enhet"], ctx["er_feil"] = _oppslag(orgnr)
            ctx["slaatt_opp"] = True
    return render(request, "fagopplaering/bedrift_oppslag.html", ctx)


@login_required
@permission_required("fagopplaering.change_bedrift", raise_exception=True)
@require_POST
def bedrift_oppdater(request, pk: int):
    b = _bedrift_eller_404(request, pk)
    try:
        b = svc.oppdater_fra_enhetsregisteret(request.user, b, _fylke_id(request))
    except (ValidationError, PermissionDenied) as feil:
        messages.error(request, " ".join(getattr(feil, "messages", [str(feil)])))
    else:
        messages.success(request, _("%(navn)s er oppdatert fra Enhetsregisteret.") % {"navn": b.navn})
    return redirect("fagopplaering:bedrift", pk=pk)


@login_required
@permission_required("fagopplaering.change_bedrift", raise_exception=True)
@require_http_methods(["GET", "POST"])
def bedrift_endre(request, pk: int):
    b = _bedrift_eller_404(request, pk)
    felt = ("type", "bransje", "kontaktperson", "epost", "telefon", "aktiv")
    skjema = skjemaer.EndreBedriftSkjema(request.POST or None, initial={f: getattr(b, f) for f in felt})
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        if _skriv(skjema, lambda: svc.endre_bedrift(request.user, b, _fylke_id(request), **d)) is not None:
            messages.success(request, _("Endringene er lagret."))
            return redirect("fagopplaering:bedrift", pk=pk)
    return _skjemaside(request, b, skjema, _("Endre bedrift"), _("Lagre endringene"),
                       tekst=_("Navn og adresser kommer fra Enhetsregisteret; bruk «Oppdater fra Enhetsregisteret» "
                               "for å hente dem på nytt."))  # fmt: skip


def _skjemaside(request, b, skjema, tittel, knapp, *, tekst="", advarsel="", underobjekt=""):
    return render(request, "fagopplaering/bedrift_skjema.html", {
        "b": b, "skjema": skjema, "tittel": tittel, "knapp": knapp, "tekst": tekst, "advarsel": advarsel,
        "underobjekt": underobjekt})  # fmt: skip


# --- approvals -------------------------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.add_godkjenning", raise_exception=True)
@require_http_methods(["GET", "POST"])
def godkjenning_ny(request, pk: int):
    b = sel.bedrift_for_godkjenning(request.user, pk)
    if b is None:
        raise Http404
    skjema = skjemaer.GodkjenningSkjema(request.POST or None, initial={"godkjent_fra": datetime.date.today()})
    if request.method == "POST" and skjema.is_valid():

        def kall():
            return svc.godkjenn(request.user, bedrift=b, fylke_id=_fylke_id(request),
                                faglig_leder=skjema.faglig_leder(), **skjema.godkjenning())  # fmt: skip

        g = _skriv(skjema, kall)
        if g is not None:
            messages.success(request, _("%(navn)s er godkjent for %(fag)s.") % {"navn": b.navn,
                                                                                 "fag": g.programomrade.navn})  # fmt: skip
            return redirect("fagopplaering:bedrift", pk=b.pk)
    advarsel = ""
    if b.konkurs or b.slettet_i_er:
        advarsel = _(
            "Bedriften er konkurs, under avvikling eller slettet i Enhetsregisteret og kan ikke godkjennes."
        )
    return _skjemaside(request, b, skjema, _("Godkjenn for lærefag"), _("Godkjenn"), advarsel=advarsel,
                       tekst=_("Fylket godkjenner bedriften for hvert lærefag for seg. Faglig leder kan registreres "
                               "nå eller senere."))  # fmt: skip


@login_required
@permission_required("fagopplaering.change_godkjenning", raise_exception=True)
@require_http_methods(["GET", "POST"])
def godkjenning_trekk(request, pk: int):
    g = sel.godkjenning_detalj(request.user, pk)
    if g is None:
        raise Http404
    if g.status != Godkjenning.Status.GODKJENT:
        messages.error(request, _("Godkjenningen er allerede trukket tilbake."))
        return redirect("fagopplaering:bedrift", pk=g.bedrift_id)
    skjema = skjemaer.TrekkSkjema(request.POST or None)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        if _skriv(skjema, lambda: svc.trekk_godkjenning(request.user, g, dato=d["dato"], grunn=d["grunn"])):
            n = svc.lopende_kontrakter_i_fag(g, d["dato"])
            messages.success(
                request, _("Godkjenningen for %(fag)s er trukket tilbake.") % {"fag": g.programomrade.navn}
            )
            if n:
                messages.warning(request, _("%(n)s løpende kontrakter i faget må følges opp.") % {"n": n})
            return redirect("fagopplaering:bedrift", pk=g.bedrift_id)
    n = svc.lopende_kontrakter_i_fag(g, datetime.date.today())
    advarsel = (_("Bedriften har %(n)s løpende kontrakter i %(fag)s. De avsluttes ikke av seg selv.")
                % {"n": n, "fag": g.programomrade.navn}) if n else ""  # fmt: skip
    return _skjemaside(request, g.bedrift, skjema, _("Trekk tilbake godkjenning"), _("Trekk tilbake godkjenningen"),
                       underobjekt=g.programomrade.navn, advarsel=advarsel,
                       tekst=_("Godkjenningen gjelder til dagen før datoen du oppgir. Den kan ikke gis tilbake; "
                               "da registreres en ny godkjenning."))  # fmt: skip


# --- faglig leder / instruktør ------------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.add_opplaeringsansvarlig", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ansvarlig_ny(request, pk: int):
    g = sel.godkjenning_detalj(request.user, pk)
    if g is None:
        raise Http404
    skjema = skjemaer.AnsvarligSkjema(request.POST or None, initial={"rolle": "faglig_leder"})
    if request.method == "POST" and skjema.is_valid():
        if _skriv(skjema, lambda: svc.registrer_ansvarlig(request.user, g, **skjema.data_til_tjeneste())):
            messages.success(request, _("Registrert."))
            return redirect("fagopplaering:bedrift", pk=g.bedrift_id)
    return _skjemaside(request, g.bedrift, skjema, _("Ny faglig leder eller instruktør"), _("Registrer"),
                       underobjekt=g.programomrade.navn)  # fmt: skip


@login_required
@permission_required("fagopplaering.change_opplaeringsansvarlig", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ansvarlig_avslutt(request, pk: int):
    a = sel.ansvarlig_detalj(request.user, pk)
    if a is None:
        raise Http404
    skjema = skjemaer.AvsluttSkjema(request.POST or None)
    if request.method == "POST" and skjema.is_valid():
        if _skriv(skjema, lambda: svc.avslutt_ansvarlig(request.user, a, til=skjema.cleaned_data["til"])):
            messages.success(request, _("%(navn)s er avsluttet.") % {"navn": f"{a.fornavn} {a.etternavn}"})
            return redirect("fagopplaering:bedrift", pk=a.godkjenning.bedrift_id)
    return _skjemaside(request, a.godkjenning.bedrift, skjema, _("Avslutt faglig leder eller instruktør"),
                       _("Avslutt"), underobjekt=f"{a.fornavn} {a.etternavn}, {a.godkjenning.programomrade.navn}")  # fmt: skip


# --- opplæringskontor members ---------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.add_medlemskap", raise_exception=True)
@require_http_methods(["GET", "POST"])
def medlem_ny(request, pk: int):
    kontor = _bedrift_eller_404(request, pk)
    if kontor.type != Bedriftstype.OPPLAERINGSKONTOR:
        messages.error(
            request, _("%(navn)s er ikke registrert som opplæringskontor.") % {"navn": kontor.navn}
        )
        return redirect("fagopplaering:bedrift", pk=pk)
    skjema = skjemaer.MedlemSkjema(request.POST or None)
    if request.method == "POST" and skjema.is_valid():
        d = skjema.cleaned_data
        medlem = sel.bedrift_med_orgnr(request.user, d["medlem"])
        if medlem is None:
            skjema.add_error("medlem", _("Finner ingen registrert bedrift med dette organisasjonsnummeret som er "
                                         "godkjent i fylket. Registrer og godkjenn bedriften først."))  # fmt: skip
        else:

            def kall():
                return svc.meld_inn(request.user, kontor=kontor, medlem=medlem, fylke_id=_fylke_id(request),
                                    fra=d["fra"], samarbeidsavtale=d["samarbeidsavtale"])  # fmt: skip

            if _skriv(skjema, kall):
                messages.success(request, _("%(navn)s er meldt inn.") % {"navn": medlem.navn})
                return redirect("fagopplaering:bedrift", pk=pk)
    return _skjemaside(request, kontor, skjema, _("Meld inn medlemsbedrift"), _("Meld inn"),
                       tekst=_("Medlemsbedriften må selv være godkjent i fylket i minst ett lærefag."))  # fmt: skip


@login_required
@permission_required("fagopplaering.change_medlemskap", raise_exception=True)
@require_http_methods(["GET", "POST"])
def medlem_ut(request, pk: int):
    ms = sel.medlemskap_detalj(request.user, pk)
    if ms is None:
        raise Http404
    skjema = skjemaer.AvsluttSkjema(request.POST or None)
    if request.method == "POST" and skjema.is_valid():
        if _skriv(skjema, lambda: svc.meld_ut(request.user, ms, til=skjema.cleaned_data["til"])):
            messages.success(request, _("%(navn)s er meldt ut.") % {"navn": ms.medlem.navn})
            return redirect("fagopplaering:bedrift", pk=ms.opplaeringskontor_id)
    return _skjemaside(request, ms.opplaeringskontor, skjema, _("Meld ut medlemsbedrift"), _("Meld ut"),
                       underobjekt=ms.medlem.navn)  # fmt: skip


urlpatterns = [
    path("bedrifter/", bedrifter, name="bedrifter"),
    path("bedrifter/ny/", bedrift_ny, name="bedrift_ny"),
    path("bedrifter/oppslag/", bedrift_oppslag, name="bedrift_oppslag"),
    path("bedrifter/<int:pk>/", bedrift, name="bedrift"),
    path("bedrifter/<int:pk>/oppdater/", bedrift_oppdater, name="bedrift_oppdater"),
    path("bedrifter/<int:pk>/endre/", bedrift_endre, name="bedrift_endre"),
    path("bedrifter/<int:pk>/godkjenning/ny/", godkjenning_ny, name="godkjenning_ny"),
    path("bedrifter/<int:pk>/medlem/ny/", medlem_ny, name="medlem_ny"),
    path("godkjenninger/<int:pk>/trekk/", godkjenning_trekk, name="godkjenning_trekk"),
    path("godkjenninger/<int:pk>/ansvarlig/ny/", ansvarlig_ny, name="ansvarlig_ny"),
    path("ansvarlige/<int:pk>/avslutt/", ansvarlig_avslutt, name="ansvarlig_avslutt"),
    path("medlemskap/<int:pk>/ut/", medlem_ut, name="medlem_ut"),
]
