"""Seed the routines from the årshjul texts and the daily beat task that sends reminders."""

from django.db import migrations

RUTINER = [
    (
        "Overføring av sluttet til OT",
        "Før overføring til OTTO må rapportene 5A018 - Utvid kvoter for rett og 5A019 - Oppdater rett "
        "(i denne rekkefølgen) kjøres i VIGO.",
        [("5A018", "Utvid kvoter for rett"), ("5A019", "Oppdater rett"), ("6A015", "Utlasting til OT")],
    ),
    (
        "Overføring fra søker til elev og videre til OT",
        "Viktig at følgende rekkefølge følges i fylkene: 1. Privatskolene kommer først til elevbildet. "
        "2. Så overføres søker til elev (retten fra søker følger med). 3. Så overføres OT-linjer. "
        "4. Logg de som fortsatt ligger uten rett.",
        [
            ("", "Privatskoledata er kommet inn i elevbildet (fra Udir/WIS via sentralbasen)"),
            ("5A001", "Oppdater elev fra søker"),
            ("6A015", "Utlasting til OT"),
            ("", "Logg de som fortsatt ligger uten rett"),
        ],
    ),
]
OPPGAVE = "Årshjul: send påminnelser"


def frem(apps, schema_editor):
    Rutine = apps.get_model("arshjul", "Rutine")
    RutineSteg = apps.get_model("arshjul", "RutineSteg")
    for navn, beskrivelse, steg in RUTINER:
        rutine, ny = Rutine.objects.get_or_create(navn=navn, defaults={"beskrivelse": beskrivelse})
        if ny:
            for i, (kode, tekst) in enumerate(steg, start=1):
                RutineSteg.objects.create(rutine=rutine, rekkefolge=i, jobbkode=kode, beskrivelse=tekst)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    krontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Oslo"
    )
    PeriodicTask.objects.get_or_create(
        name=OPPGAVE,
        defaults={"task": "arshjul.send_paminnelser", "crontab": krontab,
                  "description": "Sender e-post til ansvarlig N dager før en hendelse i årshjulet."},
    )


def bak(apps, schema_editor):
    apps.get_model("arshjul", "Rutine").objects.filter(navn__in=[r[0] for r in RUTINER]).delete()
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=OPPGAVE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("arshjul", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(frem, bak)]
