"""The tilskudd pages: list, computation per company, a company's lines, a contract with explanations."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fagopplaering.services import tilskudd as svc
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import (
    lag_avbrudd,
    lag_bedrift,
    lag_kontrakt,
    lag_orgnr_mod11,
    sett_tilskuddssatser,
)
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


def _bedrift(navn: str = "Elektro AS"):
    return lag_bedrift(navn, orgnr=lag_orgnr_mod11())  # lag_orgnr() loops (stdnum has no calc_check_digit)


D = datetime.date


@pytest.fixture
def data(fag, brukere):
    a = fag["A"]
    sett_tilskuddssatser(a, "2024-2025", lk="11000")
    sett_tilskuddssatser(a, "2025-2026", lk="12000")
    bedrifter = [_bedrift(f"Lærebedrift {i} AS") for i in range(3)]
    kontrakter = [
        lag_kontrakt(
            PersonFactory(fylke=a, fornavn="Ola", etternavn=f"Lærling{i}"),
            a,
            bedrifter[i % 3],
            fag["elektriker"],
            fra=D(2025, 1, 1) + datetime.timedelta(days=20 * i),
            type_kode="OK" if i == 1 else "LK",
        )  # fmt: skip
        for i in range(12)
    ]
    lag_avbrudd(kontrakter[0], D(2025, 9, 1), D(2025, 9, 10))
    b = svc.beregn(None, fylke_id=a.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    return {"b": b, "bedrifter": bedrifter, "kontrakter": kontrakter, "brukere": brukere}


def _inn(client, bruker):
    client.force_login(bruker)
    return client


def test_liste_og_beregning(client, data, django_assert_max_num_queries):
    c = _inn(client, data["brukere"]["A"][Rolle.FAGOPPLAERING])
    with django_assert_max_num_queries(15):
        svar = c.get(reverse("fagopplaering:tilskudd"))
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "01.07.2025–31.12.2025" in tekst and "5A113" in tekst
    with django_assert_max_num_queries(15):
        svar = c.get(reverse("fagopplaering:tilskudd_beregning", args=[data["b"].pk]))
    assert svar.status_code == 200
    tekst = svar.content.decode()
    for bedrift in data["bedrifter"]:
        assert bedrift.navn in tekst and bedrift.orgnr in tekst
    assert "Basistilskudd I" in tekst and "2025-2026" in tekst
    svar = c.get(reverse("fagopplaering:tilskudd_beregning", args=[data["b"].pk]), {"q": "Lærebedrift 1"})
    assert "Lærebedrift 2 AS" not in svar.content.decode()


def test_bedrift_viser_linjer_og_logger_innsyn(client, data, django_assert_max_num_queries):
    c = _inn(client, data["brukere"]["A"][Rolle.FAGOPPLAERING])
    bedrift = data["bedrifter"][0]
    url = reverse("fagopplaering:tilskudd_bedrift", args=[data["b"].pk, bedrift.pk])
    with django_assert_max_num_queries(15):
        svar = c.get(url)
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "Lærling0" in tekst and "Elektrikerfaget" in tekst and "Lærling1" not in tekst
    assert Innsyn.objects.filter(hva__contains=bedrift.orgnr).exists()
    assert c.get(reverse("fagopplaering:tilskudd_bedrift", args=[data["b"].pk, 999999])).status_code == 404


def test_kontrakt_med_forklaring(client, data):
    c = _inn(client, data["brukere"]["A"][Rolle.FAGOPPLAERING])
    k = data["kontrakter"][0]
    svar = c.get(reverse("fagopplaering:tilskudd_kontrakt", args=[k.pk]))
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "10 dager i avbrudd" in tekst and "docs/fagopplaering/tilskudd.md" in tekst
    assert "§ 7-2" in tekst
    assert Innsyn.objects.filter(person=k.person, hva="Lærlingtilskudd for kontrakt").exists()
    # The lærekandidat gets the addition, explained.
    svar = c.get(reverse("fagopplaering:tilskudd_kontrakt", args=[data["kontrakter"][1].pk]))
    assert "Tillegg for lærekandidat" in svar.content.decode()


@pytest.mark.parametrize("hvem", [("A", Rolle.INNTAK), ("B", Rolle.FAGOPPLAERING)])
def test_tilgang_nektes(client, data, hvem):
    fylke, rolle = hvem
    c = _inn(client, data["brukere"][fylke][rolle])
    k = data["kontrakter"][0]
    urler = [
        reverse("fagopplaering:tilskudd_beregning", args=[data["b"].pk]),
        reverse("fagopplaering:tilskudd_bedrift", args=[data["b"].pk, data["bedrifter"][0].pk]),
        reverse("fagopplaering:tilskudd_kontrakt", args=[k.pk]),
    ]
    for url in urler:
        assert c.get(url).status_code in (403, 404), url
    if rolle == Rolle.INNTAK:
        assert c.get(reverse("fagopplaering:tilskudd")).status_code == 403
    else:
        assert (
            data["b"].fra.strftime("%d.%m.%Y")
            not in c.get(reverse("fagopplaering:tilskudd")).content.decode()
        )


def test_anonym_sendes_til_innlogging(client, data):
    svar = client.get(reverse("fagopplaering:tilskudd"))
    assert svar.status_code == 302
