from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from vigo.api import admin as _api_admin  # noqa: F401  (API clients and keys)
from vigo.models import Bruker, Foresatt, Innsyn, Kjoring, KjoringFil, KjoringLogg, Person
from vigo.revisjon import logg_innsyn
from vigo.scoping import AvgrensetAdminMixin, AvgrensetFremmednokkelMixin

admin.site.site_header = _("VIGO Opplæring – administrasjon")
admin.site.site_title = _("VIGO Opplæring")
admin.site.index_title = _("Administrasjon")


@admin.register(Bruker)
class BrukerAdmin(AvgrensetAdminMixin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "fylke", "skole", "is_active", "is_staff")
    list_filter = ("fylke", "groups", "is_active", "is_staff")
    fieldsets = UserAdmin.fieldsets + ((_("Tilhørighet"), {"fields": ("fylke", "skole")}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Tilhørighet"), {"fields": ("fylke", "skole", "groups")}),)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser:
            # A county administrator manages users and roles, not superuser rights or individual permissions.
            for felt in ("is_superuser", "user_permissions"):
                form.base_fields.pop(felt, None)
        return form

    def get_fieldsets(self, request, obj=None):
        sett = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return sett
        return [(n, {**o, "fields": [f for f in o["fields"] if f not in ("is_superuser", "user_permissions")]})
                for n, o in sett]  # fmt: skip

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.er_systemadministrator:
            # A role with «alle_fylker» (system administrator) would lift the user out of the county scoping.
            kwargs["queryset"] = Group.objects.exclude(
                permissions__in=Permission.objects.filter(
                    content_type__app_label="vigo", codename="alle_fylker"
                )
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.er_systemadministrator:
            obj.fylke_id = request.user.fylke_id
            obj.is_superuser = False
        super().save_model(request, obj, form, change)


class ForesattInline(AvgrensetFremmednokkelMixin, admin.TabularInline):
    model = Foresatt
    fk_name = "person"
    raw_id_fields = ("foresatt",)
    extra = 0


@admin.register(Person)
class PersonAdmin(AvgrensetAdminMixin, SimpleHistoryAdmin):
    list_display = ("etternavn", "fornavn", "fodselsdato", "fylke", "postnummer")
    search_fields = ("etternavn", "fornavn", "=fodselsnummer")
    list_filter = ("fylke", "malform")
    readonly_fields = ("fodselsdato", "opprettet", "endret")
    inlines = [ForesattInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        person = self.get_object(request, object_id)
        if person is not None:
            logg_innsyn("vis", f"Admin: person {person.navn}", request=request, person=person)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        svar = super().history_form_view(request, object_id, version_id, extra_context)
        person = self.get_object(request, object_id)
        if person is not None:
            logg_innsyn("vis", f"Admin: historikk for person {person.navn}", request=request, person=person)
        return svar


@admin.register(Innsyn)
class InnsynAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = ("tidspunkt", "aktor", "handling", "hva", "antall", "person", "fylke")
    list_filter = ("handling", "fylke")
    search_fields = ("aktor", "hva")
    date_hierarchy = "tidspunkt"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KjoringLoggInline(admin.TabularInline):
    model = KjoringLogg
    extra = 0
    readonly_fields = ("tidspunkt", "niva", "tekst")
    can_delete = False


class KjoringFilInline(admin.TabularInline):
    model = KjoringFil
    extra = 0
    readonly_fields = ("navn", "storrelse", "opprettet")
    exclude = ("fil",)
    can_delete = False


@admin.register(Kjoring)
class KjoringAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = (
        "kode",
        "navn",
        "fylke",
        "status",
        "antall_ferdig",
        "antall_totalt",
        "opprettet",
        "startet_av_tekst",
    )
    list_filter = ("status", "kode", "fylke")
    readonly_fields = [f.name for f in Kjoring._meta.fields]
    inlines = [KjoringLoggInline, KjoringFilInline]

    def has_add_permission(self, request):
        return False
