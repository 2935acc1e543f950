from django.urls import path

from rapporter import views

app_name = "rapporter"
urlpatterns = [
    path("", views.index, name="index"),
    path("leveranser/", views.leveranse_liste, name="leveranser"),
    path("leveranser/skolefiler/", views.skolefiler, name="skolefiler"),
    path("leveranser/<int:pk>/", views.leveranse_detalj, name="leveranse"),
    path("leveranser/<int:pk>/sendt/", views.marker_sendt, name="marker_sendt"),
    path("leveranser/fil/<int:pk>/", views.last_ned, name="last_ned"),
]
