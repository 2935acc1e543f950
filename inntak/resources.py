"""django-import-export resource for grades (CSV/XLSX), used by the admin import and ``importer_karakterer``.

Columns: fodselsnummer, trinn (GS/VG1/VG2, empty = GS), fag, vurdering, karakter, dokumentert_fravaer (0/1),
fagtype (optional; default from the Fag register), skolear (optional, e.g. 2025-2026). A row that already
exists (person, trinn, fag, vurdering) is updated. Every row is validated with the same function as the API
(``inntak.services.karakterer.valider_rad``); a file with any bad row imports nothing and names every bad row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from inntak.models import Karakter, Karakterkilde
from inntak.services.karakterer import fagregister, valider_rad
from kodeverk.models import Skolear
from vigo.fodselsnummer import feilmelding
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
        )
        import_id_fields = ("person", "trinn", "fag", "vurdering")
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = False  # valider_rad is the validation; full_clean would repeat it

    def before_import(self, dataset, **kwargs):
        """Load every person and subject of the file in two queries instead of one per row."""
        self._bruker = kwargs.get("user")
        self._sett: dict[tuple, int] = {}
        kolonner = dataset.headers or []
        mangler = [k for k in ("fodselsnummer", "fag", "vurdering", "karakter") if k not in kolonner]
        if mangler:
            raise ValidationError(_("Fila mangler kolonnene: %(k)s.") % {"k": ", ".join(mangler)})
        fnr = {str(v).strip() for v in dataset["fodselsnummer"] if v}
        personer = Person.objects.filter(fodselsnummer__in=fnr)
        bruker = self._bruker
        if bruker is not None and not bruker.er_systemadministrator:
            # Own county's persons, and applicants (e.g. gjesteelever) to the county's søknader.
            personer = personer.filter(Q(fylke_id=bruker.fylke_id) | Q(soknader__fylke_id=bruker.fylke_id))
        self._personer = {p.fodselsnummer: p for p in personer.distinct()}
        self._fag = fagregister(str(v) for v in dataset["fag"] if v)

    def before_import_row(self, row, **kwargs):
        feil = {}
        fnr = str(row.get("fodselsnummer") or "").strip()
        melding = feilmelding(fnr)
        if melding:
            feil["person"] = melding
        elif fnr not in self._personer:
            feil["person"] = _("Ukjent person: fødselsnummeret finnes ikke i personregisteret for fylket.")
        row["fodselsnummer"] = fnr
        try:
            felt = valider_rad(row, str(row.get("trinn") or "GS"), self._fag)
        except ValidationError as e:
            feil["karakter"] = " ".join(e.messages)
        else:
            row.update({"trinn": felt["trinn"], "fag": felt["fag_id"], "vurdering": felt["vurdering"],
                        "karakter": felt["karakter"], "fagtype": felt["fagtype"],
                        "dokumentert_fravaer": felt["dokumentert_fravaer"]})  # fmt: skip
            nokkel = (fnr, felt["trinn"], felt["fag_id"], felt["vurdering"])
            nr = kwargs.get("row_number", 0)
            if nokkel in self._sett:
                feil["fag"] = _("Samme person, fag og vurdering som rad %(n)d.") % {"n": self._sett[nokkel]}
            else:
                self._sett[nokkel] = nr
        skolear = str(row.get("skolear") or "").strip()
        if skolear and not Skolear.objects.filter(kode=skolear).exists():
            feil["skolear"] = _("Ukjent skoleår «%(s)s».") % {"s": skolear}
        row["skolear"] = skolear or None
        if feil:
            raise ValidationError(feil)

    def after_init_instance(self, instance, new, row, **kwargs):
        person = self._personer[row["fodselsnummer"]]
        instance.person = person
        instance.kilde = Karakterkilde.IMPORT
        if new:
            bruker = self._bruker
            instance.fylke_id = getattr(bruker, "fylke_id", None) or person.fylke_id

    def after_import(self, dataset, result, **kwargs):
        """New grades make stored points stale: recompute the affected søknader with the batch SQL."""
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        from inntak.models import Soknad
        from inntak.poeng_sql import beregn_poeng_for_soknader

        personer = [p.pk for p in self._personer.values()]
        ids = list(Soknad.objects.filter(person_id__in=personer).values_list("pk", flat=True))
        if ids:
            beregn_poeng_for_soknader(ids)
