from django.urls import include, path

from inntak import views
from inntak.views import dokumenter, prove
from inntak.views import inntakskjoring as ik
from inntak.views import inntakskjoring_svar as iks
from inntak.views import soknad_registrering as sr

app_name = "inntak"
urlpatterns = [
    path("", views.index, name="index"),
    path("sokere/", views.sok, name="sok"),
    path("soknad/<int:pk>/", views.soknad_detalj, name="soknad"),
    path("soknad/<int:pk>/onsker/<int:onske_pk>/flytt/", views.flytt_onske, name="flytt_onske"),
    path("soknad/<int:pk>/vedtak/", views.vedtak, name="vedtak"),
    path("vedtaksdokument/<int:pk>/", views.dokument, name="dokument"),
    path("tilbud/", views.tilbud_liste, name="tilbud_liste"),
    path("tilbud/<int:pk>/", views.tilbud_detalj, name="tilbud"),
    path("tilbud/<int:pk>/inntaksprove/", prove.inntaksprove, name="inntaksprove"),
    path("arbeidsko/", views.arbeidsko, name="arbeidsko"),
    # Inntakskjøring (1I001-1I003)
    path("inntakskjoring/", ik.liste, name="ik_liste"),
    path("inntakskjoring/ny/", ik.ny, name="ik_ny"),
    path("inntakskjoring/jobb/<int:kjoring_pk>/", ik.jobb, name="ik_jobb"),
    path("inntakskjoring/<int:pk>/", ik.detalj, name="ik_detalj"),
    path("inntakskjoring/<int:pk>/publiser/", ik.publiser, name="ik_publiser"),
    path("inntakskjoring/<int:pk>/slett/", ik.slett, name="ik_slett"),
    path("inntakskjoring/<int:pk>/tilbud/<int:tilbud_pk>/", ik.tilbud, name="ik_tilbud"),
    path("inntakskjoring/<int:pk>/sammenlign/", ik.sammenlign, name="ik_sammenlign"),
    path("inntakskjoring/<int:pk>/<str:hva>.json", ik.json_fil, name="ik_json"),
    path("inntakskjoring/<int:pk>/svar/", iks.svaroversikt, name="ik_svar"),
    path("inntakskjoring/<int:pk>/svar/<int:soknad_pk>/", iks.registrer_svar, name="ik_registrer_svar"),
    path("inntakskjoring/<int:pk>/unntak/<int:soknad_pk>/", iks.unntak, name="ik_unntak"),
    path("inntakskjoring/<int:pk>/rett/", iks.rett, name="ik_rett"),
    path("inntakskjoring/<int:pk>/brev/<int:soknad_pk>/", iks.brev_pdf, name="ik_brev"),
    path("poenggrenser/", ik.poenggrenser, name="poenggrenser"),
    path("", include("inntak.voksen.urls")),  # Inntak av voksne (kapittel 13)
    path("soknaddokument/<int:pk>/", dokumenter.soknaddokument, name="soknaddokument"),
    # Søknad registered or changed by a caseworker on the applicant's behalf (papirsøknad)
    path("soknad/ny/", sr.ny, name="soknad_ny"),
    path("soknad/<int:pk>/endre/", sr.endre, name="soknad_endre"),
]
