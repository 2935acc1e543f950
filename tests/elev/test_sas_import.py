"""SAS-import (6A001): god fil importeres med historikk, dårlig fil lagrer ingenting og navngir hver feil,
ny import av samme fil endrer ingenting, overskrivingsreglene, fiktivt fødselsnummer, skolebruker og REST-veien
med samme meldinger (docs/sas.md §10)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Permission

from inntak.elev.models import Elevfag, Elevforhold, Elevimport, Vitnemalsmerknad
from inntak.elev.sas import lag_testfil
from inntak.elev.sas.testfil import FAGKODER, PROGRAMOMRADER
from inntak.elev.services.sas_import import importer_sas_fil
from kodeverk import models as km
from vigo.models import Person, Rolle

SKOLEAR = "20252026"


def lag_sas_kodeverk(kodeverk: dict) -> dict:
    """The programområder, fag, fagstatuser and skoleår the test files (``lag_testfil``) name."""
    up = km.Utdanningsprogram.objects.create(kode="XX", navn="Test", studieforberedende=False)
    for kode in PROGRAMOMRADER:
        km.Programomrade.objects.get_or_create(kode=kode, defaults={"navn": kode, "niva": "VG1",
                                                                    "utdanningsprogram": up})  # fmt: skip
    for kode in FAGKODER:
        km.Fag.objects.create(kode=kode, navn=kode)
    for kode in "EABNUVOSFPRMG":
        km.Fagstatus.objects.create(kode=kode, navn=kode)
    km.Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                              sluttdato=datetime.date(2026, 7, 31), aktiv=True)  # fmt: skip
    return kodeverk


@pytest.fixture
def sas_kv(kodeverk):
    return lag_sas_kodeverk(kodeverk)


def _fil(antall=6, fag=4, seed=3, **kw) -> bytes:
    kw.setdefault("skolenr", "50001")
    return "".join(lag_testfil(antall, fag, seed=seed, skolear=SKOLEAR, andel_fiktive=0, **kw)).encode()


def _importer(bruker, innhold: bytes, kv, filnavn="sas.txt"):
    return importer_sas_fil(bruker, io.BytesIO(innhold), fylke=kv["A"], filnavn=filnavn)


@pytest.fixture
def inntak_a(brukere):
    return brukere["A"][Rolle.INNTAK]


def test_god_fil_importeres_med_antall_rader_og_historikk(sas_kv, inntak_a):
    res = _importer(inntak_a, _fil(), sas_kv)
    assert res.ok, res.feil
    assert res.antall["poster"]["$EL"] == 6 and res.antall["poster"]["$KL"] == 24
    assert res.antall["personer"] == {"ny": 6, "endret": 0, "uendret": 0}
    assert res.antall["elevkurs"] == {"ny": 6, "endret": 0, "uendret": 0}
    assert res.antall["elevfag"]["ny"] == 24
    assert Person.objects.count() == 6
    assert Elevforhold.objects.count() == 6 and Elevfag.objects.count() == 24
    assert Vitnemalsmerknad.objects.count() == 1  # every tenth pupil, from the first
    ek = Elevforhold.objects.first()
    assert ek.kilde == "sas" and ek.fullfortkode in "BS"
    assert set(Elevfag.objects.values_list("elevkurs__skole__skolenummer", flat=True)) == {"50001"}
    assert Elevforhold.history.filter(history_type="+", history_user=inntak_a).count() == 6
    assert Elevfag.history.filter(history_type="+").count() == 24
    imp = Elevimport.objects.get()
    assert imp.status == "importert" and imp.skole.skolenummer == "50001" and len(imp.sha256) == 64
    assert imp.antall["elevfag"]["ny"] == 24


def test_ny_import_av_samme_fil_endrer_ingenting(sas_kv, inntak_a):
    innhold = _fil()
    _importer(inntak_a, innhold, sas_kv)
    endret = list(Elevforhold.objects.values_list("endret", flat=True))
    hist = Elevforhold.history.count() + Elevfag.history.count()
    res = _importer(inntak_a, innhold, sas_kv)
    assert res.ok
    for tabell in ("personer", "elevkurs", "elevfag", "vitnemalsmerknader"):
        assert res.antall[tabell]["ny"] == 0 and res.antall[tabell]["endret"] == 0, tabell
    assert res.antall["elevfag"]["uendret"] == 24 and res.antall["elevfag"]["slettet"] == 0
    assert Elevforhold.history.count() + Elevfag.history.count() == hist
    assert list(Elevforhold.objects.values_list("endret", flat=True)) == endret
    assert Elevimport.objects.count() == 2


def _linjer(innhold: bytes) -> list[str]:
    return innhold.decode().splitlines(keepends=True)


def test_darlig_fil_lagrer_ingenting_og_navngir_hver_feil(sas_kv, inntak_a):
    linjer = _linjer(_fil())
    # Pupil 1: lines 2 ($EL), 3 ($EK), 4–7 ($KL), 8 ($VM); pupil 2: 9–14; pupil 3: 15–20.
    program = linjer[2].split(";")[4]
    for i in range(2, 8):
        linjer[i] = linjer[i].replace(f";{program};", ";ZZZZZ1----;")  # unknown programområde (database)
    felt = linjer[10].split(";")
    felt[5] = "XYZ9999"  # unknown fagkode (database)
    linjer[10] = ";".join(felt)
    felt = linjer[11].split(";")
    felt[15] = "Q"  # fagstatus not in the code list (reader)
    linjer[11] = ";".join(felt)
    felt = linjer[14].split(";")
    felt[5] = "9999"  # unknown kommunenummer (database)
    linjer[14] = ";".join(felt)
    res = _importer(inntak_a, "".join(linjer).encode(), sas_kv)
    assert not res.ok
    funn = {(f["linje"], f["post"], f["felt"], f["kode"]) for f in res.feil}
    assert (3, "$EK", "programomrade", "ukjent_kode") in funn
    assert (11, "$KL", "fagkode", "ukjent_kode") in funn
    assert (12, "$KL", "fagstatus", "ugyldig_kode") in funn
    assert (15, "$EL", "kommunenr", "ukjent_kode") in funn
    assert len(funn) == 4
    meld = {f["linje"]: f for f in res.feil}
    assert meld[3]["melding"] == "Ukjent programområde «ZZZZZ1----»." and meld[3]["verdi"] == "ZZZZZ1----"
    assert meld[11]["melding"] == "Ukjent fagkode «XYZ9999»."
    assert Person.objects.count() == Elevforhold.objects.count() == Elevfag.objects.count() == 0
    imp = Elevimport.objects.get()
    assert imp.status == "avvist" and imp.antall["feil"] == res.antall_feil
    rapport = res.rapport_csv()
    assert (
        rapport.startswith("\ufeff".encode()) and "Linje;Posttype;Felt;Verdi;Kode;Melding" in rapport.decode()
    )
    assert "XYZ9999" in rapport.decode()


def test_fylke_og_skole_sjekkes(sas_kv, inntak_a, brukere):
    res = _importer(inntak_a, _fil(skolenr="03001", fylke="50"), sas_kv)
    assert not res.ok and "annet_fylke" in {f["kode"] for f in res.feil}
    # A school user (given the import right) may import the own school only.
    skole = brukere["A"][Rolle.SKOLE]
    skole.user_permissions.add(
        Permission.objects.get(codename="add_elevforhold", content_type__app_label="elev")
    )
    skole = type(skole).objects.get(pk=skole.pk)
    assert _importer(skole, _fil(skolenr="50001"), sas_kv).ok
    res = _importer(skole, _fil(skolenr="50002", seed=9), sas_kv)
    assert not res.ok and {f["kode"] for f in res.feil} == {"ingen_tilgang"}
    assert not Elevforhold.objects.filter(skole__skolenummer="50002").exists()


def test_bruker_uten_rett_avvises(sas_kv, brukere):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _importer(brukere["A"][Rolle.LESE], _fil(), sas_kv)


def test_overskrivingsregler(sas_kv, inntak_a):
    innhold = _fil(antall=2, fag=3)
    _importer(inntak_a, innhold, sas_kv)
    # The elevkurs of the file's first $EK line (by its fødselsnummer: row ids follow no file order).
    ek = Elevforhold.objects.get(person__fodselsnummer=_linjer(innhold)[2].split(";")[1])
    person = ek.person
    # VIGO-registrert (4S001): særskilt språkopplæring og målform; beregnede felt; en manuelt endret klasse.
    Elevforhold.objects.filter(pk=ek.pk).update(kilde="4S001", saerskilt_sprak=True, malform="N",
                                               kursprosent=87.5, rettstype="U", klasse="Manuell")  # fmt: skip
    Person.objects.filter(pk=person.pk).update(fornavn="Riktig", etternavn="Navn", adresse="Gammel vei 1")
    fag = Elevfag.objects.filter(elevkurs=ek).order_by("pk")
    ekstra = fag.first()
    ekstra_id = ekstra.pk
    Elevfag.objects.filter(pk=ekstra_id).update(fag=km.Fag.objects.exclude(
        pk__in=fag.values("fag")).first())  # a fag line the file does not have  # fmt: skip
    linjer = _linjer(innhold)
    felt = linjer[2].split(";")  # $EK of the first pupil: blank målform (19), særskilt språk (22), klasse (6)
    felt[5], felt[18], felt[21] = "", "", ""
    linjer[2] = ";".join(felt)
    res = _importer(inntak_a, "".join(linjer).encode(), sas_kv)
    assert res.ok, res.feil
    ek.refresh_from_db()
    person.refresh_from_db()
    assert ek.malform == "N" and ek.saerskilt_sprak is True  # county's values kept on blank
    assert ek.klasse == ""  # the school's field: blank clears
    assert float(ek.kursprosent) == 87.5 and ek.rettstype == "U"  # computed: never written
    assert ek.kilde == "4S001"
    assert (person.fornavn, person.etternavn) == ("Riktig", "Navn")  # name only fills a blank
    assert person.adresse.startswith("Testveien")  # address overwritten when filled
    assert (
        not Elevfag.objects.filter(pk=ekstra_id).exists() or Elevfag.objects.filter(elevkurs=ek).count() == 3
    )
    assert Elevfag.objects.filter(elevkurs=ek).count() == 3
    assert res.antall["elevfag"]["slettet"] == 1
    assert Elevfag.history.filter(id=ekstra_id, history_type="-").exists()
    assert Elevforhold.history.filter(id=ek.pk, history_type="~").exists()


def test_blank_fullfortkode_blir_x(sas_kv, inntak_a):
    linjer = _linjer(_fil(antall=1, fag=1))
    felt = linjer[2].split(";")
    felt[11] = ""
    linjer[2] = ";".join(felt)
    assert _importer(inntak_a, "".join(linjer).encode(), sas_kv).ok
    assert Elevforhold.objects.get().fullfortkode == "X"


def test_fiktivt_fnr_godtas_med_advarsel(sas_kv, inntak_a):
    innhold = "".join(
        lag_testfil(30, 2, seed=4, skolenr="50001", skolear=SKOLEAR, andel_fiktive=0.5)
    ).encode()
    res = _importer(inntak_a, innhold, sas_kv)
    assert res.ok, res.feil
    fiktive = [a for a in res.advarsler if a.kode == "fiktivt_fnr"]
    assert fiktive
    assert Person.objects.filter(fodselsnummer__regex=r"^[4-7]").exists()
    assert "fiktivt" in res.rapport_csv().decode("utf-8-sig")


def test_rest_avviser_samme_verdier_med_samme_melding(sas_kv, inntak_a):
    from inntak.elev.services.sas_kontroll import avbrudd_for_start, ukjent_kode

    linjer = _linjer(_fil(antall=1, fag=1))
    program = linjer[2].split(";")[4]
    linjer[2:4] = [linje.replace(f";{program};", ";ZZZZZ1----;") for linje in linjer[2:4]]
    res = _importer(inntak_a, "".join(linjer).encode(), sas_kv)
    fil_melding = next(f["melding"] for f in res.feil if f["felt"] == "programomrade" and f["post"] == "$EK")
    assert fil_melding == ukjent_kode("programområde", "ZZZZZ1----")[1]
    # The REST upsert refuses the same value with the same words.
    from inntak.elev.api import services
    from vigo.api.validering import Avvist

    fnr = Person.objects.values_list("fodselsnummer", flat=True).first()
    with pytest.raises(Avvist) as e:
        services.upsert_elevforhold(inntak_a, [{"fodselsnummer": fnr or "x", "skolenummer": "50001",
                                                "skolear": "2025-2026", "programomrade": "ZZZZZ1----",
                                                "startdato": "2025-08-18", "avbruddsdato": "2025-08-01"}])  # fmt: skip
    meldinger = {f["felt"]: f["melding"] for f in e.value.feil}
    assert meldinger["programomrade"] == fil_melding
    assert (
        avbrudd_for_start(datetime.date(2025, 8, 18), datetime.date(2025, 8, 1))[1]
        == meldinger["avbruddsdato"]
    )


def test_demofilene(sas_kv, inntak_a, settings, tmp_path):
    from inntak.elev.demodata_sas import lag_demo_sas_fil

    god = lag_demo_sas_fil(sas_kv["A"])
    res = importer_sas_fil(inntak_a, god, fylke=sas_kv["A"], filnavn=god.name)
    assert res.ok, res.feil[:5]
    assert Elevforhold.objects.filter(skole__skolenummer="50001").count() == 40
    dårlig = lag_demo_sas_fil(sas_kv["A"], feil=True)
    res = importer_sas_fil(inntak_a, dårlig, fylke=sas_kv["A"], filnavn=dårlig.name)
    assert not res.ok
    assert {"ukjent_kode", "ugyldig_kode", "avbrudd_for_start", "ukjent_posttype"} <= {
        f["kode"] for f in res.feil
    }


def test_person_som_et_annet_fylke_forvalter_endres_ikke(sas_kv, inntak_a):
    innhold = _fil(antall=1, fag=1)
    fnr = _linjer(innhold)[1].split(";")[1]
    annen = Person.objects.create(fodselsnummer=fnr, fornavn="", etternavn="", adresse="Oslogata 1",
                                  fylke=sas_kv["B"])  # fmt: skip
    res = _importer(inntak_a, innhold, sas_kv)
    assert res.ok and res.antall["personer"] == {"ny": 0, "endret": 0, "uendret": 1}
    annen.refresh_from_db()
    assert (annen.etternavn, annen.adresse, annen.fylke_id) == ("", "Oslogata 1", sas_kv["B"].pk)
    assert Elevforhold.objects.get().person_id == annen.pk
