"""URLs of the student register's API under /api/v1/ (included through ``vigo.api.domener``). Ids are matched as
text and checked by the view, so «/elever/abc» answers a JSON 404 like any unknown id."""

from django.urls import path

from inntak.elev.api import views

urlpatterns = [
    path("elever", views.Elever.as_view(), name="api_elever"),
    path("elever/<str:pk>", views.Elev.as_view(), name="api_elev"),
    path("elevforhold", views.Elevforholdliste.as_view(), name="api_elevforholdliste"),
    path("elevforhold/<str:pk>", views.Elevforhold.as_view(), name="api_elevforhold"),
    path("sluttere", views.Sluttere.as_view(), name="api_sluttere"),
]
