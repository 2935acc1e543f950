"""Security headers Django does not set by itself; the per-request memo of the system parameters."""

from vigo.parametere.selectors import per_foresporsel


class ParameterMiddleware:
    """Each request reads a county's parameters once (``vigo.parametere.selectors.per_foresporsel``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with per_foresporsel():
            return self.get_response(request)


class SikkerhetsHeaderMiddleware:
    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:  # pages with personal data must not be cached
            response.headers.setdefault("Cache-Control", "no-store")
        return response
