"""The persons applying in a county, index-only: vigo.scoping's county link for Person (gjesteelever)."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("inntak", "0003_livslop_og_loddtrekning"),
        ("vigo", "0005_personindekser"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="soknad",
            index=models.Index(fields=["fylke", "person"], name="soknad_fylke_person"),
        ),
    ]
