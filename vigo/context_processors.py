from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

OMRADER = [
    ("inntak", _("Inntak"), "inntak:index"),
    ("fagopplaering", _("Fagopplæring"), "fagopplaering:index"),
    ("kodeverk", _("Kodeverk"), "kodeverk:index"),
    ("arshjul", _("Årshjul"), "arshjul:index"),
    ("rapporter", _("Rapporter"), "rapporter:index"),
    ("kjoringer", _("Kjøringer"), "kjoring_liste"),
    ("personer", _("Personer"), "person_liste"),
]
# Areas shown only to users with a permission (the page itself checks it again): area, name, URL name, permission.
OMRADER_MED_TILLATELSE = [
    ("elev", _("Elevdatabasen"), "elev:elevkurs_liste", "elev.view_elevforhold"),
    ("dokumentmaler", _("Dokumentmaler"), "dokumentmal:liste", "vigo.view_dokumentmal"),
]


def navigasjon(request):
    meny = []
    sti = request.path
    for nokkel, navn, url_navn in OMRADER:
        try:
            url = reverse(url_navn)
        except NoReverseMatch:
            continue
        meny.append({"nokkel": nokkel, "navn": navn, "url": url, "aktiv": sti.startswith(url)})
    bruker = getattr(request, "user", None)
    for nokkel, navn, url_navn, tillatelse in OMRADER_MED_TILLATELSE:
        if bruker is None or not bruker.has_perm(tillatelse):
            continue
        try:
            url = reverse(url_navn)
        except NoReverseMatch:
            continue
        meny.append({"nokkel": nokkel, "navn": navn, "url": url, "aktiv": sti.startswith(url)})
    return {"hovedmeny": meny}
