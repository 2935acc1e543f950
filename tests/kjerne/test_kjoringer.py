"""Job runs: lifecycle, failure, one-at-a-time per county, cancel, dead workers, files and their audit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.fabrikker import PersonFactory
from vigo import jobber
from vigo.jobber import tjenester
from vigo.models import Innsyn, Kjoring, Rolle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def testjobber():
    @jobber.jobbtype("9T001", "Testjobb som feiler", tillatelse="vigo.add_kjoring")
    def feiler(ktx):
        ktx.fremdrift(1, 4, "Første steg", tving=True)
        raise ValueError("noe gikk galt")

    @jobber.jobbtype(
        "9T002", "Testjobb som krever 9T003", forgjengere=("9T003",), tillatelse="vigo.add_kjoring"
    )
    def med_forgjenger(ktx):
        return {"ok": True}

    @jobber.jobbtype("9T003", "Testjobb som teller", tillatelse="vigo.add_kjoring")
    def teller(ktx):
        for i in range(1, 6):
            ktx.fremdrift(i, 5, f"Steg {i}", tving=True)
        ktx.lagre_fil("ut.txt", "hei", "text/plain", personopplysninger=False)
        return {"steg": 5}

    yield
    for kode in ("9T001", "9T002", "9T003"):
        jobber.avregistrer(kode)


def test_vellykket_kjoring_far_fremdrift_logg_og_fil(brukere, testjobber):
    bruker = brukere["A"][Rolle.INNTAK]
    kj = tjenester.start_kjoring("9T003", bruker.fylke, bruker)
    kj.refresh_from_db()
    assert kj.status == "ferdig"
    assert kj.prosent == 100 and kj.antall_ferdig == 5 and kj.resultat == {"steg": 5}
    assert kj.startet and kj.avsluttet and kj.avsluttet >= kj.startet
    assert [f.navn for f in kj.filer.all()] == ["ut.txt"]
    assert any("Ferdig" in linje.tekst for linje in kj.logg.all())


def test_feilende_jobb_markeres_feilet_med_logg(brukere, testjobber):
    bruker = brukere["A"][Rolle.INNTAK]
    kj = tjenester.start_kjoring("9T001", bruker.fylke, bruker)
    kj.refresh_from_db()
    assert kj.status == "feilet"
    assert "noe gikk galt" in kj.feil and "ValueError" in kj.feil
    assert kj.logg.filter(niva="feil").exists()
    assert kj.antall_ferdig == 1 and kj.antall_totalt == 4


def test_bare_en_aktiv_kjoring_per_fylke_og_jobb(brukere, testjobber, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from unittest import mock

    a = brukere["A"][Rolle.INNTAK]
    b = brukere["B"][Rolle.INNTAK]
    with mock.patch("vigo.jobber.tjenester._send"):
        tjenester.start_kjoring("9T003", a.fylke, a)
        with pytest.raises(tjenester.KjoringPagar, match="pågår allerede"):
            tjenester.start_kjoring("9T003", a.fylke, a)
        tjenester.start_kjoring("9T003", b.fylke, b)  # another county is fine
    assert Kjoring.objects.filter(kode="9T003", status="venter").count() == 2


def test_kan_ikke_starte_i_annet_fylke(brukere, testjobber):
    from django.core.exceptions import PermissionDenied

    a = brukere["A"][Rolle.INNTAK]
    with pytest.raises(PermissionDenied):
        tjenester.start_kjoring("9T003", brukere["B"][Rolle.INNTAK].fylke, a)


def test_forgjenger_mangler_krever_begrunnelse_som_logges(brukere, testjobber):
    a = brukere["A"][Rolle.INNTAK]
    with pytest.raises(tjenester.KjoringFeil, match="9T003"):
        tjenester.start_kjoring("9T002", a.fylke, a)
    kj = tjenester.start_kjoring("9T002", a.fylke, a, overstyring="Rettet manuelt i dag")
    kj.refresh_from_db()
    assert kj.status == "ferdig" and kj.overstyrt == "Rettet manuelt i dag"
    assert kj.logg.filter(niva="advarsel", tekst__contains="overstyrt").exists()
    tjenester.start_kjoring("9T003", a.fylke, a)
    kj2 = tjenester.start_kjoring("9T002", a.fylke, a)  # predecessor has now run: no override needed
    assert kj2.overstyrt == ""


def test_dod_arbeider_etterlater_ikke_kjoring_som_kjorer(brukere, settings):
    a = brukere["A"][Rolle.INNTAK]
    gammel = timezone.now() - datetime.timedelta(seconds=settings.KJORING_DOD_ETTER_SEKUNDER + 5)
    dod = Kjoring.objects.create(kode="0P001", navn="x", fylke=a.fylke, status="kjorer", hjerteslag=gammel,
                                 arbeider="worker@a")  # fmt: skip
    levende = Kjoring.objects.create(kode="0P001", navn="x", fylke=brukere["B"][Rolle.INNTAK].fylke,
                                     status="kjorer", hjerteslag=timezone.now(), arbeider="worker@b")  # fmt: skip
    assert tjenester.marker_dode() == 1
    dod.refresh_from_db()
    levende.refresh_from_db()
    assert dod.status == "feilet" and "livstegn" in dod.feil
    assert levende.status == "kjorer"
    # A worker that restarts marks its own earlier runs as failed.
    assert tjenester.marker_dode(arbeider="worker@b") == 1
    levende.refresh_from_db()
    assert levende.status == "feilet"


def test_gjentatt_levering_er_idempotent(brukere, testjobber):
    a = brukere["A"][Rolle.INNTAK]
    kj = tjenester.start_kjoring("9T003", a.fylke, a)
    assert tjenester.utfor(kj.pk) == "hoppet over"
    kj.refresh_from_db()
    assert kj.status == "ferdig"


def test_avbryt_ventende_kjoring(brukere, testjobber, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from unittest import mock

    a = brukere["A"][Rolle.INNTAK]
    with mock.patch("vigo.jobber.tjenester._send"):
        kj = tjenester.start_kjoring("9T003", a.fylke, a)
    assert tjenester.avbryt(kj, a)
    assert tjenester.utfor(kj.pk) == "hoppet over"
    kj.refresh_from_db()
    assert kj.status == "avbrutt"
    assert not tjenester.avbryt(kj, a)  # avbrutt is final (transition table)


def test_eksport_av_personregister_via_ui_med_fil_og_innsynslogg(client, brukere, kodeverk):
    PersonFactory.create_batch(3, fylke=kodeverk["A"])
    PersonFactory(fylke=kodeverk["B"], etternavn="Annetfylke")
    a = brukere["A"][Rolle.INNTAK]
    client.force_login(a)
    resp = client.post(reverse("kjoring_ny", args=["0P001"]))
    kj = Kjoring.objects.get(kode="0P001")
    assert resp.status_code == 302 and resp["Location"] == reverse("kjoring_detalj", args=[kj.pk])
    assert kj.status == "ferdig" and kj.resultat == {"personer": 3}
    fil = kj.filer.get()
    innhold = b"".join(client.get(reverse("kjoring_fil", args=[fil.pk])).streaming_content).decode()
    assert innhold.count("\n") == 4 and "Annetfylke" not in innhold
    assert Innsyn.objects.filter(handling="eksport", antall=3).exists()
    assert Innsyn.objects.filter(handling="nedlasting", bruker=a).exists()
    # Another county's user can neither see the run nor download the file.
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert client.get(reverse("kjoring_detalj", args=[kj.pk])).status_code == 404
    assert client.get(reverse("kjoring_fil", args=[fil.pk])).status_code == 404


def test_fremdrift_fragment_og_kommando(brukere, testjobber, client):
    from django.core.management import call_command

    call_command("kjoring", "9T003", "--fylke", "50", "--direkte")
    kj = Kjoring.objects.get(kode="9T003")
    assert kj.status == "ferdig" and kj.startet_av_tekst == "kommandolinje"
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("kjoring_fremdrift", args=[kj.pk])).content.decode()
    assert 'value="100"' in html and "Ferdig" in html
