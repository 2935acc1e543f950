"""GET /api/v1/inntak/resultater: admitted applicants per tilbud and round, with answer, from published runs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.api.conftest import Api
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Scope

pytestmark = pytest.mark.django_db
URL = "/api/v1/inntak/resultater"


@pytest.fixture
def runde(sas_kodeverk):
    from inntak.models import Inntakskjoring, Soknad, Svar, Tilbud, Tildeling
    from kodeverk.models import Behandlingskategori, Programomrade, Skolear

    ar, po = Skolear.objects.get(), Programomrade.objects.get()
    kategori = Behandlingskategori.objects.create(kode="ORD", navn="Ordinær")
    tilbud = {n: Tilbud.objects.create(skole=sas_kodeverk[n], programomrade=po, skolear=ar, plasser=30)
              for n in ("skole_a", "skole_a2")}  # fmt: skip
    fylke = sas_kodeverk["A"]

    def kjoring(publisert: bool, runde: int = 1) -> Inntakskjoring:
        return Inntakskjoring.objects.create(
            fylke=fylke, skolear=ar, niva="VG1", runde=runde, simulering=not publisert, publisert=publisert,
            publisert_tidspunkt=timezone.now() if publisert else None, seed=1, regelsett="2025-2026",
            snapshot={}, resultat={}, resultat_sha256="",
        )  # fmt: skip

    publisert, simulering = kjoring(True), kjoring(False)
    soknader = []
    for i, skole in enumerate(["skole_a", "skole_a", "skole_a2"]):
        person = PersonFactory(fylke=fylke, etternavn=f"Søker{i}")
        soknad = Soknad.objects.create(person=person, skolear=ar, fylke=fylke, hjemfylke=fylke, niva="VG1",
                                       rettstatus="ungdomsrett", behandlingskategori=kategori)  # fmt: skip
        soknader.append(soknad)
        for ik in (publisert, simulering):
            Tildeling.objects.create(
                inntakskjoring=ik, soknad=soknad, tilbud=tilbud[skole], onske_nr=1, runde=1
            )
    uten_plass = Soknad.objects.create(person=PersonFactory(fylke=fylke), skolear=ar, fylke=fylke, hjemfylke=fylke,
                                       niva="VG1", rettstatus="ungdomsrett", behandlingskategori=kategori)  # fmt: skip
    Tildeling.objects.create(inntakskjoring=publisert, soknad=uten_plass, tilbud=None, runde=1)
    Svar.objects.create(inntakskjoring=publisert, soknad=soknader[0], svar="ja", besvart=timezone.now())
    return {"tilbud": tilbud, "soknader": soknader}


def test_skolen_ser_egne_tildelte_med_svar(api_a, runde):
    data = api_a.get(URL, {"skolear": "2025-2026", "runde": "1", "niva": "vg1"}).json()
    rader = data["resultater"]
    assert [(r["etternavn"], r["skolenummer"], r["svar"], r["onske_nr"]) for r in rader] == [
        ("Søker0", "50001", "ja", 1),
        ("Søker1", "50001", "", 1),
    ]
    assert rader[0]["besvart"] is not None and rader[1]["besvart"] is None
    assert rader[0]["runde"] == 1 and rader[0]["tilbud"] == runde["tilbud"]["skole_a"].pk
    assert Innsyn.objects.filter(handling="api", antall=2).exists()
    assert api_a.get(URL, {"runde": "2"}).json()["resultater"] == []
    assert api_a.get(URL, {"tilbud": runde["tilbud"]["skole_a2"].pk}).json()["resultater"] == []


def test_fylket_ser_alle_fylkets_og_ugyldige_filtre_gir_400(lag_klient, runde):
    api = Api(lag_klient("A", scopes=[Scope.INNTAK_LES])[1])
    assert len(api.get(URL).json()["resultater"]) == 3  # published run only, places only
    assert api.get(URL, {"runde": "en"}).status_code == 400
    assert api.get(URL, {"niva": "VG9"}).status_code == 400
    assert Api(lag_klient("skole_b")[1]).get(URL).json()["resultater"] == []
    assert Api(lag_klient("A", scopes=[Scope.ELEVER_LES])[1]).get(URL).status_code == 403
