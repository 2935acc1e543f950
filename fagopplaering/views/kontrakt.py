"""The contract pages (docs/fagopplaering/kontrakt.md): the list with filters, the contract page (every field with
names, læretid til with its explanation, avbrudd, pending changes, timeline and the actions), new contract (also from
a formidling in one step) and the PDF for signing.

Reads go through ``fagopplaering.selectors.kontrakt`` (scoped: another county's contract is a 404); every POST is a
service call, whose ValidationError is shown on the form. Every page that shows a person writes an Innsyn row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fagopplaering import forms_kontrakt as skjema
from fagopplaering.models import Avbrudd, Formidling, Kandidattype, Kontrakt, Kontraktendring
from fagopplaering.regler import kontrakt as regel
from fagopplaering.selectors import kontrakt as sel
from fagopplaering.services import kontrakt as tj
from vigo.revisjon import eneste_person, logg_innsyn
from vigo.scoping import avgrens

S = Kontrakt.Status
SIDE = 50


def feil_til_skjema(form, feil: ValidationError) -> None:
    if hasattr(feil, "error_dict"):
        for felt, liste in feil.error_dict.items():
            for f in liste:
                for melding in f.messages:
                    form.add_error(felt if felt in form.fields else None, melding)
    else:
        for melding in feil.messages:
            form.add_error(None, melding)


# --- List -----------------------------------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
def kontrakter(request):
    filter_ = skjema.KontraktFilter(request.GET or None)
    data = filter_.cleaned_data if filter_.is_valid() else {}
    qs = sel.kontrakter(
        request.user, q=data.get("q", ""), status=data.get("status") or None, programomrade=data.get("programomrade"),
        bedrift=data.get("bedrift"), lopende_pa=data.get("lopende_pa"), slutter_innen=data.get("slutter_innen"),
    )  # fmt: skip
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    if any(v not in (None, "") for v in data.values()):
        person = eneste_person(qs, "person") if side.paginator.count else None
        logg_innsyn("sok", "Kontraktsøk", request=request, antall=side.paginator.count, person=person)
    elif side.object_list:
        logg_innsyn("vis", "Kontraktliste", request=request, antall=len(side.object_list))
    sporring = request.GET.copy()
    sporring.pop("side", None)
    return render(request, "fagopplaering/kontrakt_liste.html",
                  {"filter": filter_, "side": side, "sporring": sporring.urlencode(), "meny": "kontrakter"})  # fmt: skip


# --- The contract page ----------------------------------------------------------------------------------------------
def _hent(request, pk: int) -> Kontrakt:
    k = sel.kontrakt_detalj(request.user, pk)
    if k is None:
        raise Http404
    return k


def _skjemaer(bruker, k: Kontrakt) -> dict:
    """The actions the contract's state and the user's rights allow, each with an empty form."""
    endre = bruker.has_perm("fagopplaering.change_kontrakt")
    ut: dict = {}
    if endre and k.status == S.OPPRETTET:
        ut["send"] = skjema.SendSkjema(prefix="send")
    if endre and k.status == S.TIL_GODKJENNING:
        ut["godkjenn"] = skjema.GodkjennSkjema(prefix="godkjenn")
        ut["tilbake"] = skjema.TilbakeSkjema(prefix="tilbake")
    if k.status in regel.AKTIVE and bruker.has_perm("fagopplaering.add_kontraktendring"):
        ventende = [e for e in k.endringer.all() if e.status == Kontraktendring.Status.VENTER]
        if not ventende:
            ut["endre"] = skjema.EndreSkjema(kontrakt=k, prefix="endre")
    if k.status in regel.AKTIVE and bruker.has_perm("fagopplaering.add_avbrudd"):
        if not any(a.til is None for a in k.avbrudd.all()):
            ut["avbrudd"] = skjema.AvbruddSkjema(prefix="avbrudd")
    if bruker.has_perm("fagopplaering.change_avbrudd"):
        ut["avbrudd_avslutt"] = {a.pk: skjema.AvsluttAvbruddSkjema(prefix=f"a{a.pk}") for a in k.avbrudd.all()
                                 if a.til is None and k.status in regel.AKTIVE}  # fmt: skip
    if endre and k.status == S.GODKJENT:
        ut["avslutt"] = skjema.AvsluttSkjema(prefix="avslutt")
        if k.kontraktstype.kandidattype == Kandidattype.LAEREKANDIDAT and bruker.has_perm(
            "fagopplaering.add_kontrakt"
        ):
            ut["omgjor"] = skjema.OmgjorSkjema(prefix="omgjor")
    if endre and k.status in (S.OPPRETTET, S.TIL_GODKJENNING):
        ut["annuller"] = skjema.AnnullerSkjema(prefix="annuller")
    if endre and bruker.has_perm("fagopplaering.change_kontraktendring"):
        ut["behandle"] = {e.pk: skjema.BehandleEndringSkjema(prefix=f"e{e.pk}") for e in k.endringer.all()
                          if e.status == Kontraktendring.Status.VENTER}  # fmt: skip
    return ut


def _vis(request, k: Kontrakt, *, bundet: dict | None = None, status: int = 200):
    skjemaer = _skjemaer(request.user, k)
    for navn, form in (bundet or {}).items():
        if isinstance(skjemaer.get(navn), dict) and isinstance(form, tuple):
            skjemaer[navn][form[0]] = form[1]
        else:
            skjemaer[navn] = form
    res = tj.beregn_laeretid(k, sel.avbrudd_perioder(k))
    endringer = [
        {"e": e, "linjer": tj.beskriv_endring(k, e.felt, med_fra=e.status == Kontraktendring.Status.VENTER)}
        for e in k.endringer.all()
    ]
    logg_innsyn("vis", "Kontrakt", request=request, person=k.person)
    return render(
        request,
        "fagopplaering/kontrakt_detalj.html",
        {
            "k": k,
            "meny": "kontrakter",
            "laeretid": res,
            "provefrister": regel.provefrister(res.dato) if res.dato else None,
            "lopende_idag": regel.lopende_pa(k, timezone.localdate(), avbrudd=sel.avbrudd_perioder(k)),
            "endringer": endringer,
            "tidslinje": sel.tidslinje(k),
            "skjemaer": skjemaer,
            "ventende": [x for x in endringer if x["e"].status == Kontraktendring.Status.VENTER],
        },
        status=status,
    )


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
def kontrakt(request, pk: int):
    return _vis(request, _hent(request, pk))


def _handling(
    request, pk: int, navn: str, klasse, kall, ok: str, *, tillatelse: str, nokkel=None, prefix=None
):
    """A POST from the contract page: validate the form, call the service, show its error on the form."""
    if not request.user.has_perm(tillatelse):
        raise PermissionDenied(_("Du har ikke tilgang til å gjøre dette i fagopplæringen."))
    k = _hent(request, pk)
    form = klasse(
        request.POST, prefix=prefix or navn, **({"kontrakt": k} if klasse is skjema.EndreSkjema else {})
    )
    if form.is_valid():
        try:
            resultat = kall(k, form)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, ok)
            if isinstance(resultat, Kontrakt) and resultat.pk != k.pk:
                return redirect("fagopplaering:kontrakt", pk=resultat.pk)
            return redirect("fagopplaering:kontrakt", pk=k.pk)
    k = _hent(request, pk)
    return _vis(request, k, bundet={navn: (nokkel, form) if nokkel is not None else form}, status=400)


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_send(request, pk: int):
    return _handling(request, pk, "send", skjema.SendSkjema, lambda k, f: tj.send_til_godkjenning(request.user, k),
                     _("Kontrakten er sendt til godkjenning."), tillatelse="fagopplaering.change_kontrakt")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_tilbake(request, pk: int):
    return _handling(request, pk, "tilbake", skjema.TilbakeSkjema,
                     lambda k, f: tj.send_tilbake(request.user, k, grunn=f.cleaned_data["grunn"]),
                     _("Kontrakten er sendt tilbake for retting."), tillatelse="fagopplaering.change_kontrakt")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_godkjenn(request, pk: int):
    return _handling(request, pk, "godkjenn", skjema.GodkjennSkjema,
                     lambda k, f: tj.godkjenn_kontrakt(request.user, k, dato=f.cleaned_data["dato"]),
                     _("Kontrakten er godkjent."), tillatelse="fagopplaering.change_kontrakt")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_endre(request, pk: int):
    def kall(k, f):
        felt = f.endrede_felt()
        if not felt:
            raise ValidationError(_("Ingen felt er endret."))
        return tj.foresla_endring(request.user, k, felt=felt, begrunnelse=f.cleaned_data["begrunnelse"])

    k = sel.kontrakt_detalj(request.user, pk)
    ok = (_("Endringen er registrert og venter på godkjenning.") if k is not None and k.status == S.GODKJENT
          else _("Kontrakten er endret."))  # fmt: skip
    return _handling(request, pk, "endre", skjema.EndreSkjema, kall, ok,
                     tillatelse="fagopplaering.add_kontraktendring")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_endring_behandle(request, pk: int, endring_pk: int):
    def kall(k, f):
        e = next((e for e in k.endringer.all() if e.pk == endring_pk), None)
        if e is None:
            raise Http404
        return tj.behandle_endring(request.user, e, godkjenn=f.cleaned_data["godkjenn"],
                                   merknad=f.cleaned_data.get("merknad", ""))  # fmt: skip

    return _handling(request, pk, "behandle", skjema.BehandleEndringSkjema, kall, _("Endringen er behandlet."),
                     tillatelse="fagopplaering.change_kontraktendring", nokkel=endring_pk, prefix=f"e{endring_pk}")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_avbrudd(request, pk: int):
    def kall(k, f):
        d = f.cleaned_data
        return tj.registrer_avbrudd(request.user, k, fra=d["fra"], til=d.get("til"), arsak=d["arsak"],
                                    merknad=d.get("merknad", ""))  # fmt: skip

    return _handling(request, pk, "avbrudd", skjema.AvbruddSkjema, kall,
                     _("Avbruddet er registrert og læretid til er beregnet på nytt."),
                     tillatelse="fagopplaering.add_avbrudd")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def avbrudd_avslutt(request, pk: int):
    a = get_object_or_404(avgrens(Avbrudd.objects.all(), request.user), pk=pk)

    def kall(k, f):
        return tj.avslutt_avbrudd(request.user, a, til=f.cleaned_data["til"])

    return _handling(request, a.kontrakt_id, "avbrudd_avslutt", skjema.AvsluttAvbruddSkjema, kall,
                     _("Avbruddet er avsluttet og læretid til er beregnet på nytt."),
                     tillatelse="fagopplaering.change_avbrudd", nokkel=a.pk, prefix=f"a{a.pk}")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_avslutt(request, pk: int):
    def kall(k, f):
        d = f.cleaned_data
        return tj.avslutt_kontrakt(request.user, k, dato=d["dato"], mate=d["mate"], avslutningskode=d["avslutningskode"],
                                   hevet_av=d.get("hevet_av"), muntlig_hort=d.get("muntlig_hort"),
                                   attest_utstedt=d.get("attest_utstedt", False))  # fmt: skip

    return _handling(request, pk, "avslutt", skjema.AvsluttSkjema, kall, _("Kontrakten er avsluttet."),
                     tillatelse="fagopplaering.change_kontrakt")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_omgjor(request, pk: int):
    def kall(k, f):
        d = f.cleaned_data
        return tj.omgjor_til_laerekontrakt(request.user, k, fra=d["fra"], netto_laeretid_mnd=d["netto_laeretid_mnd"],
                                           godskriving_mnd=d.get("godskriving_mnd") or 0)  # fmt: skip

    return _handling(request, pk, "omgjor", skjema.OmgjorSkjema, kall,
                     _("Opplæringskontrakten er omgjort til lærekontrakt."), tillatelse="fagopplaering.add_kontrakt")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
@require_POST
def kontrakt_annuller(request, pk: int):
    return _handling(request, pk, "annuller", skjema.AnnullerSkjema,
                     lambda k, f: tj.annuller(request.user, k, grunn=f.cleaned_data["grunn"]),
                     _("Kontrakten er annullert."), tillatelse="fagopplaering.change_kontrakt")  # fmt: skip


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
def kontrakt_pdf(request, pk: int):
    k = _hent(request, pk)
    try:
        pdf = tj.skriv_ut_pdf(request.user, k, request=request)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
        return redirect("fagopplaering:kontrakt", pk=pk)
    svar = HttpResponse(pdf, content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="kontrakt_{k.pk}.pdf"'
    return svar


# --- New contract ---------------------------------------------------------------------------------------------------
@login_required
@permission_required("fagopplaering.add_kontrakt", raise_exception=True)
def kontrakt_ny(request):
    form = skjema.NyKontraktSkjema(request.POST or None, bruker=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.tjeneste_argumenter()
        fylke_id = request.user.fylke_id or d["person"].fylke_id
        try:
            k = tj.opprett_kontrakt(request.user, fylke_id=fylke_id, **d)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Kontrakten er opprettet. Læretid til er beregnet."))
            return redirect("fagopplaering:kontrakt", pk=k.pk)
    return render(request, "fagopplaering/kontrakt_ny.html", {"skjema": form, "meny": "kontrakter"},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@permission_required("fagopplaering.add_kontrakt", raise_exception=True)
def kontrakt_fra_formidling(request, formidling_pk: int):
    f = get_object_or_404(
        avgrens(Formidling.objects.all(), request.user).select_related(
            "person", "programomrade", "bedrift", "skolear"
        ),
        pk=formidling_pk,
    )
    type_ = tj.kontraktstype_for(f.kandidattype)
    start = f.skolear.startdato
    form = skjema.FraFormidlingSkjema(request.POST or None,
                                      initial={"kontraktstype": type_.kode if type_ else None, "laeretid_fra": start})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            k = tj.opprett_fra_formidling(request.user, f, **d)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Kontrakten er opprettet fra formidlingen."))
            return redirect("fagopplaering:kontrakt", pk=k.pk)
    logg_innsyn("vis", "Kontrakt fra formidling", request=request, person=f.person)
    return render(request, "fagopplaering/kontrakt_ny.html",
                  {"skjema": form, "formidling": f, "meny": "kontrakter", "kan_opprette": f.status == "akseptert"},
                  status=400 if form.errors else 200)  # fmt: skip


urlpatterns = [
    path("kontrakter/", kontrakter, name="kontrakter"),
    path("kontrakter/ny/", kontrakt_ny, name="kontrakt_ny"),
    path(
        "kontrakter/fra-formidling/<int:formidling_pk>/",
        kontrakt_fra_formidling,
        name="kontrakt_fra_formidling",
    ),
    path("kontrakter/<int:pk>/", kontrakt, name="kontrakt"),
    path("kontrakter/<int:pk>/send/", kontrakt_send, name="kontrakt_send"),
    path("kontrakter/<int:pk>/tilbake/", kontrakt_tilbake, name="kontrakt_tilbake"),
    path("kontrakter/<int:pk>/godkjenn/", kontrakt_godkjenn, name="kontrakt_godkjenn"),
    path("kontrakter/<int:pk>/endre/", kontrakt_endre, name="kontrakt_endre"),
    path(
        "kontrakter/<int:pk>/endringer/<int:endring_pk>/",
        kontrakt_endring_behandle,
        name="kontrakt_endring_behandle",
    ),  # fmt: skip
    path("kontrakter/<int:pk>/avbrudd/", kontrakt_avbrudd, name="kontrakt_avbrudd"),
    path("kontrakter/avbrudd/<int:pk>/avslutt/", avbrudd_avslutt, name="avbrudd_avslutt"),
    path("kontrakter/<int:pk>/avslutt/", kontrakt_avslutt, name="kontrakt_avslutt"),
    path("kontrakter/<int:pk>/omgjor/", kontrakt_omgjor, name="kontrakt_omgjor"),
    path("kontrakter/<int:pk>/annuller/", kontrakt_annuller, name="kontrakt_annuller"),
    path("kontrakter/<int:pk>/pdf/", kontrakt_pdf, name="kontrakt_pdf"),
]
