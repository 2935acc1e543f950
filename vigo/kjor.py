"""`make run`: web + Celery worker + Celery beat under honcho, with the embedded services started first.

Prints the URL and the demo logins. Ctrl-C stops every child (honcho sends SIGTERM to each process).
Honcho stops everything when one process exits, so each runs under ``vigo.kjor_omstart``: a worker (or beat,
or web) that dies is started again after a short pause, and the others go on.
"""

from __future__ import annotations

import os
import sys

from honcho.manager import Manager

PORT = os.environ.get("PORT", "8000")


def prosesser(py: str | None = None) -> dict[str, str]:
    """honcho's process lines, each wrapped in the restart supervisor."""
    py = py or sys.executable
    kommandoer = {
        "web": f"{py} manage.py runserver 127.0.0.1:{PORT} --noreload",
        "worker": f"{py} -m celery -A vigo worker -l info --concurrency 2 -n worker@%h",
        "beat": f"{py} -m celery -A vigo beat -l info",
    }
    return {navn: f"{py} -m vigo.kjor_omstart --navn {navn} -- {k}" for navn, k in kommandoer.items()}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings.dev")
    os.environ.setdefault("DEBUG", "1")
    import django
    from django.conf import settings  # starts embedded PostgreSQL/Redis when the URLs are unset

    django.setup()

    # Pass the resolved URLs on, so the children do not each start-or-check the embedded servers.
    os.environ["DATABASE_URL"] = settings.DATABASE_URL
    os.environ["REDIS_URL"] = settings.REDIS_URL
    m = Manager()
    for navn, kommando in prosesser().items():
        m.add_process(navn, kommando)
    from vigo.demodata import BRUKERE, DEMO_PASSORD

    print("\n" + "=" * 72)
    print(f"  VIGO Opplæring kjører på http://127.0.0.1:{PORT}/")
    print(f"  Demobrukere (fylke 50 Trøndelag), passord «{DEMO_PASSORD}»:")
    for navn, rolle, *_ in BRUKERE:
        print(f"    {navn:<16} {rolle}")
    print("  Samme brukere med suffiks 03 finnes i Oslo (f.eks. inntak03).")
    from vigo.idporten.demo import testid_linje

    print(testid_linje(PORT), end="")  # the applicant portal: a demo søker for TestID
    print("  Stopp med Ctrl-C.")
    print("=" * 72 + "\n", flush=True)
    m.loop()
    return m.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
