"""`make bench`: every benchmark of the product, printed one line each. Targets live here, never in unit tests."""

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
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
        argv, sys.argv = sys.argv, [f"bench.{navn}"]  # each bench parses its own (default) arguments
        try:
            importlib.import_module(f"bench.{navn}").main()
        except (Exception, SystemExit) as e:  # report and go on with the others
            feil += 1
            print(f"   FEILET: {type(e).__name__}: {e}")
        finally:
            sys.argv = argv
        print(f"   ({time.perf_counter() - t:.1f} s totalt)", flush=True)
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main())
