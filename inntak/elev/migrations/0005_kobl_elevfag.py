"""Fag lines the REST API delivered before the register had elevkurs keys get their elevkurs: the one elevkurs of
the same person, school and skoleår. Where there are several (a change of programområde at the same school in one
year), the line stays unlinked and the person page shows it under «fag uten elevkurs» until the school sends it
again with its programområde."""

from django.db import migrations

SQL = """
UPDATE elev_elevfag f SET elevkurs_id = k.id
FROM (SELECT person_id, skole_id, skolear_id, min(id) AS id, count(*) AS n
      FROM elev_elevforhold GROUP BY person_id, skole_id, skolear_id) k
WHERE f.elevkurs_id IS NULL AND k.n = 1
  AND (f.person_id, f.skole_id, f.skolear_id) = (k.person_id, k.skole_id, k.skolear_id)
"""


class Migration(migrations.Migration):
    dependencies = [("elev", "0004_privatister")]
    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
