"""gunicorn's settings for the load test (bench/portal_last.py): no access log (one line per request would be the
bench's own bottleneck), warnings only."""

from vigo import logg

accesslog = None
logconfig_dict = logg.oppsett(json_linjer=False, niva="WARNING")


def post_worker_init(worker):
    """Load the URL configuration, middleware and the portal's templates before the first measured request: a
    cold worker spends seconds on its first request, which would be measured as load."""
    from django.test import Client

    klient = Client()
    for url in ("/innlogging/soker/", "/innlogging/soker/testid/", "/soker/", "/soker/soknad/ny/"):
        klient.get(url)
