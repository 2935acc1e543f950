"""URLs of the SAS/school API under /api/v1/ (no trailing slash, like /api/v1/poengkalkulator).

Ids are matched as text and checked by the view, so «/elever/abc» answers a JSON 404 like any unknown id.
"""

from django.urls import path

from vigo.api.views import inntak, kodeverk, sas

urlpatterns = [
    path("kodeverk/programomrader", kodeverk.Programomrader.as_view(), name="api_programomrader"),
    path("kodeverk/fag", kodeverk.Fag.as_view(), name="api_fag"),
    path("kodeverk/skoler", kodeverk.Skoler.as_view(), name="api_skoler"),
    path("kodeverk/karakterverdier", kodeverk.Karakterverdier.as_view(), name="api_karakterverdier"),
    path("kodeverk/fagstatuser", kodeverk.Fagstatuser.as_view(), name="api_fagstatuser"),
    path("kodeverk/elevstatuser", kodeverk.Elevstatuser.as_view(), name="api_elevstatuser"),
    path("kodeverk/skolear", kodeverk.Skolear.as_view(), name="api_skolear"),
    path("tilbud", inntak.Tilbudliste.as_view(), name="api_tilbud"),
    path("inntak/resultater", inntak.Inntaksresultater.as_view(), name="api_inntaksresultater"),
    path("elever", sas.Elever.as_view(), name="api_elever"),
    path("elever/<str:pk>", sas.Elev.as_view(), name="api_elev"),
    path("elevforhold", sas.Elevforholdliste.as_view(), name="api_elevforholdliste"),
    path("elevforhold/<str:pk>", sas.Elevforhold.as_view(), name="api_elevforhold"),
    path("elevfag", sas.Elevfagliste.as_view(), name="api_elevfagliste"),
    path("elevfag/<str:pk>", sas.Elevfag.as_view(), name="api_elevfag"),
    path("karakterer", sas.Karakterer.as_view(), name="api_karakterer"),
    path("karakterer/<str:pk>", sas.Karakter.as_view(), name="api_karakter"),
    path("sluttere", sas.Sluttere.as_view(), name="api_sluttere"),
    path("grunnskolekarakterer", sas.Grunnskolekarakterer.as_view(), name="api_grunnskolekarakterer"),
]
