"""Security review: the admin's side doors around the scoping layer (history pages, inlines, roles, import,
list filters, exports) and the audit of person lists."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from kodeverk import models as km
from tests.fabrikker import PersonFactory
from vigo.api.services.klienter import opprett_klient
from vigo.models import ApiKall, Foresatt, Innsyn, Person, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def personer(kodeverk):
    a = PersonFactory(fylke=kodeverk["A"], fornavn="Astrid", etternavn="Trondsen")
    b = PersonFactory(fylke=kodeverk["B"], fornavn="Bjørg", etternavn="Oslosen")
    b.adresse = "Hemmelig gate 1"
    b.save()
    return {"a": a, "b": b}


def test_historikk_i_admin_for_person_i_annet_fylke_er_404(client, brukere, personer):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    b = personer["b"]
    assert client.get(reverse("admin:vigo_person_history", args=[b.pk])).status_code == 404
    versjon = b.history.first().history_id
    url = reverse("admin:vigo_person_simple_history", args=[b.pk, versjon])
    resp = client.get(url)
    assert resp.status_code == 404 and "Oslosen" not in resp.content.decode()
    # Own county still works.
    a = personer["a"]
    assert client.get(reverse("admin:vigo_person_history", args=[a.pk])).status_code == 200


def test_historikkskjema_kan_ikke_skrive_over_person_i_annet_fylke(client, brukere, personer):
    inntak_a = brukere["A"][Rolle.INNTAK]
    inntak_a.is_staff = True
    inntak_a.save()
    client.force_login(inntak_a)
    b = personer["b"]
    url = reverse("admin:vigo_person_simple_history", args=[b.pk, b.history.first().history_id])
    resp = client.post(url, {"fornavn": "Endret", "etternavn": "Av A", "fodselsnummer": b.fodselsnummer})
    assert resp.status_code == 404
    b.refresh_from_db()
    assert b.fornavn == "Bjørg"


def test_historikkskjema_for_egen_person_logges(client, brukere, personer):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    a = personer["a"]
    url = reverse("admin:vigo_person_simple_history", args=[a.pk, a.history.first().history_id])
    assert client.get(url).status_code == 200
    assert Innsyn.objects.filter(person=a, handling="vis", hva__contains="historikk").exists()


def test_historikk_for_slettet_person_folger_fylket(client, brukere, personer):
    b_pk = personer["b"].pk
    Person.objects.filter(pk=b_pk).delete()
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert client.get(reverse("admin:vigo_person_history", args=[b_pk])).status_code == 404
    client.force_login(brukere["B"][Rolle.FYLKESADMIN])
    assert client.get(reverse("admin:vigo_person_history", args=[b_pk])).status_code == 200


def _request(bruker):
    request = RequestFactory().get("/admin/")
    request.user = bruker
    return request


def test_foresatt_inline_tar_bare_personer_i_eget_fylke(brukere, personer):
    person_admin = admin.site._registry[Person]
    inline = next(i for i in person_admin.get_inline_instances(_request(brukere["A"][Rolle.INNTAK]))
                  if i.model is Foresatt)  # fmt: skip
    felt = inline.formfield_for_foreignkey(
        Foresatt._meta.get_field("foresatt"), _request(brukere["A"][Rolle.INNTAK])
    )
    assert personer["a"] in felt.queryset and personer["b"] not in felt.queryset


def test_fylkesadmin_kan_ikke_gi_systemadministratorrollen(client, brukere):
    from django.contrib.auth.models import Group

    fylkesadmin = brukere["A"][Rolle.FYLKESADMIN]
    bruker_admin = admin.site._registry[type(fylkesadmin)]
    felt = bruker_admin.formfield_for_manytomany(
        type(fylkesadmin)._meta.get_field("groups"), _request(fylkesadmin)
    )
    sysadmin = Group.objects.get(name=Rolle.SYSADMIN)
    # Only roles whose permissions the county administrator holds itself (vigo.tilgang).
    assert sysadmin not in felt.queryset and Group.objects.get(name=Rolle.LESE) in felt.queryset
    assert Group.objects.get(name=Rolle.INNTAK) not in felt.queryset
    # Over HTTP: the choice is refused, the user does not become a system administrator.
    client.force_login(fylkesadmin)
    offer = brukere["A"][Rolle.LESE]
    client.post(reverse("admin:vigo_bruker_change", args=[offer.pk]), {
        "username": offer.username, "is_active": "on", "groups": [sysadmin.pk], "fylke": offer.fylke_id,
        "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
    })  # fmt: skip
    offer.refresh_from_db()
    assert not offer.groups.filter(pk=sysadmin.pk).exists()
    assert not type(offer).objects.get(pk=offer.pk).er_systemadministrator
    # A system administrator may still hand it out.
    felt = bruker_admin.formfield_for_manytomany(
        type(fylkesadmin)._meta.get_field("groups"), _request(brukere["A"][Rolle.SYSADMIN])
    )
    assert sysadmin in felt.queryset


def test_fylkesadmin_kan_ikke_importere_fylker_eller_skoler(client, brukere, kodeverk):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    fil = SimpleUploadedFile("f.csv", b"nummer,navn,aktiv\n03,Kapret,1\n", content_type="text/csv")
    resp = client.post(
        reverse("admin:kodeverk_fylke_import"), {"import_file": fil, "format": "0", "resource": "0"}
    )
    assert resp.status_code == 403
    assert client.get(reverse("admin:kodeverk_skole_import")).status_code == 403
    assert km.Fylke.objects.get(nummer="03").navn == "Oslo"


def test_apikall_filter_viser_ikke_andre_fylkers_klienter(client, brukere, kodeverk):
    a = opprett_klient(navn="Klient i Trøndelag", fylke=kodeverk["A"], scopes=[])
    b = opprett_klient(navn="Hemmelig Oslo-klient", fylke=kodeverk["B"], scopes=[])
    ApiKall.objects.create(klient=a, metode="GET", sti="/x", status=200)
    ApiKall.objects.create(klient=b, metode="GET", sti="/x", status=200)
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    html = client.get(reverse("admin:vigo_apikall_changelist")).content.decode()
    assert "Klient i Trøndelag" in html and "Hemmelig Oslo-klient" not in html


def test_personliste_uten_sok_logges(client, brukere, personer):
    client.force_login(brukere["A"][Rolle.LESE])
    html = client.get(reverse("person_liste")).content.decode()
    assert "Trondsen" in html and "Oslosen" not in html
    assert Innsyn.objects.filter(handling="vis", hva="Personliste", antall=1).exists()
