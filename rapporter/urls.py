from django.urls import path

from rapporter import views
from rapporter.adhoc import urls as adhoc_urls
from rapporter.innlesing import urls as innlesing_urls
from rapporter.statistikk import urls as statistikk_urls

app_name = "rapporter"
# One namespace («rapporter:»); the statistics, ad-hoc lists and inbound files keep their routes in their packages.
urlpatterns = [
    path("", views.index, name="index"),
    path("leveranser/", views.leveranse_liste, name="leveranser"),
    path("leveranser/skolefiler/", views.skolefiler, name="skolefiler"),
    path("leveranser/<int:pk>/", views.leveranse_detalj, name="leveranse"),
    path("leveranser/<int:pk>/sendt/", views.marker_sendt, name="marker_sendt"),
    path("leveranser/fil/<int:pk>/", views.last_ned, name="last_ned"),
    *statistikk_urls.urlpatterns,
    *adhoc_urls.urlpatterns,
    *innlesing_urls.urlpatterns,
]
