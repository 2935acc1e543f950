"""``manage.py inntaksmotor --inn snapshot.json --ut resultat.json``: run the engine on a file, no database.

Replaying a stored run's snapshot gives a byte-identical result file (canonical JSON, seeded lottery). Invalid
input: every problem printed in Norwegian on stderr, exit code 1. After the run the independent verification
runs; violations are printed and the exit code is 2 (the result file is still written, for inspection).
``--tider`` prints the time of each step on stderr (``make bench`` compares the whole command with the engine).
"""

from __future__ import annotations

import json
import os
import sys
import time
from operator import countOf
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inntak.motor import (
    FormatFeil,
    fra_json,
    kjor_med_kvoter,
    les_snapshot,
    resultat_til_json,
    til_json_bytes,
    verifiser,
)
from inntak.motor.modell import uten_gc


class Command(BaseCommand):
    help = "Kjører inntaksmotoren på en snapshot-fil (inntak-snapshot/1) og skriver resultatet (inntak-resultat/1)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    tider: dict[str, float]  # step -> seconds of the last run; read by bench/inntaksmotor_bench.py

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inn", required=True, help="snapshot-fil (JSON, «-» = standard inn)")
        parser.add_argument("--ut", default="-", help="resultatfil (standard: standard ut)")
        parser.add_argument(
            "--uten-verifisering", action="store_true", help="hopp over den uavhengige kontrollen"
        )
        parser.add_argument(
            "--tider", action="store_true", help="skriv tiden for hvert steg på standard feil"
        )

    def _les(self, fil: str) -> Any:
        try:
            if fil == "-":
                return fra_json(sys.stdin.read())
            with open(fil, "rb") as fh:
                return fra_json(fh.read())
        except OSError as feil:
            raise CommandError(f"Kunne ikke lese «{fil}»: {feil.strerror or feil}", returncode=1) from feil
        except (json.JSONDecodeError, UnicodeDecodeError) as feil:
            raise CommandError(f"«{fil}» er ikke gyldig JSON: {feil}", returncode=1) from feil

    def handle(self, *args: Any, **opsjoner: Any) -> None:
        # From reading to writing a national run keeps millions of acyclic objects alive (decoded JSON, the
        # snapshot, the result); with the cyclic GC on, its full passes over them cost seconds and free nothing.
        with uten_gc():
            self._handle(opsjoner)

    def _handle(self, opsjoner: dict[str, Any]) -> None:
        self.tider = {}
        start = t = time.perf_counter()
        data = self._les(opsjoner["inn"])
        try:
            snapshot = les_snapshot(data)
        except FormatFeil as feil:
            for melding in feil.feil:
                self.stderr.write(melding)
            raise CommandError(f"Ugyldig snapshot: {len(feil.feil)} feil (se over).", returncode=1) from feil
        del data  # the decoded file is no longer needed: lower peak memory
        t = self._tid("les", t)
        # § 4-6 quotas: their unused places go to the points competition (a stored snapshot needs one pass).
        snapshot, resultat, merknader = kjor_med_kvoter(snapshot)
        for merknad in merknader:
            self.stderr.write(merknad)
        t = self._tid("motor", t)
        barn = None
        if opsjoner["ut"] != "-" and not opsjoner["uten_verifisering"] and hasattr(os, "fork"):
            # Writing and verifying read the same objects and change nothing: the file is written by a forked
            # copy of this process (copy-on-write, no pickling) while this one verifies, on a second core.
            barn = os.fork()
            if barn == 0:  # pragma: no cover - the child only writes and leaves
                kode = 0
                try:
                    Path(opsjoner["ut"]).write_bytes(til_json_bytes(resultat_til_json(resultat)))
                except BaseException:  # noqa: BLE001 - any failure is reported by the exit code
                    kode = 1
                os._exit(kode)
        elif opsjoner["ut"] == "-":
            self.stdout.write(til_json_bytes(resultat_til_json(resultat)).decode("utf-8"), ending="")
        else:
            Path(opsjoner["ut"]).write_bytes(til_json_bytes(resultat_til_json(resultat)))
        t = self._tid("skriv", t)
        if not opsjoner["uten_verifisering"]:
            brudd = verifiser(snapshot, resultat)
            t = self._tid("verifiser", t)
            if barn is not None:
                _, status = os.waitpid(barn, 0)
                t = self._tid("skriv", t)  # the part of the writing that outlasted the verification
                if os.waitstatus_to_exitcode(status) != 0:
                    raise CommandError(f"Kunne ikke skrive resultatet til {opsjoner['ut']}.", returncode=1)
            if brudd:
                for melding in brudd:
                    self.stderr.write(melding)
                raise CommandError(f"Verifiseringen fant {len(brudd)} brudd.", returncode=2)
        self.tider["totalt"] = t - start
        plassert = len(resultat.tildelinger) - countOf(resultat.tildelinger.values(), None)  # C-level count
        self.stderr.write(
            f"{len(snapshot.sokere)} søkere, {plassert} tildelt, {len(snapshot.tilbud)} tilbud."
        )
        if opsjoner["tider"]:
            self.stderr.write(", ".join(f"{steg} {sek:.2f} s" for steg, sek in self.tider.items()))

    def _tid(self, steg: str, fra: float) -> float:
        naa = time.perf_counter()
        self.tider[steg] = self.tider.get(steg, 0.0) + naa - fra
        return naa
