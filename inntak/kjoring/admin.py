"""Admin: the county's Brevmal (editable) and the intake runs (read-only, scoped)."""

from django.contrib import admin

from inntak.models import Brevmal, Inntakshendelse, Inntakskjoring
from vigo.scoping import AvgrensetAdminMixin


@admin.register(Brevmal)
class BrevmalAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = ("navn", "fylke", "aktiv", "endret")
    list_filter = ("aktiv",)
    fieldsets = (
        (None, {"fields": ("fylke", "navn", "aktiv", "emne")}),
        ("Brevhode", {"fields": ("logo",), "description": "Avsender og adresse i brevhodet settes per skoleår under "
                      "Systemparametere (Felles), så alle brev fra fylket har samme brevhode."}),
        ("Innhold", {"fields": ("innhold",), "description": "Django-mal. Tilgjengelige variabler: mottaker, "
                     "soker, soknad, tildeling (tilbud.skole.navn, tilbud.programomrade.navn, onske_nr), "
                     "ventelister (tilbud, onske_nr, plass), svarfrist, runde, fylke, dato, er_kopi_til_foresatt."}),
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
