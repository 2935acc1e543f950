"""Admin of API clients, keys and the call log, scoped like every other admin page (county administrators
see their county's clients). A new key is shown once, in the message after saving.

A key is as strong as its client: an actor grants only the scopes ``vigo.tilgang`` says it may, and changes a
client or makes a key for it only if every scope of the client is one the actor may grant. A key of a client
above the actor may still be revoked (an emergency brake, never more rights)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin

from vigo import tilgang
from vigo.models import ApiKall, ApiKlient, ApiNokkel, Scope
from vigo.scoping import AvgrensetAdminMixin


class ApiKlientSkjema(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Scopes")
    )

    aktor = None  # set per request in ApiKlientAdmin.get_form

    class Meta:
        model = ApiKlient
        fields = ["navn", "fylke", "skole", "orgnr", "scopes", "aktiv", "beskrivelse"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.aktor is not None and "scopes" in self.fields:
            tillatt = tilgang.scopes_aktor_kan_gi(self.aktor)
            self.fields["scopes"].choices = [(v, n) for v, n in Scope.choices if v in tillatt]

    def clean(self):
        data = super().clean()
        fylke = data.get("fylke")
        if self.aktor is not None and fylke is not None and not self.aktor.er_systemadministrator:
            if fylke.pk != self.aktor.fylke_id:
                raise forms.ValidationError(_("Du kan bare lage API-klienter i ditt eget fylke."))
        return data


class ApiNokkelInline(admin.TabularInline):
    model = ApiNokkel
    fields = ("prefix", "name", "created", "expiry_date", "revoked")
    readonly_fields = ("prefix", "name", "created", "expiry_date", "revoked")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiKlient)
class ApiKlientAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    form = ApiKlientSkjema
    list_display = ("navn", "fylke", "skole", "scopeliste", "aktiv", "opprettet")
    list_filter = ("fylke", "aktiv")
    search_fields = ("navn", "skole__navn", "skole__skolenummer")
    readonly_fields = ("uuid", "opprettet")
    inlines = [ApiNokkelInline]

    @admin.display(description=_("scopes"))
    def scopeliste(self, obj: ApiKlient) -> str:
        return ", ".join(obj.scopes)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"aktor": request.user})

    def has_change_permission(self, request, obj=None) -> bool:
        ok = super().has_change_permission(request, obj)
        return ok and (obj is None or tilgang.kan_forvalte_klient(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        ok = super().has_delete_permission(request, obj)
        return ok and (obj is None or tilgang.kan_forvalte_klient(request.user, obj))

    def save_model(self, request, obj, form, change):
        # The form offers only allowed scopes and counties; this is the check a forged POST meets.
        if not request.user.er_systemadministrator:
            obj.fylke_id = request.user.fylke_id
        if not tilgang.kan_forvalte_klient(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(ApiNokkel)
class ApiNokkelAdmin(AvgrensetAdminMixin, APIKeyModelAdmin):
    list_display = ("prefix", "name", "klient", "created", "expiry_date", "_has_expired", "revoked")
    list_filter = ("revoked", "klient__fylke")
    search_fields = ("name", "prefix", "klient__navn")
    fields = ("klient", "name", "prefix", "expiry_date", "revoked")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "klient" and field is not None:
            # Scoped to the county already; a new key only for a client whose scopes the actor may grant.
            field.queryset = field.queryset.filter(
                scopes__contained_by=tilgang.scopes_aktor_kan_gi(request.user)
            )
        return field

    def get_readonly_fields(self, request, obj=None):
        felt = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return felt
        if not tilgang.kan_forvalte_klient(request.user, obj.klient):
            return tuple(f for f in self.fields if f != "revoked" or obj.revoked)
        return (*felt, "klient")  # a key belongs to its client

    def save_model(self, request, obj, form, change):
        if not tilgang.kan_forvalte_klient(request.user, obj.klient):
            # Only revoking is allowed on a key of a client above the actor.
            if not change or set(form.changed_data) - {"revoked"}:
                raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(ApiKall)
class ApiKallAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = ("tidspunkt", "klient", "metode", "sti", "status", "antall", "varighet_ms")
    list_filter = ("status", "metode", ("klient", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "tidspunkt"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
