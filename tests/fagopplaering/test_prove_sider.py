"""The prøve pages as the caseworker uses them: list, oppmelding from a contract, the candidate page's actions
(approve, nemnd, plan, result, klage), the documents as PDF (audited), the control report and the appointment
letter; another county's prøve is a 404, a school user gets 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fagopplaering.models import Fagdokument, Prove
from tests.fagopplaering.fabrikker_prove import lag_prove_oppsett
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def o(fag, brukere, client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    o = lag_prove_oppsett(fag, brukere)
    client.force_login(o["bruker"])
    o["client"] = client
    return o


def _post(o, navn, pk, data, status=302):
    r = o["client"].post(reverse(f"fagopplaering:{navn}", args=[pk]), data)
    assert r.status_code == status, (
        navn,
        r.status_code,
        r.content.decode()[:2000] if status != r.status_code else "",
    )
    return r


def _fra_kontrakt(o) -> Prove:
    url = reverse("fagopplaering:prove_ny") + f"?kontrakt={o['kontrakt'].pk}"
    r = o["client"].get(url)
    assert r.status_code == 200 and "Lyn Elektro AS" in r.content.decode()
    r = o["client"].post(url, {"kandidattype": "laerling", "oppmeldt_av": "bedrift", "dato": "2026-12-01"})
    assert r.status_code == 302, r.content.decode()[:3000]
    return Prove.objects.get()


def test_hele_lopet_gjennom_sidene(o):
    p = _fra_kontrakt(o)
    _post(o, "prove_godkjenn", p.pk, {"godkjenn-dato": "2026-12-01"})
    _post(o, "prove_tildel", p.pk, {"tildel-nemnd": o["nemnd"].pk})
    _post(o, "prove_planlegg", p.pk, {"planlegg-fra": "2026-12-14", "planlegg-til": "2026-12-15"})
    # Ikke bestått without the tilleggsprotokoll: the form says why, nothing is written.
    r = _post(o, "prove_resultat", p.pk, {"resultat-resultat": "IB", "resultat-dato": "2026-12-15",
                                           "resultat-protokoll": "ARK-1"}, status=400)  # fmt: skip
    assert "tilleggsprotokoll" in r.content.decode().lower()
    assert Prove.objects.get().status == "planlagt"
    _post(o, "prove_resultat", p.pk, {"resultat-resultat": "IB", "resultat-dato": "2026-12-15",
                                       "resultat-protokoll": "ARK-1", "resultat-tilleggsprotokoll": "Manglet."})  # fmt: skip
    side = o["client"].get(reverse("fagopplaering:prove", args=[p.pk])).content.decode()
    assert "Kompetansebevis" in side and "Resultatbrev" in side and "S1" in side and "Registrer klage" in side
    kb = Fagdokument.objects.get(dokumenttype="kompetansebevis")
    r = o["client"].get(reverse("fagopplaering:dokument_pdf", args=[kb.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert Innsyn.objects.filter(handling="nedlasting", person=o["person"]).exists()
    _post(o, "prove_klage", p.pk, {"klage-mottatt": "2026-12-20", "klage-type": "karakter"})
    klage = p.klager.get()
    _post(o, "klage_avgjor", klage.pk, {f"k{klage.pk}-utfall": "endret", f"k{klage.pk}-nytt_resultat": "B",
                                         f"k{klage.pk}-vedtak_dato": "2027-01-10"})  # fmt: skip
    o["kontrakt"].refresh_from_db()
    assert o["kontrakt"].avslutningskode.kode == "AB"
    assert Fagdokument.objects.filter(dokumenttype="vitnemal", status="utstedt").exists()


def test_liste_filtre_og_sporringsbudsjett(o, django_assert_max_num_queries):
    _fra_kontrakt(o)
    with django_assert_max_num_queries(14):
        r = o["client"].get(reverse("fagopplaering:prover"), {"status": "oppmeldt"})
    s = r.content.decode()
    assert r.status_code == 200 and "Lærling, Ola" in s and "1 prøve" in s
    r = o["client"].get(reverse("fagopplaering:prover"), {"status": "vurdert"})
    assert "Lærling, Ola" not in r.content.decode()


def test_annet_fylke_og_skolebruker(o, client):
    p = _fra_kontrakt(o)
    client.force_login(o["brukere"]["B"][Rolle.FAGOPPLAERING])
    assert client.get(reverse("fagopplaering:prove", args=[p.pk])).status_code == 404
    assert "Lærling, Ola" not in client.get(reverse("fagopplaering:prover")).content.decode()
    assert client.post(reverse("fagopplaering:prove_godkjenn", args=[p.pk]), {"godkjenn-dato": "2026-12-01"}
                       ).status_code == 404  # fmt: skip
    client.force_login(o["brukere"]["A"][Rolle.SKOLE])
    assert client.get(reverse("fagopplaering:prover")).status_code == 403
    client.force_login(o["brukere"]["A"][Rolle.LESE])
    assert client.post(reverse("fagopplaering:prove_godkjenn", args=[p.pk]), {"godkjenn-dato": "2026-12-01"}
                       ).status_code in (403, 404)  # fmt: skip
    assert Prove.objects.get().status == "oppmeldt"


def test_kontrollrapport_viser_stoppede_dokumenter(o):
    p = Prove.objects.create(fylke=o["A"], person=o["person"], kandidattype="laerling", provetype="fag",
                             programomrade=o["fag"]["elektriker"], oppmeldt_av="bedrift", oppmeldt_dato=D(2026, 1, 1))  # fmt: skip
    Fagdokument.objects.create(fylke=o["A"], person=o["person"], prove=p, dokumenttype="vitnemal", status="stoppet",
                               kontroll=[{"kode": "KM252", "alvor": "FEIL", "klasse": "FIL",
                                          "tekst": "KRO1005 er ført som fritatt (F) uten FAM-merknad i F13."}])  # fmt: skip
    s = o["client"].get(reverse("fagopplaering:kontrollrapport")).content.decode()
    assert "KM252" in s and reverse("fagopplaering:prove", args=[p.pk]) in s
    assert reverse("person_detalj", args=[o["person"].pk]) in s


def test_oppnevningsbrev(o):
    r = o["client"].get(reverse("fagopplaering:nemnd_medlem_brev", args=[o["leiar"].pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert Innsyn.objects.filter(handling="nedlasting", person=o["leiar"].person).exists()
