"""The load test (``bench/portal_last.py``): development settings against the bench's own throwaway database, run
under gunicorn as in production. Only for the bench; test and prod settings stay as they are.

- ``VIGO_BENCH_DB`` names the database the bench built (on the same server as development).
- TestID is on (synthetic fødselsnumre only), and the login and submission limits per address/applicant are
  raised: every simulated applicant comes from 127.0.0.1, which the real limit would stop after 20 logins.
- DEBUG off and warnings only in the log: no query log in memory and no line per request, as in production.
"""

import os

from vigo import logg
from vigo.settings.dev import *  # noqa: F403
from vigo.settings.dev import DATABASES

DEBUG = False
DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["VIGO_BENCH_DB"]}}
TILLAT_SYNTETISKE_FNR = True
IDPORTEN_TESTID = True
SOKER_INNLOGGING_MAKS_FORSOK = 1_000_000
SOKER_INNSENDING_MAKS = 1_000_000
LOGGING = logg.oppsett(json_linjer=False, niva="WARNING")
