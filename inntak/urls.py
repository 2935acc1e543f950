from django.urls import path

from inntak import views

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
    path("arbeidsko/", views.arbeidsko, name="arbeidsko"),
]
