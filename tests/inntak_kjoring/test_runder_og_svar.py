"""Later rounds keep accepted places as a floor and move applicants up from waitlists; answers (ja / ja og
venteliste / venteliste / nei), the transition table, the county setting and job 1I002 with exceptions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inntak.kjoring import svar
from inntak.models import Inntakskjoring, Svar, Tildeling, Venteliste
from tests.fabrikker import bare_ungdomsrett_krever_tre_utdanningsprogram, publiser
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def runde1(inntak, soker, kjor):
    """hs: 2 places. Anne 50, Bjørn 45 get hs; Cecilie 40, David 35 get el (wish 2) and wait for hs."""
    inntak.t["hs"].plasser = 2
    inntak.t["hs"].save()
    s = {n.split()[0]: soker(n, p, onsker=["hs", "el", "st"])
         for n, p in (("Anne A", "50.00"), ("Bjørn B", "45.00"), ("Cecilie C", "40.00"), ("David D", "35.00"))}  # fmt: skip
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    s["ik"] = ik
    return s


def plass(ik, soknad):
    return Tildeling.objects.get(inntakskjoring=ik, soknad=soknad)


def test_senere_runde_tar_aldri_en_akseptert_plass_og_flytter_opp(inntak, runde1, soker, kjor):
    ik1, t = runde1["ik"], inntak.t
    assert plass(ik1, runde1["Cecilie"]).tilbud == t["el"]
    svar.registrer_svar(ik1, runde1["Anne"], "ja")
    svar.registrer_svar(ik1, runde1["Bjørn"], "nei")
    svar.registrer_svar(ik1, runde1["Cecilie"], "ja_venteliste", venteliste_tilbud=[t["hs"].pk])
    svar.registrer_svar(ik1, runde1["David"], "ja")
    runde1["Bjørn"].refresh_from_db()
    assert runde1["Bjørn"].status == "trukket"
    # Round 2: a new applicant with more points than everybody; hs is cut to 1 place.
    erik = soker("Erik E", "60.00", onsker=["hs", "el", "st"])
    t["hs"].plasser = 1
    t["hs"].save()
    with pytest.raises(ValidationError, match="Svarfristen i runde 1 .* er ikke behandlet"):
        kjor(runde=2, simulering=False)
    svar.behandle_svarfrist(ik1, idag=datetime.date(2026, 7, 11))
    ik2 = publiser(kjor(runde=2, simulering=False))
    # Answers that still hold follow the søker into round 2 (kept place, chosen waitlist).
    overfort = {
        s.soknad_id: (s.svar, s.venteliste_tilbud)
        for s in Svar.objects.filter(inntakskjoring=ik2, overfort=True)
    }
    assert overfort == {runde1["Anne"].pk: ("ja", []), runde1["David"].pk: ("ja", []),
                        runde1["Cecilie"].pk: ("ja_venteliste", [t["hs"].pk])}  # fmt: skip
    assert svar.trenger_svar(ik2) == {erik.pk}
    sokere = {s["id"]: s for s in ik2.snapshot["sokere"]}
    assert str(runde1["Bjørn"].pk) not in sokere  # said no: left the intake
    assert sokere[str(runde1["Anne"].pk)]["beholdt"] == str(t["hs"].pk)
    assert sokere[str(runde1["David"].pk)]["onsker"] == [str(t["el"].pk)]  # «ja»: no higher wishes
    assert sokere[str(runde1["Cecilie"].pk)]["onsker"] == [str(t["hs"].pk), str(t["el"].pk)]
    a = plass(ik2, runde1["Anne"])
    assert (a.tilbud, a.beholdt, a.onske_nr) == (
        t["hs"],
        True,
        1,
    )  # the floor holds although Erik has more points
    assert plass(ik2, erik).tilbud == t["el"]
    assert plass(ik2, runde1["Cecilie"]).tilbud == t["el"] and plass(ik2, runde1["Cecilie"]).beholdt
    assert list(Venteliste.objects.filter(inntakskjoring=ik2, tilbud=t["hs"]).values_list(
        "soknad__person__fornavn", flat=True)) == ["Erik", "Cecilie"]  # fmt: skip
    # Round 3: hs gets 3 places again: Erik and Cecilie move up; Cecilie's el place is freed automatically.
    svar.registrer_svar(ik2, erik, "ja_venteliste", venteliste_tilbud=[t["hs"].pk])
    t["hs"].plasser = 3
    t["hs"].save()
    svar.behandle_svarfrist(ik2, idag=ik2.svarfrist + datetime.timedelta(days=1))
    ik3 = publiser(kjor(runde=3, simulering=False))
    c = plass(ik3, runde1["Cecilie"])
    assert (c.tilbud, c.onske_nr, c.beholdt) == (t["hs"], 1, False)
    assert plass(ik3, erik).tilbud == t["hs"] and plass(ik3, runde1["Anne"]).tilbud == t["hs"]
    assert plass(ik3, runde1["David"]).tilbud == t["el"]
    assert ik3.verifisering == []


def test_svarregler(inntak, runde1):
    ik, t = runde1["ik"], inntak.t
    with pytest.raises(ValidationError, match="ikke på venteliste"):
        svar.registrer_svar(ik, runde1["Anne"], "ja_venteliste", venteliste_tilbud=[t["hs"].pk])
    with pytest.raises(ValidationError, match="har fått tilbud"):
        svar.registrer_svar(ik, runde1["Anne"], "venteliste")
    with pytest.raises(ValidationError, match="minst ett høyere ønske"):
        svar.registrer_svar(ik, runde1["David"], "ja_venteliste", venteliste_tilbud=[t["st"].pk])
    svar.registrer_svar(ik, runde1["David"], "ja")
    svar.registrer_svar(
        ik, runde1["David"], "ja_venteliste", venteliste_tilbud=[t["hs"].pk]
    )  # change allowed
    svar.registrer_svar(ik, runde1["David"], "nei")
    with pytest.raises(ValidationError, match="kan ikke endres fra «Nei"):
        svar.registrer_svar(ik, runde1["David"], "ja")
    inntak.A.tillat_venteliste_ved_ja = False
    inntak.A.save()
    with pytest.raises(ValidationError, match="tillater ikke"):
        svar.registrer_svar(ik, runde1["Cecilie"], "ja_venteliste", venteliste_tilbud=[t["hs"].pk])
    assert runde1["David"].logg.filter(handling="svar").count() == 3


def test_venteliste_uten_plass_og_simulering_tar_ikke_svar(inntak, soker, kjor):
    inntak.t["hs"].plasser = 0
    inntak.t["hs"].save()
    bare_ungdomsrett_krever_tre_utdanningsprogram(inntak.A, inntak.ar)  # Vera: no rett, one programme
    s = soker("Vera Venter", "30.00", onsker=["hs"], rettstatus="uten_rett")
    sim = kjor(simulering=True)
    with pytest.raises(ValidationError, match="publisert runde"):
        svar.registrer_svar(sim, s, "venteliste")
    ik = publiser(kjor(simulering=False))
    rad = svar.registrer_svar(ik, s, "venteliste")
    assert rad.venteliste_tilbud == [inntak.t["hs"].pk]


def test_jobb_1i002_svarfrist_med_unntak(inntak, runde1, brukere, kjor, django_capture_on_commit_callbacks):
    ik = runde1["ik"]
    bruker = brukere["A"][Rolle.INNTAK]
    svar.registrer_svar(ik, runde1["Anne"], "ja", bruker=bruker)
    svar.marker_unntak(ik, runde1["Bjørn"], begrunnelse="Svar på papir er på vei.", bruker=bruker)
    with pytest.raises(ValidationError, match="ikke passert"):
        svar.behandle_svarfrist(ik, idag=datetime.date(2026, 7, 10))
    params = {"skolear": "2026-2027", "niva": "VG1", "runde": 1}
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("1I002", inntak.A, bruker, params)
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert (kj.resultat["ma_svare"], kj.resultat["besvart"], kj.resultat["mistet_plass"], kj.resultat["unntak"]) == (
        4, 1, 2, 1)  # fmt: skip
    assert sorted(f.navn for f in kj.filer.all()) == [
        "svarfrist_mistet_plass_runde1.csv",
        "svarfrist_unntak_runde1.csv",
    ]
    unntak_csv = kj.filer.get(navn__contains="unntak").fil.read().decode()
    assert "Bjørn" in unntak_csv and "Svar på papir" in unntak_csv
    for navn in ("Cecilie", "David"):
        assert Svar.objects.get(inntakskjoring=ik, soknad=runde1[navn]).svar == "frist_oversittet"
        runde1[navn].refresh_from_db()
        assert runde1[navn].status == "trukket"
    with pytest.raises(ValidationError, match="er behandlet"):
        svar.registrer_svar(ik, runde1["Bjørn"], "ja")
    ik2 = kjor(runde=2, simulering=False)
    ids = {s["id"] for s in ik2.snapshot["sokere"]}
    assert ids == {
        str(runde1["Anne"].pk),
        str(runde1["Bjørn"].pk),
    }  # Bjørn (exception) keeps his place as floor
    assert plass(ik2, runde1["Bjørn"]).beholdt
    assert Inntakskjoring.objects.get(pk=ik.pk).svarfrist_behandlet is not None
