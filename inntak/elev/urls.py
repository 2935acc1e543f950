"""URLs of the student register under /elev/ (vigo/urls.py). Each views module owns its ``urlpatterns``."""

from inntak.elev.views import ot, person, sas

app_name = "elev"
urlpatterns = [*person.urlpatterns, *sas.urlpatterns, *ot.urlpatterns]
