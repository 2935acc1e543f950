"""Udir's OT status codes (in force from 15.09.2011, updated April 2021; docs/grensesnitt.md §6.7)."""

from django.db import migrations

KODER = [
    ("OTUK", "Ukjent aktivitet", 1, "V"),
    ("OTOV", "Under oppfølging og veiledning", 2, "O"),
    ("OTOA", "Opplæring/arbeidspraksis i regi av fylket", 3, "O"),
    ("OTAP", "Arbeidspraksis/tiltak i regi av NAV", 3, "O"),
    ("OTKO", "Kombinasjonstiltak", 3, "O"),
    ("OTAR", "I arbeid", 3, "O"),
    ("OTEV", "Elev", 3, "V"),
    ("OTVF", "Elev ved privat videregående skole", 3, "O"),
    ("OTLL", "Lærling, lærekandidat eller praksisbrevkandidat", 3, "V"),
    ("OTNO", "Takket nei", 4, "O"),
    ("OTMI", "Militæret", 4, "O"),
    ("OTBA", "Omsorg for barn", 4, "O"),
    ("OTSY", "Syk eller på institusjon", 4, "O"),
    ("OTIF", "Ikke-formell opplæring", 4, "O"),
    ("ELGS_IM", "Elev i grunnskolen (ikke i målgruppen)", 5, "O"),
    ("ELVG_IM", "Elev i videregående (ikke i målgruppen)", 5, "O"),
    ("OTFA_IM", "Flyttet til annet fylke", 5, "O"),
    ("OTFU_IM", "Flyttet til utlandet", 5, "O"),
    ("Feil", "Feilregistrert", 5, "O"),
    ("OTAR_IM", "I arbeid (ikke i målgruppen)", 5, "O"),
    ("OTEV_IM", "Elev (ikke i målgruppen)", 5, "O"),
    ("OTVF_IM", "Elev ved privat videregående skole (ikke i målgruppen)", 5, "O"),
    ("OTLL_IM", "Lærling (ikke i målgruppen)", 5, "O"),
]


def opprett(apps, schema_editor):
    Otstatus = apps.get_model("elev", "Otstatus")
    for kode, navn, gruppe, type_ in KODER:
        Otstatus.objects.update_or_create(kode=kode, defaults={"navn": navn, "gruppe": gruppe, "type": type_})


def fjern(apps, schema_editor):
    apps.get_model("elev", "Otstatus").objects.filter(kode__in=[k for k, *_ in KODER]).delete()


class Migration(migrations.Migration):
    dependencies = [("elev", "0002_elevregister")]
    operations = [migrations.RunPython(opprett, fjern)]
