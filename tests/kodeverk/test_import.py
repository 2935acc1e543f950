"""Kodeverk import: the real data command, and admin imports where a bad row stops the whole file."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from kodeverk import models as m
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def test_importer_kodeverk_laster_ekte_data_og_er_idempotent():
    ut = io.StringIO()
    call_command("importer_kodeverk", stdout=ut)
    assert m.Fylke.objects.filter(aktiv=True).count() == 15
    assert m.Kommune.objects.count() == 357
    assert m.Programomrade.objects.count() == 497
    assert m.Skole.objects.count() == 569
    st = m.Programomrade.objects.get(kode="STUSP1----")
    assert st.niva == "VG1" and st.utdanningsprogram.kode == "ST" and st.poengberegnes
    assert m.Programomrade.objects.get(kode="BATMF3----").niva == "LAER"
    assert m.Programomrade.objects.get(kode="STREA3----").niva == "VG3"
    assert m.Programomrade.objects.get(kode="DHDHV1----").gyldig_til is not None
    assert m.Kommune.objects.get(nummer="0301").fylke.navn == "Oslo"
    skole = m.Skole.objects.get(organisasjonsnummer="974624494")
    assert skole.navn == "Åkrehamn vidaregåande skole" and skole.fylke.nummer == "11"
    assert skole.postnummer == "4270" and re.fullmatch(r"11\d{3}", skole.skolenummer)
    assert m.Karakterverdi.objects.get(kode="IV").tallverdi is None
    nummer_for = dict(m.Skole.objects.values_list("organisasjonsnummer", "skolenummer"))
    call_command("importer_kodeverk", stdout=io.StringIO())
    assert m.Skole.objects.count() == 569
    assert dict(m.Skole.objects.values_list("organisasjonsnummer", "skolenummer")) == nummer_for


def _importer(client, url_navn: str, innhold: str, filnavn="fil.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fil = SimpleUploadedFile(filnavn, innhold.encode("utf-8"), content_type="text/csv")
    return client.post(reverse(url_navn), {"import_file": fil, "format": "0", "resource": "0"})


GOD = """kode,navn,navn_nn,navn_en,niva,utdanningsprogram,gyldig_fra,gyldig_til,poengberegnes,landslinje
STUSP1----,Studiespesialisering,Studiespesialisering,,VG1,ST,,,1,0
STREA2----,Realfag vg2,Realfag vg2,,VG2,ST,,,1,0
"""
DARLIG = """kode,navn,navn_nn,navn_en,niva,utdanningsprogram,gyldig_fra,gyldig_til,poengberegnes,landslinje
STREA2----,Realfag vg2,Realfag vg2,,VG2,ST,,,1,0
FEIL,For kort kode,,,VG1,ST,,,1,0
STREA3----,Realfag vg3,,,VG9,ST,,,1,0
"""


@pytest.fixture
def admin_klient(client, brukere):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    return client


def test_admin_import_av_god_fil_med_forhandsvisning(admin_klient, kodeverk):
    resp = _importer(admin_klient, "admin:kodeverk_programomrade_import", GOD)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Realfag vg2" in html and "confirm" in html.lower()  # a preview with a confirm form
    assert not m.Programomrade.objects.filter(kode="STREA2----").exists()  # nothing stored before confirm


def test_admin_import_av_fil_med_darlige_rader_importerer_ingenting_og_navngir_radene(admin_klient, kodeverk):
    for_antall = m.Programomrade.objects.count()
    resp = _importer(admin_klient, "admin:kodeverk_programomrade_import", DARLIG)
    html = resp.content.decode()
    assert m.Programomrade.objects.count() == for_antall
    assert not m.Programomrade.objects.filter(kode="STREA2----").exists()
    # Both bad rows are named (rows 2 and 3 of the data) with the reason, and there is nothing to confirm.
    assert "FEIL" in html and "VG9" in html
    assert "10 tegn" in html
    assert "process_import" not in html


def test_fylkesadministrator_ser_bare_eget_fylke_i_admin(client, brukere, kodeverk):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    html = client.get(reverse("admin:kodeverk_skole_changelist")).content.decode()
    assert "Charlottenlund" in html and "Oslo katedralskole" not in html
    html = client.get(reverse("admin:kodeverk_fylke_changelist")).content.decode()
    assert "Trøndelag" in html and "Oslo" not in html
