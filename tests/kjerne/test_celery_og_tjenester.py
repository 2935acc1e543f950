"""Job runs through a real Celery worker on Redis, and the embedded PostgreSQL/Redis start-up."""

import os
import subprocess
import sys
import time

import pytest

from vigo import jobber
from vigo.jobber import tjenester
from vigo.models import Kjoring, Rolle


@pytest.fixture
def celery_arbeider(settings):
    """A real worker thread consuming from Redis (the embedded one unless REDIS_URL is set)."""
    from celery.contrib.testing.worker import start_worker

    from vigo.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    ko = f"test-{os.getpid()}-{time.monotonic_ns()}"
    gammel_ko = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = ko
    with start_worker(app, queues=[ko], perform_ping_check=False, pool="solo", shutdown_timeout=10) as w:
        yield w
    app.conf.task_default_queue = gammel_ko
    app.conf.task_always_eager = True


@pytest.fixture
def jobb_i_flere_steg():
    @jobber.jobbtype("9C001", "Celery-testjobb", tillatelse="vigo.add_kjoring")
    def steg(ktx):
        for i in range(1, 4):
            ktx.fremdrift(i, 3, f"Steg {i}", tving=True)
            time.sleep(0.1)
        return {"steg": 3}

    @jobber.jobbtype("9C002", "Celery-testjobb som feiler", tillatelse="vigo.add_kjoring")
    def feiler(ktx):
        raise RuntimeError("databasen svarte ikke")

    yield
    jobber.avregistrer("9C001")
    jobber.avregistrer("9C002")


def _vent(kj: Kjoring, sekunder: float = 30) -> Kjoring:
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        kj.refresh_from_db()
        if not kj.aktiv:
            return kj
        time.sleep(0.1)
    pytest.fail(f"Kjøringen ble ikke ferdig: {kj.status}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_kjoring_gjennom_ekte_arbeider(brukere, celery_arbeider, jobb_i_flere_steg):
    a = brukere["A"][Rolle.INNTAK]
    kj = tjenester.start_kjoring("9C001", a.fylke, a)
    kj = _vent(kj)
    assert kj.status == "ferdig" and kj.resultat == {"steg": 3}
    assert kj.celery_id and kj.arbeider and kj.startet and kj.avsluttet
    kj2 = _vent(tjenester.start_kjoring("9C002", a.fylke, a))
    assert kj2.status == "feilet" and "databasen svarte ikke" in kj2.feil


def test_innebygd_postgres_og_redis_starter_under_var():
    """A fresh VIGO_VAR_DIR gets its own PostgreSQL and Redis; a second call reuses them."""
    import shutil
    import tempfile
    from pathlib import Path

    from vigo import embedded

    # Short and world-traversable: as root, pgserver runs postgres as its own system user, and unix socket paths
    # are limited to about 100 characters.
    tmp_path = Path(tempfile.mkdtemp(prefix="vigo-", dir="/tmp"))
    tmp_path.chmod(0o755)
    kode = (
        "from vigo import embedded\n"
        "import psycopg2, redis\n"
        "u = embedded.postgres_url(); r = embedded.redis_url()\n"
        "c = psycopg2.connect(u); cur = c.cursor(); cur.execute('select current_database()'); print(cur.fetchone()[0])\n"
        "print(redis.Redis(unix_socket_path=r.split('://', 1)[1]).ping())\n"
        "print(embedded.postgres_url() == u, embedded.redis_url() == r)\n"
    )
    miljo = {**os.environ, "VIGO_VAR_DIR": str(tmp_path / "var")}
    try:
        ut = subprocess.run(
            [sys.executable, "-c", kode], env=miljo, capture_output=True, text=True, timeout=120
        )
        assert ut.returncode == 0, ut.stderr
        assert ut.stdout.split() == ["vigo", "True", "True", "True"]
        assert (tmp_path / "var" / "pgdata" / "PG_VERSION").exists()
        assert (tmp_path / "var" / "redis" / "redis.sock").exists()
        stopp = subprocess.run([sys.executable, "-m", "vigo.embedded", "stopp"], env=miljo, timeout=60)
        assert stopp.returncode == 0
        assert not (
            tmp_path / "var" / "pgdata" / "postmaster.pid"
        ).exists()  # make stopp really stops PostgreSQL
    finally:
        subprocess.run([sys.executable, "-m", "vigo.embedded", "stopp"], env=miljo, timeout=60)
        shutil.rmtree(tmp_path, ignore_errors=True)
        # As root with the venv in a closed folder, the PostgreSQL programs were copied there.
        shutil.rmtree(embedded.reservemappe(tmp_path / "var"), ignore_errors=True)


@pytest.mark.skipif(
    os.geteuid() != 0, reason="gjelder bare root (PostgreSQL kjører da som brukeren 'pgserver')"
)
def test_innebygd_postgres_som_root_i_lukket_mappe():
    """As root in a mode-700 folder (a fresh clone under /root or `mktemp -d`), with both var/ and pgserver's
    programs out of the 'pgserver' user's reach, PostgreSQL still starts, with its data under /var/tmp, it says
    so on stderr, and the closed folder is not opened up."""
    import shutil
    import tempfile
    from pathlib import Path

    import pgserver

    from vigo import embedded

    lukket = Path(tempfile.mkdtemp(prefix="vigo-", dir="/tmp"))
    assert lukket.stat().st_mode & 0o777 == 0o700
    # pgserver from inside the closed folder, as in a clone whose .venv lives there.
    site = Path(pgserver.__file__).resolve().parents[1]
    shutil.copytree(site / "pgserver", lukket / "site" / "pgserver", symlinks=True)
    if (site / "pgserver.libs").is_dir():
        shutil.copytree(site / "pgserver.libs", lukket / "site" / "pgserver.libs", symlinks=True)
    var = lukket / "var"
    reserve = embedded.reservemappe(var)
    miljo = {**os.environ, "VIGO_VAR_DIR": str(var), "PYTHONPATH": str(lukket / "site")}
    miljo.pop("XDG_RUNTIME_DIR", None)
    kode = (
        "from vigo import embedded\n"
        "import pgserver, psycopg2, redis\n"
        "print(pgserver.__file__)\n"
        "c = psycopg2.connect(embedded.postgres_url()); cur = c.cursor(); cur.execute('SELECT 1')\n"
        "print(cur.fetchone()[0])\n"
        "print(redis.Redis(unix_socket_path=embedded.redis_url().split('://', 1)[1]).ping())\n"
    )
    try:
        ut = subprocess.run(
            [sys.executable, "-c", kode], env=miljo, capture_output=True, text=True, timeout=180
        )
        assert ut.returncode == 0, ut.stderr
        pgserver_fil, en, pong = ut.stdout.split()
        assert pgserver_fil.startswith(str(lukket)) and en == "1" and pong == "True"
        assert f"dataene ligger i {reserve / 'pgdata'}" in ut.stderr
        assert (reserve / "pgdata" / "PG_VERSION").exists()
        assert (reserve / "pgdata").stat().st_mode & 0o777 == 0o700
        assert not (var / "pgdata").exists()
        assert lukket.stat().st_mode & 0o777 == 0o700  # nothing chmodded the closed folder open

        igjen = subprocess.run(
            [sys.executable, "-c", kode], env=miljo, capture_output=True, text=True, timeout=60
        )
        assert igjen.returncode == 0, igjen.stderr
        assert igjen.stdout.split()[1:] == ["1", "True"]
        assert "dataene ligger i" not in igjen.stderr  # said once, when the server started
        # ... and by `make run`/`make test` (which start with this) every time, since pytest hides the above.
        start = subprocess.run(
            [sys.executable, "-m", "vigo.embedded", "start"],
            env=miljo,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert start.returncode == 0, start.stderr
        assert start.stderr.count(f"dataene ligger i {reserve / 'pgdata'}") == 1

        stopp = subprocess.run([sys.executable, "-m", "vigo.embedded", "stopp"], env=miljo, timeout=60)
        assert stopp.returncode == 0
        assert not (reserve / "pgdata" / "postmaster.pid").exists()
    finally:
        subprocess.run([sys.executable, "-m", "vigo.embedded", "stopp"], env=miljo, timeout=60)
        shutil.rmtree(lukket, ignore_errors=True)
        shutil.rmtree(reserve, ignore_errors=True)
