"""Rate limits that survive Redis being down.

DRF's throttles keep their history in the default cache (Redis). When Redis does not answer, the cache raises and
every throttled call became a 500 – the public points calculator and every API-key call. ``RobustThrottleMixin``
catches that and goes on with a cache in this process's memory instead: the limit still holds per process (so a
Redis outage does not open the public endpoints to unlimited use), only not across processes. A warning is
logged at most once a minute per throttle, so an outage does not flood the log.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Errors from the cache that mean "Redis is not there", not a bug: redis-py's own and the socket's.
CACHE_FEIL: tuple[type[BaseException], ...] = (RedisError, OSError)
RESERVE = LocMemCache("vigo-throttle-reserve", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_ADVARSEL_HVERT = 60.0
_sist_advart: dict[str, float] = {}


def _advar(navn: str, exc: BaseException) -> None:
    naa = time.monotonic()
    if naa - _sist_advart.get(navn, -_ADVARSEL_HVERT) >= _ADVARSEL_HVERT:
        _sist_advart[navn] = naa
        log.warning(
            "Hastighetsbegrensningen %s bruker minnet i prosessen fordi cachen (Redis) ikke svarer: %s: %s",
            navn, type(exc).__name__, exc,
        )  # fmt: skip


class RobustThrottleMixin:
    """Put first in the bases of a DRF ``SimpleRateThrottle`` subclass."""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_FEIL as exc:
            _advar(type(self).__name__, exc)
            self.cache = RESERVE
            return super().allow_request(request, view)
