from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from vigo import api, helse, views
from vigo.parametere import views as parameterviews

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("logg-inn/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("innlogging/soker/", include("vigo.idporten.urls")),  # applicants: ID-porten and TestID
    path("soker/", include("inntak.portal.urls")),  # the applicant's «Min side»
    path("personer/", views.person_liste, name="person_liste"),
    path("personer/<int:pk>/", views.person_detalj, name="person_detalj"),
    path("kjoringer/", views.kjoring_liste, name="kjoring_liste"),
    path("kjoringer/rader/", views.kjoring_rader, name="kjoring_rader"),
    path("kjoringer/ny/<str:kode>/", views.kjoring_ny, name="kjoring_ny"),
    path("kjoringer/<int:pk>/", views.kjoring_detalj, name="kjoring_detalj"),
    path("kjoringer/<int:pk>/fremdrift/", views.kjoring_fremdrift, name="kjoring_fremdrift"),
    path("kjoringer/<int:pk>/avbryt/", views.kjoring_avbryt, name="kjoring_avbryt"),
    path("kjoringer/fil/<int:pk>/", views.kjoring_fil, name="kjoring_fil"),
    path("dokumentmaler/", include("vigo.dokumentmal.urls")),
    path("fylkesadmin/systemparametere/", parameterviews.systemparametere, name="systemparametere"),
    path(
        "fylkesadmin/systemparametere/<str:nokkel>/historikk/",
        parameterviews.systemparameter_historikk,
        name="systemparameter_historikk",
    ),
    path("inntak/", include("inntak.urls")),
    path("elev/", include("inntak.elev.urls")),
    path("fagopplaering/", include("fagopplaering.urls")),
    path("kodeverk/", include("kodeverk.urls")),
    path("arshjul/", include("arshjul.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch in base.html
    path("poengkalkulator/", include("inntak.urls_kalkulator")),
    path("api/v1/poengkalkulator", include("inntak.urls_kalkulator_api")),
    path("api/v1/", include("vigo.api.urls")),  # SAS/skole-API med API-nøkler (vigo/api/urls.py)
    path("api/v1/", include(api.router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    path("helse/", helse.helse, name="helse"),
    path("helse/web/", helse.web, name="helse_web"),
]
