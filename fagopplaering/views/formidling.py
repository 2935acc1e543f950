"""Formidling til læreplass (docs/fagopplaering/formidling.md): the board per lærefag, the list, one applicant's
formidling with the county's actions, the alternative list (Vg3 i skole, with confirmation) and the
intensjonsavtaler with the file upload.

Reads go through ``fagopplaering.selectors.formidling`` (scoped); every POST calls one service and shows its
ValidationError / PermissionDenied as a message. Pages that show persons write one Innsyn row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fagopplaering import forms_formidling as skjema
from fagopplaering.models import Formidling, Formidlingstilbud
from fagopplaering.regler import formidling as regel
from fagopplaering.selectors import formidling as sel
from fagopplaering.services import formidling as tjeneste
from fagopplaering.services import intensjonsavtaler as avtaletjeneste
from kodeverk.models import Fylke
from vigo.parametere.selectors import parameter
from vigo.revisjon import eneste_person, logg_innsyn
from vigo.scoping import avgrens

PER_SIDE = 50
S = Formidling.Status


def _fylke(request) -> Fylke | None:
    """The user's county; a system administrator without one picks it with ?fylke=<nummer>."""
    if request.user.fylke_id is not None:
        return request.user.fylke
    nummer = request.GET.get("fylke") or request.POST.get("fylke")
    qs = Fylke.objects.order_by("nummer")
    return (qs.filter(nummer=nummer).first() if nummer else None) or qs.first()


def _feil(request, feil: Exception) -> None:
    if isinstance(feil, ValidationError):
        for melding in feil.messages:
            messages.error(request, melding)
    else:
        messages.error(request, str(feil) or _("Du har ikke tilgang til å gjøre dette."))


def _sporring(request) -> str:
    q = request.GET.copy()
    q.pop("side", None)
    return q.urlencode()


def _formidling(request, pk: int) -> Formidling:
    f = sel.formidling_detalj(request.user, pk)
    if f is None:
        raise Http404
    return f


def _frist(fylke, skolear):
    return parameter(fylke, skolear, "fagopplaering.formidlingsfrist")


# --- The board and the list ------------------------------------------------------------------------------------


@login_required
@permission_required("fagopplaering.view_formidling", raise_exception=True)
def tavle(request):
    filt = skjema.SkolearFilter(request.GET or None, bruker=request.user)
    skolear = filt.valgt_skolear()
    fylke = _fylke(request)
    rader = sel.tavle(request.user, fylke.pk, skolear) if skolear and fylke else []
    return render(request, "fagopplaering/formidling_tavle.html", {
        "filter": filt, "skolear": skolear, "fylke": fylke, "rader": rader, "sum": sel.tavle_sum(rader),
        "frist": _frist(fylke, skolear) if skolear and fylke else None, "idag": timezone.localdate(),
    })  # fmt: skip


@login_required
@permission_required("fagopplaering.view_formidling", raise_exception=True)
def liste(request):
    filt = skjema.FormidlingFilter(request.GET or None, bruker=request.user)
    data = filt.cleaned_data if filt.is_valid() else {}
    skolear = filt.valgt_skolear()
    qs = sel.formidlinger(
        request.user, skolear=skolear, programomrade=data.get("programomrade"), status=data.get("status") or None,
        q=data.get("q", ""),
    )  # fmt: skip
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    if data.get("q"):
        person = eneste_person(qs, "person") if side.paginator.count else None
        logg_innsyn(
            "sok",
            "Formidling til læreplass: søk",
            request=request,
            antall=side.paginator.count,
            person=person,
        )
    elif side.object_list:
        logg_innsyn("vis", "Formidling til læreplass: liste", request=request, antall=len(side.object_list))
    return render(request, "fagopplaering/formidling_liste.html", {
        "filter": filt, "side": side, "sporring": _sporring(request), "skolear": skolear,
    })  # fmt: skip


@login_required
@permission_required("fagopplaering.view_formidling", raise_exception=True)
def detalj(request, pk: int):
    f = _formidling(request, pk)
    logg_innsyn("vis", "Formidling til læreplass", request=request, person=f.person)
    bruker = request.user
    kan_endre = bruker.has_perm("fagopplaering.change_formidling")
    kontrakt_url = None
    if f.status == S.AKSEPTERT:
        try:
            kontrakt_url = reverse("fagopplaering:kontrakt_fra_formidling", args=[f.pk])
        except NoReverseMatch:
            kontrakt_url = None
    apne = [t for t in f.tilbud.all() if regel.SVAR_OVERGANGER.get(t.svar)]
    status_skjema = skjema.StatusSkjema(formidling=f) if kan_endre else None
    return render(request, "fagopplaering/formidling_detalj.html", {
        "f": f,
        "kan_endre": kan_endre,
        "status_skjema": status_skjema if status_skjema is not None and status_skjema.har_valg else None,
        "formidle_skjema": (skjema.FormidleSkjema(bruker=bruker, formidling=f)
                            if kan_endre and f.status in (S.SOKT, S.FORMIDLET, S.INTERVJU, S.VG3_SKOLE) else None),
        "svar_skjemaer": [(t, skjema.BedriftSvarSkjema(tilbud=t, prefix=f"t{t.pk}")) for t in apne] if kan_endre else [],
        "sokersvar_skjema": skjema.SokersvarSkjema(formidling=f) if kan_endre and f.status == S.TILBUD else None,
        "kontrakt_url": kontrakt_url,
        "andre": sel.andre_formidlinger(bruker, f),
        "hendelser": list(f.hendelser.all()[:100]),
    })  # fmt: skip


# --- Actions on one formidling (POST → one service) --------------------------------------------------------------


@login_required
@permission_required("fagopplaering.change_formidling", raise_exception=True)
@require_POST
def status(request, pk: int):
    f = _formidling(request, pk)
    form = skjema.StatusSkjema(request.POST, formidling=f)
    if form.is_valid():
        try:
            tjeneste.endre_status(
                request.user, f, form.cleaned_data["status"], merknad=form.cleaned_data["merknad"]
            )
            messages.success(request, _("Status er endret."))
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    else:
        messages.error(request, _("Velg en status formidlingen kan gå til."))
    return redirect("fagopplaering:formidling", pk=f.pk)


@login_required
@permission_required("fagopplaering.change_formidling", raise_exception=True)
@require_POST
def bedrift(request, pk: int):
    f = _formidling(request, pk)
    form = skjema.FormidleSkjema(request.POST, bruker=request.user, formidling=f)
    if form.is_valid():
        try:
            tjeneste.formidle_til_bedrift(request.user, f, form.cleaned_data["bedrift"],
                                          merknad=form.cleaned_data["merknad"])  # fmt: skip
            messages.success(
                request,
                _("Søkeren er formidlet til %(bedrift)s.") % {"bedrift": form.cleaned_data["bedrift"].navn},
            )
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    else:
        messages.error(request, _("Velg en godkjent lærebedrift i lærefaget."))
    return redirect("fagopplaering:formidling", pk=f.pk)


@login_required
@permission_required("fagopplaering.change_formidling", raise_exception=True)
@require_POST
def svar(request, pk: int):
    t = avgrens(Formidlingstilbud.objects.filter(pk=pk), request.user).select_related("bedrift").first()
    if t is None:
        raise Http404
    form = skjema.BedriftSvarSkjema(request.POST, tilbud=t, prefix=f"t{t.pk}")
    if form.is_valid():
        try:
            tjeneste.registrer_svar_fra_bedrift(request.user, t, form.cleaned_data["svar"],
                                                merknad=form.cleaned_data["merknad"])  # fmt: skip
            messages.success(
                request, _("Svaret fra %(bedrift)s er registrert.") % {"bedrift": t.bedrift.navn}
            )
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    else:
        messages.error(request, _("Velg et svar bedriften kan gi nå."))
    return redirect("fagopplaering:formidling", pk=t.formidling_id)


@login_required
@permission_required("fagopplaering.change_formidling", raise_exception=True)
@require_POST
def sokersvar(request, pk: int):
    f = _formidling(request, pk)
    form = skjema.SokersvarSkjema(request.POST, formidling=f)
    if form.is_valid():
        try:
            tjeneste.registrer_sokersvar(request.user, f, aksepterer=form.cleaned_data["svar"] == "ja",
                                         bedrift=form.cleaned_data.get("bedrift"))  # fmt: skip
            messages.success(request, _("Søkerens svar er registrert."))
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    else:
        messages.error(request, _("Velg søkerens svar."))
    return redirect("fagopplaering:formidling", pk=f.pk)


# --- Applicants from the intake, by hand, and the alternative -----------------------------------------------------


@login_required
@permission_required("fagopplaering.add_formidling", raise_exception=True)
def hent(request):
    """5A110 from the page: a confirmation with the count first, then the service (the job does the same)."""
    fylke = _fylke(request)
    filt = skjema.SkolearFilter(request.POST or request.GET or None, bruker=request.user)
    skolear = filt.valgt_skolear()
    if request.method == "POST" and request.POST.get("bekreft") == "ja" and skolear is not None:
        try:
            r = tjeneste.hent_fra_inntaket(request.user, fylke_id=fylke.pk, skolear=skolear)
            messages.success(request, _("%(n)d nye søkere til læreplass er registrert; %(f)d sto allerede på listen; "
                                        "%(t)d er trukket fordi søknaden er trukket.")
                             % {"n": r["opprettet"], "f": r["fantes"], "t": r["trukket"]})  # fmt: skip
            return redirect(f"{reverse('fagopplaering:formidling_tavle')}?skolear={skolear.kode}")
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    tall = tjeneste.forhandsvis_henting(fylke.pk, skolear) if skolear else {"kandidater": 0, "fantes": 0}
    return render(request, "fagopplaering/formidling_hent.html", {
        "filter": filt, "skolear": skolear, "fylke": fylke, "kandidater": tall["kandidater"], "finnes": tall["fantes"],
    })  # fmt: skip


@login_required
@permission_required("fagopplaering.add_formidling", raise_exception=True)
def ny(request):
    fylke = _fylke(request)
    form = skjema.NyFormidlingSkjema(request.POST or None, bruker=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            f = tjeneste.opprett_formidling(
                request.user, person=d["fodselsnummer"], fylke_id=fylke.pk, skolear=d["skolear"],
                programomrade=d["programomrade"], kandidattype=d["kandidattype"], ungdomsrett=d["ungdomsrett"],
            )  # fmt: skip
            messages.success(request, _("Søkeren er registrert på formidlingslisten."))
            return redirect("fagopplaering:formidling", pk=f.pk)
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    return render(request, "fagopplaering/formidling_ny.html", {"form": form})


@login_required
@permission_required("fagopplaering.view_formidling", raise_exception=True)
def alternativ(request):
    """Applicants with ungdomsrett not formidlet: offer Vg3 i skole. Step 1 chooses, step 2 confirms the count."""
    fylke = _fylke(request)
    filt = skjema.SkolearFilter(request.GET or None, bruker=request.user)
    skolear = filt.valgt_skolear()
    idag = timezone.localdate()
    frist = _frist(fylke, skolear) if skolear else None
    kandidater = (
        sel.ikke_formidlet_med_ungdomsrett(request.user, fylke.pk, skolear, idag)
        if skolear
        else Formidling.objects.none()
    )
    if request.method == "POST":
        if not request.user.has_perm("fagopplaering.change_formidling"):
            raise PermissionDenied
        form = skjema.AlternativSkjema(request.POST, kandidater=kandidater)
        if form.is_valid():
            valgt = list(form.cleaned_data["valgt"])
            if not form.cleaned_data["bekreft"]:
                logg_innsyn("vis", "Formidling: bekreft Vg3 i skole", request=request, antall=len(valgt))
                return render(request, "fagopplaering/formidling_alternativ_bekreft.html", {
                    "form": form, "valgt": valgt, "skolear": skolear, "frist": frist, "idag": idag,
                })  # fmt: skip
            try:
                n = tjeneste.tilby_vg3_i_skole(request.user, valgt)
                messages.success(request, _("%(n)d søkere har fått tilbud om Vg3 i skole.") % {"n": n})
                return redirect(f"{reverse('fagopplaering:formidling_alternativ')}?skolear={skolear.kode}")
            except (ValidationError, PermissionDenied) as feil:
                _feil(request, feil)
        else:
            messages.error(request, _("Velg minst én søker."))
    side = Paginator(kandidater, 100).get_page(request.GET.get("side"))
    if side.object_list:
        logg_innsyn(
            "vis", "Formidling: ikke formidlet med ungdomsrett", request=request, antall=len(side.object_list)
        )
    return render(request, "fagopplaering/formidling_alternativ.html", {
        "filter": filt, "side": side, "sporring": _sporring(request), "skolear": skolear, "frist": frist,
        "idag": idag, "frist_passert": frist is not None and idag > frist,
        "kan_endre": request.user.has_perm("fagopplaering.change_formidling"),
    })  # fmt: skip


# --- Intensjonsavtaler ------------------------------------------------------------------------------------------


@login_required
@permission_required("fagopplaering.view_intensjonsavtale", raise_exception=True)
def intensjonsavtaler(request):
    filt = skjema.IntensjonFilter(request.GET or None, bruker=request.user)
    data = filt.cleaned_data if filt.is_valid() else {}
    skolear = filt.valgt_skolear()
    qs = sel.intensjonsavtaler(request.user, skolear=skolear, programomrade=data.get("programomrade"),
                               type=data.get("type") or None, q=data.get("q", ""))  # fmt: skip
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    med_person = [a for a in side.object_list if a.person_id]
    if med_person:
        logg_innsyn("vis", "Forhåndsavtaler", request=request, antall=len(med_person))
    return render(request, "fagopplaering/intensjonsavtaler.html", {
        "filter": filt, "side": side, "sporring": _sporring(request), "skolear": skolear, "sum": sel.intensjon_sum(qs),
    })  # fmt: skip


@login_required
@permission_required("fagopplaering.add_intensjonsavtale", raise_exception=True)
def intensjonsavtale_ny(request):
    fylke = _fylke(request)
    form = skjema.IntensjonsavtaleSkjema(request.POST or None, bruker=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            avtaletjeneste.registrer_intensjonsavtale(
                request.user, bedrift=d["bedrift"], fylke_id=fylke.pk, skolear=d["skolear"],
                programomrade=d["programomrade"], type=d["type"], antall_laerlinger=d["antall_laerlinger"] or 0,
                antall_laerekandidater=d["antall_laerekandidater"] or 0, person=d.get("fodselsnummer"),
                startdato=d.get("startdato"),
            )  # fmt: skip
            messages.success(
                request, _("Avtalen med %(bedrift)s er registrert.") % {"bedrift": d["bedrift"].navn}
            )
            return redirect(f"{reverse('fagopplaering:intensjonsavtaler')}?skolear={d['skolear'].kode}")
        except (ValidationError, PermissionDenied) as feil:
            _feil(request, feil)
    return render(request, "fagopplaering/intensjonsavtale_ny.html", {"form": form})


@login_required
@permission_required("fagopplaering.add_intensjonsavtale", raise_exception=True)
def intensjonsavtaler_import(request):
    fylke = _fylke(request)
    form = skjema.ImportSkjema(request.POST or None, request.FILES or None, bruker=request.user)
    feil: list[str] = []
    if request.method == "POST" and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            n = avtaletjeneste.importer_intensjonsavtaler(
                request.user,
                fylke_id=fylke.pk,
                skolear=form.cleaned_data["skolear"],
                fil=fil,
                filnavn=fil.name,
            )
            messages.success(request, _("%(n)d intensjonsavtaler registrert.") % {"n": n})
            return redirect(
                f"{reverse('fagopplaering:intensjonsavtaler')}?skolear={form.cleaned_data['skolear'].kode}"
            )
        except ValidationError as e:
            feil = e.messages
        except PermissionDenied as e:
            _feil(request, e)
    return render(request, "fagopplaering/intensjonsavtaler_import.html", {
        "form": form, "feil": feil, "kolonner": ";".join(avtaletjeneste.KOLONNER),
    })  # fmt: skip


urlpatterns = [
    path("formidling/", tavle, name="formidling_tavle"),
    path("formidling/liste/", liste, name="formidling_liste"),
    path("formidling/hent/", hent, name="formidling_hent"),
    path("formidling/ny/", ny, name="formidling_ny"),
    path("formidling/alternativ/", alternativ, name="formidling_alternativ"),
    path("formidling/<int:pk>/", detalj, name="formidling"),
    path("formidling/<int:pk>/status/", status, name="formidling_status"),
    path("formidling/<int:pk>/bedrift/", bedrift, name="formidling_bedrift"),
    path("formidling/<int:pk>/sokersvar/", sokersvar, name="formidling_sokersvar"),
    path("formidling/tilbud/<int:pk>/svar/", svar, name="formidling_svar"),
    path("intensjonsavtaler/", intensjonsavtaler, name="intensjonsavtaler"),
    path("intensjonsavtaler/ny/", intensjonsavtale_ny, name="intensjonsavtale_ny"),
    path("intensjonsavtaler/import/", intensjonsavtaler_import, name="intensjonsavtaler_import"),
]
