"""Development (``make run``, manage.py): the embedded PostgreSQL and Redis under var/ (vigo.embedded) when
DATABASE_URL / REDIS_URL are unset. Starting them is this module's side effect, and the reason base.py has none."""

import os

from vigo import embedded
from vigo.settings.base import *  # noqa: F403
from vigo.settings.base import DATABASE_URL, REDIS_URL, STATIC_ROOT, cacher, databaser

DATABASE_URL = DATABASE_URL or embedded.postgres_url()
DATABASES = databaser(DATABASE_URL)
REDIS_URL = REDIS_URL or embedded.redis_url()
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CACHES = cacher(REDIS_URL)

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing
