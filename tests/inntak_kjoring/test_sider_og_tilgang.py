"""The caseworker pages render and export (audited); county B sees nothing of county A; school users see their
own tilbud only; the applicant page explains "why not wish 1"; the demo step publishes a round."""

import random

import pytest

from inntak import demodata
from inntak.kjoring import demodata as kjoring_demodata
from inntak.kjoring import selectors
from inntak.models import Brevmal, Inntakskjoring, Poenggrense, Soknad, Tildeling, Venteliste
from tests.fabrikker import publiser
from vigo.models import Innsyn, Rolle
from vigo.scoping import avgrens

pytestmark = pytest.mark.django_db


@pytest.fixture
def kjoring_a(inntak, soker, kjor):
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    s = [soker(n, p, onsker=["hs", "el", "st"]) for n, p in (("Anne A", "50.00"), ("Bjørn B", "45.00"))]
    ik = publiser(kjor(simulering=False))
    return ik, s


def test_fylke_b_ser_ingenting_av_fylke_a(inntak, kjoring_a, brukere, client):
    ik, _ = kjoring_a
    b = brukere["B"][Rolle.INNTAK]
    for modell in (Inntakskjoring, Tildeling, Venteliste, Poenggrense):
        assert not avgrens(modell.objects.all(), b).exists()
        assert avgrens(modell.objects.all(), brukere["A"][Rolle.INNTAK]).exists()
    client.force_login(b)
    assert f"#{ik.pk}" not in client.get("/inntak/inntakskjoring/").content.decode()
    for url in (f"/inntak/inntakskjoring/{ik.pk}/", f"/inntak/inntakskjoring/{ik.pk}/rett/",
                f"/inntak/inntakskjoring/{ik.pk}/snapshot.json", f"/inntak/inntakskjoring/{ik.pk}/svar/",
                f"/inntak/inntakskjoring/{ik.pk}/tilbud/{inntak.t['hs'].pk}/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_skolebruker_ser_bare_egne_tilbud(inntak, kjoring_a, brukere):
    ik, _ = kjoring_a
    skole = brukere["A"][Rolle.SKOLE]  # Charlottenlund (skole_a)
    grenser = selectors.per_tilbud(ik, skole)
    assert grenser.exists() and not grenser.exclude(tilbud__skole=inntak.kv["skole_a"]).exists()
    assert not avgrens(Tildeling.objects.filter(tilbud__skole=inntak.kv["skole_a2"]), skole).exists()


def test_sider_eksport_og_forklaring(inntak, kjoring_a, brukere, client):
    ik, (anne, bjorn) = kjoring_a
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(f"/inntak/inntakskjoring/{ik.pk}/").content.decode()
    assert "<svg" in html and "Søkere fordelt på ønskenummeret" in html and "Publisert" in html
    assert 'id="tilbudstabell"' in html and "50,00" in html
    side = client.get(f"/inntak/inntakskjoring/{ik.pk}/tilbud/{inntak.t['hs'].pk}/")
    assert "Anne" in side.content.decode() and "Bjørn" in side.content.decode()
    csv = client.get(f"/inntak/inntakskjoring/{ik.pk}/tilbud/{inntak.t['hs'].pk}/?format=csv").content.decode(
        "utf-8-sig"
    )
    assert "tildelt;" in csv and "venteliste;1;" in csv
    xlsx = client.get(f"/inntak/inntakskjoring/{ik.pk}/tilbud/{inntak.t['hs'].pk}/?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert Innsyn.objects.filter(handling="eksport", hva__contains="tildelte og venteliste").count() == 2
    soknadside = client.get(f"/inntak/soknad/{bjorn.pk}/").content.decode()
    assert "Hvorfor ikke 1. ønske?" in soknadside
    assert "Du står som nr. 1 på ventelisten." in soknadside and "50,00 poeng" in soknadside
    assert client.get(f"/inntak/inntakskjoring/{ik.pk}/snapshot.json").json()["format"] == "inntak-snapshot/1"
    assert client.get(f"/inntak/inntakskjoring/{ik.pk}/brev/{bjorn.pk}/").content.startswith(b"%PDF")
    # Answer from the applicant page
    r = client.post(f"/inntak/inntakskjoring/{ik.pk}/svar/{bjorn.pk}/",
                    {"svar": "ja_venteliste", "venteliste_tilbud": [inntak.t["hs"].pk]})  # fmt: skip
    assert r.status_code == 302
    assert bjorn.svar.get().svar == "ja_venteliste"
    assert "Ja, og stå på venteliste" in client.get(f"/inntak/soknad/{bjorn.pk}/").content.decode()
    oversikt = client.get(f"/inntak/inntakskjoring/{ik.pk}/svar/").content.decode()
    assert "Anne" in oversikt and "Bjørn" not in oversikt


def test_demosteg_publiserer_runde_1(inntak, monkeypatch):
    monkeypatch.setattr(demodata, "intaksar", lambda: 2027)
    monkeypatch.setattr(kjoring_demodata, "intaksar", lambda: 2027)
    monkeypatch.setattr(demodata, "ANTALL_VG1", 150)
    monkeypatch.setattr(demodata, "ANTALL_VG2", 10)
    monkeypatch.setattr(demodata, "ANTALL_VG3", 10)
    meldinger = []
    demodata.lag_inntak_demodata(inntak.A, random.Random(1), meldinger.append)
    kjoring_demodata.lag_inntakskjoring_demo(inntak.A, random.Random(1), meldinger.append)
    ik = Inntakskjoring.objects.get(fylke=inntak.A, skolear=inntak.neste, niva="VG1", runde=1)
    assert ik.publisert and ik.verifisering == [] and "publisert" in meldinger[-1]
    assert ik.antall_sokere == Soknad.objects.filter(fylke=inntak.A, skolear=inntak.neste, niva="VG1").count()
    assert Brevmal.objects.filter(fylke=inntak.A, aktiv=True).count() == 1
    kjoring_demodata.lag_inntakskjoring_demo(inntak.A, random.Random(1), meldinger.append)
    assert "hopper over" in meldinger[-1]
