import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from simple_history.admin import SimpleHistoryAdmin

import vigo.admin_tredjepart  # noqa: F401  (beat, axes, roles: closed to all but system administrators)
from vigo import services_brukere as brukertjenester
from vigo import tilgang
from vigo.api import admin as _api_admin  # noqa: F401  (API clients and keys)
from vigo.models import Bruker, Foresatt, Innsyn, Kjoring, KjoringFil, KjoringLogg, Person
from vigo.scoping import AvgrensetAdminMixin, AvgrensetFremmednokkelMixin
from vigo.services import (
    endre_foresatt,
    fjern_foresatt,
    kan_endre_person,
    legg_til_foresatt,
    oppdater_person,
    opprett_person,
)

admin.site.site_header = _("VIGO Opplæring – administrasjon")
admin.site.site_title = _("VIGO Opplæring")
admin.site.index_title = _("Administrasjon")


class BrukerSkjemaMixin:
    """The role hierarchy as form errors: the reason is shown instead of a refused save (or a 500)."""

    aktor = None  # set per request in BrukerAdmin.get_form

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # clean() runs before the form writes to the instance: check a copy with the fields the rule reads.
        kandidat = copy.copy(self.instance)
        for felt in ("fylke", "skole", "is_superuser"):
            if felt in self.fields:
                setattr(kandidat, felt, data.get(felt))
        try:
            brukertjenester.kontroller_lagring(
                self.aktor,
                kandidat,
                grupper=data.get("groups") if "groups" in self.fields else None,
                enkeltrettigheter=data.get("user_permissions") if "user_permissions" in self.fields else None,
            )
        except tilgang.IkkeTillatt as e:
            raise forms.ValidationError(str(e)) from e
        return data


@admin.register(Bruker)
class BrukerAdmin(AvgrensetAdminMixin, UserAdmin):
    """Users, under the role hierarchy of vigo.tilgang: a user above the actor is not listed (404 on every
    page of it), roles above the actor are not offered, and every write goes through vigo.services_brukere."""

    list_display = ("username", "first_name", "last_name", "fylke", "skole", "is_active", "is_staff")
    list_filter = ("fylke", "groups", "is_active", "is_staff")
    fieldsets = UserAdmin.fieldsets + ((_("Tilhørighet"), {"fields": ("fylke", "skole")}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Tilhørighet"), {"fields": ("fylke", "skole", "groups")}),)
    _BARE_SUPERBRUKER = ("is_superuser", "user_permissions")

    def get_queryset(self, request):
        return tilgang.forvaltbare_brukere(request.user, super().get_queryset(request))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A user above the actor is answered exactly like one that does not exist.
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return UserAdmin.history_view(self, request, object_id, extra_context)

    def has_change_permission(self, request, obj=None):
        ok = super().has_change_permission(request, obj)
        return ok and (obj is None or tilgang.kan_forvalte_bruker(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        ok = super().has_delete_permission(request, obj)
        return ok and (obj is None or tilgang.kan_forvalte_bruker(request.user, obj))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser:
            # Superuser rights and individual permissions are given by a superuser only.
            for felt in self._BARE_SUPERBRUKER:
                form.base_fields.pop(felt, None)
        return type(form.__name__, (BrukerSkjemaMixin, form), {"aktor": request.user})

    def get_fieldsets(self, request, obj=None):
        sett = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return sett
        return [(n, {**o, "fields": [f for f in o["fields"] if f not in self._BARE_SUPERBRUKER]})
                for n, o in sett]  # fmt: skip

    def get_changeform_initial_data(self, request):
        data = super().get_changeform_initial_data(request)
        if not request.user.er_systemadministrator:
            data.setdefault("fylke", request.user.fylke_id)
        return data

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = tilgang.grupper_aktor_kan_gi(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- Writes: through the service, which checks the hierarchy and writes the log entry ------------------------
    def save_model(self, request, obj, form, change):
        pass  # saved together with its roles in save_related

    def save_related(self, request, form, formsets, change):
        brukertjenester.lagre_bruker(
            request.user,
            form.instance,
            grupper=form.cleaned_data.get("groups") if "groups" in form.fields else None,
            enkeltrettigheter=form.cleaned_data.get("user_permissions")
            if "user_permissions" in form.fields
            else None,
            endringsmelding=self.construct_change_message(request, form, formsets, not change),
        )

    def delete_model(self, request, obj):
        brukertjenester.slett_bruker(request.user, obj)

    def delete_queryset(self, request, queryset):
        for bruker in queryset:
            brukertjenester.slett_bruker(request.user, bruker)

    def log_addition(self, request, obj, message):
        pass  # the service has written it

    def log_change(self, request, obj, message):
        pass  # the service has written it

    def log_deletions(self, request, queryset):
        pass  # the service writes it

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        """UserAdmin's page, but the password is set by the service (Django's form would save it itself)."""
        bruker = self.get_object(request, unquote(id))
        if bruker is None:
            raise Http404
        if not self.has_change_permission(request, bruker):
            raise PermissionDenied
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        skjema = self.change_password_form(bruker, request.POST)
        if not skjema.is_valid():
            return super().user_change_password(request, id, form_url)
        bruk_passord = skjema.cleaned_data.get("set_usable_password", True)
        if not (bruk_passord or "unset-password" in request.POST):
            return super().user_change_password(request, id, form_url)  # Django's own message for this case
        bruker = brukertjenester.sett_passord(
            request.user, bruker, skjema.cleaned_data["password1"] if bruk_passord else None
        )
        messages.success(
            request, _("Passordet er endret.") if bruk_passord else _("Passordinnlogging er slått av.")
        )
        update_session_auth_hash(request, bruker)
        return HttpResponseRedirect(reverse("admin:vigo_bruker_change", args=[bruker.pk]))


class ForesattInline(AvgrensetFremmednokkelMixin, admin.TabularInline):
    model = Foresatt
    fk_name = "person"
    raw_id_fields = ("foresatt",)
    extra = 0


@admin.register(Person)
class PersonAdmin(AvgrensetAdminMixin, SimpleHistoryAdmin):
    """Writes go through ``vigo.services`` (opprett_person, oppdater_person and the foresatt functions), like the
    session API: the service checks ``kan_endre_person`` and the county, the form only collects the fields."""

    list_display = ("etternavn", "fornavn", "fodselsdato", "fylke", "postnummer")
    search_fields = ("etternavn", "fornavn", "=fodselsnummer")
    list_filter = ("fylke", "malform")
    readonly_fields = ("fodselsdato", "opprettet", "endret")
    inlines = [ForesattInline]
    # Lists, searches, forms and history pages are audited by AvgrensetAdminMixin (each row is the person).
    innsyn_person = ""

    def has_change_permission(self, request, obj=None):
        # The same declared rule as the API and the services: a county that sees a person only through an
        # application (gjesteelev) may read, not edit; only the home county or a system administrator edits.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or kan_endre_person(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or kan_endre_person(request.user, obj)

    def save_model(self, request, obj, form, change):
        # Every field of the form, not only form.changed_data: a version restored from the history page
        # differs from the stored person in fields the restore form shows unchanged.
        felt = dict(form.cleaned_data)
        if change:
            oppdater_person(obj, bruker=request.user, **felt)
            return
        ny = opprett_person(bruker=request.user, **felt)
        obj.__dict__.update(ny.__dict__)  # the admin answers with the object it handed in

    def save_formset(self, request, form, formset, change):
        if formset.model is not Foresatt:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new/changed/deleted_objects; writes nothing
        for f in formset.deleted_objects:
            fjern_foresatt(f, bruker=request.user)
        for f, felt in formset.changed_objects:
            endre_foresatt(f, bruker=request.user, **{k: getattr(f, k) for k in felt})
        for f in formset.new_objects:
            legg_til_foresatt(form.instance, f.foresatt, f.relasjon, bruker=request.user)


@admin.register(Innsyn)
class InnsynAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    # The log says whom each user looked up: reading it is itself an access to personal data.
    personopplysninger = True
    innsyn_person = "person"
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
