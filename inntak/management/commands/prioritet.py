"""``manage.py prioritet --fil soknader.json``: rekkefølgen ett tilbud ville tatt inn søkerne i, uten database.

Regelsettet velges etter skoleåret: til og med 2024-2025 ``udir-2-2021`` (forskriften fra 2006), fra 2025-2026
``forskrift-2024`` (opplæringsforskrifta § 4-14–§ 4-16). Reglene og lesemåtene står i
docs/regler/regler-2024.md, «Prioritet etter opplæringsforskrifta 2024 – slik er det implementert»; logikken i
:mod:`inntak.motor.rekkefolge` (uten rammeverk).

Med ``"inntakstype": "voksen"`` gjelder filen inntak av voksne (opplæringsforskrifta kapittel 13): søkerne har
``voksenrett_hjemmel`` («18-3», «18-6», «18-4», «18-7» eller tom) og ``komplett`` (ISO-tidspunkt), og rekkefølgen er
§ 13-4 og tidspunktet for komplett søknad (docs/regler.md §9). Samme utdata.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.management.jsonfil import les_json
from inntak.motor.rekkefolge import UgyldigForesporsel, rekkefolge


class Command(BaseCommand):
    help = (
        "Skriver rekkefølgen et tilbud ville tatt inn søkerne i (prioritetsgruppe, poeng, loddtrekning) som JSON. "
        'Med "inntakstype": "voksen": inntak av voksne etter § 13-4 (grunnlag og tidspunkt for komplett søknad). '
        "Ugyldig fil: én norsk feilmelding per felt på stderr, avslutningskode 1."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fil", required=True, help="JSON-fil med tilbud og søkere («-» = standard inn)")

    def _les(self, fil: str) -> Any:
        try:
            return les_json(fil)
        except (json.JSONDecodeError, UnicodeDecodeError) as feil:
            raise CommandError(f"«{fil}» er ikke gyldig JSON: {feil}") from feil

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        data = self._les(opsjoner["fil"])
        try:
            svar = rekkefolge(data)
        except UgyldigForesporsel as feil:
            for felt, meldinger in feil.feil.items():
                for melding in meldinger:
                    self.stderr.write(f"{felt}: {melding}")
            antall = sum(len(m) for m in feil.feil.values())
            raise CommandError(f"Ugyldig fil: {antall} feil (se over).") from feil
        self.stdout.write(json.dumps(svar, ensure_ascii=False, indent=2))
