"""URLs of the kodeverk API under /api/v1/ (included through ``vigo.api.domener``)."""

from django.urls import path

from kodeverk.api import views

urlpatterns = [
    path("kodeverk/programomrader", views.Programomrader.as_view(), name="api_programomrader"),
    path("kodeverk/fag", views.Fag.as_view(), name="api_fag"),
    path("kodeverk/skoler", views.Skoler.as_view(), name="api_skoler"),
    path("kodeverk/karakterverdier", views.Karakterverdier.as_view(), name="api_karakterverdier"),
    path("kodeverk/fagstatuser", views.Fagstatuser.as_view(), name="api_fagstatuser"),
    path("kodeverk/elevstatuser", views.Elevstatuser.as_view(), name="api_elevstatuser"),
    path("kodeverk/skolear", views.Skolear.as_view(), name="api_skolear"),
]
