"""Admin: the county's Brevmal (logo and e-mail subject; the letter text is edited under Dokumentmaler) and the
intake runs (read-only, scoped)."""

from __future__ import annotations

from django.contrib import admin

from inntak.models import Brevmal, Inntakshendelse, Inntakskjoring
from vigo.scoping import AvgrensetAdminMixin


@admin.register(Brevmal)
class BrevmalAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    """The text of the offer letter moved to the standard-document tool (type «Tilbudsbrev (inntak)»): ``innhold``
    is read-only here so there is one place to edit it; the logo and the e-mail subject stay on Brevmal."""

    list_display = ("navn", "fylke", "aktiv", "endret")
    list_filter = ("aktiv",)
    readonly_fields = ("innhold",)
    fieldsets = (
        (None, {"fields": ("fylke", "navn", "aktiv", "emne")}),
        ("Brevhode", {"fields": ("logo",), "description": "Avsender og adresse i brevhodet settes per skoleår under "
                      "Systemparametere (Felles), så alle brev fra fylket har samme brevhode. Logoen her brukes i "
                      "tilbudsbrevene og kontraktene."}),
        ("Innhold", {"fields": ("innhold",), "description": "Teksten i tilbudsbrevet redigeres under "
                     "«Dokumentmaler» (dokumenttypen «Tilbudsbrev (inntak)»), der fylket lagrer utkast, ser "
                     "forhåndsvisning og publiserer nye versjoner. Feltet under er den gamle teksten fra brevmalen, "
                     "som ble flyttet dit som versjon 1; den brukes ikke lenger og kan ikke endres her."}),
    )  # fmt: skip


@admin.register(Inntakskjoring)
class InntakskjoringAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "fylke",
        "simulering",
        "publisert",
        "antall_sokere",
        "antall_tildelt",
        "opprettet",
    )
    list_filter = ("niva", "runde", "simulering", "publisert")
    exclude = ("snapshot", "resultat")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("snapshot", "resultat")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting goes through inntak.kjoring.services.slett_kjoring (lifecycle rule and audit row).
        return False


@admin.register(Inntakshendelse)
class InntakshendelseAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    """The run log, read-only: also the trace of deleted simulations and discarded runs (their run is gone)."""

    list_display = ("tidspunkt", "kjoring_tekst", "handling", "tekst", "bruker")
    list_filter = ("handling",)
    search_fields = ("kjoring_tekst", "tekst")
    date_hierarchy = "tidspunkt"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
