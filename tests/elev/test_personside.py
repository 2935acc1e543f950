"""The «Elevdatabasen» section of the person page and the elevkurs list (inntak.elev.personfane, views.person)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inntak.elev.models import Elevfag, Elevforhold, Otstatus, OtUngdom, Rett, Vitnemalsmerknad
from kodeverk.models import Elevstatus, Fag, Fagstatus, Programomrade, Skolear
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


def _elevkurs(person, skole, po, ar, *, fag=(), klasse="1STA", **kw) -> Elevforhold:
    ek = Elevforhold.objects.create(
        person=person, skole=skole, programomrade=po, skolear=ar, startdato=ar.startdato, klasse=klasse, **kw
    )
    fs = Fagstatus.objects.get(kode="E")
    for f in fag:
        Elevfag.objects.create(person=person, skole=skole, skolear=ar, fag=f, fagstatus=fs, elevkurs=ek,
                               standpunkt="5", karakter_t1="4", elevtimer=140, fagmerknad="FAM1")  # fmt: skip
    return ek


@pytest.fixture
def register(kodeverk, brukere):
    for kode, navn in (("E", "Elev"), ("S", "Avbrutt hele programområdet"), ("V", "Voksne")):
        Elevstatus.objects.get_or_create(kode=kode, defaults={"navn": navn})
    for kode, navn in (("E", "Elev"), ("S", "Sluttet i faget"), ("F", "Fritatt")):
        Fagstatus.objects.get_or_create(kode=kode, defaults={"navn": navn})
    ar1 = Skolear.objects.create(kode="2024-2025", startdato=datetime.date(2024, 8, 1),
                                 sluttdato=datetime.date(2025, 7, 31))  # fmt: skip
    ar2 = Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                                 sluttdato=datetime.date(2026, 7, 31))  # fmt: skip
    po1 = Programomrade.objects.get(kode="STUSP1----")
    po2 = Programomrade.objects.create(kode="STUSP2----", navn="Studiespesialisering Vg2", niva="VG2")
    fag = [
        Fag.objects.create(kode="NOR1211", navn="Norsk hovedmål"),
        Fag.objects.create(kode="MAT1019", navn="Matematikk 1P"),
        Fag.objects.create(kode="ENG1007", navn="Engelsk"),
    ]
    person = PersonFactory(fylke=kodeverk["A"])
    ek1 = _elevkurs(person, kodeverk["skole_a"], po1, ar1, fag=fag[:2], kursprosent=Decimal("87.5"),
                    elevstatus=Elevstatus.objects.get(kode="E"), mangler_elevtimer=True)  # fmt: skip
    ek2 = _elevkurs(person, kodeverk["skole_a2"], po2, ar2, fag=fag[2:], klasse="2STB",
                    avbruddsdato=datetime.date(2025, 11, 3), avbruddsarsak="Flyttet",
                    elevstatus_manuell=Elevstatus.objects.get(kode="V"), elevstatus_manuell_grunn="Vedtak 12")  # fmt: skip
    Vitnemalsmerknad.objects.create(elevkurs=ek1, kode="M01", parameter1="Fritatt vurdering")
    Rett.objects.create(person=person, skolear=ar2, regime="2024", rettstype="U", ar_brukt=1, ar_igjen=2,
                        beregnet=datetime.datetime(2025, 10, 1, tzinfo=datetime.UTC))  # fmt: skip
    status = Otstatus.objects.filter(gruppe=3).first() or Otstatus.objects.create(kode="ZZ", navn="I aktivitet",
                                                                                   gruppe=3)  # fmt: skip
    OtUngdom.objects.create(person=person, fylke=kodeverk["A"], status=status, status_dato=datetime.date(2025, 12, 1),
                            arsak="slutter", elevkurs=ek2)  # fmt: skip
    return {"person": person, "ek1": ek1, "ek2": ek2, "fag": fag, "ar1": ar1, "ar2": ar2, "po1": po1, "po2": po2,
            "brukere": brukere, "kv": kodeverk, "status": status}  # fmt: skip


def _uten_rolle(register):
    from vigo.models import Bruker

    return Bruker.objects.create_user("uten_rolle", password="Test-passord-123", fylke=register["kv"]["A"])


def _side(client, bruker, person):
    client.force_login(bruker)
    return client.get(reverse("person_detalj", args=[person.pk]))


def test_seksjonen_viser_hele_historikken(client, register):
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    resp = _side(client, bruker, register["person"])
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Elevdatabasen" in html
    # Newest skoleår first, names not codes alone, Norwegian dates and decimals.
    assert html.index("2025-2026") < html.index("2024-2025")
    for tekst in ("Charlottenlund vgs", "Byåsen vgs", "Studiespesialisering Vg2", "1STA", "2STB", "03.11.2025",
                  "Flyttet", "Vedtak 12", "Voksne", "87,5", "mangler elevtimer", "Norsk hovedmål",
                  "Matematikk 1P", "FAM1", "M01", "Fritatt vurdering", "<details"):  # fmt: skip
        assert tekst.lower() in html.lower(), tekst
    # Rett: the stored row and the explanation block; OT: the status without notes.
    assert "Rett til videregående opplæring" in html and "Forklaring av retten" in html
    assert register["status"].navn in html and "01.12.2025" in html
    assert "notat" not in html.lower()


def test_innsyn_logges_en_gang_for_personsiden(client, register):
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    foer = Innsyn.objects.count()
    _side(client, bruker, register["person"])
    rader = list(Innsyn.objects.order_by("pk")[foer:])
    assert len(rader) == 1 and rader[0].person == register["person"]


def test_skolebruker_ser_bare_egne_elevkurs(client, register):
    skolebruker = register["brukere"]["A"][Rolle.SKOLE]  # skole_a (Charlottenlund)
    html = _side(client, skolebruker, register["person"]).content.decode()
    assert "Charlottenlund vgs" in html and "Byåsen vgs" not in html and "2STB" not in html


def test_annet_fylke_ser_ikke_personen(client, register):
    resp = _side(client, register["brukere"]["B"][Rolle.INNTAK], register["person"])
    assert resp.status_code == 404


def test_uten_tillatelse_ingen_seksjon(client, register):
    from inntak.elev.personfane import personfane

    class R:
        user = _uten_rolle(register)

    assert personfane(R, register["person"]) is None


def test_seksjonen_har_fast_antall_sporringer(client, register, django_assert_max_num_queries):
    """The section's queries do not grow with the number of elevkurs and fag lines."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    url = reverse("person_detalj", args=[register["person"].pk])
    with CaptureQueriesContext(connection) as foer:
        client.get(url)
    # Four more elevkurs with three fag lines each.
    for i, kode in enumerate(("STUSP3----", "STUSP4----", "STUSP5----", "STUSP6----")):
        po = Programomrade.objects.create(kode=kode, navn=f"Programområde {i}", niva="VG3")
        _elevkurs(register["person"], register["kv"]["skole_a"], po, register["ar1"],
                  fag=[Fag.objects.create(kode=f"XYZ{i}00{j}", navn=f"Fag {i}{j}") for j in range(3)])  # fmt: skip
    with django_assert_max_num_queries(len(foer.captured_queries)):
        resp = client.get(url)
    html = resp.content.decode()
    assert html.count("Vedlikehold (4S001)") == 6
    # Every elevkurs got its explanation (the batch path, not «ikke beregnet»).
    assert html.count("<ol><li>") >= 6


# --- The elevkurs list ------------------------------------------------------------------------------------


def test_elevkursliste_filtrerer_og_viser_navn(client, register):
    client.force_login(register["brukere"]["A"][Rolle.INNTAK])
    url = reverse("elev:elevkurs_liste")
    html = client.get(url).content.decode()
    assert "2 elevkurs" in html and "Byåsen vgs" in html and "Studiespesialisering Vg2" in html
    html = client.get(url, {"skolear": "2024-2025"}).content.decode()
    assert "1 elevkurs" in html and "Byåsen vgs" not in html.split("<table")[1]
    html = client.get(url, {"klasse": "2stb"}).content.decode()
    assert "1 elevkurs" in html and reverse("elev:elevkurs", args=[register["ek2"].pk]) in html
    assert reverse("person_detalj", args=[register["person"].pk]) in html
    html = client.get(url, {"elevstatus": "E"}).content.decode()
    assert "1 elevkurs" in html
    # A bad filter value is a form error, not a crash.
    assert client.get(url, {"skolear": "tull", "side": "x"}).status_code == 200


def test_elevkursliste_er_avgrenset(client, register):
    client.force_login(register["brukere"]["A"][Rolle.SKOLE])
    html = client.get(reverse("elev:elevkurs_liste")).content.decode()
    assert "1 elevkurs" in html and "2STB" not in html
    client.force_login(register["brukere"]["B"][Rolle.INNTAK])
    assert "0 elevkurs" in client.get(reverse("elev:elevkurs_liste")).content.decode()


def test_elevkursliste_logger_innsyn(client, register):
    bruker = register["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    foer = Innsyn.objects.count()
    client.get(reverse("elev:elevkurs_liste"), {"klasse": "2STB"})
    rad = Innsyn.objects.order_by("pk")[foer:].get()
    assert rad.handling == "sok" and rad.person == register["person"] and rad.antall == 1


def test_elevkursliste_har_fast_antall_sporringer(client, register, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(register["brukere"]["A"][Rolle.INNTAK])
    url = reverse("elev:elevkurs_liste")
    with CaptureQueriesContext(connection) as foer:
        client.get(url)
    for _ in range(20):
        _elevkurs(PersonFactory(fylke=register["kv"]["A"]), register["kv"]["skole_a"], register["po1"],
                  register["ar2"])  # fmt: skip
    with django_assert_max_num_queries(len(foer.captured_queries)):
        assert "22 elevkurs" in client.get(url).content.decode()


def test_uten_tillatelse_403(client, register):
    client.force_login(_uten_rolle(register))
    assert client.get(reverse("elev:elevkurs_liste")).status_code == 403


def test_menyen_lenker_til_elevdatabasen_for_dem_som_kan_lese_den(client, register):
    url = reverse("elev:elevkurs_liste")
    client.force_login(register["brukere"]["A"][Rolle.LESE])
    html = client.get(reverse("dashboard")).content.decode()
    assert f'href="{url}"' in html and "Elevdatabasen" in html
    client.force_login(_uten_rolle(register))
    assert f'href="{url}"' not in client.get(reverse("dashboard")).content.decode()
