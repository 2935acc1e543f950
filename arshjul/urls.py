from django.urls import path, re_path

from arshjul import views, views_eksport, views_hendelse

app_name = "arshjul"
AR = r"(?P<skolear>\d{4}-\d{4})"

urlpatterns = [
    path("", views.index, name="index"),
    path("regler/", views.regler, name="regler"),
    path("rutiner/", views.rutiner, name="rutiner"),
    path("importer/", views_eksport.importer, name="importer"),
    path("abonnement/", views_eksport.abonnement, name="abonnement"),
    re_path(r"^ical/(?P<token>[A-Za-z0-9_-]{20,64})/" + AR + r"\.ics$", views_eksport.ical, name="ical"),
    re_path(r"^na/(?P<visning>liste|kalender|hjul)/$", views.til_standard, name="til_standard"),
    re_path(rf"^{AR}/$", views.liste, name="liste"),
    re_path(rf"^{AR}/kalender/$", views.kalender, name="kalender"),
    re_path(rf"^{AR}/hjul/$", views.hjul, name="hjul"),
    re_path(rf"^{AR}/pdf/$", views_eksport.pdf, name="pdf"),
    re_path(rf"^{AR}/eksport\.(?P<format>ics|json)$", views_eksport.last_ned, name="eksport"),
    re_path(rf"^{AR}/publiser/$", views_eksport.publiser, name="publiser"),
    re_path(rf"^{AR}/kopier/$", views_eksport.kopier, name="kopier"),
    path("hendelse/<int:pk>/", views_hendelse.detalj, name="hendelse"),
    path("hendelse/<int:pk>/kategori/", views_hendelse.kategori, name="kategori"),
    path("hendelse/<int:pk>/status/", views_hendelse.status, name="status"),
    path("hendelse/<int:pk>/ansvar/", views_hendelse.ansvar, name="ansvar"),
    path("hendelse/<int:pk>/planlegg/", views_hendelse.planlegg, name="planlegg"),
    path("planlagt/<int:pk>/avbryt/", views_hendelse.avbryt_planlagt, name="avbryt_planlagt"),
]
