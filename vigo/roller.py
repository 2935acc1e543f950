"""The role groups and their permissions. Re-applied after every migrate, so new models get their rights."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from vigo.models import Rolle

V, A, C, D = "view", "add", "change", "delete"
ALT = (V, A, C, D)

# "app.model" or "app.*" -> actions. Scoping (county/school) is separate: see vigo.scoping.
ROLLER: dict[str, dict[str, tuple[str, ...]]] = {
    Rolle.INNTAK: {
        "vigo.person": (V, A, C),
        "vigo.foresatt": (V, A, C, D),
        "vigo.kjoring": (V, A),
        "vigo.systemparameter": (V,),
        "vigo.dokumentmal": (V,),
        "inntak.*": ALT,
        # The inntakskontor keeps the student register (5A001, 4S001, SAS import, rett); OT's work is OT's.
        "elev.*": ALT,
        # 6A015 reports youth to OT (the årshjul's step after 5A019); OT changes them
        "elev.otungdom": (V, A),
        "elev.otnotat": (),
        "elev.otenhet": (V,),  # the county administrator keeps the units
        "kodeverk.*": (V,),
        "arshjul.*": (V,),
        "arshjul.hendelse": (V, C),  # status, ansvarlig, kategori; copying a year is the administrator's
        "rapporter.*": (V,),
    },
    Rolle.FAGOPPLAERING: {
        "vigo.person": (V, A, C),
        "vigo.foresatt": (V, A, C, D),
        "vigo.kjoring": (V, A),
        "vigo.systemparameter": (V,),
        "vigo.dokumentmal": (V,),
        "fagopplaering.*": ALT,
        # C13/C12/C11 are national code lists the system administrator keeps (fagopplaering/admin.py)
        "fagopplaering.kontraktstype": (V,),
        "fagopplaering.avslutningskode": (V,),
        "fagopplaering.hevetav": (V,),
        "fagopplaering.laerefag": (V,),  # fagbrev or svennebrev per lærefag, kept with the code lists
        "elev.*": (V,),
        "elev.otnotat": (),
        "kodeverk.*": (V,),
        "arshjul.*": (V,),
        "arshjul.hendelse": (V, C),  # status, ansvarlig, kategori; copying a year is the administrator's
        "rapporter.*": (V,),
    },
    Rolle.FYLKESADMIN: {
        "vigo.bruker": (V, A, C),
        "vigo.apiklient": (V, A, C),
        "vigo.apinokkel": (V, A, C),
        "vigo.apikall": (V,),
        "vigo.person": (V,),
        "vigo.innsyn": (V,),
        "vigo.kjoring": (V, A, C),
        "vigo.systemparameter": (V, A, C),  # the county's parameters (vigo.parametere checks the county)
        "vigo.dokumentmal": (
            V,
            A,
            C,
        ),  # the county's document templates; vigo.dokumentmal.services checks the county
        "vigo.dokumentmalhendelse": (V,),
        "kodeverk.*": (V,),
        "kodeverk.fylke": (V, C),
        "kodeverk.skole": (V, C),
        "inntak.*": (V,),
        # A role can only be given by someone who holds its rights (vigo.tilgang); the county administrator creates
        # the school users, who register inntaksprøve results (§ 4-6).
        "inntak.proveresultat": (V, A, C),
        "elev.*": (V,),
        "elev.otnotat": (),
        "elev.otenhet": (V, A, C),
        "fagopplaering.*": (V,),
        "arshjul.*": ALT,
        "rapporter.*": (V,),
        # No django_celery_beat: beat tasks hold every county's planned runs and cannot be scoped. Planned
        # runs are managed through arshjul.PlanlagtKjoring (vigo/admin_tredjepart.py closes the beat admin).
    },
    Rolle.SKOLE: {
        "vigo.person": (V,),
        "inntak.*": (V,),
        "inntak.proveresultat": (V, A, C),  # the school holds the inntaksprøve (§ 4-6); scoped to its tilbud
        "elev.elevforhold": (V,),  # its own pupils (scoped to the school)
        "elev.elevfag": (V,),
        "elev.vitnemalsmerknad": (V,),
        "elev.elevimport": (V,),
        "kodeverk.*": (V,),
        "arshjul.*": (V,),
    },
    Rolle.OT: {
        # OT follows youth 15–24 (ol-2023 § 9-4): it reads the register and søker data, and keeps its own cases.
        "vigo.person": (V,),
        "vigo.kjoring": (V, A),
        "vigo.systemparameter": (V,),
        "elev.*": (V,),
        "elev.otungdom": (V, A, C),
        "elev.otnotat": (V, A),
        "inntak.soknad": (V,),
        "kodeverk.*": (V,),
        "arshjul.*": (V,),
    },
    Rolle.LESE: {
        "vigo.person": (V,),
        "vigo.kjoring": (V,),
        "vigo.systemparameter": (V,),
        "vigo.dokumentmal": (V,),
        "inntak.*": (V,),
        "elev.*": (V,),
        "elev.otnotat": (),
        "fagopplaering.*": (V,),
        "kodeverk.*": (V,),
        "arshjul.*": (V,),
        "rapporter.*": (V,),
    },
}
EKSTRA: dict[str, list[str]] = {
    Rolle.SYSADMIN: ["*"],
}


def _modeller(nokkel: str):
    app_label, _, modell = nokkel.partition(".")
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return []
    if modell == "*":
        return [m for m in config.get_models() if not m.__name__.startswith("Historical")]
    try:
        return [config.get_model(modell)]
    except LookupError:
        return []


def opprett_roller(**kwargs) -> None:
    # Our post_migrate receiver may run before auth's create_permissions for the last apps: make sure they exist.
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    for rolle, regler in ROLLER.items():
        gruppe, _ = Group.objects.get_or_create(name=rolle)
        # A key naming one model overrides the app's "*" key (e.g. "elev.*": ALT with "elev.otnotat": ()).
        per_modell: dict = {}
        for nokkel, handlinger in sorted(regler.items(), key=lambda kv: not kv[0].endswith(".*")):
            for modell in _modeller(nokkel):
                per_modell[modell] = handlinger
        perms = []
        for modell, handlinger in per_modell.items():
            ct = ContentType.objects.get_for_model(modell)
            kodenavn = [f"{h}_{modell._meta.model_name}" for h in handlinger]
            perms += list(Permission.objects.filter(content_type=ct, codename__in=kodenavn))
        gruppe.permissions.set(perms)
    sysadmin, _ = Group.objects.get_or_create(name=Rolle.SYSADMIN)
    sysadmin.permissions.set(Permission.objects.all())
