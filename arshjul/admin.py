from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from arshjul import planlegging, services
from arshjul.models import Hendelse, Kalenderfeed, PlanlagtKjoring, Rutine, RutineSteg
from vigo.scoping import AvgrensetAdminMixin


@admin.register(Hendelse)
class HendelseAdmin(AvgrensetAdminMixin, SimpleHistoryAdmin):
    list_display = ("start", "datotekst", "kort_hva", "kategori", "kategori_overstyrt", "type", "status",
                    "utkast", "fylke", "skolear")  # fmt: skip
    list_filter = ("skolear", "kategori", "kategori_overstyrt", "type", "status", "utkast", "kategori_regel")
    search_fields = ("hva", "fra", "til", "kommentar")
    date_hierarchy = "start"
    readonly_fields = ("nokkel", "kategori_regel", "type_regel", "linje_fra", "linje_til", "merknad",
                       "paminnelse_sendt", "opprettet", "endret")  # fmt: skip
    raw_id_fields = ("ansvarlig",)
    fieldsets = (
        (None, {"fields": ("fylke", "skolear", "nokkel", "utkast", "merknad")}),
        (_("Når"), {"fields": ("datotype", "start", "slutt", "datotekst", "uker", "rrule", "regeltekst")}),
        (_("Hva"), {"fields": ("fra", "hva", "til", "kommentar", "jobbkoder")}),
        (
            _("Kategori og type"),
            {"fields": ("kategori", "kategori_regel", "kategori_overstyrt", "type", "type_regel")},
        ),  # fmt: skip
        (_("Oppfølging"), {"fields": ("status", "ansvarlig", "paminnelse_dager", "paminnelse_sendt")}),
        (_("Kilde"), {"fields": ("linje_fra", "linje_til", "opprettet", "endret")}),
    )
    actions = ["publiser_valgte"]

    @admin.display(description=_("hva"))
    def kort_hva(self, obj):
        return obj.hva[:80]

    def save_model(self, request, obj, form, change):
        if change and "kategori" in form.changed_data:
            obj.kategori_overstyrt = True  # a manual category survives re-import
        if not request.user.er_systemadministrator:
            obj.fylke_id = request.user.fylke_id
        if not obj.nokkel:
            from arshjul.konvertering import til_kjerne

            obj.nokkel = til_kjerne(obj).nokkel
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publiser valgte utkast"), permissions=["change"])
    def publiser_valgte(self, request, queryset):
        antall = 0
        for fylke_id, skolear in set(queryset.filter(utkast=True).values_list("fylke_id", "skolear_id")):
            from kodeverk.models import Fylke

            antall += services.publiser(Fylke.objects.get(pk=fylke_id), skolear, request.user)
        self.message_user(request, _("%(n)s hendelser publisert.") % {"n": antall})


@admin.register(Kalenderfeed)
class KalenderfeedAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = ("fylke", "opprettet", "fornyet")
    readonly_fields = ("token", "opprettet", "fornyet")
    actions = ["forny"]

    @admin.action(
        description=_("Lag ny adresse (gamle abonnementer slutter å virke)"), permissions=["change"]
    )
    def forny(self, request, queryset):
        for feed in queryset:
            services.forny_feed(feed.fylke)
        self.message_user(request, _("Nye adresser er laget."))


class BareSysadmin:
    """Routines are national: every county sees them, only a system administrator changes them."""

    def _sysadmin(self, request):
        return request.user.is_active and request.user.er_systemadministrator

    def has_add_permission(self, request):
        return self._sysadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._sysadmin(request)

    def has_delete_permission(self, request, obj=None):
        return self._sysadmin(request)


class RutineStegInline(BareSysadmin, admin.TabularInline):
    model = RutineSteg
    extra = 0

    def has_add_permission(self, request, obj=None):
        return self._sysadmin(request)


@admin.register(Rutine)
class RutineAdmin(BareSysadmin, admin.ModelAdmin):
    list_display = ("navn", "aktiv")
    inlines = [RutineStegInline]


@admin.register(PlanlagtKjoring)
class PlanlagtKjoringAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    """A county's planned runs (the beat admin is closed to counties: vigo/admin_tredjepart.py). Planned from the
    event page; removing one here goes through arshjul.planlegging, so its beat task goes too."""

    list_display = ("jobbkode", "tidspunkt", "hendelse", "kjoring", "resultat")
    readonly_fields = ("hendelse", "jobbkode", "tidspunkt", "periodisk_oppgave", "opprettet_av", "kjoring",
                       "resultat")  # fmt: skip

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        planlegging.avbryt_planlagt(obj, request.user)

    def delete_queryset(self, request, queryset):
        for planlagt in queryset:
            planlegging.avbryt_planlagt(planlagt, request.user)
