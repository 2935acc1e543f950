"""The student register in the admin: read-only. Every write goes through ``inntak.elev.services`` from the pages
(4S001 ``/elev/elevkurs/<pk>/``, the SAS import, the jobs), which check the rules and write the history with a
reason; the admin only lets an administrator look (scoped to the county or school, every view audited)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inntak.admin import KunLesing  # read-only: writes go through the services
from inntak.elev.models import Elevfag, Elevforhold, Elevimport, Otenhet, Rett, Vitnemalsmerknad
from vigo.scoping import AvgrensetAdminMixin


@admin.register(Elevforhold)
class ElevforholdAdmin(KunLesing, AvgrensetAdminMixin, SimpleHistoryAdmin):
    innsyn_person = "person"
    list_display = (
        "person",
        "skole",
        "programomrade",
        "skolear",
        "klasse",
        "elevstatus",
        "avbruddsdato",
        "kilde",
    )
    list_filter = ("skolear", "kilde", "elevstatus", "fullfortkode")
    search_fields = ("=person__fodselsnummer", "klasse")
    list_select_related = ("person", "skole", "programomrade", "skolear", "elevstatus")
    raw_id_fields = ("person",)


@admin.register(Elevfag)
class ElevfagAdmin(KunLesing, AvgrensetAdminMixin, SimpleHistoryAdmin):
    innsyn_person = "person"
    list_display = ("person", "fag", "fagstatus", "skole", "skolear", "standpunkt", "elevtimer")
    list_filter = ("skolear", "fagstatus")
    search_fields = ("=person__fodselsnummer", "fag__kode")
    list_select_related = ("person", "fag", "fagstatus", "skole", "skolear")
    raw_id_fields = ("person", "elevkurs")


@admin.register(Vitnemalsmerknad)
class VitnemalsmerknadAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "elevkurs__person"
    list_display = ("elevkurs", "kode", "parameter1", "parameter2")
    list_filter = ("kode",)
    search_fields = ("=elevkurs__person__fodselsnummer",)
    raw_id_fields = ("elevkurs",)


@admin.register(Elevimport)
class ElevimportAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = ("filnavn", "status", "skole", "fylke", "importert_av", "opprettet")
    list_filter = ("status", "fylke")
    search_fields = ("filnavn",)


@admin.register(Rett)
class RettAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "person"
    list_display = (
        "person",
        "skolear",
        "regime",
        "rettstype",
        "rett_til",
        "ar_brukt",
        "ar_igjen",
        "beregnet",
    )
    list_filter = ("skolear", "regime", "rettstype")
    search_fields = ("=person__fodselsnummer",)
    list_select_related = ("person", "skolear")
    raw_id_fields = ("person",)


@admin.register(Otenhet)
class OtenhetAdmin(AvgrensetAdminMixin, admin.ModelAdmin):
    """The county's OT units: reference data the county administrator keeps (VIGOS.OTENHET)."""

    list_display = ("navn", "kode", "fylke", "aktiv")
    list_filter = ("aktiv",)
    search_fields = ("navn", "kode")
