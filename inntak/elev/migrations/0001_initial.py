"""The student register moves from the core (app label ``vigo``) to ``inntak.elev`` (app label ``elev``), rows and all.

State: the three models are created here; ``vigo.0007_elevregister_flyttet`` removes them from the ``vigo`` state.
Database: nothing is created or copied. The tables are renamed (``vigo_elevforhold`` → ``elev_elevforhold``,
``vigo_elevfag`` → ``elev_elevfag``, ``vigo_vgskarakter`` → ``elev_vgskarakter``), with their id sequences;
index, constraint and foreign-key names stay as ``vigo.0002`` created them (PostgreSQL refers to them by oid, and
Django finds them by column). Existing content types (and with them permissions and admin log rows) are relabelled
from ``vigo`` to ``elev`` unless an ``elev`` one already exists. Reversible: the reverse renames everything back.
"""

import django.db.models.deletion
from django.db import migrations, models

TABELLER = ("elevforhold", "elevfag", "vgskarakter")


def _flytt(fra: str, til: str) -> list[str]:
    sql = []
    for t in TABELLER:
        sql += [
            f"ALTER TABLE {fra}_{t} RENAME TO {til}_{t}",
            f"ALTER SEQUENCE IF EXISTS {fra}_{t}_id_seq RENAME TO {til}_{t}_id_seq",
        ]
    modeller = ", ".join(f"'{t}'" for t in TABELLER)
    sql.append(
        f"UPDATE django_content_type SET app_label = '{til}' WHERE app_label = '{fra}' AND model IN ({modeller}) "
        f"AND NOT EXISTS (SELECT 1 FROM django_content_type d WHERE d.app_label = '{til}' "
        f"AND d.model = django_content_type.model)"
    )
    return sql


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('kodeverk', '0003_norske_navn'),
        ('vigo', '0006_systemparametere'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(sql=_flytt("vigo", "elev"), reverse_sql=_flytt("elev", "vigo")),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='Elevfag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('opprettet', models.DateTimeField(auto_now_add=True)),
                        ('endret', models.DateTimeField(auto_now=True)),
                        ('fag', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevfag', to='kodeverk.fag')),
                        ('fagstatus', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevfag', to='kodeverk.fagstatus')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevfag', to='vigo.person')),
                        ('skole', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevfag', to='kodeverk.skole')),
                        ('skolear', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevfag', to='kodeverk.skolear', verbose_name='skoleår')),
                    ],
                    options={
                        'verbose_name': 'elevfag',
                        'verbose_name_plural': 'elevfag',
                        'ordering': ['skolear', 'skole', 'person', 'fag'],
                        'indexes': [models.Index(fields=['endret', 'id'], name='elevfag_endring'), models.Index(fields=['skole', 'endret', 'id'], name='elevfag_skole_endring')],
                        'constraints': [models.UniqueConstraint(fields=('person', 'skole', 'skolear', 'fag'), name='unikt_elevfag')],
                    },
                ),
                migrations.CreateModel(
                    name='Elevforhold',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('startdato', models.DateField(verbose_name='startdato')),
                        ('avbruddsdato', models.DateField(blank=True, null=True, verbose_name='avbruddsdato')),
                        ('avbruddsarsak', models.CharField(blank=True, max_length=100, verbose_name='avbruddsårsak')),
                        ('opprettet', models.DateTimeField(auto_now_add=True)),
                        ('endret', models.DateTimeField(auto_now=True)),
                        ('elevstatus', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='elevforhold', to='kodeverk.elevstatus')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevforhold', to='vigo.person')),
                        ('programomrade', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevforhold', to='kodeverk.programomrade', verbose_name='programområde')),
                        ('skole', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevforhold', to='kodeverk.skole')),
                        ('skolear', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elevforhold', to='kodeverk.skolear', verbose_name='skoleår')),
                    ],
                    options={
                        'verbose_name': 'elevforhold',
                        'verbose_name_plural': 'elevforhold',
                        'ordering': ['skolear', 'skole', 'person'],
                        'indexes': [models.Index(fields=['endret', 'id'], name='elevforhold_endring'), models.Index(fields=['skole', 'endret', 'id'], name='elevforhold_skole_endring')],
                        'constraints': [models.UniqueConstraint(fields=('person', 'skole', 'skolear', 'programomrade'), name='unikt_elevforhold')],
                    },
                ),
                migrations.CreateModel(
                    name='Vgskarakter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('vurdering', models.CharField(choices=[('halvar', 'Halvårsvurdering'), ('standpunkt', 'Standpunkt'), ('eksamen_skriftlig', 'Skriftlig eksamen'), ('eksamen_muntlig', 'Muntlig eksamen'), ('eksamen_praktisk', 'Praktisk eksamen')], max_length=17, verbose_name='vurdering')),
                        ('termin', models.PositiveSmallIntegerField(default=0, help_text='1 eller 2 for halvårsvurdering, 0 ellers.', verbose_name='termin')),
                        ('vurderingsdato', models.DateField(blank=True, null=True, verbose_name='vurderingsdato')),
                        ('opprettet', models.DateTimeField(auto_now_add=True)),
                        ('endret', models.DateTimeField(auto_now=True)),
                        ('fag', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vgskarakterer', to='kodeverk.fag')),
                        ('karakter', models.ForeignKey(db_column='karakter', on_delete=django.db.models.deletion.PROTECT, related_name='vgskarakterer', to='kodeverk.karakterverdi', to_field='kode')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vgskarakterer', to='vigo.person')),
                        ('skole', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vgskarakterer', to='kodeverk.skole')),
                        ('skolear', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vgskarakterer', to='kodeverk.skolear', verbose_name='skoleår')),
                    ],
                    options={
                        'verbose_name': 'vgs-karakter',
                        'verbose_name_plural': 'vgs-karakterer',
                        'ordering': ['skolear', 'skole', 'person', 'fag', 'vurdering', 'termin'],
                        'indexes': [models.Index(fields=['endret', 'id'], name='vgskarakter_endring'), models.Index(fields=['skole', 'endret', 'id'], name='vgskarakter_skole_endring')],
                        'constraints': [models.UniqueConstraint(fields=('person', 'skole', 'skolear', 'fag', 'vurdering', 'termin'), name='unik_vgskarakter'), models.CheckConstraint(condition=models.Q(models.Q(('termin__in', [1, 2]), ('vurdering', 'halvar')), models.Q(models.Q(('vurdering', 'halvar'), _negated=True), ('termin', 0)), _connector='OR'), name='termin_bare_for_halvar')],
                    },
                ),
            ],
        ),
    ]
