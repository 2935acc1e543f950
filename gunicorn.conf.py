"""gunicorn's settings, read from the working directory (/app in the image) before the command-line flags.

gunicorn's own lines go through the same logging as Django's (vigo/logg.py): JSON lines and the personal data
filter. The access line has the path without the query string and no referrer or user agent: a search
(``/personer/?q=…``) or the page it came from can hold a name or a fødselsnummer.
"""

import os

from vigo import logg

accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
logconfig_dict = logg.oppsett(
    json_linjer=os.environ.get("LOG_JSON", "1").strip().lower() in {"1", "true", "yes", "ja", "on"},
    niva=os.environ.get("LOG_LEVEL", "INFO").upper(),
)
