"""The public calculator offers one rule set and one rounding; caseworkers may still choose.

A 15-year-old should not be asked to pick «Lesemåte A/B» or a rule set marked «(ikke verifisert)": the public
page always computes with the rule set of the intake being applied to now, with that rule set's own rounding,
whatever is posted. Users who may view søknader get the choices as before.
"""

from __future__ import annotations

import datetime

import pytest

from inntak.kalkulator_skjema import gjeldende_regelsett
from inntak.regler.regelsett import STANDARD_REGELSETT_ID
from vigo.models import Rolle

URL = "/poengkalkulator/"
pytestmark = pytest.mark.django_db


def skjemadata(foresporsel: dict, **innstillinger) -> dict:
    """The API request as a filled-in form (free subject codes)."""
    data = {"niva": foresporsel["niva"], **innstillinger}
    for i, rad in enumerate(foresporsel["karakterer"]):
        data |= {f"fag-{i}": "", f"kode-{i}": rad["fag"], f"vurdering-{i}": rad["vurdering"]}
        data |= {f"karakter-{i}": rad["karakter"], f"fagtype-{i}": rad.get("fagtype") or ""}
    return data


@pytest.mark.parametrize(
    ("idag", "forventet"),
    [
        (datetime.date(2026, 11, 30), "2027-2028"),  # applying in the winter for next August
        (datetime.date(2027, 3, 1), "2027-2028"),  # the application deadline
        (datetime.date(2024, 7, 31), "2024-2025"),  # supplementary intake in the summer
        (datetime.date(2024, 8, 1), "2025-2026"),  # a new cycle starts in August
        (datetime.date(2040, 1, 1), STANDARD_REGELSETT_ID),  # not registered yet: the standard
    ],
)
def test_gjeldende_regelsett_er_inntaket_det_sokes_til_na(idag, forventet):
    assert gjeldende_regelsett(idag).id == forventet


def test_offentlig_side_har_ingen_valg_av_regelsett_eller_lesemate(client):
    html = client.get(URL).content.decode()
    assert 'name="regelsett"' not in html and 'name="avrunding"' not in html
    assert "Lesemåte" not in html and "ikke verifisert" not in html
    ar = gjeldende_regelsett().id.replace("-", "–")
    assert f"Poengene regnes ut etter reglene for inntak til skoleåret {ar}." in html


def test_offentlig_post_bruker_gjeldende_regler_uansett_hva_som_sendes(client, eks1):
    svar = client.post(URL, skjemadata(eks1, regelsett="2023-2024", avrunding="B"))
    resultat = svar.context["resultat"]
    gjeldende = gjeldende_regelsett()
    assert resultat["regelsett"] == gjeldende.id
    assert resultat["avrunding"] == gjeldende.avrunding == "A"
    assert resultat["poeng"] == "45.60"  # A; B would give 45.59
    html = svar.content.decode()
    assert "Lesemåte" not in html
    assert "Gjennomsnittet av karakterene rundes av til to desimaler og ganges med 10." in html
    assert f"Inntak til skoleåret {gjeldende.id.replace('-', '–')}" in html


def test_innlogget_uten_tilgang_til_soknader_far_offentlig_utgave(client, brukere, eks1):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    assert 'name="avrunding"' not in client.get(URL).content.decode()
    resultat = client.post(URL, skjemadata(eks1, avrunding="B")).context["resultat"]
    assert resultat["avrunding"] == "A"


def test_saksbehandler_kan_velge_regelsett_og_lesemate(client, brukere, eks1):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(URL).content.decode()
    assert 'name="regelsett"' in html and 'id="avrunding-B"' in html
    assert f'<option value="{gjeldende_regelsett().id}" selected>' in html
    resultat = client.post(URL, skjemadata(eks1, regelsett="2023-2024", avrunding="B")).context["resultat"]
    assert (resultat["regelsett"], resultat["avrunding"], resultat["poeng"]) == ("2023-2024", "B", "45.59")


def test_saksbehandler_htmx_far_samme_valg_i_resultatet(client, brukere, eks1):
    client.force_login(brukere["A"][Rolle.INNTAK])
    data = skjemadata(eks1, regelsett="2024-2025", avrunding="B")  # B only in the 2006 rule sets
    html = client.post(URL, data, HTTP_HX_REQUEST="true").content.decode()
    assert "Lesemåte B" in html and "45,59 poeng" in html
