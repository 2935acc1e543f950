"""Routines with a fixed order: 5A018 then 5A019 before 6A015; søker til elev (5A001) before OT lines."""

import pytest
from django.urls import reverse

from arshjul import rutiner, selectors
from arshjul.models import Rutine
from vigo import jobber
from vigo.jobber import tjenester
from vigo.jobber.rekkefolge import forgjengere_for
from vigo.models import Kjoring, Rolle

pytestmark = pytest.mark.django_db


def test_rekkefolgen_kommer_fra_rutinene_i_databasen(testjobber):
    assert rutiner.par(selectors.rutiner()) == [("5A018", "5A019"), ("5A019", "6A015"), ("5A001", "6A015")]
    assert forgjengere_for(jobber.hent("6A015")) == ["5A001", "5A019"]
    assert forgjengere_for(jobber.hent("5A019")) == ["5A018"]
    assert selectors.forgjengere_fra_db("6A015") == {"5A001", "5A019"}


def test_en_deaktivert_rutine_gjelder_ikke_lenger(testjobber):
    """The database is the one source: no constant copy keeps a deactivated routine's order alive."""
    Rutine.objects.filter(navn="Overføring av sluttet til OT").update(aktiv=False)
    assert forgjengere_for(jobber.hent("5A019")) == []
    assert forgjengere_for(jobber.hent("6A015")) == ["5A001"]


def test_6a015_uten_5a019_krever_overstyring_som_logges(
    brukere, testjobber, django_capture_on_commit_callbacks
):
    bruker = brukere["A"][Rolle.INNTAK]
    fylke = bruker.fylke
    with pytest.raises(tjenester.KjoringFeil, match="5A019"):
        tjenester.start_kjoring("6A015", fylke, bruker)
    with django_capture_on_commit_callbacks(execute=True):
        tjenester.start_kjoring("5A018", fylke, bruker)
        tjenester.start_kjoring("5A001", fylke, bruker)
    with pytest.raises(tjenester.KjoringFeil, match="5A019"):  # 5A018 alone is not enough
        tjenester.start_kjoring("6A015", fylke, bruker)
    kj = tjenester.start_kjoring("6A015", fylke, bruker, overstyring="5A019 kjørt i gammel løsning")
    assert kj.overstyrt == "5A019 kjørt i gammel løsning"
    assert kj.logg.filter(niva="advarsel", tekst__contains="mangler 5A019").exists()
    Kjoring.objects.filter(pk=kj.pk).update(status="avbrutt")
    with django_capture_on_commit_callbacks(execute=True):
        tjenester.start_kjoring("5A019", fylke, bruker)
    assert tjenester.start_kjoring("6A015", fylke, bruker).overstyrt == ""


def test_andre_fylkers_kjoringer_teller_ikke(brukere, testjobber, django_capture_on_commit_callbacks):
    oslo = brukere["B"][Rolle.INNTAK]
    for kode in ("5A018", "5A019", "5A001"):
        with django_capture_on_commit_callbacks(execute=True):
            tjenester.start_kjoring(kode, oslo.fylke, oslo)
    with pytest.raises(tjenester.KjoringFeil):
        tjenester.start_kjoring("6A015", brukere["A"][Rolle.INNTAK].fylke, brukere["A"][Rolle.INNTAK])


def test_rutinesiden_viser_steg_og_status(brukere, testjobber, client, django_capture_on_commit_callbacks):
    bruker = brukere["A"][Rolle.INNTAK]
    with django_capture_on_commit_callbacks(execute=True):
        tjenester.start_kjoring("5A018", bruker.fylke, bruker)
    client.force_login(bruker)
    side = client.get(reverse("arshjul:rutiner")).content.decode()
    assert "Overføring av sluttet til OT" in side and "Overføring fra søker til elev og videre til OT" in side
    assert side.count("kjørt ") >= 1 and "venter på forrige steg" in side and "manuelt steg" in side
    assert reverse("kjoring_ny", args=["5A019"]) in side
