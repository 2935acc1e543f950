"""Admin for the intake area: every list and form scoped by ``AvgrensetAdminMixin``; grade import via
django-import-export; history via simple-history. Vedtak documents are not reachable here (særtilgang view).

Søknader, vedtak, grades, points and the case log are about one person each: ``innsyn_person`` names the way to
that person, and the mixin writes an ``Innsyn`` row, linked to the person, for every list, search, form and
history page of them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from import_export.admin import ImportExportModelAdmin, ImportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX
from simple_history.admin import SimpleHistoryAdmin

from inntak.kjoring import admin as _kjoring_admin  # noqa: F401  (registers Brevmal and the intake runs)
from inntak.models import Karakter, Onske, Poeng, Saksbehandlingslogg, Soknad, Tilbud, Vedtak
from inntak.resources import KarakterResource, SoknadResource
from inntak.services.klasseordning import endre_tilbud, kontroller_programomrade, opprett_tilbud
from vigo.scoping import AvgrensetAdminMixin


class TilbudSkjema(forms.ModelForm):
    """The service's rule as a form error (Norwegian, on the field) instead of a refused save or a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kvote_prosent" in self.fields:  # § 4-6 quota: left empty means none, as the model's default
            self.fields["kvote_prosent"].required = False

    def clean_kvote_prosent(self):
        verdi = self.cleaned_data.get("kvote_prosent")
        return 0 if verdi is None else verdi

    def clean(self):
        data = super().clean()
        programomrade, skolear = data.get("programomrade"), data.get("skolear")
        endret = self.instance.pk is None or {"programomrade", "skolear"} & set(self.changed_data)
        if programomrade and skolear and endret:
            try:
                kontroller_programomrade(programomrade, skolear)
            except ValidationError as e:
                self.add_error(None, e)
        return data


@admin.register(Tilbud)
class TilbudAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    """Tilbud are written by ``opprett_tilbud``/``endre_tilbud`` (inntak.services.klasseordning), which check the
    programområde and the county and write the admin log entry."""

    form = TilbudSkjema
    list_display = (
        "skole", "programomrade", "skolear", "plasser", "antall_klasser", "landslinje", "statlig", "status",
    )  # fmt: skip
    list_filter = ("skolear", "status", "landslinje", "statlig", "inntakskrav", "programomrade__niva")
    search_fields = ("skole__navn", "programomrade__kode", "programomrade__navn")
    raw_id_fields = ("skole", "programomrade")
    exclude = ("fylke",)

    def save_model(self, request, obj, form, change):
        melding = self.construct_change_message(request, form, None, not change)
        if change:
            felt = {navn: form.cleaned_data[navn] for navn in form.changed_data}
            endre_tilbud(obj, bruker=request.user, endringsmelding=melding, **felt)
            return
        ny = opprett_tilbud(bruker=request.user, endringsmelding=melding, **form.cleaned_data)
        obj.pk, obj.fylke_id = ny.pk, ny.fylke_id  # the admin answers with the object it handed in
        obj._state.adding = False

    def log_addition(self, request, obj, message):
        pass  # the service has written it

    def log_change(self, request, obj, message):
        pass  # the service has written it


class KunLesing:
    """Søknader, ønsker, vedtak and grades change only through the services (the caseworker pages, the import and
    the API), which validate the regulation's rules and write the case log; the admin shows them read-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OnskeInline(KunLesing, admin.TabularInline):
    model = Onske
    extra = 0
    ordering = ("nr",)
    fields = ("nr", "tilbud")


@admin.register(Soknad)
class SoknadAdmin(KunLesing, AvgrensetAdminMixin, ImportMixin, SimpleHistoryAdmin):
    """Read-only; søknader are imported here (CSV/XLSX/JSON) through ``inntak.importering.soknader`` (every row
    checked, all or nothing, registered by the services; see ``SoknadResource``). The import needs
    ``inntak.add_soknad``."""

    innsyn_person = "person"
    resource_classes = [SoknadResource]
    formats = [CSV, XLSX, JSON]
    skip_admin_log = True  # the services write the case log
    list_display = ("person", "skolear", "niva", "rettstatus", "behandlingskategori", "status", "fylke")
    list_filter = (
        "skolear", "niva", "status", "rettstatus", "behandlingskategori", "deltid", "saerlige_grunner", "samisk",
        "flytting_dokumentert",
    )  # fmt: skip
    search_fields = ("person__etternavn", "person__fornavn", "=person__fodselsnummer")
    raw_id_fields = ("person",)
    readonly_fields = ("voksen", "registrert", "endret")
    inlines = [OnskeInline]


@admin.register(Vedtak)
class VedtakAdmin(KunLesing, AvgrensetAdminMixin, SimpleHistoryAdmin):
    innsyn_person = "soknad__person"
    list_display = ("soknad", "utfall", "fast_plass", "fattet_av", "fattet")
    list_filter = ("utfall",)
    raw_id_fields = ("soknad", "fast_plass")
    readonly_fields = ("fattet_av", "fattet")


@admin.register(Karakter)
class KarakterAdmin(AvgrensetAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Grades are imported here through ``inntak.services.karakterer.importer_karakterer`` (validated per row, all
    or nothing; see ``KarakterResource``); single grades are neither added nor edited by hand."""

    innsyn_person = "person"
    resource_classes = [KarakterResource]
    formats = [CSV, XLSX]
    skip_admin_log = True  # the service writes history and the case log; rows have no admin object to log
    list_display = ("person", "trinn", "fag", "vurdering", "karakter", "dokumentert_fravaer", "kilde")
    list_filter = ("trinn", "vurdering", "kilde", "fagtype")
    search_fields = ("=person__fodselsnummer", "person__etternavn", "fag__kode")
    raw_id_fields = ("person", "fag")

    def has_add_permission(self, request):
        # The import needs inntak.add_karakter (IMPORT_EXPORT_IMPORT_PERMISSION_CODE), not this form.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Poeng)
class PoengAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "soknad__person"
    list_display = (
        "soknad",
        "poeng",
        "gjennomsnitt",
        "antall",
        "individuell_behandling",
        "regelsett",
        "beregnet",
    )
    list_filter = ("individuell_behandling", "regelsett", "avrunding")
    readonly_fields = [f.name for f in Poeng._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Saksbehandlingslogg)
class SaksbehandlingsloggAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "soknad__person"
    list_display = ("tidspunkt", "soknad", "handling", "tekst", "bruker")
    list_filter = ("handling",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
