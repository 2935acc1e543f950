"""Rate limit on applicant login attempts: at most SOKER_INNLOGGING_MAKS_FORSOK per client address in a window of
SOKER_INNLOGGING_VINDU_SEKUNDER. Every TestID submission counts (there is no secret in it, so the limit is what
stops a walk through numbers); of the ID-porten callbacks only the failed ones count, so a school behind one
address can have a whole class log in at once. django-axes guards the caseworkers'
user names and passwords; an applicant has neither, so this counts per address in the cache like the API's
throttles do, with the same fallback to this process's memory when Redis does not answer (vigo/throttling.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from vigo.revisjon import klient_ip
from vigo.throttling import CACHE_FEIL, RESERVE, _advar


def _nokkel(request) -> str:
    return f"vigo:soker-innlogging:{klient_ip(request) or 'ukjent'}"


def _tell(c, nokkel: str, vindu: int) -> int:
    c.add(nokkel, 0, timeout=vindu)
    try:
        return c.incr(nokkel)
    except ValueError:  # expired between add and incr
        c.set(nokkel, 1, timeout=vindu)
        return 1


def tillat(request) -> bool:
    """Count one attempt from the request's address; False once the address is over the limit."""
    nokkel, vindu = _nokkel(request), settings.SOKER_INNLOGGING_VINDU_SEKUNDER
    try:
        antall = _tell(cache, nokkel, vindu)
    except CACHE_FEIL as exc:
        _advar("SokerInnlogging", exc)
        antall = _tell(RESERVE, nokkel, vindu)
    return antall <= settings.SOKER_INNLOGGING_MAKS_FORSOK


def sperret(request) -> bool:
    """Whether the address has used up its attempts (counts nothing)."""
    nokkel = _nokkel(request)
    try:
        antall = cache.get(nokkel, 0)
    except CACHE_FEIL as exc:
        _advar("SokerInnlogging", exc)
        antall = RESERVE.get(nokkel, 0)
    return antall >= settings.SOKER_INNLOGGING_MAKS_FORSOK
