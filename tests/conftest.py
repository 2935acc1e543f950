"""Shared fixtures: a small kodeverk, two counties, one user per role in each."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """One test database per pytest process, so parallel runs (developers, CI, xdist) never clobber each other."""
    from django.conf import settings

    for alias in settings.DATABASES:
        test = settings.DATABASES[alias].setdefault("TEST", {})
        navn = test.get("NAME") or f"test_{settings.DATABASES[alias]['NAME']}"
        test["NAME"] = f"{navn}_{os.getpid()}"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FOLKEREGISTER_FIL = str(tmp_path / "folkeregister.json")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from vigo.celery import app

    app.conf.task_always_eager = True  # app.conf caches the Django setting on first read
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    # LocaleMiddleware activates the request's language in this thread and leaves it there: a test that switched
    # to nynorsk would otherwise make the next test in the same worker run in nynorsk.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def kodeverk(db):
    """Two counties with a kommune, a school and a few programområder each (no file reading)."""
    from tests.fabrikker import lag_kodeverk

    return lag_kodeverk()


@pytest.fixture
def brukere(kodeverk):
    """{'A': {rolle: bruker}, 'B': {...}} for fylke A (50) and B (03)."""
    from tests.fabrikker import lag_brukere

    return lag_brukere(kodeverk)


# --- Browser tests (headless Debian Chromium driven by Playwright) ------------------------------------------
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def nettleser():
    import shutil

    sti = shutil.which("chromium") or shutil.which("chromium-browser")
    if not sti:
        pytest.fail("Chromium mangler: installer Debian-pakken chromium (.ci/run gjør det).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=sti, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def side(nettleser):
    ctx = nettleser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    yield page
    ctx.close()


@pytest.fixture
def logg_inn(live_server, side):
    """Log in through the real login form; returns a function taking a user (password Test-passord-123)."""

    def _logg_inn(bruker, passord: str = "Test-passord-123"):
        side.goto(f"{live_server.url}/logg-inn/")
        side.get_by_label("Brukernavn").fill(bruker.username)
        side.get_by_label("Passord").fill(passord)
        side.get_by_role("button", name="Logg inn").click()
        side.wait_for_url(f"{live_server.url}/")
        return side

    return _logg_inn


# --- Log guard: no fødselsnummer, name, e-mail or phone number in any log line of the session (tests/loggvakt.py)
_LOGGVAKT = pytest.StashKey()
_LOGGVAKT_RAPPORT = pytest.StashKey()  # (text, whether it is a failure)


def pytest_sessionstart(session):
    from django.db.models.signals import post_save

    from tests.loggvakt import Loggvakt

    vakt = Loggvakt()
    vakt.demonavn()
    vakt.installer()
    post_save.connect(vakt.person_lagret, sender="vigo.Person", weak=False, dispatch_uid="tests.loggvakt")
    session.config.stash[_LOGGVAKT] = vakt


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    vakt = item.config.stash.get(_LOGGVAKT, None)
    if vakt is not None:
        vakt.test = item.nodeid
        vakt.installer()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    from tests.loggvakt import rapport

    vakt = session.config.stash.get(_LOGGVAKT, None)
    if vakt is None:
        return
    vakt.avinstaller()
    brudd = vakt.brudd()
    if brudd:
        session.config.stash[_LOGGVAKT_RAPPORT] = (rapport(vakt, brudd), True)
    else:
        tekst = f"Loggvakt: {len(vakt.linjer)} ulike logglinjer, ingen med personopplysninger."
        session.config.stash[_LOGGVAKT_RAPPORT] = (tekst, False)
    if brudd and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    tekst, feil = config.stash.get(_LOGGVAKT_RAPPORT, ("", False))
    if feil:
        terminalreporter.section("loggvakt", sep="=", red=True, bold=True)
    if tekst:
        terminalreporter.write_line(tekst)
