"""Oppfølgingstjenesten's pages: the work list (filters, pagination, query budget), one youth (status, notes with
særtilgang, audit), and who may see them (never a school user)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inntak.elev.models import Elevforhold, Otenhet, OtNotat, OtUngdom
from inntak.elev.services import ot as tjeneste
from kodeverk import models as km
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
D = datetime.date


def _saertilgang(bruker):
    bruker.user_permissions.add(
        Permission.objects.get(content_type__app_label="vigo", codename="saertilgang")
    )
    return type(bruker).objects.get(pk=bruker.pk)


def _ungdom(kodeverk, antall: int, fylke_nokkel: str = "A") -> list[OtUngdom]:
    fylke = kodeverk[fylke_nokkel]
    skole = kodeverk["skole_a" if fylke_nokkel == "A" else "skole_b"]
    ar, _ = km.Skolear.objects.get_or_create(kode="2026-2027", defaults={"startdato": D(2026, 8, 1),
                                                                        "sluttdato": D(2027, 7, 31)})  # fmt: skip
    po = km.Programomrade.objects.get(kode="STUSP1----")
    personer = [
        PersonFactory(fodselsnummer=syntetisk_fnr(D(2008, 1, 1 + i % 28)), fylke=fylke) for i in range(antall)
    ]
    for p in personer:
        Elevforhold.objects.create(person=p, skole=skole, programomrade=po, skolear=ar, startdato=D(2026, 8, 20),
                                   avbruddsdato=D(2026, 10, 1))  # fmt: skip
    tjeneste.meld_til_ot(fylke=fylke, person_ids=[p.pk for p in personer], arsak="slutter",
                         dato=timezone.localdate())  # fmt: skip
    return list(OtUngdom.objects.filter(fylke=fylke).select_related("person"))


def test_arbeidslisten_filtrerer_pagineres_og_har_fast_antall_sporringer(client, kodeverk, brukere):
    _ungdom(kodeverk, 5)
    _ungdom(kodeverk, 2, "B")
    otb = brukere["A"][Rolle.OT]
    client.force_login(otb)
    url = reverse("elev:ot_liste")
    assert url == "/elev/ot/"
    resp = client.get(url)
    assert resp.status_code == 200
    tekst = resp.content.decode()
    assert "5 ungdommer i listen." in tekst and "Charlottenlund vgs, STUSP1----" in tekst and "OTUK" in tekst
    assert "Oslo katedralskole" not in tekst  # the other county's youth
    innsyn = Innsyn.objects.latest("pk")
    assert (innsyn.bruker, innsyn.handling, innsyn.antall, innsyn.person) == (otb, "vis", 5, None)
    # Budget: the same number of queries for 5 and 60 rows (no N+1), and the page is cut at 50.
    with CaptureQueriesContext(connection) as fa:
        client.get(url)
    _ungdom(kodeverk, 55)
    with CaptureQueriesContext(connection) as mange:
        resp = client.get(url)
    assert len(mange) == len(fa) <= 15, [q["sql"][:120] for q in mange.captured_queries]
    tekst = resp.content.decode()
    assert "60 ungdommer i listen." in tekst and "Side 1 av 2" in tekst
    assert "side=2" in client.get(url, {"arsak": "slutter"}).content.decode()
    # Filters.
    assert "Ingen ungdom passer" in client.get(url, {"arsak": "takket_nei"}).content.decode()
    assert "Ingen ungdom passer" in client.get(url, {"status": "OTAR"}).content.decode()
    assert (
        "60 ungdommer"
        in client.get(url, {"gruppe": "1", "alder_fra": "15", "alder_til": "24"}).content.decode()
    )
    assert "Ingen ungdom passer" in client.get(url, {"alder_fra": "20"}).content.decode()
    enhet = Otenhet.objects.create(fylke=kodeverk["A"], kode="S", navn="OT sør")
    assert "Ingen ungdom passer" in client.get(url, {"otenhet": enhet.pk}).content.decode()


def test_ungdomssiden_status_og_notater_med_saertilgang(client, kodeverk, brukere):
    ot = _ungdom(kodeverk, 1)[0]
    OtNotat.objects.create(ot_ungdom=ot, tekst="Hemmelig notat om helse")
    url = reverse("elev:ot_ungdom", args=[ot.pk])
    otb = brukere["A"][Rolle.OT]
    client.force_login(otb)
    tekst = client.get(url).content.decode()
    assert ot.person.etternavn in tekst and "Hemmelig notat" not in tekst and "krever særtilgang" in tekst
    assert reverse("person_detalj", args=[ot.person_id]) in tekst
    rad = Innsyn.objects.latest("pk")
    assert (rad.handling, rad.person, rad.hva, rad.bruker) == ("vis", ot.person, "OT-ungdom", otb)
    # Without særtilgang a note cannot be added through the page either.
    assert client.post(url, {"handling": "notat", "tekst": "Nytt"}).status_code == 403
    # Change the status.
    resp = client.post(url, {"handling": "status", "status": ot.status.__class__.objects.get(kode="OTOV").pk,
                             "dato": timezone.localdate().isoformat(), "grunn": "Kontakt opprettet"})  # fmt: skip
    assert resp.status_code == 302
    ot.refresh_from_db()
    assert ot.status.kode == "OTOV"
    assert "Kontakt opprettet" in client.get(url).content.decode()  # the history
    resp = client.post(
        url, {"handling": "status", "status": ot.status.pk, "dato": "2099-01-01", "grunn": "x"}
    )
    assert resp.status_code == 200 and "fram i tid" in resp.content.decode()
    # With særtilgang: the notes, and adding one; the audit row says notes were shown.
    otb = _saertilgang(otb)
    client.force_login(otb)
    tekst = client.get(url).content.decode()
    assert "Hemmelig notat om helse" in tekst and "Lagre notat" in tekst
    assert Innsyn.objects.latest("pk").hva == "OT-ungdom med OT-notater"
    assert client.post(url, {"handling": "notat", "tekst": "Møte avtalt"}).status_code == 302
    assert OtNotat.objects.filter(ot_ungdom=ot, skrevet_av=otb, tekst="Møte avtalt").exists()


def test_tilgang_til_ot_sidene(client, kodeverk, brukere):
    ot = _ungdom(kodeverk, 1)[0]
    sider = [reverse("elev:ot_liste"), reverse("elev:ot_ungdom", args=[ot.pk])]
    # A school user never sees OT, not even with særtilgang.
    skole = _saertilgang(brukere["A"][Rolle.SKOLE])
    client.force_login(skole)
    for url in sider:
        assert client.get(url).status_code == 403
    # The intake and reading roles read the list and the youth, without notes and without changing.
    for rolle in (Rolle.INNTAK, Rolle.LESE):
        bruker = _saertilgang(brukere["A"][rolle])
        client.force_login(bruker)
        for url in sider:
            assert client.get(url).status_code == 200, (rolle, url)
        tekst = client.get(sider[1]).content.decode()
        assert "Lagre status" not in tekst and "krever særtilgang" in tekst
        assert client.post(sider[1], {"handling": "status", "status": ot.status_id, "dato": "2026-10-01",
                                      "grunn": "x"}).status_code == 403  # fmt: skip
    # The other county: 404, nothing logged.
    client.force_login(brukere["B"][Rolle.OT])
    for_ = Innsyn.objects.count()
    assert client.get(sider[1]).status_code == 404 and Innsyn.objects.count() == for_


def test_demodata(kodeverk, settings):
    from inntak.elev.demodata_ot import lag_demo_ot
    from vigo.models import Bruker
    from vigo.roller import opprett_roller

    opprett_roller()
    for i in range(40):
        PersonFactory(fodselsnummer=syntetisk_fnr(D(2006 + i % 4, 1, 1 + i % 28)), fylke=kodeverk["A"])
    for i in range(12):
        PersonFactory(fodselsnummer=syntetisk_fnr(D(2007, 2, 1 + i)), fylke=kodeverk["B"])
    assert lag_demo_ot(kodeverk["A"]) == 30 + 10
    assert lag_demo_ot(kodeverk["A"]) == 0  # idempotent
    ot, ot03 = Bruker.objects.get(username="ot"), Bruker.objects.get(username="ot03")
    assert ot.check_password("Demo-passord-2026") and ot03.check_password("Demo-passord-2026")
    assert ot.fylke == kodeverk["A"] and ot.har_rolle(Rolle.OT) and ot.has_perm("vigo.saertilgang")
    assert ot03.fylke == kodeverk["B"]
    assert Otenhet.objects.filter(fylke=kodeverk["A"]).count() == 2
    assert OtUngdom.objects.filter(fylke=kodeverk["A"]).values("status").distinct().count() > 5
    assert OtNotat.objects.exists()
