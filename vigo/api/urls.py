"""URLs of the SAS/school API under /api/v1/ (no trailing slash, like /api/v1/poengkalkulator).

The core serves no domain of its own here: every domain app serves its endpoints from its ``api`` package,
registered in its ``AppConfig.ready`` (``vigo.api.domener.registrer_api``): ``kodeverk.api.urls``,
``inntak.api.urls``, ``inntak.elev.api.urls`` (elever, elevforhold, sluttere). The person endpoint of the
session API is the core's (``vigo.api.personer``).
"""

from vigo.api.domener import domene_urls

urlpatterns = [
    *domene_urls(),
]
