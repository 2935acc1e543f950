"""The admin in Norwegian where Django allows: Django's own nb catalogue, completed by the project's
(locale/nb/LC_MESSAGES/django.po) for strings it lacks, and Norwegian verbose names on every model and field of
kodeverk, arshjul and vigo."""

from __future__ import annotations

import re

import pytest
from django.apps import apps

from vigo.models import Rolle

ENGELSK = (
    "Skip to main content",
    "Model name",
    "Add link",
    "Change or view list link",
    "Toggle theme",
    "Filter navigation items",
    "Start typing to filter",
    "Breadcrumbs",
    "Sidebar",
)


@pytest.mark.django_db
def test_adminforsiden_er_pa_norsk(client, brukere):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    html = client.get("/admin/").content.decode()
    assert 'lang="nb"' in html
    for norsk in ("Logg ut", "Endre passord", "Vis nettsted", "Siste handlinger", "Hopp til hovedinnholdet"):
        assert norsk in html, norsk
    for engelsk in ENGELSK:
        assert engelsk not in html, engelsk


@pytest.mark.django_db
def test_api_nokler_har_norske_kolonner(client, brukere):
    from vigo.models import ApiKlient

    klient = ApiKlient.objects.create(navn="Skolesystem", fylke=brukere["A"][Rolle.FYLKESADMIN].fylke)
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    html = client.get(f"/admin/vigo/apiklient/{klient.pk}/change/").content.decode()
    overskrifter = re.findall(r'<th class="column-[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert {"Prefiks", "Navn", "Opprettet", "Utløper", "Trukket tilbake"} <= set(overskrifter), overskrifter
    assert "View selected" not in html


@pytest.mark.django_db
def test_importsiden_er_pa_norsk(client, brukere):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    html = client.get("/admin/kodeverk/skole/import/").content.decode()
    assert "Fil som skal importeres" in html and "Send inn" in html
    assert "File to import" not in html and ">Submit<" not in html


def _modeller():
    for app in ("kodeverk", "arshjul", "vigo"):
        yield from apps.get_app_config(app).get_models()


def test_alle_modeller_har_norske_navn():
    mangler = [
        f"{m._meta.label}.{attr}"
        for m in _modeller()
        for attr in ("verbose_name", "verbose_name_plural")
        if attr not in m._meta.original_attrs
    ]
    assert not mangler, mangler
    historiske = [m._meta.label for m in _modeller() if str(m._meta.verbose_name).startswith("historical")]
    assert not historiske, historiske


# ASCII spellings in a field name that would show as a column heading without a verbose_name.
_ASCII = re.compile(
    r"\b(niva|storrelse|kjoring|programomrade|skolear|foresporsel|onske)\b|\b(prefix|created|revoked)\b"
)


def test_ingen_feltnavn_med_ascii_stavemate_eller_engelsk():
    feil = [
        f"{m._meta.label}.{f.name}: {f.verbose_name}"
        for m in _modeller()
        for f in m._meta.get_fields()
        if f.concrete and _ASCII.search(str(f.verbose_name))
    ]
    assert not feil, feil
