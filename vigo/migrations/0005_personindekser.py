"""Person at national scale: the change feed's (endret, id), the ordered name walk of the person list, the
county's own ids for scoping, and trigram indexes for the name search (pg_trgm). Built CONCURRENTLY: the
register is large and in use.

pg_trgm is a contrib module: every PostgreSQL server package has it (the postgres:16 image, managed services),
but the embedded development server (pgserver) does not. There the extension and the trigram indexes are
skipped (the search still works, by scanning). The trigram indexes are plain SQL, not in the model's Meta:
``OpClass`` on an expression needs django.contrib.postgres in INSTALLED_APPS, and they may be absent.
Django's icontains is ``UPPER(col::text) LIKE UPPER(%s)``, so the indexes are on ``UPPER(col)``.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, TrigramExtension
from django.db import migrations, models

TRIGRAMFELT = ("fornavn", "mellomnavn", "etternavn")


def _har_trigram(schema_editor) -> bool:
    with schema_editor.connection.cursor() as c:
        c.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return c.fetchone() is not None


class TrigramHvisTilgjengelig(TrigramExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _har_trigram(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other objects may use the extension; keeping it is harmless


def lag_trigramindekser(apps, schema_editor):
    if not _har_trigram(schema_editor):
        return
    for felt in TRIGRAMFELT:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS person_{felt}_trgm ON vigo_person "
            f"USING gin ((UPPER({felt}::text)) gin_trgm_ops)"
        )


def fjern_trigramindekser(apps, schema_editor):
    for felt in TRIGRAMFELT:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS person_{felt}_trgm")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("kodeverk", "0003_norske_navn"),
        ("vigo", "0004_norske_navn"),
    ]

    operations = [
        TrigramHvisTilgjengelig(),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["endret", "id"], name="person_endring"),
        ),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["etternavn", "fornavn"], name="person_navn"),
        ),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["fylke", "id"], name="person_fylke_id"),
        ),
        migrations.RunPython(lag_trigramindekser, fjern_trigramindekser, elidable=False),
    ]
