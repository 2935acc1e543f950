"""The applicant session: one key in the Django session, the middleware that reads it and the view decorator.

Nothing but ids and times is kept: ``{"person": id, "metode": "idporten"|"testid", "niva": acr, "inn": epoch,
"aktiv": epoch}`` (and the ID-porten id_token for the logout at ID-porten, see services.logg_ut).
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

NOKKEL = "vigo_soker"
# The last-activity time is written at most this often (a session write per page is not needed to within a second).
OPPDATER_ETTER_SEKUNDER = 30


def data(request) -> dict | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    verdi = session.get(NOKKEL)
    return verdi if isinstance(verdi, dict) and verdi.get("person") else None


def _hent_person(person_id: int):
    from vigo.models import Person

    return Person.objects.select_related("fylke").filter(pk=person_id).first()


class SokerMiddleware:
    """Sets ``request.soker`` (the logged-in applicant's Person, or None) and ``request.soker_utlopt`` (True when
    the session just ended for inactivity). Reads the session only when the browser sent a session cookie, so
    other responses do not vary on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.soker = None
        request.soker_utlopt = False
        innlogget = False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            d = data(request)
            if d is not None and request.user.is_authenticated:
                # A caseworker logged in (LoginView keeps the session's data): the applicant session ends.
                request.session.pop(NOKKEL, None)
                d = None
            if d is not None:
                naa = time.time()
                if naa - float(d.get("aktiv", 0)) > settings.SOKER_INAKTIV_SEKUNDER:
                    from vigo.idporten import services

                    services.utlop(request, d)
                    request.soker_utlopt = True
                else:
                    if naa - float(d.get("aktiv", 0)) >= OPPDATER_ETTER_SEKUNDER:
                        d["aktiv"] = naa
                        request.session[NOKKEL] = d
                    person_id = d["person"]
                    request.soker = SimpleLazyObject(lambda: _hent_person(person_id))
                    innlogget = True
        response = self.get_response(request)
        if innlogget:  # pages with an applicant's data must not be cached (as for caseworkers)
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def krever_soker(view):
    """Portal views: the applicant must be logged in; otherwise to the login page (with a note after expiry)."""

    @functools.wraps(view)
    def _innpakket(request, *args, **kwargs):
        soker = getattr(request, "soker", None)
        if not soker:  # SimpleLazyObject: a deleted person is falsy too
            url = reverse("idporten:innlogging")
            if getattr(request, "soker_utlopt", False):
                url += "?utlopt=1"
            return redirect(url)
        return view(request, *args, **kwargs)

    return _innpakket
