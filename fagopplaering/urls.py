"""URLs of fagopplæringen under /fagopplaering/ (vigo/urls.py). Each views module owns its ``urlpatterns``."""

from fagopplaering.views import bedrift, formidling, kontrakt, oversikt, sok, tilskudd

app_name = "fagopplaering"
urlpatterns = [
    *oversikt.urlpatterns,
    *sok.urlpatterns,
    *bedrift.urlpatterns,
    *formidling.urlpatterns,
    *kontrakt.urlpatterns,
    *tilskudd.urlpatterns,
]
