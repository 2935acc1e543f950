"""Intake's offer letter («tilbudsbrev») as a type in the standard-document tool (``vigo.dokumentmal``).

Registered by ``InntakConfig.ready``; ``inntak.kjoring.brev`` renders every letter from
``vigo.dokumentmal.selectors.aktiv_mal(fylke, "tilbudsbrev")`` with ``gjengi_html`` (each context carries
``anker``, so the per-søker split keeps working). The county edits the text under Dokumentmaler; migration
inntak 0011 copied each county's active ``Brevmal.innhold`` into a published version 1, prefixed with ``HODE``
below because the core layout prints only the letterhead. The built-in body is ``HODE + STANDARD_INNHOLD``.
"""

from __future__ import annotations

import datetime
from typing import Any

from inntak.kjoring.brev import STANDARD_INNHOLD
from vigo.dokumentmal import Dokumenttype, registrer

# What the old Brevmal wrapper printed around the county's text: recipient, date, the guardian copy note and the
# heading (the tool's layout prints only the letterhead).
HODE = """<div class="mottaker">{{ mottaker.navn }}
{% if mottaker.adresse %}{{ mottaker.adresse }}
{{ mottaker.postnummer }} {{ mottaker.poststed }}{% endif %}</div>
<p class="dato">{{ dato|date:"j. F Y" }}</p>
{% if er_kopi_til_foresatt %}<p class="ramme">Kopi til foresatt. Brevet gjelder {{ soker.navn }}, som er under 18 år.</p>{% endif %}
<h1>Svar på søknad om inntak – {{ runde }}. inntak {{ soknad.skolear.kode }}</h1>
"""

VARIABLER = {
    "mottaker.navn": "Mottakerens navn (søkeren, eller en foresatt når søkeren er under 18 år)",
    "mottaker.adresse": "Mottakerens adresse",
    "mottaker.postnummer": "Postnummer",
    "mottaker.poststed": "Poststed",
    "er_kopi_til_foresatt": "Sann når brevet er en kopi til en foresatt",
    "soker.navn": "Søkerens navn",
    "soker.fornavn": "Søkerens fornavn",
    "soknad.skolear.kode": "Skoleåret (for eksempel 2026-2027)",
    "tildeling.tilbud.programomrade.navn": "Programområdet søkeren har fått tilbud om (tom uten tilbud)",
    "tildeling.tilbud.skole.navn": "Skolen søkeren har fått tilbud ved",
    "tildeling.onske_nr": "Hvilket ønske tilbudet gjelder",
    "tildeling.kvote": "Sann når plassen er fordelt etter inntaksprøven",
    "ventelister": "Ventelisteplassene, hver med onske_nr, tilbud.programomrade.navn, tilbud.skole.navn, plass, kvote",
    "svarfrist": "Svarfristen",
    "runde": "Inntaksrunden (1, 2 …)",
    "fylke.navn": "Fylkets navn",
    "dato": "Brevets dato",
}


def eksempel() -> dict[str, Any]:
    """Made-up data in the shape ``brev.brev_kontekster`` gives (dicts instead of model instances)."""
    soker = {
        "navn": "Emma Eksempel",
        "fornavn": "Emma",
        "adresse": "Eksempelveien 2",
        "postnummer": "7010",
        "poststed": "Trondheim",
    }
    tilbud = {
        "programomrade": {"navn": "Elektro og datateknologi"},
        "skole": {"navn": "Eksempel videregående skole"},
    }
    return {
        "mottaker": soker,
        "soker": soker,
        "soknad": {"skolear": {"kode": "2026-2027"}},
        "tildeling": {"tilbud": tilbud, "onske_nr": 2, "kvote": False},
        "ventelister": [
            {
                "onske_nr": 1,
                "plass": 3,
                "kvote": False,
                "tilbud": {
                    "programomrade": {"navn": "Teknologi- og industrifag"},
                    "skole": {"navn": "Eksempel videregående skole"},
                },
            },
        ],
        "svarfrist": datetime.date(2026, 7, 20),
        "runde": 1,
        "fylke": {"navn": "Trøndelag", "nummer": "50"},
        "dato": datetime.date(2026, 7, 10),
        "er_kopi_til_foresatt": False,
        "anker": "soker-0-0",
    }


def registrer_tilbudsbrev() -> Dokumenttype:
    return registrer(
        Dokumenttype(
            kode="tilbudsbrev",
            navn="Tilbudsbrev (inntak)",
            format="A4",
            variabler=VARIABLER,
            standardmal=HODE + STANDARD_INNHOLD,
            eksempel=eksempel,
            brevhode=True,
            beskrivelse="Svar på søknad om inntak: tilbud, venteliste og svarfrist.",
            omrade="inntak",
        )
    )
