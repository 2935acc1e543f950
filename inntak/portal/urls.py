from django.urls import path

from inntak.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.min_side, name="min_side"),
    path("svar/<int:soknad_pk>/", views.svar, name="svar"),
    path("tilbudsbrev/<int:soknad_pk>/", views.tilbudsbrev, name="tilbudsbrev"),
]
