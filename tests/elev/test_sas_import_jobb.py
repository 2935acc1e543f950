"""Jobb 6A001 og siden /elev/sas/: opplasting starter jobben, avvist fil gir feilrapport på kjøringen, roller."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inntak.elev.models import Elevforhold, Elevimport
from vigo.models import Kjoring, KjoringFil, Rolle

from .test_sas_import import _fil, _linjer, lag_sas_kodeverk


@pytest.fixture
def sas_kv(kodeverk):
    return lag_sas_kodeverk(kodeverk)


def _klient(bruker) -> Client:
    c = Client()
    c.force_login(bruker)
    return c


def test_siden_som_roller(sas_kv, brukere):
    url = reverse("elev:sas_import")
    assert _klient(brukere["A"][Rolle.INNTAK]).get(url).status_code == 200
    assert _klient(brukere["A"][Rolle.LESE]).get(url).status_code == 403
    assert _klient(brukere["A"][Rolle.SKOLE]).get(url).status_code == 403


def test_opplasting_starter_jobben_og_importerer(sas_kv, brukere, django_capture_on_commit_callbacks):
    bruker = brukere["A"][Rolle.INNTAK]
    c = _klient(bruker)
    with django_capture_on_commit_callbacks(execute=True):
        svar = c.post(reverse("elev:sas_import"), {"fil": SimpleUploadedFile("skole.txt", _fil())})
    kj = Kjoring.objects.get(kode="6A001")
    assert svar.status_code == 302 and svar["Location"] == reverse("kjoring_detalj", args=[kj.pk])
    assert kj.status == "ferdig", kj.feil
    assert Elevforhold.objects.count() == 6
    imp = Elevimport.objects.get()
    assert imp.kjoring_id == kj.pk and kj.resultat["elevkurs"]["ny"] == 6
    kjoringsside = c.get(reverse("kjoring_detalj", args=[kj.pk])).content.decode()
    assert "6 nye, 0 endret, 0 uendret" in kjoringsside
    side = c.get(reverse("elev:sas_import"))
    assert "skole.txt" in side.content.decode() and "1 import" in side.content.decode()
    # The upload is not kept after the run.
    from inntak.elev.jobber.sas import lagring

    assert not lagring().exists(kj.parametere["fil"])


def test_avvist_fil_gir_feilrapport_og_feilet_kjoring(sas_kv, brukere, django_capture_on_commit_callbacks):
    linjer = _linjer(_fil())
    felt = linjer[4].split(";")
    felt[5] = "XYZ9999"
    linjer[4] = ";".join(felt)
    c = _klient(brukere["A"][Rolle.INNTAK])
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("elev:sas_import"), {"fil": SimpleUploadedFile("feil.txt", "".join(linjer).encode())})
    kj = Kjoring.objects.get(kode="6A001")
    assert kj.status == "feilet" and "ingenting er lagret" in kj.melding
    rapport = KjoringFil.objects.get(kjoring=kj)
    assert rapport.navn.endswith(".csv")
    innhold = rapport.fil.read().decode("utf-8-sig")
    assert "5;$KL;fagkode;XYZ9999;ukjent_kode;Ukjent fagkode «XYZ9999»." in innhold
    assert Elevforhold.objects.count() == 0
    assert Elevimport.objects.get().status == "avvist"


def test_ikke_sas_fil_avvises_pa_siden(sas_kv, brukere):
    c = _klient(brukere["A"][Rolle.INNTAK])
    svar = c.post(reverse("elev:sas_import"), {"fil": SimpleUploadedFile("x.txt", b"hei\n")})
    assert svar.status_code == 200 and "TOF" in svar.content.decode()
    assert not Kjoring.objects.filter(kode="6A001").exists()


@pytest.mark.parametrize("fil", ["../../etc/passwd", "sas_import/x.txt"])
def test_jobben_godtar_bare_egne_filreferanser(sas_kv, brukere, fil):
    from vigo.jobber.tjenester import KjoringFeil, start_kjoring

    with pytest.raises(KjoringFeil):
        start_kjoring(
            "6A001", sas_kv["A"], brukere["A"][Rolle.INNTAK], {"fil": fil, "filnavn": "x"}, send=False
        )
