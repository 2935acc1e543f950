"""django-import-export resources: grades (CSV/XLSX; the admin's grade import and export) and søknader
(CSV/XLSX/JSON; ``SoknadResource``, through ``inntak.importering.soknader``).

Grades. Columns: fodselsnummer, trinn (GS/VG1/VG2, empty = GS), fag, vurdering, karakter, dokumentert_fravaer (0/1),
fagtype (optional; default from the Fag register), skolear (optional, e.g. 2025-2026), privatist (optional 0/1: a
privatist result, VG1/VG2 only, beside the school grade in the same subject; opplæringsforskrifta § 4-25 e).

Import: django-import-export's two steps (preview, then confirm) are kept, but its row-by-row saving is not used.
``import_data`` hands the whole file to ``inntak.services.karakterer.importer_karakterer``, the one writer:
every row validated with ``valider_rad`` and the rule on whose grades a county may replace, a file with any bad
row imports nothing and names every bad row, and a good file replaces each named person's grades on the named
levels through ``erstatt_mange`` (history, case log per søknad, points recomputed). The preview lists the rows
as new or changed, and the stored grades the file removes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.results import Error, RowResult
from import_export.widgets import ForeignKeyWidget

from inntak.importering.soknader import Importfeil, les_dataset
from inntak.importering.soknader import importer as importer_soknader
from inntak.models import Karakter, Soknad
from inntak.services.karakterer import KarakterFeil, importer_karakterer
from kodeverk.models import Skolear
from vigo.models import Person

KOLONNER = (
    "fodselsnummer",
    "trinn",
    "fag",
    "vurdering",
    "karakter",
    "dokumentert_fravaer",
    "fagtype",
    "skolear",
    "privatist",
)


class KarakterResource(resources.ModelResource):
    person = fields.Field(
        column_name="fodselsnummer",
        attribute="person",
        widget=ForeignKeyWidget(Person, field="fodselsnummer"),
    )
    fag = fields.Field(column_name="fag", attribute="fag_id")
    skolear = fields.Field(
        column_name="skolear", attribute="skolear", widget=ForeignKeyWidget(Skolear, field="kode")
    )

    class Meta:
        model = Karakter
        fields = (
            "person",
            "trinn",
            "fag",
            "vurdering",
            "karakter",
            "dokumentert_fravaer",
            "fagtype",
            "skolear",
            "privatist",
        )
        import_id_fields = ("person", "trinn", "fag", "vurdering", "privatist")
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = False  # valider_rad is the validation; full_clean would repeat it

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):  # fmt: skip
        """The whole file through the service; the ``Result`` only reports (see the module docstring)."""
        result = self.get_result_class()()
        result.diff_headers = list(KOLONNER)
        result.total_rows = len(dataset)
        kolonner = [str(k or "").strip().lower() for k in dataset.headers or []]
        rader = [dict(zip(kolonner, rad, strict=False)) for rad in dataset]
        try:
            plan = importer_karakterer(dataset, bruker=kwargs.get("user"), dry_run=dry_run)
        except KarakterFeil as feil:
            meldinger: dict[int, list[str]] = {}
            for nr, melding in feil.rader:
                meldinger.setdefault(nr, []).append(
                    _("Rad %(nr)d: %(melding)s") % {"nr": nr, "melding": melding}
                )
            for nr, liste in sorted(meldinger.items()):
                result.append_invalid_row(nr, rader[nr - 1], ValidationError(liste))
            result.totals[RowResult.IMPORT_TYPE_INVALID] = len(meldinger)
            if raise_errors:
                raise
            return result
        except ValidationError as feil:  # the file itself, e.g. missing columns
            if raise_errors:
                raise
            result.append_base_error(Error(feil))
            return result
        for r in plan.rader:
            rad = rader[r.nr - 1]
            self._rapporter(result, RowResult.IMPORT_TYPE_NEW if r.ny else RowResult.IMPORT_TYPE_UPDATE,
                            [rad.get(k, "") for k in KOLONNER])  # fmt: skip
        for k in plan.fjernes:
            verdier = {"fodselsnummer": k.person.fodselsnummer, "trinn": k.trinn, "fag": k.fag_id,
                       "vurdering": k.vurdering, "karakter": k.karakter,
                       "dokumentert_fravaer": int(k.dokumentert_fravaer), "fagtype": k.fagtype, "skolear": "",
                       "privatist": int(k.privatist)}  # fmt: skip
            self._rapporter(result, RowResult.IMPORT_TYPE_DELETE, [verdier[k] for k in KOLONNER])
        return result

    @staticmethod
    def _rapporter(result, type_: str, verdier: list) -> None:
        rad = RowResult()
        rad.import_type = type_
        rad.diff = ["" if v is None else v for v in verdier]
        result.append_row_result(rad)
        result.increment_row_result_total(rad)


# --- Søknader ----------------------------------------------------------------------------------------------------
SOKNADKOLONNER = (
    "fodselsnummer", "skolear", "fylke", "niva", "rettstatus", "sokergruppe", "behandlingskategori", "onsker",
)  # fmt: skip


class SoknadResource(resources.ModelResource):
    """The admin's søknad import (CSV/XLSX/JSON; format: docs/inntak/import-soknader.md). As for grades, the
    admin's two steps (preview, then confirm) are kept, but its row-by-row saving is not used: ``import_data``
    hands every row to ``inntak.importering.soknader.importer``, which checks all rows and registers them through
    the søknad services, all or nothing. The preview is the same import in a rolled-back transaction; a file with
    any bad row lists each row with its reasons and offers no confirmation."""

    class Meta:
        model = Soknad
        fields = ("id",)
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = False

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):  # fmt: skip
        result = self.get_result_class()()
        result.diff_headers = list(SOKNADKOLONNER)
        result.total_rows = len(dataset)
        filnavn = kwargs.get("file_name") or ""
        rader: list = []
        try:
            rader = les_dataset(dataset, fra_json=filnavn.lower().endswith(".json"))
            utfall = importer_soknader(
                rader, bruker=kwargs.get("user"), torrkjoring=dry_run,
                kilde=_("Import i administrasjonen, fil «%(fil)s»") % {"fil": filnavn},
            )  # fmt: skip
        except Importfeil as feil:
            if raise_errors:
                raise
            per_rad: dict[int, list[str]] = {}
            for nr, melding in feil.rader:
                if nr is None:
                    result.append_base_error(Error(ValidationError(melding)))
                else:
                    per_rad.setdefault(nr, []).append(_("Rad %(nr)d: %(m)s") % {"nr": nr, "m": melding})
            radene = dict(rader)
            for nr, liste in sorted(per_rad.items()):
                verdier = {k: v for k, v in radene.get(nr, {}).items() if k != "fodselsnummer"}
                result.append_invalid_row(nr, verdier, ValidationError(liste))
            result.totals[RowResult.IMPORT_TYPE_INVALID] = len(per_rad)
            return result
        for rad in utfall.rader:
            v = rad.verdier
            self._rapporter(result, RowResult.IMPORT_TYPE_NEW, [
                v["person"].fodselsnummer, v["skolear"].kode, v["fylke"].nummer, v["niva"], v["rettstatus"],
                v["sokergruppe"], v["behandlingskategori"].kode, "; ".join(str(t) for t in v["onsker"]),
            ])  # fmt: skip
        return result

    _rapporter = staticmethod(KarakterResource._rapporter)
