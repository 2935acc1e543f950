"""Settings: pick a module with DJANGO_SETTINGS_MODULE.

- ``vigo.settings.dev``  – development: ``make run``, manage.py (its default), Celery started by hand
- ``vigo.settings.test`` – pytest (pyproject.toml)
- ``vigo.settings.prod`` – production: the image (Dockerfile), vigo/wsgi.py's default
- ``vigo.settings.base`` – what they share; reads only the environment

The old name ``vigo.settings`` still works and means dev. It is resolved lazily, on the first setting Django
reads, so importing ``vigo.settings.base`` or ``vigo.settings.prod`` never loads dev (which starts the embedded
servers).
"""

import importlib

_FOR_GAMMELT_NAVN = "vigo.settings.dev"


def _dev():
    return importlib.import_module(_FOR_GAMMELT_NAVN)


def __getattr__(navn: str):
    if navn.isupper():
        return getattr(_dev(), navn)
    raise AttributeError(f"module 'vigo.settings' has no attribute {navn!r}")


def __dir__() -> list[str]:
    return [navn for navn in dir(_dev()) if navn.isupper()]
