"""The whole replay command against the engine: ``python -m bench.inntaksmotor_bench [--sokere N] [--gjentak K]``.

``manage.py inntaksmotor`` on the synthetic national snapshot (200 000 søkere, ~700 000 ønsker, 5 000 tilbud; the
one ``motor_bench`` uses, stored as a canonical snapshot file like a real run's): reading and validating the file,
the engine, writing the result and the independent verification. Target: the whole command within 2× the
engine's own time, so JSON and verification never dominate a replay. The command runs in this process (its
``handle``, as ``call_command`` does), K times; the ratio is the median of the runs, each run's total against its
own engine time, which keeps the ratio steady on a busy machine. Django's start-up is the same for every
``manage.py`` command and is reported separately, from one run of the real command line.

Also checks at national size that the result file is byte-identical to the stdlib ``json.dumps`` canonical form
(the format every stored run was written in). Results go to ``var/bench.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.motor_bench import lag_nasjonalt_snapshot
from inntak.management.commands.inntaksmotor import Command
from inntak.motor import les_snapshot, snapshot_til_json, til_json_bytes

MAL_FORHOLD = 2.0
MAL_MOTOR = 5.0  # s, the engine's own target (README)
BASE_DIR = Path(__file__).resolve().parent.parent


def lagre_maling(navn: str, verdi: float, enhet: str, mal: float | None) -> None:
    """Merge one measurement into var/bench.json as ``{navn: {"value", "unit", "target"}}``."""
    fil = Path(os.environ.get("VIGO_VAR_DIR", BASE_DIR / "var")) / "bench.json"
    fil.parent.mkdir(parents=True, exist_ok=True)
    try:
        alle = json.loads(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        alle = {}
    alle[navn] = {"value": round(verdi, 3), "unit": enhet, "target": mal}
    midlertidig = fil.with_suffix(".json.tmp")
    midlertidig.write_text(
        json.dumps(alle, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    midlertidig.replace(fil)  # atomic: a reader never sees half a file


def kjor_kommando(inn: Path, ut: Path) -> tuple[dict[str, float], float]:
    """One in-process run of the command; returns its step times and the wall time of the whole call."""
    from django.core.management import call_command

    kommando = Command()
    t = time.perf_counter()
    call_command(kommando, "--inn", str(inn), "--ut", str(ut), stderr=io.StringIO())
    return kommando.tider, time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sokere", type=int, default=200_000)
    parser.add_argument("--gjentak", type=int, default=3)
    parser.add_argument("--uten-skall", action="store_true", help="hopp over kjøringen av manage.py")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="inntaksmotor-bench-") as mappe:
        inn, ut = Path(mappe) / "snapshot.json", Path(mappe) / "resultat.json"
        snapshot = les_snapshot(lag_nasjonalt_snapshot(args.sokere))
        inn.write_bytes(til_json_bytes(snapshot_til_json(snapshot)))
        del snapshot

        kjoringer = [kjor_kommando(inn, ut) for _ in range(args.gjentak)]
        forhold = statistics.median(total / tider["motor"] for tider, total in kjoringer)
        beste = min(kjoringer, key=lambda k: k[1])
        tider, total = beste
        steg = ", ".join(f"{navn} {sek:.2f}" for navn, sek in tider.items() if navn != "totalt")
        status = "OK" if forhold <= MAL_FORHOLD else "FOR TREGT"
        print(
            f"   inntaksmotor-kommandoen, {args.sokere} søkere ({inn.stat().st_size / 1e6:.0f} MB inn, "
            f"{ut.stat().st_size / 1e6:.0f} MB ut): {forhold:.2f} × motorens egen tid (mål ≤ {MAL_FORHOLD:.1f}) "
            f"{status}\n"
            f"   beste av {args.gjentak}: totalt {total:.2f} s ({steg} s)",
            flush=True,
        )

        tekst = ut.read_bytes()
        stdlib = (json.dumps(json.loads(tekst), sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()
        print(
            f"   resultatfilen er byte-identisk med json.dumps: {'ja' if tekst == stdlib else 'NEI'}",
            flush=True,
        )

        if not args.uten_skall:
            t = time.perf_counter()
            skall = subprocess.run(
                [sys.executable, "manage.py", "inntaksmotor", "--inn", str(inn), "--ut", str(ut), "--tider"],
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
            )
            vegg = time.perf_counter() - t
            if skall.returncode == 0:
                print(
                    f"   fra skallet (manage.py, med Djangos oppstart): {vegg:.1f} s – "
                    f"{skall.stderr.strip().splitlines()[-1]}",
                    flush=True,
                )
            else:
                print(
                    f"   fra skallet: feilet ({skall.returncode}): {skall.stderr.strip()[-500:]}", flush=True
                )

    lagre_maling("inntaksmotor_kommando_forhold", forhold, "× motor", MAL_FORHOLD)
    lagre_maling("inntaksmotor_kommando", total, "s", None)
    lagre_maling("inntaksmotor_kommando_motor", tider["motor"], "s", MAL_MOTOR)
    if tekst != stdlib:
        sys.exit(1)


if __name__ == "__main__":
    main()
