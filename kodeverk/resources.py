"""django-import-export resources: codes (not database ids) identify rows and references, so files are portable.

Every row is validated with the model's full_clean (clean_model_instances); a file with any bad row imports
nothing (import-export runs the whole file in one transaction and the admin refuses to confirm it).
"""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from kodeverk import models as m


class KodeResource(resources.ModelResource):
    class Meta:
        import_id_fields = ("kode",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        exclude = ("id",)


def _fk(felt: str, modell, kode: str = "kode", **kw) -> fields.Field:
    return fields.Field(column_name=felt, attribute=felt, widget=ForeignKeyWidget(modell, field=kode), **kw)


class FylkeResource(KodeResource):
    class Meta(KodeResource.Meta):
        model = m.Fylke
        import_id_fields = ("nummer",)


class KommuneResource(KodeResource):
    fylke = _fk("fylke", m.Fylke, "nummer")

    class Meta(KodeResource.Meta):
        model = m.Kommune
        import_id_fields = ("nummer",)


class PostnummerResource(KodeResource):
    kommune = _fk("kommune", m.Kommune, "nummer")

    class Meta(KodeResource.Meta):
        model = m.Postnummer
        import_id_fields = ("nummer",)


class SkoleResource(KodeResource):
    fylke = _fk("fylke", m.Fylke, "nummer")
    kommune = _fk("kommune", m.Kommune, "nummer")

    class Meta(KodeResource.Meta):
        model = m.Skole
        import_id_fields = ("skolenummer",)


class UtdanningsprogramResource(KodeResource):
    class Meta(KodeResource.Meta):
        model = m.Utdanningsprogram


class ProgramomradeResource(KodeResource):
    utdanningsprogram = _fk("utdanningsprogram", m.Utdanningsprogram)

    class Meta(KodeResource.Meta):
        model = m.Programomrade


class FagResource(KodeResource):
    fagtype = _fk("fagtype", m.Fagtype)

    class Meta(KodeResource.Meta):
        model = m.Fag


class KarakterverdiResource(KodeResource):
    class Meta(KodeResource.Meta):
        model = m.Karakterverdi


def enkel_resource(modell):
    meta = type("Meta", (KodeResource.Meta,), {"model": modell})
    return type(f"{modell.__name__}Resource", (KodeResource,), {"Meta": meta})


class SkolearResource(KodeResource):
    class Meta(KodeResource.Meta):
        model = m.Skolear
