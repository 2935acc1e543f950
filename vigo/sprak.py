"""Which languages a page may be shown in: bokmål and nynorsk everywhere, English only in the applicant portal.

Django's LocaleMiddleware picks the language from the cookie set by the language switch (``set_language``). An
applicant who chose English and then opens a caseworker page, or a caseworker with ``en`` in the cookie, gets
bokmål there: caseworker pages are not translated to English, and half-English pages help nobody.
"""

from __future__ import annotations

from django.utils import translation

# Path prefixes of the applicant portal: «Min side» and the apply pages, and the applicant login (vigo/urls.py).
PORTAL_PREFIKSER = ("/soker/", "/innlogging/soker/")
BARE_PORTAL = frozenset({"en"})


def er_portal(sti: str) -> bool:
    return sti.startswith(PORTAL_PREFIKSER)


class PortalSprakMiddleware:
    """After LocaleMiddleware: a portal-only language outside the portal falls back to LANGUAGE_CODE (bokmål)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if translation.get_language() in BARE_PORTAL and not er_portal(request.path_info):
            translation.activate("nb")
            request.LANGUAGE_CODE = "nb"
        return self.get_response(request)
