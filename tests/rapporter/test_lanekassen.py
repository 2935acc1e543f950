"""1L012 Resultater til Lånekassen: no precondition, one record per counted fag line (fritak, realkompetanse and
godkjent left out) with the elevkurs repeated, privatister and single-fag lines included, the controls, county
scoping and a constant query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inntak.elev.models import Elevfag
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.tjenester import LeveranseNektet, kjor_leveranse, marker_sendt
from rapporter.models import Kontrollfunn, LeveranseStatus
from tests.rapporter.fabrikk_elev import lag_elevverden, lag_kurs, lag_privatist
from tests.rapporter.hjelp import csv_rader, les
from vigo import jobber
from vigo.models import Person, Rolle

pytestmark = pytest.mark.django_db
KODE = "1L012"
KARAKTERER = {"standpunkt": "4", "karakter_t2": "4"}


@pytest.fixture
def elevverden(kodeverk):
    return lag_elevverden(kodeverk)


def _rader(lev) -> tuple[list[str], list[dict[str, str]]]:
    (fil,) = lev.filer.all()
    rader = csv_rader(fil)
    return rader[0], [dict(zip(rader[0], r, strict=True)) for r in rader[1:]]


def _funn(lev, klasse):
    return sorted(
        Kontrollfunn.objects.filter(leveranse=lev, klasse=klasse).values_list("alvorlighet", "post")
    )


def _fullfort(v, *linjer, **kw):
    """An elevkurs at year end: fullførtkode B and final grades on every line."""
    return lag_kurs(v, [(kode, status, dict(KARAKTERER)) for kode, status in linjer], fullfortkode="B", **kw)


def test_registrert_uten_forutsetning():
    d = register.hent(KODE)
    assert jobber.finnes(KODE) and d.mottaker == "Lånekassen"
    assert d.forutsetninger == () and d.sql is not None and d.delfiler == ()
    assert "lukket" in d.layout and len(d.sql_kontroller) >= 6


def test_fil_med_en_post_per_person_og_fag(elevverden, brukere):
    v = elevverden
    ek = _fullfort(
        v, ("NOR1211", "E"), ("MAT1019", "E"), ("NOR3001", "E"), kursprosent="40.00", rettstype="U"
    )
    Elevfag.objects.filter(elevkurs=ek, fag__kode="NOR3001").update(elevtimer=90)
    lev = kjor_leveranse(KODE, v["A"], v["ar"], bruker=brukere["A"][Rolle.INNTAK])
    assert lev.status == LeveranseStatus.KONTROLLERT and lev.antall_feil == 0, lev.oppsummering
    (fil,) = lev.filer.all()
    assert fil.navn == f"lanekassen_50_2026-2027_{timezone.localdate():%Y%m%d}.csv"
    assert fil.tegnsett == "utf-8" and fil.innholdstype == "text/csv; charset=utf-8"
    data = les(fil)
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")
    topp, rader = _rader(lev)
    assert topp == register.hent(KODE).feltnavn
    assert [r["fagkode"] for r in rader] == ["MAT1019", "NOR1211", "NOR3001"]
    for r in rader:  # the elevkurs repeated on every line
        assert r["fodselsnummer"] == ek.person.fodselsnummer and r["deltakertype"] == "ELEV"
        assert r["skolear"] == "20262027" and r["programomradekode"] == "STUSP1----" and r["niva"] == "VG1"
        assert r["fullfortkode"] == "B" and r["kursprosent"] == "40.00" and r["rettstype"] == "U"
        assert r["arstimer_programomrade"] == "840" and r["deltid"] == "N" and r["standpunkt"] == "4"
        assert r["organisasjonsnummer"] == v["skole_a"].organisasjonsnummer
    nor3001 = next(r for r in rader if r["fagkode"] == "NOR3001")
    assert nor3001["elevtimer"] == "90" and nor3001["timer"] == "90" and nor3001["arstimer_fag"] == "112"
    mat = next(r for r in rader if r["fagkode"] == "MAT1019")
    assert mat["timer"] == "140" and mat["elevtimer"] == "" and mat["skriftlig"] == ""


def test_fritak_og_realkompetanse_teller_ikke_privatister_er_med(elevverden):
    v = elevverden
    ek = _fullfort(v, ("NOR1211", "E"), ("MAT1019", "F"), ("ENG1007", "R"), ("KRO1017", "G"))
    bare_fritak = lag_kurs(v, (("MAT1019", "F"),), fullfortkode="B")
    privatist = lag_privatist(v, "MAT1019", skriftlig="3")
    enkeltfag = lag_privatist(v, "ENG1007", standpunkt="5")
    Elevfag.objects.filter(pk=enkeltfag.pk).update(fagstatus=ek.fag.get(fag__kode="NOR1211").fagstatus)
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    _topp, rader = _rader(lev)
    per_person = {}
    for r in rader:
        per_person.setdefault(r["fodselsnummer"], []).append(r)
    assert [r["fagkode"] for r in per_person[ek.person.fodselsnummer]] == ["NOR1211"]
    # An elevkurs with only fritak: one record without fag, and a warning.
    (tom,) = per_person[bare_fritak.person.fodselsnummer]
    assert tom["fagkode"] == "" and tom["deltakertype"] == "ELEV" and tom["programomradekode"] == "STUSP1----"
    assert _funn(lev, "Elevkurs uten tellende fag") == [("ADVARSEL", f"elevkurs:{bare_fritak.pk}")]
    (p,) = per_person[privatist.person.fodselsnummer]
    assert p["deltakertype"] == "PRIVATIST" and p["fagstatus"] == "P" and p["skriftlig"] == "3"
    assert p["programomradekode"] == "" and p["termin"] == "V" and p["skolenummer"] == "50001"
    (e,) = per_person[enkeltfag.person.fodselsnummer]
    assert e["deltakertype"] == "ENKELTFAG" and e["standpunkt"] == "5"
    assert lev.antall_poster == 4


def test_fylke_b_er_aldri_i_fylke_a_sin_fil(elevverden):
    v = elevverden
    _fullfort(v, ("NOR1211", "E"))
    b = _fullfort(v, ("NOR1211", "E"), skole=v["skole_b"])
    pb = lag_privatist(v, "MAT1019", skole=v["skole_b"], skriftlig="2")
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    (fil,) = lev.filer.all()
    for fnr in (b.person.fodselsnummer, pb.person.fodselsnummer):
        assert fnr.encode() not in les(fil)
    assert lev.antall_poster == 1
    lev_b = kjor_leveranse(KODE, v["B"], v["ar"])
    assert lev_b.antall_poster == 2


def test_kontrollene_og_feil_stopper_sending(elevverden, brukere):
    v = elevverden
    ok = _fullfort(v, ("NOR1211", "E"))
    ugyldig = _fullfort(v, ("NOR1211", "E"), ("MAT1019", "E"))
    fiktiv = _fullfort(v, ("NOR1211", "E"))
    uten_karakter = lag_kurs(v, (("NOR1211", "E"), ("MAT1019", "S")))  # S: quit the fag, no grade expected
    ukjent = _fullfort(v, ("ENG1007", "E"))
    Elevfag.objects.filter(elevkurs=ukjent).update(skriftlig="7")
    timer = _fullfort(v, ("NOR3001", "E"))
    Person.objects.filter(pk=ugyldig.person_id).update(fodselsnummer="12345678901")
    Person.objects.filter(pk=fiktiv.person_id).update(fodselsnummer="42059199202")
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    # One finding per person, not per line.
    assert _funn(lev, "Ugyldig fødselsnummer") == [("FEIL", f"person:{ugyldig.person_id}")]
    assert _funn(lev, "Fiktivt fødselsnummer") == [("ADVARSEL", f"person:{fiktiv.person_id}")]
    nor = Elevfag.objects.get(elevkurs=uten_karakter, fag__kode="NOR1211")
    assert _funn(lev, "Mangler sluttkarakter") == [("ADVARSEL", f"elevfag:{nor.pk}")]
    assert _funn(lev, "Fullførtkode mangler") == [("ADVARSEL", f"elevkurs:{uten_karakter.pk}")]
    eng = Elevfag.objects.get(elevkurs=ukjent)
    assert _funn(lev, "Ukjent karakter") == [("FEIL", f"elevfag:{eng.pk}")]
    assert "«7»" in Kontrollfunn.objects.get(leveranse=lev, klasse="Ukjent karakter").melding
    nor3001 = Elevfag.objects.get(elevkurs=timer)
    assert _funn(lev, "Elevtimer mangler") == [("ADVARSEL", f"elevfag:{nor3001.pk}")]
    assert not Kontrollfunn.objects.filter(
        leveranse=lev, post__in=[f"elevkurs:{ok.pk}", f"person:{ok.person_id}"]
    )
    assert lev.status == LeveranseStatus.STOPPET and lev.antall_feil == 2
    assert not Kontrollfunn.objects.filter(leveranse=lev, melding__contains="12345678901").exists()
    bruker = brukere["A"][Rolle.INNTAK]
    with pytest.raises(LeveranseNektet, match="2 feil"):
        marker_sendt(lev, bruker)
    # Fixed data: a new run is kontrollert and may be marked sent.
    Elevfag.objects.filter(elevkurs=ugyldig).delete()
    ugyldig.delete()
    Elevfag.objects.filter(elevkurs=ukjent).update(skriftlig="5")
    lev2 = kjor_leveranse(KODE, v["A"], v["ar"])
    assert lev2.antall_feil == 0 and marker_sendt(lev2, bruker).status == LeveranseStatus.SENDT


def _sporringer(v) -> int:
    with CaptureQueriesContext(connection) as ctx:
        kjor_leveranse(KODE, v["A"], v["ar"])
    return len(ctx.captured_queries)


def test_antall_sporringer_vokser_ikke_med_populasjonen(elevverden):
    v = elevverden
    _fullfort(v, ("NOR1211", "E"))
    lite = _sporringer(v)
    for _ in range(5):
        _fullfort(v, ("NOR1211", "E"), ("MAT1019", "E"), ("NOR3001", "F"))
        lag_privatist(v, "ENG1007", skriftlig="4")
    assert _sporringer(v) == lite
