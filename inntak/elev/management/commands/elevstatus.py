"""``manage.py elevstatus --fil F``: elevstatus (B08) for ett elevkurs eller en liste, uten database.

Reglene er Registreringshåndbokens Vedlegg 1, første regel som treffer (docs/elev.md §2); logikken ligger i
:mod:`inntak.elev.regler.elevstatus` og lesingen av filen i :mod:`inntak.elev.regler.inndata` (uten rammeverk).
Ugyldig fil: én norsk feilmelding per felt (med indeksen til elevkurset) på stderr og avslutningskode 1
(docs/elev.md §7).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.elev.regler.inndata import UgyldigInndata, elevstatus_fra_json
from inntak.management.jsonfil import les_json


class Command(BaseCommand):
    help = (
        "Skriver elevstatus og forklaring for ett elevkurs (JSON-objekt) eller en liste av elevkurs som JSON. "
        "Ugyldig fil: én norsk feilmelding per felt på stderr, avslutningskode 1."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fil", required=True, help="JSON-fil med elevkurs («-» = standard inn)")

    def _les(self, fil: str) -> Any:
        try:
            return les_json(fil)
        except (json.JSONDecodeError, UnicodeDecodeError) as feil:
            raise CommandError(f"«{fil}» er ikke gyldig JSON: {feil}", returncode=1) from feil

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        data = self._les(opsjoner["fil"])
        try:
            svar = elevstatus_fra_json(data)
        except UgyldigInndata as feil:
            for felt, meldinger in feil.feil.items():
                for melding in meldinger:
                    self.stderr.write(f"{felt}: {melding}")
            antall = sum(len(m) for m in feil.feil.values())
            raise CommandError(f"Ugyldig fil: {antall} feil (se over).", returncode=1) from feil
        self.stdout.write(json.dumps(svar, ensure_ascii=False, indent=2))
