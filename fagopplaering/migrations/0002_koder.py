"""Seeds the code tables from the public partial lists (docs/fagopplaering/domene.md §3.2, §3.3; docs/fagopplaering/kontrakt.md).
The administrator keeps them in the admin; C12 is versioned by date (the 2010 list from 31.05.2010)."""

import datetime

from django.db import migrations

KONTRAKTSTYPER = [
    # kode, navn, kandidattype, SSB ftype, gir tilskudd
    ("LK", "Lærekontrakt", "laerling", "L", True),
    ("OK", "Opplæringskontrakt (lærekandidat)", "laerekandidat", "O", True),
    ("PB", "Praksisbrevkontrakt", "praksisbrevkandidat", "O", True),
    ("FJ", "Kontrakt om fagbrev på jobb", "fagbrev_pa_jobb", "L", True),
    ("VG3", "Fagopplæring i skole (Vg3)", "elev", "E", False),
]
AVSLUTNINGSKODER = [
    # kode, navn, settes av prøveresultat
    ("AB", "Avsluttet etter avlagt og bestått prøve", True),
    ("AR", "Fått arbeid", False),
    ("AS", "Begynt på skole", False),
    ("BR", "Brudd på arbeidslivets regler", False),
    ("EK", "Endret kontraktstype", False),
    ("FL", "Flyttet", False),
    ("FV", "Feilvalg", False),
    ("ON", "Overført til ny kontrakt", False),
    ("OP", "Manglende oppholdstillatelse", False),
    ("PS", "Personlige årsaker/sykdom", False),
    ("S1", "Avsluttet etter stryk 1. gang", True),
    ("S2", "Avsluttet etter stryk 2. gang", True),
    ("UP", "Læretiden utløpt uten prøve", False),
    ("AF", "Annen frafallsårsak/ikke oppgitt", False),
    ("OK", "Økonomiske årsaker", False),
]
HEVET_AV = [
    ("L", "Lærlingen/kandidaten"),
    ("B", "Lærebedriften"),
    ("LB", "Begge parter (oppsagt etter avtale)"),
    ("F", "Fylkeskommunen"),
]


def seed(apps, schema_editor):
    Kontraktstype = apps.get_model("fagopplaering", "Kontraktstype")
    Avslutningskode = apps.get_model("fagopplaering", "Avslutningskode")
    HevetAv = apps.get_model("fagopplaering", "HevetAv")
    for kode, navn, kandidat, ftype, tilskudd in KONTRAKTSTYPER:
        Kontraktstype.objects.update_or_create(
            kode=kode, defaults={"navn": navn, "kandidattype": kandidat, "ssb_ftype": ftype, "gir_tilskudd": tilskudd}
        )
    for kode, navn, automatisk in AVSLUTNINGSKODER:
        Avslutningskode.objects.update_or_create(
            kode=kode, defaults={"navn": navn, "automatisk": automatisk, "gyldig_fra": datetime.date(2010, 5, 31)}
        )
    for kode, navn in HEVET_AV:
        HevetAv.objects.update_or_create(kode=kode, defaults={"navn": navn})


class Migration(migrations.Migration):
    dependencies = [("fagopplaering", "0001_fagopplaering")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
