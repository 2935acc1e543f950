"""SAS bulk upserts and change feeds: elever, elevforhold, elevfag, karakterer, sluttere."""

from __future__ import annotations

import pytest

from inntak.elev.models import Elevfag, Elevforhold, Vgskarakter
from tests.api.conftest import elev, elevforhold
from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo.models import Innsyn, Person

pytestmark = pytest.mark.django_db


def test_elever_opprettes_oppdateres_og_uendret_er_uendret(api_a):
    fnr = syntetisk_fnr()
    svar = api_a.post("/api/v1/elever", [elev(fnr, epost="kari@example.no")])
    assert svar.status_code == 200, svar.content
    assert svar.json() == {"antall": 1, "opprettet": 1, "oppdatert": 0, "uendret": 0, "ikke_endret": []}
    person = Person.objects.get(fodselsnummer=fnr)
    assert person.fylke.nummer == "50" and person.fodselsdato.year == 2009 and person.history.count() == 1
    # Not linked to the school yet: a school client cannot change an existing person.
    svar = api_a.post("/api/v1/elever", [elev(fnr, fornavn="Karoline")])
    assert svar.json()["ikke_endret"][0]["kode"] == "utenfor_tilgang"
    assert api_a.post("/api/v1/elevforhold", [elevforhold(fnr)]).status_code == 200
    svar = api_a.post("/api/v1/elever", [elev(fnr, fornavn="Karoline")])
    assert svar.json() == {"antall": 1, "opprettet": 0, "oppdatert": 1, "uendret": 0, "ikke_endret": []}
    person.refresh_from_db()
    assert person.fornavn == "Karoline" and person.epost == "kari@example.no"  # absent fields unchanged
    svar = api_a.post("/api/v1/elever", [elev(fnr, fornavn="Karoline")])
    assert svar.json()["uendret"] == 1


def test_person_i_annet_fylke_endres_ikke(api_a, sas_kodeverk):
    """Outside the county's view: answered as an unknown number (counted as created), nothing stored."""
    annen = PersonFactory(fylke=sas_kodeverk["B"], fornavn="Bjørn")
    svar = api_a.post("/api/v1/elever", [elev(annen.fodselsnummer, fornavn="Kapret")])
    assert svar.status_code == 200
    assert svar.json() == {"antall": 1, "opprettet": 1, "oppdatert": 0, "uendret": 0, "ikke_endret": []}
    annen.refresh_from_db()
    assert annen.fornavn == "Bjørn" and annen.fylke.nummer == "03" and Person.objects.count() == 1


def test_en_ugyldig_post_gir_400_og_ingenting_lagres(api_a):
    poster = [elev(), elev("15108695077"), elev(fornavn=""), elev(malform="xx")]
    svar = api_a.post("/api/v1/elever", poster)
    assert svar.status_code == 400
    feil = svar.json()["feil"]
    assert {(f["index"], f["felt"], f["kode"]) for f in feil} == {
        (1, "fodselsnummer", "ugyldig_fodselsnummer"),
        (2, "fornavn", "mangler"),
        (3, "malform", "ugyldig"),
    }
    assert "kontrollsiffer" in feil[0]["melding"] or "kontrollsiffer" in str(feil)
    assert svar.json()["antall_feil"] == 3
    assert Person.objects.count() == 0


def test_elevforhold_valideres_mot_kodeverk_settvis(api_a):
    fnr = syntetisk_fnr()
    api_a.post("/api/v1/elever", [elev(fnr)])
    poster = [
        elevforhold(fnr),
        elevforhold(fnr, programomrade="UKJENT----"),
        elevforhold(fnr, skolear="2030-2031", startdato="2025-13-01"),
        elevforhold(fnr),
        elevforhold(syntetisk_fnr()),
        elevforhold(fnr, avbruddsdato="2025-08-01", programomrade="STUSP1----", skolenummer="50002"),
    ]
    svar = api_a.post("/api/v1/elevforhold", poster)
    assert svar.status_code == 400
    koder = {(f["index"], f["felt"], f["kode"]) for f in svar.json()["feil"]}
    assert koder == {
        (1, "programomrade", "ukjent_kode"),
        (2, "skolear", "ukjent_kode"),
        (2, "startdato", "ugyldig_dato"),
        (3, "fodselsnummer", "duplikat"),
        (4, "fodselsnummer", "ukjent_person"),
        (5, "skolenummer", "ingen_tilgang"),
        (5, "avbruddsdato", "ugyldig_dato"),
    }
    assert not Elevforhold.objects.exists()


def test_skole_a_ser_ikke_og_skriver_ikke_skole_b(api_a, api_b):
    fnr_b = syntetisk_fnr()
    assert api_b.post("/api/v1/elever", [elev(fnr_b)]).status_code == 200
    assert api_b.post("/api/v1/elevforhold", [elevforhold(fnr_b, "03001")]).status_code == 200
    forhold_b = Elevforhold.objects.get()
    person_b = forhold_b.person
    assert api_a.get(f"/api/v1/elevforhold/{forhold_b.pk}").status_code == 404
    assert api_a.get(f"/api/v1/elever/{person_b.pk}").status_code == 404
    assert api_b.get(f"/api/v1/elevforhold/{forhold_b.pk}").status_code == 200
    assert api_b.get(f"/api/v1/elever/{person_b.pk}").json()["fodselsnummer"] == fnr_b
    assert api_a.get("/api/v1/elevforhold").json()["resultater"] == []
    assert api_a.get("/api/v1/elever").json()["resultater"] == []
    svar = api_a.post("/api/v1/elevforhold", [elevforhold(fnr_b, "03001", avbruddsdato="2025-09-01")])
    assert svar.status_code == 400
    assert {f["kode"] for f in svar.json()["feil"]} == {"ukjent_person", "ingen_tilgang"}
    svar = api_a.post("/api/v1/sluttere", [{**elevforhold(fnr_b, "03001"), "avbruddsdato": "2025-09-01",
                                           "avbruddsarsak": "Flyttet"}])  # fmt: skip
    assert svar.status_code == 400
    forhold_b.refresh_from_db()
    assert forhold_b.avbruddsdato is None


def test_endringsfeed_med_markor_og_endret_etter(api_a):
    fnr = [syntetisk_fnr() for _ in range(7)]
    api_a.post("/api/v1/elever", [elev(f) for f in fnr])
    api_a.post("/api/v1/elevforhold", [elevforhold(f) for f in fnr])
    sett, url, sider = [], "/api/v1/elevforhold?antall=3", 0
    while url:
        data = api_a.get(url).json()
        sett += data["resultater"]
        url, sider = data["neste"], sider + 1
    assert sider == 3 and len({r["id"] for r in sett}) == 7
    assert {r["fodselsnummer"] for r in sett} == set(fnr)
    assert sett[0]["skolenummer"] == "50001" and sett[0]["programomrade"] == "STUSP1----"
    siste = sett[-1]["endret"]
    assert api_a.get("/api/v1/elevforhold", {"endret_etter": siste}).json()["resultater"] == []
    # Only changed rows move: one sluttere record → one row in the feed after «siste».
    api_a.post(
        "/api/v1/sluttere",
        [{**elevforhold(fnr[2]), "avbruddsdato": "2025-10-01", "avbruddsarsak": "Sluttet"}],
    )
    nye = api_a.get("/api/v1/elevforhold", {"endret_etter": siste}).json()["resultater"]
    assert [(r["fodselsnummer"], r["avbruddsdato"], r["avbruddsarsak"]) for r in nye] == [
        (fnr[2], "2025-10-01", "Sluttet")
    ]
    assert api_a.post("/api/v1/elevforhold", [elevforhold(f) for f in fnr[3:]]).json()["uendret"] == 4
    assert len(api_a.get("/api/v1/elever", {"antall": 100}).json()["resultater"]) == 7
    assert api_a.get("/api/v1/elevforhold", {"endret_etter": "i går"}).status_code == 400
    assert api_a.get("/api/v1/elevforhold", {"markor": "tull"}).status_code == 400
    assert api_a.get("/api/v1/elevforhold", {"antall": "0"}).status_code == 400


def test_lesing_logges_i_innsyn_og_apikall(api_a):
    fnr = syntetisk_fnr()
    api_a.post("/api/v1/elever", [elev(fnr)])
    api_a.post("/api/v1/elevforhold", [elevforhold(fnr)])
    svar = api_a.get("/api/v1/elevforhold")
    assert svar["Cache-Control"] == "no-store"
    logg = Innsyn.objects.filter(handling="api").order_by("tidspunkt")
    assert [(i.aktor, i.antall, i.fylke.nummer) for i in logg][-1] == ("SAS Charlottenlund vgs", 1, "50")
    assert logg.count() == 3
    from vigo.models import ApiKall

    assert list(ApiKall.objects.order_by("tidspunkt").values_list("metode", "sti", "status", "antall")) == [
        ("POST", "/api/v1/elever", 200, 1),
        ("POST", "/api/v1/elevforhold", 200, 1),
        ("GET", "/api/v1/elevforhold", 200, 1),
    ]


def test_elevfag_og_vgskarakterer(api_a):
    fnr = syntetisk_fnr()
    api_a.post("/api/v1/elever", [elev(fnr)])
    felles = {"fodselsnummer": fnr, "skolenummer": "50001", "skolear": "2025-2026"}
    svar = api_a.post("/api/v1/elevfag", [{**felles, "fag": "NOR1211", "fagstatus": "E"},
                                          {**felles, "fag": "MAT1019", "fagstatus": "F"}])  # fmt: skip
    assert svar.json() == {"antall": 2, "opprettet": 2, "oppdatert": 0, "uendret": 0}
    svar = api_a.post("/api/v1/elevfag", [{**felles, "fag": "MAT1019", "fagstatus": "E"}])
    assert svar.json()["oppdatert"] == 1 and Elevfag.objects.get(fag__kode="MAT1019").fagstatus.kode == "E"
    karakterer = [
        {**felles, "fag": "NOR1211", "vurdering": "halvar", "termin": 1, "karakter": "4"},
        {
            **felles,
            "fag": "NOR1211",
            "vurdering": "standpunkt",
            "karakter": "5",
            "vurderingsdato": "2026-06-15",
        },
        {**felles, "fag": "NOR1211", "vurdering": "eksamen_skriftlig", "karakter": "im"},
    ]
    svar = api_a.post("/api/v1/karakterer", karakterer)
    assert svar.status_code == 200 and svar.json()["opprettet"] == 3, svar.content
    assert sorted(Vgskarakter.objects.values_list("karakter_id", flat=True)) == ["4", "5", "IM"]
    rader = api_a.get("/api/v1/karakterer").json()["resultater"]
    assert {(r["vurdering"], r["termin"], r["karakter"]) for r in rader} == {
        ("halvar", 1, "4"), ("standpunkt", 0, "5"), ("eksamen_skriftlig", 0, "IM")}  # fmt: skip
    ugyldige = [
        {**felles, "fag": "NOR1211", "vurdering": "halvar", "karakter": "4"},
        {**felles, "fag": "NOR1211", "vurdering": "standpunkt", "karakter": "7"},
        {**felles, "fag": "MAT1019", "vurdering": "standpunkt", "karakter": "IM"},
        {**felles, "fag": "ENG1007", "vurdering": "standpunkt", "karakter": "G"},
        {**felles, "fag": "NOR0214", "vurdering": "standpunkt", "karakter": "4"},
        {**felles, "fag": "NOR1211", "vurdering": "standpunkt", "karakter": "IG", "termin": 2},
    ]
    svar = api_a.post("/api/v1/karakterer", ugyldige)
    assert svar.status_code == 400
    assert {(f["index"], f["felt"], f["kode"]) for f in svar.json()["feil"]} == {
        (0, "termin", "mangler"),
        (1, "karakter", "ugyldig_karakter"),
        (2, "karakter", "ugyldig_karakter"),
        (3, "karakter", "ugyldig_karakter"),
        (4, "fag", "grunnskolefag"),
        (5, "termin", "ugyldig"),
        (5, "karakter", "ugyldig_karakter"),
    }
    assert Vgskarakter.objects.count() == 3


def test_body_som_ikke_er_liste_eller_for_stor(api_a, monkeypatch):
    assert api_a.post("/api/v1/elever", {"fodselsnummer": "x"}).json()["feil"][0]["kode"] == "ikke_liste"
    assert api_a.post("/api/v1/elever", [1]).json()["feil"][0]["kode"] == "ikke_objekt"
    from vigo.api import validering

    monkeypatch.setattr(validering.les_poster, "__defaults__", (2,))  # MAKS_POSTER = 2 for this test
    svar = api_a.post("/api/v1/elever", [elev(), elev(), elev()])
    assert svar.status_code == 400 and svar.json()["feil"][0]["kode"] == "for_mange"
