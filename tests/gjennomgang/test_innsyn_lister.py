"""Security review: every page listing applicants and every admin export of personal data is audited."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from import_export.formats.base_formats import CSV

from inntak.models import Karakter, Soknad
from kodeverk import models as km
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def soknader(kodeverk):
    ar = km.Skolear.objects.create(
        kode="2026-2027", startdato=datetime.date(2026, 8, 1), sluttdato=datetime.date(2027, 7, 31)
    )
    fortrinn = km.Behandlingskategori.objects.create(kode="FOR615", navn="Fortrinn", gruppe="fortrinn")
    ut = {}
    for nokkel, navn in (("A", "Aasen"), ("B", "Oslosen")):
        person = PersonFactory(fylke=kodeverk[nokkel], fornavn="Test", etternavn=navn)
        ut[nokkel] = Soknad.objects.create(
            person=person, skolear=ar, fylke=kodeverk[nokkel], hjemfylke=kodeverk[nokkel], niva="VG1",
            rettstatus="ungdomsrett", behandlingskategori=fortrinn,
        )  # fmt: skip
    return ut


def test_arbeidsko_logges(client, brukere, soknader):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:arbeidsko"), {"skolear": "2026-2027"}).content.decode()
    assert "Aasen" in html and "Oslosen" not in html
    assert Innsyn.objects.filter(handling="vis", hva="Arbeidskø", antall=1).exists()


def test_sokerliste_uten_sok_logges(client, brukere, soknader):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:sok")).content.decode()
    assert "Aasen" in html and "Oslosen" not in html
    assert Innsyn.objects.filter(handling="vis", hva="Søkerliste", antall=1).exists()


def test_eksport_av_karakterer_i_admin_logges(brukere, soknader):
    fagtype = km.Fagtype.objects.create(kode="FF", navn="Fellesfag")
    km.Fag.objects.create(kode="NOR0214", navn="Norsk", fagtype=fagtype, grunnskole=True)
    for s in soknader.values():
        Karakter.objects.create(person=s.person, fylke=s.fylke, fag_id="NOR0214", vurdering="standpunkt",
                                karakter="4")  # fmt: skip
    bruker = brukere["A"][Rolle.INNTAK]
    request = RequestFactory().get("/admin/inntak/karakter/export/")
    request.user = bruker
    karakter_admin = admin.site._registry[Karakter]
    qs = karakter_admin.get_export_queryset(request)
    assert qs.count() == 1
    karakter_admin.get_export_data(CSV(), request, qs)
    assert Innsyn.objects.filter(
        handling="eksport", bruker=bruker, antall=1, hva__contains="karakter"
    ).exists()
