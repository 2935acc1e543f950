"""URLs of the student register under /elev/ (vigo/urls.py). Each views module owns its ``urlpatterns``."""

from inntak.elev.views import ot, oversikt, person, privatist, sas

app_name = "elev"
urlpatterns = [
    *oversikt.urlpatterns,
    *person.urlpatterns,
    *sas.urlpatterns,
    *privatist.urlpatterns,
    *ot.urlpatterns,
]
