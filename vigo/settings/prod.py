"""Production (the image, Dockerfile; vigo/wsgi.py's default). Starts nothing and refuses to start half-configured:
DATABASE_URL, REDIS_URL (or CELERY_BROKER_URL), SECRET_KEY and ALLOWED_HOSTS must be set. Behind a proxy that
ends TLS and sends X-Forwarded-Proto; `manage.py check --deploy` is clean (tests/drift/test_innstillinger.py).

Image build: ``VIGO_BYGG=1 python manage.py collectstatic`` needs none of the variables. In that mode there is no
database, no allowed host and a throwaway key, and any command other than collectstatic is refused, so the flag
cannot make a running service out of a half-configured one.
"""

import os
import secrets
import sys

from django.core.exceptions import ImproperlyConfigured

from vigo import logg
from vigo.settings.base import *  # noqa: F403
from vigo.settings.base import (
    IDPORTEN_CLIENT_ID,
    IDPORTEN_CLIENT_SECRET,
    IDPORTEN_ISSUER,
    IDPORTEN_PRIVATE_KEY,
    LOG_LEVEL,
    STORAGES,
    cacher,
    databaser,
    env_bool,
    env_list,
)

DEBUG = False
BYGG = env_bool("VIGO_BYGG", False)

if BYGG:
    if sys.argv[1:2] != ["collectstatic"]:
        raise ImproperlyConfigured(
            "VIGO_BYGG=1 er bare for «manage.py collectstatic» når bildet bygges. Ta den bort der tjenesten kjører."
        )
    SECRET_KEY = secrets.token_urlsafe(50)
    ALLOWED_HOSTS = []
    DATABASE_URL = REDIS_URL = CELERY_BROKER_URL = ""
    DATABASES = {"default": {"ENGINE": "django.db.backends.dummy"}}
else:
    DATABASE_URL = os.environ.get("DATABASE_URL", "")
    REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") or ""
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    mangler = [
        navn
        for navn, verdi in (
            ("DATABASE_URL", DATABASE_URL),
            ("REDIS_URL", REDIS_URL),
            ("SECRET_KEY", not SECRET_KEY.startswith("django-insecure") and SECRET_KEY),
            ("ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not verdi
    ]
    if mangler:
        raise ImproperlyConfigured(
            f"Innstillingene for produksjon mangler {', '.join(mangler)}: må settes i produksjon "
            f"(miljøvariabler, se README «Konfigurasjon»; en nøkkel som begynner med «django-insecure» teller ikke)."
        )
    DATABASES = databaser(DATABASE_URL)
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
    CACHES = cacher(REDIS_URL)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}

# --- https behind the proxy (Ingress, load balancer) that ends TLS and sends X-Forwarded-Proto ---------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True  # the language switch (bokmål/nynorsk) sets it
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only the «preload» directive; a browser's preload list is joined by submitting the domain, never by this.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Test Norge numbers are for demo and tests; a production county turns them on only on purpose.
TILLAT_SYNTETISKE_FNR = env_bool("TILLAT_SYNTETISKE_FNR", False)
# The demo login «TestID» never runs in production, whatever the environment says (vigo/idporten).
IDPORTEN_TESTID = False
# Applicant login with ID-porten is off without IDPORTEN_ISSUER; a half configuration is refused.
if (
    not BYGG
    and IDPORTEN_ISSUER
    and not (IDPORTEN_CLIENT_ID and (IDPORTEN_CLIENT_SECRET or IDPORTEN_PRIVATE_KEY))
):
    raise ImproperlyConfigured(
        "IDPORTEN_ISSUER er satt, men IDPORTEN_CLIENT_ID og IDPORTEN_CLIENT_SECRET eller IDPORTEN_PRIVATE_KEY "
        "mangler (README «Innlogging for søkere (ID-porten)»)."
    )

# One JSON object per line for the log collector (vigo/logg.py).
LOGGING = logg.oppsett(json_linjer=env_bool("LOG_JSON", True), niva=LOG_LEVEL)
