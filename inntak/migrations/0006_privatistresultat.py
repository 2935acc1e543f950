"""Privatist results on stored grades (opplæringsforskrifta § 4-25 første ledd bokstav e): a vgs subject may hold a
school grade and a privatist result with the same vurdering; from school year 2025-2026 the best counts
(``inntak.regler.poeng``, ``inntak.poeng_sql``). Existing rows are school grades (``privatist`` false, also as the
database default, so the points batch and bulk writers that do not name the column keep working)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inntak", "0005_brevhode_fra_systemparametere"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="karakter",
            name="en_karakter_per_fag",
        ),
        migrations.AddField(
            model_name="historicalkarakter",
            name="privatist",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Resultat fra privatisteksamen (bare Vg1/Vg2); det beste av skole- og privatistresultat "
                "teller.",
                verbose_name="privatistresultat",
            ),
        ),
        migrations.AddField(
            model_name="karakter",
            name="privatist",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Resultat fra privatisteksamen (bare Vg1/Vg2); det beste av skole- og privatistresultat "
                "teller.",
                verbose_name="privatistresultat",
            ),
        ),
        migrations.AddConstraint(
            model_name="karakter",
            constraint=models.UniqueConstraint(
                fields=("person", "trinn", "fag", "vurdering", "privatist"), name="en_karakter_per_fag"
            ),
        ),
        migrations.AddConstraint(
            model_name="karakter",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("privatist", False), models.Q(("trinn", "GS"), _negated=True), _connector="OR"
                ),
                name="privatist_bare_vgs",
            ),
        ),
    ]
