"""Person at national scale: the change feed's (endret, id), the ordered name walk of the person list, the
county's own ids for scoping, and a full-text GIN index for the name search by word prefix (core PostgreSQL: the
embedded development server has no contrib modules, so pg_trgm is not an option everywhere). Built
CONCURRENTLY: the register is large and in use.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("kodeverk", "0003_norske_navn"),
        ("vigo", "0004_norske_navn"),
    ]

    operations = [
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
        AddIndexConcurrently(
            model_name="person",
            index=GinIndex(
                SearchVector("fornavn", "mellomnavn", "etternavn", config="simple"), name="person_navnesok"
            ),
        ),
    ]
