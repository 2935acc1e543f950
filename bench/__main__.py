"""`make bench`: every benchmark of the product, printed one line each. Targets live here, never in unit tests.

Each benchmark runs in its own process, so its peak memory (RSS) is its own.
"""

import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    # Each benchmark process inherits it: the embedded servers as in development (vigo/settings/dev.py).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings.dev")
    mapper = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.endswith("_bench")
    )
    valgt = sys.argv[1:]
    feil = 0
    for navn in mapper:
        if valgt and not any(v in navn for v in valgt):
            continue
        print(f"== {navn}", flush=True)
        t = time.perf_counter()
        kode = f"import sys; sys.argv = ['bench.{navn}']; import bench.{navn} as b; b.main()"
        if subprocess.run([sys.executable, "-c", kode]).returncode != 0:
            feil += 1
            print(f"   FEILET: {navn}")
        print(f"   ({time.perf_counter() - t:.1f} s totalt)", flush=True)
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main())
