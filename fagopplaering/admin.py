"""Fagopplæring in the admin (docs/fagopplaering/bedrift.md «Administrasjon»).

* The code tables C13 Kontraktstype, C12 Avslutningskode and C11 Hevet av are edited here, like the other code
  registers (``kodeverk.admin.KodeverkAdmin``: import/export, no audit rows – they hold no personal data). Who may
  change them follows the role's model permissions (``vigo.roller``): the system administrator; the county
  administrator sees them.
* Everything else is read-only and scoped to the user's county: companies, approvals, contracts, formidling and
  tilskudd change only through the services (the caseworker pages, the jobs), which check the rules and write the
  timeline. Pages that show persons write an ``Innsyn`` row (``AvgrensetAdminMixin``).
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from fagopplaering import models as m
from inntak.admin import KunLesing
from kodeverk.admin import KodeverkAdmin
from kodeverk.resources import enkel_resource
from vigo.scoping import AvgrensetAdminMixin


# --- code tables (editable) ------------------------------------------------------------------------------------
@admin.register(m.Kontraktstype)
class KontraktstypeAdmin(KodeverkAdmin):
    resource_classes = [enkel_resource(m.Kontraktstype)]
    list_display = ("kode", "navn", "kandidattype", "ssb_ftype", "gir_tilskudd", "aktiv")
    list_filter = ("kandidattype", "gir_tilskudd", "aktiv")


@admin.register(m.Avslutningskode)
class AvslutningskodeAdmin(KodeverkAdmin):
    resource_classes = [enkel_resource(m.Avslutningskode)]
    list_display = ("kode", "navn", "automatisk", "gyldig_fra", "gyldig_til", "aktiv")
    list_filter = ("automatisk", "aktiv")


@admin.register(m.HevetAv)
class HevetAvAdmin(KodeverkAdmin):
    resource_classes = [enkel_resource(m.HevetAv)]
    list_display = ("kode", "navn", "aktiv")


# --- registers (read-only, scoped) -------------------------------------------------------------------------------
class LeseAdmin(KunLesing, AvgrensetAdminMixin, SimpleHistoryAdmin):
    """Read-only, scoped, with simple-history's history pages (checked against the scope by the mixin)."""


@admin.register(m.Bedrift)
class BedriftAdmin(LeseAdmin):
    personopplysninger = False  # Enhetsregisteret's public data
    list_display = ("navn", "orgnr", "type", "kommune", "naeringskode", "konkurs", "slettet_i_er", "aktiv")
    list_filter = ("type", "aktiv", "konkurs")
    search_fields = ("=orgnr", "navn")
    list_select_related = ("kommune",)


@admin.register(m.Godkjenning)
class GodkjenningAdmin(LeseAdmin):
    personopplysninger = False
    list_display = (
        "bedrift",
        "programomrade",
        "fylke",
        "status",
        "godkjent_fra",
        "godkjent_til",
        "begrenset",
    )
    list_filter = ("status", "begrenset", "fylke")
    search_fields = ("=bedrift__orgnr", "bedrift__navn", "programomrade__kode")
    list_select_related = ("bedrift", "programomrade", "fylke")
    raw_id_fields = ("bedrift",)


@admin.register(m.Medlemskap)
class MedlemskapAdmin(LeseAdmin):
    personopplysninger = False
    list_display = ("opplaeringskontor", "medlem", "fylke", "fra", "til", "samarbeidsavtale")
    list_filter = ("fylke", "samarbeidsavtale")
    search_fields = ("=medlem__orgnr", "medlem__navn", "opplaeringskontor__navn")
    list_select_related = ("opplaeringskontor", "medlem", "fylke")
    raw_id_fields = ("opplaeringskontor", "medlem")


@admin.register(m.Opplaeringsansvarlig)
class OpplaeringsansvarligAdmin(LeseAdmin):
    # The company's staff (names, birth dates, e-mail), not vigo.Person: by the project's rule (vigo.scoping.person_sti,
    # tests/sikkerhet/test_innsyn_fullstendig.py) only rows leading to a Person are audited. The admin is read-only.
    list_display = ("etternavn", "fornavn", "rolle", "godkjenning", "fra", "til")
    list_filter = ("rolle",)
    search_fields = ("etternavn", "=godkjenning__bedrift__orgnr")
    list_select_related = ("godkjenning__bedrift", "godkjenning__programomrade")
    raw_id_fields = ("godkjenning",)


@admin.register(m.Formidling)
class FormidlingAdmin(LeseAdmin):
    innsyn_person = "person"
    list_display = ("person", "programomrade", "skolear", "status", "status_dato", "bedrift")
    list_filter = ("status", "skolear", "kandidattype", "ungdomsrett")
    search_fields = ("=person__fodselsnummer",)
    list_select_related = ("person", "programomrade", "skolear", "bedrift")
    raw_id_fields = ("person", "soknad", "onske", "bedrift")


@admin.register(m.Formidlingstilbud)
class FormidlingstilbudAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "formidling__person"
    list_display = ("formidling", "bedrift", "sendt", "svar", "svar_dato")
    list_filter = ("svar",)
    search_fields = ("=formidling__person__fodselsnummer", "=bedrift__orgnr")
    list_select_related = ("formidling", "bedrift")
    raw_id_fields = ("formidling", "bedrift")


@admin.register(m.Intensjonsavtale)
class IntensjonsavtaleAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    list_display = ("bedrift", "programomrade", "skolear", "type", "antall_laerlinger", "antall_laerekandidater",
                    "kilde", "registrert")  # fmt: skip
    list_filter = ("type", "kilde", "skolear")
    search_fields = ("=bedrift__orgnr", "bedrift__navn", "filnavn")
    list_select_related = ("bedrift", "programomrade", "skolear")
    raw_id_fields = ("bedrift", "person")


@admin.register(m.Kontrakt)
class KontraktAdmin(LeseAdmin):
    innsyn_person = "person"
    list_display = ("person", "programomrade", "kontraktstype", "bedrift", "laeretid_fra", "laeretid_til", "status",
                    "avslutningskode")  # fmt: skip
    list_filter = ("status", "kontraktstype", "fylke")
    search_fields = ("=person__fodselsnummer", "=bedrift__orgnr")
    list_select_related = ("person", "programomrade", "kontraktstype", "bedrift", "avslutningskode")
    raw_id_fields = (
        "person",
        "bedrift",
        "medlemsbedrift",
        "godkjenning",
        "faglig_leder",
        "formidling",
        "forrige",
    )


@admin.register(m.Avbrudd)
class AvbruddAdmin(LeseAdmin):
    innsyn_person = "kontrakt__person"
    list_display = ("kontrakt", "fra", "til", "arsak")
    list_filter = ("arsak",)
    search_fields = ("=kontrakt__person__fodselsnummer",)
    raw_id_fields = ("kontrakt",)


@admin.register(m.Kontraktendring)
class KontraktendringAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "kontrakt__person"
    list_display = ("kontrakt", "status", "foreslatt", "behandlet")
    list_filter = ("status",)
    raw_id_fields = ("kontrakt",)


@admin.register(m.Hendelse)
class HendelseAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    # Timeline texts name apprentices: audited, linked to the contract's person (a row about a formidling or a
    # company alone is logged without a person link).
    innsyn_person = "kontrakt__person"
    list_display = ("tidspunkt", "type", "aktor", "fylke", "tekst")
    list_filter = ("type", "fylke")
    search_fields = ("=bedrift__orgnr",)
    date_hierarchy = "tidspunkt"
    raw_id_fields = ("bedrift", "godkjenning", "formidling", "kontrakt")


@admin.register(m.Tilskuddsberegning)
class TilskuddsberegningAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    personopplysninger = False
    list_display = ("fylke", "fra", "til", "beregnet", "antall_kontrakter", "antall_bedrifter", "sum")
    list_filter = ("fylke",)


@admin.register(m.Tilskuddslinje)
class TilskuddslinjeAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "kontrakt__person"
    list_display = ("beregning", "bedrift", "kontrakt", "maned", "ordning", "dager", "sats", "belop")
    list_filter = ("ordning",)
    search_fields = ("=bedrift__orgnr",)
    raw_id_fields = ("beregning", "kontrakt", "bedrift")


@admin.register(m.Tilskuddsutbetaling)
class TilskuddsutbetalingAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    personopplysninger = False
    list_display = ("beregning", "bedrift", "antall_kontrakter", "belop")
    search_fields = ("=bedrift__orgnr", "bedrift__navn")
    list_select_related = ("beregning", "bedrift")
    raw_id_fields = ("beregning", "bedrift")


# --- prøver, nemnder, documents (read-only; the prøve pages and jobs write) -------------------------------------
@admin.register(m.Laerefag)
class LaerefagAdmin(admin.ModelAdmin):
    """Fagbrev or svennebrev per lærefag: a code table (no personal data), changed by the system administrator."""

    list_display = ("programomrade", "brevtype", "tittel")
    list_filter = ("brevtype",)
    search_fields = ("programomrade__kode", "programomrade__navn")
    raw_id_fields = ("programomrade",)


@admin.register(m.Provenemnd)
class ProvenemndAdmin(LeseAdmin):
    personopplysninger = False
    list_display = ("navn", "fylke", "periode_fra", "periode_til", "aktiv")
    list_filter = ("aktiv", "fylke", "periode_fra")
    search_fields = ("navn",)


@admin.register(m.Nemndmedlem)
class NemndmedlemAdmin(LeseAdmin):
    innsyn_person = "person"
    list_display = ("person", "nemnd", "rolle", "representerer", "fra", "til")
    list_filter = ("rolle", "representerer")
    list_select_related = ("person", "nemnd")
    raw_id_fields = ("nemnd", "person", "arbeidsgiver")


@admin.register(m.Nemndlan)
class NemndlanAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    personopplysninger = False
    list_display = ("nemnd", "lanefylke", "fra", "til")
    raw_id_fields = ("nemnd",)


@admin.register(m.Prove)
class ProveAdmin(LeseAdmin):
    innsyn_person = "person"
    list_display = ("person", "programomrade", "provetype", "status", "resultat", "resultat_dato")
    list_filter = ("status", "provetype", "kandidattype", "resultat", "fylke")
    search_fields = ("=person__fodselsnummer",)
    list_select_related = ("person", "programomrade")
    raw_id_fields = ("person", "kontrakt", "oppmelder_bedrift", "oppmelder_skole", "forrige", "nemnd",
                     "provested_bedrift", "programomrade")  # fmt: skip


@admin.register(m.Klage)
class KlageAdmin(LeseAdmin):
    innsyn_person = "prove__person"
    list_display = ("prove", "mottatt", "type", "instans", "utfall", "vedtak_dato")
    list_filter = ("type", "instans", "utfall")
    raw_id_fields = ("prove",)


@admin.register(m.Fagdokument)
class FagdokumentAdmin(KunLesing, AvgrensetAdminMixin, admin.ModelAdmin):
    innsyn_person = "person"
    list_display = ("dokumenttype", "person", "status", "vgdoknr", "utstedt_dato", "nvb_sendt")
    list_filter = ("status", "dokumenttype", "fylke")
    search_fields = ("=vgdoknr", "=person__fodselsnummer")
    list_select_related = ("person",)
    raw_id_fields = ("person", "prove", "erstattet_av")
    exclude = ("nvb",)  # the NVB content (grades, fødselsnummer) is shown on the prøve page, audited
