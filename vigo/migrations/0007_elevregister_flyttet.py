"""The student register's models left the core: ``elev.0001_initial`` renamed their tables and created them in the
``elev`` state; here they leave the ``vigo`` state. Nothing happens in the database (either way)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("elev", "0001_initial"),
        ("vigo", "0006_systemparametere"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Elevfag"),
                migrations.DeleteModel(name="Elevforhold"),
                migrations.DeleteModel(name="Vgskarakter"),
            ],
            database_operations=[],
        ),
    ]
