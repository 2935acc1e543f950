"""Settings shared by every environment. This module only reads the environment (12-factor): importing it starts
no process, opens no connection and writes no file. Which module to use (see vigo/settings/__init__.py):

- ``vigo.settings.dev``  – ``make run`` and manage.py: embedded PostgreSQL and Redis when the URLs are unset
- ``vigo.settings.test`` – pytest (pyproject.toml): as dev, with a fast password hasher
- ``vigo.settings.prod`` – the image (Dockerfile): refuses to start without DATABASE_URL, REDIS_URL, SECRET_KEY
  and ALLOWED_HOSTS; secure cookies, HSTS, https behind a proxy, JSON log lines

Without DATABASE_URL this module has no database (DATABASES is empty) and without REDIS_URL a cache in the
process; dev and test fill them in from vigo.embedded.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from vigo import logg

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "ja", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG", False)
# Production (docker-compose) always sets SECRET_KEY; `manage.py check --deploy` flags the development default.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-utvikling-bytt-i-produksjon")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "vigo.apps.VigoConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "django_celery_beat",
    "django_htmx",
    "django_tables2",
    "axes",
    "kodeverk",
    "inntak",
    "inntak.elev",
    "fagopplaering",
    "arshjul",
    "rapporter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vigo.api.middleware.ApiFeilMiddleware",
    "vigo.inndata.InndataVaktMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vigo.sprak.PortalSprakMiddleware",  # English only in the applicant portal
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vigo.idporten.middleware.SokerMiddleware",  # request.soker: the applicant's session (vigo/idporten)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "vigo.middleware.SikkerhetsHeaderMiddleware",
    "vigo.middleware.ParameterMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vigo.urls"
WSGI_APPLICATION = "vigo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vigo.context_processors.navigasjon",
            ],
        },
    },
]


# --- Database: PostgreSQL only --------------------------------------------------------------------------------
def databaser(url: str) -> dict:
    """DATABASES for a PostgreSQL URL; none without one (dev and test start the embedded server, prod refuses)."""
    if not url:
        return {}
    standard = dj_database_url.parse(url, conn_max_age=60)
    standard["ENGINE"] = "django.db.backends.postgresql"
    return {"default": standard}


DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = databaser(DATABASE_URL)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis / Celery -----------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") or ""
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_RESULT_BACKEND = None  # job state lives in the Kjoring table, not in a result backend
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/Oslo"
# The worker and beat keep the LOGGING below (vigo/celery.py) instead of Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Job runs: heartbeat, dead runs, beat's sign of life (README «Feil og helse») ----------------------------
# A running job writes a heartbeat every KJORING_HJERTESLAG_SEKUNDER. Beat's clean-up runs every
# KJORING_RYDD_SEKUNDER and fails a run whose heartbeat is older than KJORING_DOD_ETTER_SEKUNDER, so a dead worker
# is noticed at most DOD_ETTER + RYDD = 90 + 30 = 120 s (about two minutes) after its last heartbeat, and a live
# run must miss three heartbeats in a row before it can be taken for dead. tests/sikkerhet/test_feil.py checks it.
KJORING_HJERTESLAG_SEKUNDER = int(os.environ.get("KJORING_HJERTESLAG_SEKUNDER", "30"))
KJORING_DOD_ETTER_SEKUNDER = int(os.environ.get("KJORING_DOD_ETTER_SEKUNDER", "90"))
KJORING_RYDD_SEKUNDER = 30
# A run that never reached the queue is failed by the clean-up after KJORING_DOD_ETTER_SEKUNDER; one queued but
# taken by no worker (message lost, no worker running) after KJORING_VENTER_MAKS_SEKUNDER. Until then it holds
# the one-active-run-per-job-and-county lock, so this must be longer than a normal queue but not endless.
KJORING_VENTER_MAKS_SEKUNDER = int(os.environ.get("KJORING_VENTER_MAKS_SEKUNDER", "1800"))
# Beat's sign of life for /helse/ (vigo/helse.py): written every BEAT_LIVSTEGN_SEKUNDER through the queue and a
# worker; older than BEAT_STILLE_MAKS_SEKUNDER (four missed) counts as down and /helse/ answers 503.
BEAT_LIVSTEGN_SEKUNDER = 30
BEAT_STILLE_MAKS_SEKUNDER = int(os.environ.get("BEAT_STILLE_MAKS_SEKUNDER", "120"))
CELERY_BEAT_SCHEDULE = {
    "marker-dode-kjoringer": {"task": "vigo.marker_dode_kjoringer", "schedule": float(KJORING_RYDD_SEKUNDER)},
    # Expires (django-celery-beat's name for it): after an outage the workers skip the stale backlog.
    "beat-livstegn": {
        "task": "vigo.beat_livstegn",
        "schedule": float(BEAT_LIVSTEGN_SEKUNDER),
        "options": {"expire_seconds": BEAT_LIVSTEGN_SEKUNDER},
    },
    "rydd-api": {"task": "vigo.rydd_api", "schedule": 24 * 3600.0},
}


def cacher(url: str) -> dict:
    """CACHES on Redis; a cache in the process until there is a URL (dev and test set one, prod requires it)."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url.replace("redis+socket://", "unix://"),
            # A Redis that hangs must not hang every page that uses the cache (throttles fall back:
            # vigo/throttling.py).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


CACHES = cacher(REDIS_URL)

# --- Users, login, security ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "vigo.Bruker"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lockout per (user name, IP) and per IP across user names: see vigo/innlogging.py for why.
AXES_HANDLER = "vigo.innlogging.VigoAxesHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Behind reverse proxies (ingress, load balancer) REMOTE_ADDR is the nearest proxy: TRUSTED_PROXY_COUNT says how
# many proxies append to X-Forwarded-For. 0 (the default) trusts no header, so a client cannot choose its address.
# One function (vigo.revisjon.klient_ip) serves the audit log and the lockout.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "vigo.revisjon.klient_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/sperret.html"

# Sessions are read from Redis and written to both (the database stays the record): one query less on every page
# a logged-in user opens, which is most of the applicant portal's load on deadline day (bench/portal_last.py).
# vigo.okter is Django's cached_db with every cache call falling back to the database when Redis is down.
SESSION_ENGINE = "vigo.okter"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Secure cookies, HSTS and https behind the proxy: vigo/settings/prod.py.

# --- Language ----------------------------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
# English only in the applicant portal (/soker/, /innlogging/soker/): vigo.sprak.PortalSprakMiddleware gives every
# other page bokmål when English is chosen, and the caseworkers' language switch offers bokmål and nynorsk only.
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Numbers as «17 318» (non-breaking space) and dates as «3. juli 2026» / «03.07.2026»: Django's own nb formats
# (django/conf/locale/nb/formats.py) are the Norwegian ones, so no FORMAT_MODULE_PATH is needed. A number that
# is an id in a URL, an HTML id or a form value must be written with |unlocalize in templates.
USE_THOUSAND_SEPARATOR = True

# --- Static and media --------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# --- E-mail ------------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "vigo@fylkeskommune.example")

# --- REST API ----------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "vigo.paginering.Markorside",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "poengkalkulator": "30/min", "apiklient": "600/min"},
    # JSON with a depth limit and Norwegian parse errors; forms for the browsable session API.
    "DEFAULT_PARSER_CLASSES": [
        "vigo.api.parsere.JsonParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Every error as JSON in Norwegian (404, 405, 413, Django's ValidationError).
    "EXCEPTION_HANDLER": "vigo.api.feil.api_unntak",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VIGO Opplæring API",
    "DESCRIPTION": "API for skoleadministrative systemer, grunnskoler og fylkeskommunens egne tjenester.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI assets served from our own static files (no CDN; the CSP allows only 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name («status») get stable enum names instead of a hash.
    "ENUM_NAME_OVERRIDES": {
        "KontraktstatusEnum": "fagopplaering.api.serializers.KONTRAKTSTATUS",
        "GodkjenningsstatusEnum": "fagopplaering.models.Godkjenning.Status",
    },
}

# A bulk API request may carry 10,000 records (vigo.api.validering); with addresses that passes Django's 2.5 MB
# default. Larger bodies get a JSON 413 under /api/.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

# --- django-import-export ------------------------------------------------------------------------------------
# Import in the admin needs the model's «add» right (the default lets anyone who may view a list import into it,
# e.g. a county administrator overwriting another county's Fylke or Skole rows).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"

# --- Product settings --------------------------------------------------------------------------------------
# Test Norge synthetic fødselsnumre (month + 80) are accepted where this is on: demo and tests never use numbers
# that can belong to a real person.
TILLAT_SYNTETISKE_FNR = env_bool("TILLAT_SYNTETISKE_FNR", True)
FOLKEREGISTER_BACKEND = os.environ.get("FOLKEREGISTER_BACKEND", "vigo.folkeregister.FilFolkeregister")
FOLKEREGISTER_FIL = os.environ.get("FOLKEREGISTER_FIL", str(BASE_DIR / "var" / "folkeregister.json"))

# Enhetsregisteret lookup for fagopplæring's company register (fagopplaering/enhetsregisteret, docs/fagopplaering/
# bedrift.md). "fil": a JSON Lines file of API-shaped units (the synthetic demo file by default); "http": the open
# API of Brønnøysundregistrene, which needs no login or key. TIMEOUT in seconds per lookup.
ENHETSREGISTERET = {
    "BACKEND": os.environ.get("ENHETSREGISTERET_BACKEND", "fil"),
    "FIL": os.environ.get(
        "ENHETSREGISTERET_FIL", str(BASE_DIR / "fagopplaering" / "data" / "enhetsregisteret_demo.jsonl")
    ),
    "URL": os.environ.get("ENHETSREGISTERET_URL", "https://data.brreg.no/enhetsregisteret/api"),
    "TIMEOUT": float(os.environ.get("ENHETSREGISTERET_TIMEOUT", "5")),
}

# --- Applicant login: ID-porten over OpenID Connect (vigo/idporten, README «Innlogging for søkere») -------------
# Off until IDPORTEN_ISSUER is set (discovery at <issuer>/.well-known/openid-configuration). Client
# authentication: IDPORTEN_CLIENT_SECRET (client_secret_basic) or IDPORTEN_PRIVATE_KEY (PEM, private_key_jwt).
IDPORTEN_ISSUER = os.environ.get("IDPORTEN_ISSUER", "").rstrip("/")
IDPORTEN_CLIENT_ID = os.environ.get("IDPORTEN_CLIENT_ID", "")
IDPORTEN_CLIENT_SECRET = os.environ.get("IDPORTEN_CLIENT_SECRET", "")
IDPORTEN_PRIVATE_KEY = os.environ.get("IDPORTEN_PRIVATE_KEY", "")
IDPORTEN_PRIVATE_KEY_ID = os.environ.get("IDPORTEN_PRIVATE_KEY_ID", "")
IDPORTEN_ACR = os.environ.get("IDPORTEN_ACR", "idporten-loa-substantial")
IDPORTEN_SCOPES = os.environ.get("IDPORTEN_SCOPES", "openid profile")
IDPORTEN_REDIRECT_URI = os.environ.get(
    "IDPORTEN_REDIRECT_URI", ""
)  # default: /innlogging/soker/tilbake/ here
# The demo «TestID» login (type a synthetic fødselsnummer): only with TILLAT_SYNTETISKE_FNR; never in prod.
IDPORTEN_TESTID = env_bool("IDPORTEN_TESTID", True)
SOKER_INAKTIV_SEKUNDER = int(os.environ.get("SOKER_INAKTIV_SEKUNDER", "1800"))
SOKER_LOGIN_REDIRECT_URL = "portal:min_side"  # the applicant's «Min side» (inntak/portal)
# Login attempts per client address and window before 429: every TestID submission, failed ID-porten callbacks.
SOKER_INNLOGGING_MAKS_FORSOK = int(os.environ.get("SOKER_INNLOGGING_MAKS_FORSOK", "20"))
SOKER_INNLOGGING_VINDU_SEKUNDER = 300
# «Send søknad» / «Lagre endringer» in the portal: at most this many per applicant per window (inntak/portal/soknad.py).
SOKER_INNSENDING_MAKS = int(os.environ.get("SOKER_INNSENDING_MAKS", "10"))
SOKER_INNSENDING_VINDU_SEKUNDER = 3600

# --- Logging (vigo/logg.py) ------------------------------------------------------------------------------------
# Plain text here; prod writes JSON lines. LOG_JSON=1 gives JSON anywhere, LOG_LEVEL the level.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = logg.oppsett(json_linjer=env_bool("LOG_JSON", False), niva=LOG_LEVEL)
