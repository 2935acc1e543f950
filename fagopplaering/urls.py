"""URLs of fagopplæringen under /fagopplaering/ (vigo/urls.py). Each views module owns its ``urlpatterns``."""

from fagopplaering.views import (
    bedrift,
    formidling,
    kontrakt,
    nemnd,
    oversikt,
    prove,
    provestatistikk,
    sok,
    tilskudd,
)

app_name = "fagopplaering"
urlpatterns = [
    *oversikt.urlpatterns,
    *sok.urlpatterns,
    *bedrift.urlpatterns,
    *formidling.urlpatterns,
    *kontrakt.urlpatterns,
    *tilskudd.urlpatterns,
    *prove.urlpatterns,
    *nemnd.urlpatterns,
    *provestatistikk.urlpatterns,
]
