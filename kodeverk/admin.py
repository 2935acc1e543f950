from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from simple_history.admin import SimpleHistoryAdmin

from kodeverk import models as m
from kodeverk import resources as r
from vigo.scoping import AvgrensetAdminMixin, TrygtInndataAdminMixin

FORMATER = [CSV, XLSX, JSON]

# Code registers hold no personal data: no audit rows. Every admin here still answers a bad address without a
# 500 (TrygtInndataAdminMixin, part of AvgrensetAdminMixin).


class KodeverkAdmin(TrygtInndataAdminMixin, ImportExportModelAdmin):
    formats = FORMATER
    search_fields = ("kode", "navn")
    list_display = ("kode", "navn")


@admin.register(m.Fylke)
class FylkeAdmin(AvgrensetAdminMixin, KodeverkAdmin):
    resource_classes = [r.FylkeResource]
    list_display = ("nummer", "navn", "aktiv", "maks_onsker", "tillat_venteliste_ved_ja")
    search_fields = ("nummer", "navn")

    def get_queryset(self, request):
        qs = super(AvgrensetAdminMixin, self).get_queryset(request)
        if request.user.er_systemadministrator:
            return qs
        return qs.filter(pk=request.user.fylke_id)


@admin.register(m.Kommune)
class KommuneAdmin(KodeverkAdmin):
    resource_classes = [r.KommuneResource]
    list_display = ("nummer", "navn", "fylke")
    list_filter = ("fylke",)
    search_fields = ("nummer", "navn")


@admin.register(m.Postnummer)
class PostnummerAdmin(KodeverkAdmin):
    resource_classes = [r.PostnummerResource]
    list_display = ("nummer", "poststed", "kommune")
    search_fields = ("nummer", "poststed")


@admin.register(m.Skole)
class SkoleAdmin(AvgrensetAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    formats = FORMATER
    resource_classes = [r.SkoleResource]
    list_display = ("skolenummer", "navn", "fylke", "kommune", "skoleeiertype", "privat", "aktiv")
    list_filter = ("fylke", "skoleeiertype", "privat", "aktiv")
    search_fields = ("skolenummer", "navn", "organisasjonsnummer")


@admin.register(m.Utdanningsprogram)
class UtdanningsprogramAdmin(KodeverkAdmin):
    resource_classes = [r.UtdanningsprogramResource]
    list_display = ("kode", "navn", "studieforberedende", "gyldig_fra", "gyldig_til")


@admin.register(m.Programomrade)
class ProgramomradeAdmin(TrygtInndataAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    formats = FORMATER
    resource_classes = [r.ProgramomradeResource]
    list_display = ("kode", "navn", "niva", "utdanningsprogram", "poengberegnes", "landslinje", "gyldig_til")
    list_filter = ("niva", "utdanningsprogram", "poengberegnes", "landslinje")
    search_fields = ("kode", "navn", "navn_nn")


@admin.register(m.Fag)
class FagAdmin(KodeverkAdmin):
    resource_classes = [r.FagResource]
    list_display = ("kode", "navn", "fagtype", "grunnskole", "aktiv")
    list_filter = ("fagtype", "grunnskole")


@admin.register(m.Karakterverdi)
class KarakterverdiAdmin(KodeverkAdmin):
    resource_classes = [r.KarakterverdiResource]
    list_display = ("kode", "navn", "tallverdi", "skala")


@admin.register(m.Skolear)
class SkolearAdmin(TrygtInndataAdminMixin, ImportExportModelAdmin):
    formats = FORMATER
    resource_classes = [r.SkolearResource]
    list_display = ("kode", "startdato", "sluttdato", "aktiv")


for _modell in (m.Fagtype, m.Fagstatus, m.Elevstatus, m.Behandlingskategori):
    admin.site.register(_modell, type(f"{_modell.__name__}Admin", (KodeverkAdmin,),
                                      {"resource_classes": [r.enkel_resource(_modell)]}))  # fmt: skip
