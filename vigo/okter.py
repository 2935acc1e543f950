"""The session backend: Django's ``cached_db`` (read from Redis, written to both; the database is the record), made
to survive a Redis that is down. Django guards the cache in ``save`` and in ``load``'s read, but not ``load``'s refill
after a miss, ``exists`` (every new session key, every login) or ``delete`` (logout, a new key at login): with Redis
down those would fail and nobody could log in or open a page. Here each falls back to the database and logs a
warning (no session key or personal data in it)."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore

from vigo.throttling import CACHE_FEIL

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except CACHE_FEIL as exc:
            logger.warning(
                "Øktbufferen svarer ikke; leser økten fra databasen", extra={"feil": type(exc).__name__}
            )
            s = self._get_session_from_db()
            return self.decode(s.session_data) if s else {}
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=s.expire_date))
        except CACHE_FEIL as exc:
            logger.warning(
                "Øktbufferen svarer ikke; økten ble lest fra databasen", extra={"feil": type(exc).__name__}
            )
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except CACHE_FEIL as exc:
            logger.warning(
                "Øktbufferen svarer ikke; sjekker økten i databasen", extra={"feil": type(exc).__name__}
            )
        return DbSessionStore.exists(self, session_key)

    def delete(self, session_key=None):
        DbSessionStore.delete(
            self, session_key
        )  # the record first: a deleted session cannot be loaded from it
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except CACHE_FEIL as exc:
            # The cached copy may outlive the row until Redis is back and it expires (SESSION_COOKIE_AGE).
            logger.warning("Øktbufferen svarer ikke; økten er slettet bare i databasen",
                           extra={"feil": type(exc).__name__})  # fmt: skip
