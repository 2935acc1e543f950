"""Benchmark of reading and checking a SAS ↔ VIGO file: ``python -m bench sas`` (or ``python -m bench.sas_bench [N]``).

A county file of 20 000 pupils × 15 fag lines (one TOF, 20 000 $EL, 20 000 $EK, 300 000 $KL, 2 000 $VM) is
generated with ``inntak.elev.sas.lag_testfil`` into a temporary directory, then read and checked line by line
from disk with ``inntak.elev.sas.valider_fil`` (streamed; nothing but the error list and one key per pupil is
kept). The target, 60 s, is the one issue 14 gives for importing such a file *including the database*; this
figure is parsing and checking only, without the database. Prints the time, lines per second and peak RSS.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

FAG_PER_ELEV = 15
MAL_SEKUNDER = 60


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(antall: int = 20_000) -> None:
    from inntak.elev.sas import lag_testfil, valider_fil

    with tempfile.TemporaryDirectory(prefix="sas_bench_") as mappe:
        fil = Path(mappe) / "sas.txt"
        t = time.perf_counter()
        with fil.open("w", encoding="utf-8", newline="") as ut:
            ut.writelines(lag_testfil(antall, FAG_PER_ELEV, seed=2026))
        print(f"   laget {antall} elever × {FAG_PER_ELEV} fag ({fil.stat().st_size / 1e6:.0f} MB) på "
              f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
        t = time.perf_counter()
        with fil.open(encoding="utf-8-sig", newline="") as inn:
            lesing = valider_fil(inn, tillat_syntetiske=True)
        tid = time.perf_counter() - t
    fart = f"{lesing.linjer / tid:,.0f}".replace(",", " ")
    print(f"   {lesing.linjer} linjer ({', '.join(f'{k} {v}' for k, v in lesing.antall.items())}), "
          f"{lesing.antall_feil} feil, {lesing.antall_advarsler} advarsler, {fart} linjer/s",
          flush=True)  # fmt: skip
    status = "OK" if tid < MAL_SEKUNDER and lesing.ok else "OVER MÅL" if lesing.ok else "FEIL I FILEN"
    print(f"   sas {tid:.1f} s (mål < {MAL_SEKUNDER} s for hele importen med database; dette er bare lesing og "
          f"kontroll), topp-RSS {_topp_minne_mb():.0f} MB – {status}", flush=True)  # fmt: skip
    if not lesing.ok:
        sys.exit(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
