"""``manage.py inntaksmotor --inn snapshot.json --ut resultat.json``: run the engine on a file, no database.

Replaying a stored run's snapshot gives a byte-identical result file (canonical JSON, seeded lottery). Invalid
input: every problem printed in Norwegian on stderr, exit code 1. After the run the independent verification
runs; violations are printed and the exit code is 2 (the result file is still written, for inspection).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.motor import FormatFeil, kjor, les_snapshot, resultat_til_json, til_json_tekst, verifiser


class Command(BaseCommand):
    help = "Kjører inntaksmotoren på en snapshot-fil (inntak-snapshot/1) og skriver resultatet (inntak-resultat/1)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inn", required=True, help="snapshot-fil (JSON, «-» = standard inn)")
        parser.add_argument("--ut", default="-", help="resultatfil (standard: standard ut)")
        parser.add_argument(
            "--uten-verifisering", action="store_true", help="hopp over den uavhengige kontrollen"
        )

    def _les(self, fil: str) -> Any:
        try:
            if fil == "-":
                return json.load(sys.stdin)
            with open(fil, encoding="utf-8") as fh:
                return json.load(fh)
        except OSError as feil:
            raise CommandError(f"Kunne ikke lese «{fil}»: {feil.strerror or feil}", returncode=1) from feil
        except (json.JSONDecodeError, UnicodeDecodeError) as feil:
            raise CommandError(f"«{fil}» er ikke gyldig JSON: {feil}", returncode=1) from feil

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        data = self._les(opsjoner["inn"])
        try:
            snapshot = les_snapshot(data)
        except FormatFeil as feil:
            for melding in feil.feil:
                self.stderr.write(melding)
            raise CommandError(f"Ugyldig snapshot: {len(feil.feil)} feil (se over).", returncode=1) from feil
        resultat = kjor(snapshot)
        tekst = til_json_tekst(resultat_til_json(resultat))
        if opsjoner["ut"] == "-":
            self.stdout.write(tekst, ending="")
        else:
            Path(opsjoner["ut"]).write_text(tekst, encoding="utf-8")
        if not opsjoner["uten_verifisering"]:
            brudd = verifiser(snapshot, resultat)
            if brudd:
                for melding in brudd:
                    self.stderr.write(melding)
                raise CommandError(f"Verifiseringen fant {len(brudd)} brudd.", returncode=2)
        plassert = sum(1 for t in resultat.tildelinger.values() if t is not None)
        self.stderr.write(
            f"{len(snapshot.sokere)} søkere, {plassert} tildelt, {len(snapshot.tilbud)} tilbud."
        )
