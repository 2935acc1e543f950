"""Shared fixtures: a small kodeverk, two counties, one user per role in each."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FOLKEREGISTER_FIL = str(tmp_path / "folkeregister.json")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
