"""The letterhead moves from Brevmal to the county's system parameters (felles.avsender_navn/_adresse), one place
for every letter. A county's own values are kept: they become its parameters for every school year it has intake
data in (where it has not set them already), then the fields go."""

from django.db import migrations


def flytt_brevhode(apps, schema_editor):
    Brevmal = apps.get_model("inntak", "Brevmal")
    Soknad = apps.get_model("inntak", "Soknad")
    Systemparameter = apps.get_model("vigo", "Systemparameter")
    for mal in Brevmal.objects.filter(aktiv=True).select_related("fylke"):
        verdier = {}
        if mal.avsender_navn and mal.avsender_navn != f"{mal.fylke.navn} fylkeskommune":
            verdier["felles.avsender_navn"] = mal.avsender_navn
        if mal.avsender_adresse and mal.avsender_adresse != "Inntakskontoret":
            verdier["felles.avsender_adresse"] = mal.avsender_adresse
        skolear = Soknad.objects.filter(fylke_id=mal.fylke_id).values_list("skolear__kode", flat=True).distinct()
        for kode in skolear:
            for nokkel, verdi in verdier.items():
                Systemparameter.objects.get_or_create(
                    fylke_id=mal.fylke_id, skolear_id=kode, nokkel=nokkel, defaults={"verdi": verdi}
                )


class Migration(migrations.Migration):
    dependencies = [
        ("inntak", "0004_soknad_fylke_person"),
        ("vigo", "0006_systemparametere"),
    ]

    operations = [
        migrations.RunPython(flytt_brevhode, migrations.RunPython.noop),
        migrations.RemoveField(model_name="brevmal", name="avsender_adresse"),
        migrations.RemoveField(model_name="brevmal", name="avsender_navn"),
    ]
