"""URLs of fagopplæringens API under /api/v1/ (included through ``vigo.api.domener``). Ids are matched as text and
checked by the view, so «/kontrakter/abc» answers a JSON 404 like any unknown id."""

from django.urls import path

from fagopplaering.api import prover, views

urlpatterns = [
    path("kontrakter", views.Kontrakter.as_view(), name="api_kontrakter"),
    path("kontrakter/<str:pk>", views.KontraktDetalj.as_view(), name="api_kontrakt"),
    path("bedrifter/<str:orgnr>", views.BedriftDetalj.as_view(), name="api_bedrift"),
    path("prover/oppmeldinger", prover.Oppmeldinger.as_view(), name="api_prove_oppmeldinger"),
    path("prover/oppmeldinger/<str:pk>", prover.OppmeldingDetalj.as_view(), name="api_prove_oppmelding"),
]
