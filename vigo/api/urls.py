"""URLs of the SAS/school API under /api/v1/ (no trailing slash, like /api/v1/poengkalkulator).

The core serves the SAS persons and elevforhold; every domain app serves its own endpoints from its ``api``
package, registered in its ``AppConfig.ready`` (``vigo.api.domener.registrer_api``): ``kodeverk.api.urls``,
``inntak.api.urls``. Ids are matched as text and checked by the view, so «/elever/abc» answers a JSON 404 like
any unknown id.
"""

from django.urls import path

from vigo.api.domener import domene_urls
from vigo.api.views import sas

urlpatterns = [
    *domene_urls(),
    path("elever", sas.Elever.as_view(), name="api_elever"),
    path("elever/<str:pk>", sas.Elev.as_view(), name="api_elev"),
    path("elevforhold", sas.Elevforholdliste.as_view(), name="api_elevforholdliste"),
    path("elevforhold/<str:pk>", sas.Elevforhold.as_view(), name="api_elevforhold"),
    path("sluttere", sas.Sluttere.as_view(), name="api_sluttere"),
]
