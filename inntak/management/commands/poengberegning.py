"""``manage.py poengberegning --fil karakterer.json``: poengkalkulatoren på kommandolinjen.

Hvorfor en Django-kommando i tillegg til ``python -m inntak.regler``: denne bruker Fag-registeret som
fagtypeoppslag, akkurat som API-et og siden, og gir derfor samme svar som dem for samme forespørsel.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.kalkulator_skjema import lag_fagtype_oppslag
from inntak.management.jsonfil import les_json
from inntak.regler import UgyldigForesporsel, beregn_fra_json


class Command(BaseCommand):
    help = (
        "Beregner inntakspoeng fra en JSON-forespørsel (samme format som POST /api/v1/poengkalkulator) "
        "og skriver svaret som JSON. Ugyldig forespørsel: feil per felt som JSON på stderr, avslutningskode 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fil", required=True, help="JSON-fil med forespørselen («-» = standard inn)")
        parser.add_argument(
            "--forklaring", action="store_true", help="skriv bare forklaringen, én linje per steg"
        )

    def _les(self, fil: str) -> Any:
        try:
            return les_json(fil)
        except (json.JSONDecodeError, UnicodeDecodeError) as feil:
            self.stderr.write(
                json.dumps({"non_field_errors": [f"Ugyldig JSON: {feil}"]}, ensure_ascii=False, indent=2)
            )
            raise CommandError(f"«{fil}» er ikke gyldig JSON.") from feil

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        data = self._les(opsjoner["fil"])
        try:
            svar = beregn_fra_json(data, fagtype_oppslag=lag_fagtype_oppslag())
        except UgyldigForesporsel as feil:
            self.stderr.write(json.dumps(feil.feil, ensure_ascii=False, indent=2))
            antall = sum(len(m) for m in feil.feil.values())
            raise CommandError(f"Ugyldig forespørsel: {antall} feil (se over).") from feil
        if opsjoner["forklaring"]:
            self.stdout.write("\n".join(svar["forklaring"]))
        else:
            self.stdout.write(json.dumps(svar, ensure_ascii=False, indent=2))
