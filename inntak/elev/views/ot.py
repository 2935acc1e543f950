"""Oppfølgingstjenesten's pages: the work list, one youth (status, history, notes) and the upload of OT status.

Every page that shows youth writes one audit row (``Innsyn``), like the person page. Notes need særtilgang; a page
with notes says so in the audit row. School users never see OT (403), whatever their permissions."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inntak.elev.jobber.ot import importsti
from inntak.elev.models import Otstatus, OtUngdom
from inntak.elev.selectors import ot as sel
from inntak.elev.services import ot as tjeneste
from vigo.jobber.tjenester import KjoringFeil, start_kjoring
from vigo.models import Innsyn
from vigo.revisjon import eneste_person, logg_innsyn, sokebeskrivelse

PER_SIDE = 50
MAKS_FIL = 5 * 1024 * 1024


def _ikke_skole(request) -> None:
    if request.user.er_skolebruker:
        raise PermissionDenied(_("Skolebrukere har ikke tilgang til oppfølgingstjenesten."))


# --- The work list --------------------------------------------------------------------------------------------
class ListeFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Navn"), required=False, max_length=100)
    status = forms.ModelChoiceField(
        Otstatus.objects.filter(aktiv=True).order_by("gruppe", "kode"), to_field_name="kode",
        label=gettext_lazy("Status"), required=False, empty_label=gettext_lazy("Alle statuser"),
    )  # fmt: skip
    gruppe = forms.TypedChoiceField(
        label=gettext_lazy("Statusgruppe"), required=False, coerce=int, empty_value=None,
        choices=[("", gettext_lazy("Alle grupper")), *Otstatus.Gruppe.choices],
    )  # fmt: skip
    arsak = forms.ChoiceField(label=gettext_lazy("Meldt fordi"), required=False,
                              choices=[("", gettext_lazy("Alle årsaker")), *OtUngdom.Arsak.choices])  # fmt: skip
    otenhet = forms.ModelChoiceField(None, label=gettext_lazy("OT-enhet"), required=False,
                                     empty_label=gettext_lazy("Alle enheter"))  # fmt: skip
    alder_fra = forms.IntegerField(label=gettext_lazy("Alder fra"), required=False, min_value=0, max_value=99)
    alder_til = forms.IntegerField(label=gettext_lazy("Alder til"), required=False, min_value=0, max_value=99)
    alle = forms.BooleanField(label=gettext_lazy("Vis også avsluttede"), required=False)

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otenhet"].queryset = sel.otenheter(bruker)

    def filter(self) -> sel.Filter:
        d = self.cleaned_data
        return sel.Filter(
            status=d["status"].kode if d.get("status") else "", gruppe=d.get("gruppe"), arsak=d.get("arsak") or "",
            otenhet=d["otenhet"].pk if d.get("otenhet") else None, alder_fra=d.get("alder_fra"),
            alder_til=d.get("alder_til"), bare_aktive=not d.get("alle"), q=(d.get("q") or "").strip(),
        )  # fmt: skip


@login_required
@permission_required("elev.view_otungdom", raise_exception=True)
def ot_liste(request):
    _ikke_skole(request)
    skjema = ListeFilter(request.GET or None, bruker=request.user)
    f = skjema.filter() if skjema.is_valid() else sel.Filter()
    qs = sel.arbeidsliste(request.user, f)
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    rader = sel.rader_for_side(list(side.object_list))
    if f.q:
        person = eneste_person(qs, "person")
        logg_innsyn(Innsyn.Handling.SOK, f"OT-arbeidsliste, søk {sokebeskrivelse(f.q, person)}", request=request,
                    person=person, antall=side.paginator.count, fylke=request.user.fylke)  # fmt: skip
    else:
        logg_innsyn(Innsyn.Handling.VIS, "OT-arbeidsliste", request=request, antall=len(rader),
                    fylke=request.user.fylke)  # fmt: skip
    parametere = request.GET.copy()
    parametere.pop("side", None)
    return render(request, "elev/ot/liste.html", {
        "skjema": skjema, "side": side, "rader": rader, "parametere": parametere.urlencode(),
        "kan_importere": request.user.has_perm("elev.change_otungdom") and request.user.has_perm("vigo.add_kjoring"),
    })  # fmt: skip


# --- One youth ------------------------------------------------------------------------------------------------
class StatusSkjema(forms.Form):
    status = forms.ModelChoiceField(Otstatus.objects.filter(aktiv=True).order_by("gruppe", "kode"),
                                    label=gettext_lazy("Ny status"))  # fmt: skip
    dato = forms.DateField(label=gettext_lazy("Statusdato"), widget=forms.DateInput(attrs={"type": "date"}))
    grunn = forms.CharField(label=gettext_lazy("Begrunnelse"), max_length=100)


class NotatSkjema(forms.Form):
    tekst = forms.CharField(label=gettext_lazy("Nytt notat"), widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=tjeneste.MAKS_NOTAT)  # fmt: skip


class EnhetSkjema(forms.Form):
    otenhet = forms.ModelChoiceField(None, label=gettext_lazy("OT-enhet"), required=False,
                                     empty_label=gettext_lazy("Ingen enhet"))  # fmt: skip

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otenhet"].queryset = sel.otenheter(bruker)


def _til_skjema(skjema: forms.Form, feil: ValidationError) -> None:
    if hasattr(feil, "error_dict"):
        for felt, meldinger in feil.message_dict.items():
            skjema.add_error(felt if felt in skjema.fields else None, meldinger)
    else:
        skjema.add_error(None, feil.messages)


@login_required
@permission_required("elev.view_otungdom", raise_exception=True)
def ot_ungdom(request, pk: int):
    _ikke_skole(request)
    try:
        ot = sel.ot_ungdom(request.user, pk)
    except OtUngdom.DoesNotExist:
        raise Http404 from None
    bruker = request.user
    saertilgang = tjeneste.har_saertilgang(bruker) and bruker.has_perm("elev.view_otnotat")
    status_skjema = StatusSkjema(initial={"status": ot.status, "dato": timezone.localdate()})
    notat_skjema = NotatSkjema()
    enhet_skjema = EnhetSkjema(initial={"otenhet": ot.otenhet}, bruker=bruker)
    if request.method == "POST":
        handling = request.POST.get("handling")
        try:
            if handling == "status":
                status_skjema = StatusSkjema(request.POST)
                if status_skjema.is_valid():
                    d = status_skjema.cleaned_data
                    tjeneste.endre_otstatus(bruker, ot, status=d["status"], dato=d["dato"], grunn=d["grunn"])
                    messages.success(request, _("Statusen er endret."))
                    return redirect("elev:ot_ungdom", pk=ot.pk)
            elif handling == "notat":
                notat_skjema = NotatSkjema(request.POST)
                if notat_skjema.is_valid():
                    tjeneste.skriv_otnotat(bruker, ot, tekst=notat_skjema.cleaned_data["tekst"])
                    messages.success(request, _("Notatet er lagret."))
                    return redirect("elev:ot_ungdom", pk=ot.pk)
            elif handling == "enhet":
                enhet_skjema = EnhetSkjema(request.POST, bruker=bruker)
                if enhet_skjema.is_valid():
                    tjeneste.sett_otenhet(bruker, ot, otenhet=enhet_skjema.cleaned_data["otenhet"])
                    messages.success(request, _("OT-enheten er endret."))
                    return redirect("elev:ot_ungdom", pk=ot.pk)
            else:
                raise PermissionDenied
        except ValidationError as feil:
            skjema = {"status": status_skjema, "notat": notat_skjema, "enhet": enhet_skjema}[handling]
            _til_skjema(skjema, feil)
    notater = sel.notater(bruker, ot) if saertilgang else None
    hva = "OT-ungdom med OT-notater" if saertilgang else "OT-ungdom"
    logg_innsyn(
        Innsyn.Handling.VIS, hva, request=request, person=ot.person
    )  # who: the person link, not the name
    from inntak.elev.regler.ot import alder

    return render(request, "elev/ot/ungdom.html", {
        "ot": ot, "person": ot.person, "alder": alder(ot.person.fodselsdato, timezone.localdate()),
        "historikk": sel.historikk(ot), "elevkurs": sel.elevkurs_for(ot), "saertilgang": saertilgang,
        "notater": notater, "status_skjema": status_skjema, "notat_skjema": notat_skjema,
        "enhet_skjema": enhet_skjema, "kan_endre": bruker.has_perm("elev.change_otungdom"),
        "kan_skrive_notat": saertilgang and bruker.has_perm("elev.add_otnotat"),
    })  # fmt: skip


# --- Upload of OT status (6I015) --------------------------------------------------------------------------------
class ImportOpplasting(forms.Form):
    fil = forms.FileField(label=gettext_lazy("Fil fra VIGO OT (CSV: fnr;status;dato;enhet)"))

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAKS_FIL:
            raise ValidationError(_("Filen er større enn %(mb)s MB.") % {"mb": MAKS_FIL // (1024 * 1024)})
        if not fil.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Filen må være en CSV-fil (.csv eller .txt)."))
        return fil


@login_required
@permission_required("elev.change_otungdom", raise_exception=True)
def ot_import(request):
    _ikke_skole(request)
    skjema = ImportOpplasting(request.POST or None, request.FILES or None)
    fylke = request.user.fylke
    if request.method == "POST" and skjema.is_valid():
        if fylke is None:
            raise PermissionDenied(_("Brukeren din hører ikke til et fylke."))
        # Stored under a random name outside any public URL (like the applicants' documents); only the job reads it.
        sti = default_storage.save(
            importsti(fylke, uuid.uuid4().hex), ContentFile(skjema.cleaned_data["fil"].read())
        )
        try:
            kj = start_kjoring("6I015", fylke, bruker=request.user, parametere={"fil": sti})
        except (KjoringFeil, PermissionDenied) as feil:
            default_storage.delete(sti)
            skjema.add_error(None, str(feil))
        else:
            messages.success(request, _("Filen er lastet opp, og importen er startet."))
            return redirect("kjoring_detalj", pk=kj.pk)
    return render(request, "elev/ot/import.html", {"skjema": skjema})


urlpatterns: list = [
    path("ot/", ot_liste, name="ot_liste"),
    path("ot/import/", ot_import, name="ot_import"),
    path("ot/<int:pk>/", ot_ungdom, name="ot_ungdom"),
]
