"""Data migration: each county's active Brevmal text becomes version 1 of its «tilbudsbrev» in the
standard-document tool (vigo.Dokumentmal), so the offer letters keep the county's wording after the switch
(inntak.kjoring.brev now reads the tool, not Brevmal.innhold).

Written by hand. ``HODE`` and the compiling engine are frozen copies (of inntak.kjoring.dokumenttype.HODE and
vigo.dokumentmal.gjengi's engine as of this migration) so that later changes there do not change what this
migration wrote. A county that already has a tilbudsbrev version is left alone. A text that does not compile in
the tool's restricted engine (for example ``{% load %}`` of another library) is saved as a draft instead, so the
county's letters fall back to the built-in default until the draft is corrected and published under
Dokumentmaler; a published text that cannot be rendered would stop every letter.
"""

from __future__ import annotations

from django.db import migrations
from django.template import Engine, TemplateSyntaxError
from django.utils import timezone

DOKUMENTTYPE = "tilbudsbrev"
MERKNAD = "Flyttet fra brevmalen"

# The tool's layout prints only the letterhead; the old Brevmal wrapper (templates/inntak/kjoring/brev.html, removed) also
# printed the recipient, the date, the guardian copy note and the heading, so they go in front of the text.
HODE = """<div class="mottaker">{{ mottaker.navn }}
{% if mottaker.adresse %}{{ mottaker.adresse }}
{{ mottaker.postnummer }} {{ mottaker.poststed }}{% endif %}</div>
<p class="dato">{{ dato|date:"j. F Y" }}</p>
{% if er_kopi_til_foresatt %}<p class="ramme">Kopi til foresatt. Brevet gjelder {{ soker.navn }}, som er under 18 år.</p>{% endif %}
<h1>Svar på søknad om inntak – {{ runde }}. inntak {{ soknad.skolear.kode }}</h1>
"""

_MOTOR = Engine(
    loaders=[("django.template.loaders.locmem.Loader", {})],
    libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
    autoescape=True,
)


def _kompilerer(innhold: str) -> bool:
    try:
        _MOTOR.from_string(innhold)
    except TemplateSyntaxError:
        return False
    return True


def kopier_brevmaler(Brevmal, Dokumentmal, Dokumentmalhendelse) -> dict[str, int]:
    """Copy every active Brevmal's ``innhold`` (prefixed with ``HODE``) into version 1 of the county's tilbudsbrev
    when the county has no tilbudsbrev version yet and the text is not empty. Takes the model classes (historical ones in the migration,
    the real ones in tests). Returns counts: ``publisert``, ``utkast`` (did not compile), ``hoppet_over``."""
    ant = {"publisert": 0, "utkast": 0, "hoppet_over": 0}
    for bm in Brevmal.objects.filter(aktiv=True).order_by("fylke_id"):
        # An empty text would give letters with a heading only: such a county keeps the built-in default.
        if (
            not (bm.innhold or "").strip()
            or Dokumentmal.objects.filter(fylke_id=bm.fylke_id, dokumenttype=DOKUMENTTYPE).exists()
        ):
            ant["hoppet_over"] += 1
            continue
        innhold = HODE + (bm.innhold or "").replace("\r\n", "\n")
        ok = _kompilerer(innhold)
        naa = timezone.now()
        mal = Dokumentmal.objects.create(
            fylke_id=bm.fylke_id,
            dokumenttype=DOKUMENTTYPE,
            versjon=1,
            navn=(bm.navn or "Tilbudsbrev")[:200],
            innhold=innhold,
            format="A4",
            status="publisert" if ok else "utkast",
            merknad=MERKNAD if ok else f"{MERKNAD}; malen har en syntaksfeil og må rettes før den publiseres",
            opprettet=naa,
            publisert=naa if ok else None,
        )
        # The tool's audit trail starts with the move, like every write through vigo.dokumentmal.services.
        Dokumentmalhendelse.objects.create(
            mal=mal,
            handling="publisert" if ok else "lagret",
            hva=f"Versjon 1 {'publisert' if ok else 'lagret som utkast'}: {MERKNAD.lower()} «{mal.navn}»"[
                :300
            ],
        )
        ant["publisert" if ok else "utkast"] += 1
    return ant


def forover(apps, schema_editor) -> None:
    kopier_brevmaler(
        apps.get_model("inntak", "Brevmal"),
        apps.get_model("vigo", "Dokumentmal"),
        apps.get_model("vigo", "Dokumentmalhendelse"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inntak", "0010_soknad_preutfylt"),
        ("vigo", "0010_dokumentmal"),
    ]

    operations = [
        migrations.RunPython(forover, migrations.RunPython.noop),
    ]
