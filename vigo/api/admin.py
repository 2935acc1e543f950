"""Admin of API clients, keys and the call log, scoped like every other admin page (county administrators
see their county's clients). A new key is shown once, in the message after saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin

from vigo.models import ApiKall, ApiKlient, ApiNokkel, Scope
from vigo.scoping import AvgrensetAdminMixin


class ApiKlientSkjema(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Scopes")
    )

    class Meta:
        model = ApiKlient
        fields = ["navn", "fylke", "skole", "scopes", "aktiv", "beskrivelse"]


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

    def save_model(self, request, obj, form, change):
        if not request.user.er_systemadministrator:
            obj.fylke_id = request.user.fylke_id
        super().save_model(request, obj, form, change)


@admin.register(ApiNokkel)
class ApiNokkelAdmin(AvgrensetAdminMixin, APIKeyModelAdmin):
    list_display = ("prefix", "name", "klient", "created", "expiry_date", "_has_expired", "revoked")
    list_filter = ("revoked", "klient__fylke")
    search_fields = ("name", "prefix", "klient__navn")
    fields = ("klient", "name", "prefix", "expiry_date", "revoked")


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
