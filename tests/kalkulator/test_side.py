"""Siden /poengkalkulator/: anonym, virker uten JavaScript og gir samme tall som API-et (valg av regelsett og
lesemåte bare for saksbehandlere, se test_offentlig_kalkulator.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from inntak.kalkulator_skjema import FORHANDSUTFYLT
from vigo.models import Rolle

URL = "/poengkalkulator/"
pytestmark = pytest.mark.django_db


def skjemadata(foresporsel: dict, **innstillinger) -> dict:
    """API-forespørselen som utfylt skjema (fri fagkode, slik en elev uten registerets liste ville gjort)."""
    data = {"niva": foresporsel["niva"], "regelsett": "", "avrunding": "A", **innstillinger}
    for i, rad in enumerate(foresporsel["karakterer"]):
        data |= {f"fag-{i}": "", f"kode-{i}": rad["fag"], f"vurdering-{i}": rad["vurdering"]}
        data |= {f"karakter-{i}": rad["karakter"], f"fagtype-{i}": rad.get("fagtype") or ""}
        if rad.get("dokumentert_fravaer"):
            data[f"fravaer-{i}"] = "on"
    return data


def test_anonym_get_viser_forhandsutfylt_skjema(client, fagregister):
    svar = client.get(URL)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert len(re.findall(r'<tr data-rad="\d+"', html)) == len(FORHANDSUTFYLT) == 17
    assert '<option value="NOR0214" selected>' in html  # fag fra registeret er valgt i lista
    assert 'name="kode-13" value="FSP0011"' in html  # ukjent for registeret: fri fagkode
    assert 'aria-live="polite"' in html and "<caption>" in html
    assert 'name="regelsett"' not in html and 'id="avrunding-B"' not in html  # test_offentlig_kalkulator.py
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "ingen innebygde skript (CSP)"
    assert "inntak/poengkalkulator.js" in html
    assert "Hovedmeny" not in html  # navigasjonen vises bare for innloggede


def test_alle_felt_har_navn(client):
    html = Client().get(URL).content.decode()
    for felt in re.findall(r"<(?:select|input)\b[^>]*>", html):
        if 'type="hidden"' in felt or "csrfmiddlewaretoken" in felt:
            continue
        assert "aria-labelledby=" in felt or re.search(r'id="(niva|regelsett|avrunding-[AB])"', felt), felt


@pytest.mark.parametrize("avrunding", ["A", "B"])
def test_post_gir_samme_poeng_som_api(client, brukere, eks1, avrunding):
    client.force_login(brukere["A"][Rolle.INNTAK])  # only caseworkers may choose reading B
    regler = {"regelsett": "2024-2025", "avrunding": avrunding}  # B exists only in the 2006 rule sets
    api = client.post("/api/v1/poengkalkulator", {**eks1, **regler}, "application/json").json()
    svar = client.post(URL, skjemadata(eks1, **regler))
    assert svar.status_code == 200
    resultat = svar.context["resultat"]
    for felt in ("poeng", "gjennomsnitt", "sum", "antall_karakterer", "regelsett", "avrunding", "forklaring"):
        assert resultat[felt] == api[felt], felt
    html = svar.content.decode()
    assert api["poeng"].replace(".", ",") + " poeng" in html
    assert "Orden og oppførsel teller ikke" in html  # tabellen over utelatte med grunn
    assert api["forklaring"][-1 if avrunding == "A" else -2] in html


def test_post_med_fagregisteret_gir_samme_svar_som_api(client, fagregister, eks1_uten_fagtype):
    api = client.post("/api/v1/poengkalkulator", eks1_uten_fagtype, "application/json").json()
    resultat = client.post(URL, skjemadata(eks1_uten_fagtype)).context["resultat"]
    assert resultat["poeng"] == api["poeng"] == "45.60"


def test_forhandsutfylt_skjema_kan_sendes_rett_inn(client, brukere, fagregister):
    client.force_login(brukere["A"][Rolle.INNTAK])
    data = {"niva": "VG1", "regelsett": "2024-2025", "avrunding": "A"}
    for i, (fag, vurdering, karakter) in enumerate(FORHANDSUTFYLT):
        data |= {f"fag-{i}": fag, f"kode-{i}": "", f"vurdering-{i}": vurdering, f"karakter-{i}": karakter}
    resultat = client.post(URL, data).context["resultat"]
    assert resultat["antall_karakterer"] == 17
    assert (resultat["sum"], resultat["poeng"]) == ("78.00", "45.90")  # 78 / 17 = 4,588… → 4,59
    assert resultat["regelsett"] == "2024-2025"


def test_tomme_rader_hoppes_over_og_fri_kode_gar_foran(client):
    data = {
        "niva": "VG1",
        "avrunding": "B",
        "fag-0": "NOR0214",
        "kode-0": "mat0010",
        "vurdering-0": "standpunkt",
    }
    data |= {"karakter-0": "5", "fag-1": "", "kode-1": "", "vurdering-1": "standpunkt", "karakter-1": ""}
    resultat = client.post(URL, data).context["resultat"]
    assert resultat["poeng"] == "50.00"
    assert [t["fag"] for t in resultat["telte"]] == ["MAT0010"]


def test_feil_vises_ved_feltet_og_i_oppsummeringen(client):
    data = {
        "niva": "VG1",
        "avrunding": "A",
        "fag-0": "NOR0214",
        "vurdering-0": "standpunkt",
        "karakter-0": "",
    }
    data |= {"fag-4": "MAT0010", "vurdering-4": "standpunkt", "karakter-4": "4", "fravaer-4": "on"}
    svar = client.post(URL, data)
    assert svar.status_code == 200
    assert svar.context["resultat"] is None
    html = svar.content.decode()
    assert (
        'id="karakter-0" name="karakter-0" aria-labelledby="kol-karakter radnr-0" aria-invalid="true"' in html
    )
    assert '<a href="#karakter-0">Rad 1, karakter: Feltet er påkrevd.</a>' in html
    assert '<a href="#fravaer-4">Rad 2, dokumentert fravær: Dokumentert fravær gjelder bare' in html


def test_htmx_far_bare_resultatdelen(client, eks1):
    svar = client.post(URL, skjemadata(eks1), HTTP_HX_REQUEST="true")
    html = svar.content.decode()
    assert "<html" not in html and "45,60 poeng" in html and 'id="forklaring"' in html


def test_legg_til_rad_uten_javascript(client):
    data = {
        "niva": "VG1",
        "avrunding": "A",
        "fag-0": "NOR0214",
        "vurdering-0": "standpunkt",
        "karakter-0": "4",
    }
    data |= {"kode-7": "XYZ1234", "vurdering-7": "standpunkt", "karakter-7": "5", "legg_til": "1"}
    svar = client.post(URL, data)
    assert svar.context["resultat"] is None
    rader = svar.context["skjema"].rader
    assert [r.indeks for r in rader] == [0, 7, 8]
    assert [r.nummer for r in rader] == [1, 2, 3]
    assert rader[1].kode == "XYZ1234"


def test_ugyldig_regelsett_i_skjemaet(client, brukere):
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.post(URL, {"niva": "VG1", "regelsett": "1999", "avrunding": "A"})
    assert "Ukjent regelsett «1999»" in svar.content.decode()
