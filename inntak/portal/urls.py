from django.urls import path

from inntak.portal import dokumentasjon, soknad, views

app_name = "portal"
urlpatterns = [
    path("", views.min_side, name="min_side"),
    path("svar/<int:soknad_pk>/", views.svar, name="svar"),
    path("tilbudsbrev/<int:soknad_pk>/", views.tilbudsbrev, name="tilbudsbrev"),
    # The applicant applies (inntak/portal/soknad.py): start, the draft and its actions, change a søknad sent.
    path("soknad/ny/", soknad.soknad_start, name="soknad_start"),
    path("soknad/kladd/", soknad.soknad_kladd, name="soknad_kladd"),
    path("soknad/kladd/legg-til/", soknad.kladd_legg_til, name="kladd_legg_til"),
    path("soknad/kladd/fjern/", soknad.kladd_fjern, name="kladd_fjern"),
    path("soknad/kladd/flytt/", soknad.kladd_flytt, name="kladd_flytt"),
    path("soknad/kladd/forkast/", soknad.kladd_forkast, name="kladd_forkast"),
    path("soknad/kladd/send/", soknad.kladd_send, name="kladd_send"),
    path("soknad/<int:soknad_pk>/endre/", soknad.soknad_endre, name="soknad_endre"),
    path("soknad/<int:soknad_pk>/dokumentasjon/", dokumentasjon.side, name="dokumentasjon"),
]
