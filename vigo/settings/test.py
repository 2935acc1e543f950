"""pytest (pyproject.toml [tool.pytest.ini_options]): the embedded servers as in dev, and what makes tests fast.
tests/conftest.py gives each pytest process its own test database and sets the per-test settings."""

from vigo.settings.dev import *  # noqa: F403
from vigo.settings.dev import DATABASES, STORAGES

# Hashing with PBKDF2 would dominate every test that logs a user in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No compressed/manifest storage: tests render templates without running collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
CELERY_TASK_ALWAYS_EAGER = True

# A statement that runs for ten minutes in a test is a bad plan, not a slow test: it fails with PostgreSQL's
# «canceling statement due to statement timeout» instead of holding the whole run (a 12-minute aggregate was seen once
# under pytest -n 2).
DATABASES = {
    "default": {
        **DATABASES["default"],
        "OPTIONS": {
            **DATABASES["default"].get("OPTIONS", {}),
            "options": "-c statement_timeout=600000",
        },
    }
}
