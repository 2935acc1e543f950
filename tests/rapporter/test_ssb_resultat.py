"""ssbResultat + ssbResultatfag (1L010): preconditions, the two files, the set-based controls and release."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inntak.elev.models import Elevfag, Elevforhold
from kodeverk import models as km
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.tjenester import LeveranseNektet, kjor_leveranse, marker_sendt
from rapporter.models import LeveranseStatus
from tests.fabrikker import PersonFactory
from tests.rapporter.fabrikk_ssb import lag_arsresultat, lag_elevkurs
from tests.rapporter.hjelp import csv_rader, les
from vigo import jobber
from vigo.models import Person, Rolle

pytestmark = pytest.mark.django_db

KODE = "1L010"


@pytest.fixture
def resultat(kodeverk):
    return lag_arsresultat(kodeverk)


@pytest.fixture
def klar(resultat, ferdig_jobb):
    """5A018 and 5A019 have run in county A this school year."""
    ferdig_jobb("5A018", resultat.A, skolear=resultat.ar.pk)
    ferdig_jobb("5A019", resultat.A, skolear=resultat.ar.pk)
    return resultat


def _filer(lev) -> tuple:
    filer = {f.navn.split("_")[0]: f for f in lev.filer.all()}
    return filer["ssbResultat"], filer["ssbResultatfag"]


def test_er_registrert_som_jobb_med_offentlig_kolonnerekkefolge():
    d = register.hent(KODE)
    assert jobber.finnes(KODE)
    assert d.mottaker == "Utdanningsdirektoratet (med SSB)"
    assert d.feltnavn[:8] == ["FilID", "RadID", "RadNr", "Fødselsnummer", "Skoleår", "Skolenummer",
                              "Programområdekode", "Elevnavn"]  # fmt: skip
    assert d.feltnavn[-1] == "Påbyggingsrett" and len(d.feltnavn) == 27
    assert [df.navn for df in d.delfiler] == ["ssbResultatfag"]
    assert len(d.delfiler[0].felt) == 22
    assert "SSB" in d.layout and "modell" in d.layout
    assert {f.variabel for f in d.felt} >= {"R.1; A01", "R.13; B21"}


def test_nektes_for_5A019(resultat, ferdig_jobb):
    with pytest.raises(LeveranseNektet, match="5A018.*5A019"):
        kjor_leveranse(KODE, resultat.A, resultat.ar)
    ferdig_jobb("5A018", resultat.A, skolear=resultat.ar.pk)
    with pytest.raises(LeveranseNektet) as feil:
        kjor_leveranse(KODE, resultat.A, resultat.ar)
    assert "5A019" in str(feil.value) and "5A018" not in str(feil.value)
    ferdig_jobb("5A019", resultat.B, skolear=resultat.ar.pk)  # another county's run does not count
    with pytest.raises(LeveranseNektet, match="5A019"):
        kjor_leveranse(KODE, resultat.A, resultat.ar)


def test_filene_har_en_linje_per_elevkurs_og_per_fag(klar):
    r = klar
    lev = kjor_leveranse(KODE, r.A, r.ar)
    assert lev.status == LeveranseStatus.KONTROLLERT, lev.oppsummering
    hoved, fag = _filer(lev)
    assert lev.filer.count() == 2
    assert hoved.navn.startswith("ssbResultat_50_2025-2026_") and hoved.navn.endswith(".csv")
    assert hoved.tegnsett == "utf-8" and hoved.antall_poster == 2 and fag.antall_poster == 5
    assert lev.antall_poster == 7
    data = les(hoved)
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    rader = csv_rader(hoved)
    assert rader[0] == list(register.hent(KODE).feltnavn)
    rad = dict(zip(rader[0], rader[1], strict=True))
    assert rad["FilID"] == "ssbResultat_50_20252026"
    assert (rad["RadID"], rad["RadNr"]) == (str(r.ek1.pk), "1")
    assert rad["Fødselsnummer"] == r.aase.fodselsnummer
    assert rad["Elevnavn"] == "Sæther Åse Ø."
    assert (rad["Skoleår"], rad["Skolenummer"], rad["Programområdekode"]) == (
        "20252026",
        "50001",
        "STUSP1----",
    )
    assert rad["Organisasjonsnummer"] == "974760673" and rad["Skolenavn"] == "Charlottenlund vgs"
    assert (rad["Startdato"], rad["Avbruddsdato"]) == ("20250801", "")
    assert (rad["Fullførtkode"], rad["Elevstatus"], rad["Rettstype ved inntak"]) == ("B", "E", "U")
    assert rad["Godkjent realkompetansevurdering dato"] == "20260601"
    assert (rad["Kursprosent"], rad["Antall dager fravær"], rad["Antall enkelttimer fravær"]) == (
        "87.50",
        "2",
        "5",
    )
    assert (rad["Antall fag på elevkurset"], rad["Antall stryk på elevkurset"]) == ("3", "0")
    assert (rad["Bevistype"], rad["Målform"], rad["Forrige elevstatus"]) == ("VM", "B", "E")
    assert (rad["Rettstype i hjemfylket"], rad["Påbyggingsrett"], rad["Karakterpoeng"]) == ("U", "J", "")
    to = dict(zip(rader[0], rader[2], strict=True))
    assert (to["RadNr"], to["Skolenummer"], to["Avbruddsdato"]) == ("2", "50002", "20260302")
    assert (to["Antall fag på elevkurset"], to["Antall stryk på elevkurset"], to["Påbyggingsrett"]) == (
        "2",
        "2",
        "N",
    )
    assert to["Rettstype i hjemfylket"] == ""

    fagrader = csv_rader(fag)
    assert fagrader[0] == list(register.hent(KODE).delfiler[0].feltnavn)
    assert len(fagrader) == 6
    linjer = [dict(zip(fagrader[0], x, strict=True)) for x in fagrader[1:]]
    assert [x["Radnr"] for x in linjer] == ["1", "2", "3", "4", "5"]
    assert {x["Filid"] for x in linjer} == {"ssbResultatfag_50_20252026"}
    forste = next(x for x in linjer if x["Fagkode"] == "NOR1211" and x["Skolenummer"] == "50001")
    assert forste["Fødselsnummer"] == r.aase.fodselsnummer and forste["Programområdekode"] == "STUSP1----"
    assert (forste["Fagstatus"], forste["KarakterHalvårsvurdering1"], forste["KarakterStandpunkt"]) == (
        "E",
        "4",
        "4",
    )
    assert (forste["ErLinjaAktiv"], forste["Elevtimer"], forste["ForrigeFagstatus"]) == ("J", "140", "E")
    assert (forste["Skoleår2"], forste["Skolenummer2"], forste["KarakterSkriftligEksamen"]) == ("", "", "")


def test_fylke_b_kommer_aldri_i_fylke_as_filer(klar):
    r = klar
    lev = kjor_leveranse(KODE, r.A, r.ar)
    innhold = b"".join(les(f) for f in lev.filer.all()).decode("utf-8")
    assert r.oslo.fodselsnummer not in innhold and "Oslogutt" not in innhold and "03001" not in innhold
    assert r.aase.fodselsnummer in innhold and r.bjorn.fodselsnummer in innhold


def test_mangler_programomrade_er_feil_og_stopper_til_det_er_rettet(klar, brukere):
    r = klar
    utgatt = km.Programomrade.objects.create(kode="DHDHV1----", navn="Design og håndverk", niva="VG1",
                                             gyldig_til=datetime.date(2020, 7, 31))  # fmt: skip
    ek = lag_elevkurs(PersonFactory(fylke=r.A), r.kv["skole_a"], utgatt, r.ar, fag=r.fag[:1])
    bruker = brukere["A"][Rolle.INNTAK]
    lev = kjor_leveranse(KODE, r.A, r.ar, bruker=bruker)
    assert lev.status == LeveranseStatus.STOPPET
    assert lev.oppsummering["Mangler programområde"] == {"FEIL": 1, "ADVARSEL": 0}
    funn = lev.funn.get(klasse="Mangler programområde")
    assert funn.post == f"elevkurs:{ek.pk}" and funn.alvorlighet == "FEIL"
    assert "DHDHV1----" in funn.melding and "2025-2026" in funn.melding
    assert lev.filer.count() == 2  # kept for inspection
    with pytest.raises(LeveranseNektet, match="feil"):
        marker_sendt(lev, bruker)

    Elevforhold.objects.filter(pk=ek.pk).update(programomrade=r.st)
    ny = kjor_leveranse(KODE, r.A, r.ar, bruker=bruker)
    assert ny.status == LeveranseStatus.KONTROLLERT and ny.antall_feil == 0
    assert marker_sendt(ny, bruker).status == LeveranseStatus.SENDT


def test_faglinje_uten_elevkurs_mangler_programomrade(klar):
    """A privatist's exam (fagstatus P) has no elevkurs and is reported per fag; any other fag line without an
    elevkurs has no programområde and stops the delivery."""
    r = klar
    privatist = Elevfag.objects.create(person=r.bjorn, skole=r.kv["skole_a2"], skolear=r.ar, fag=r.fag[2],
                                       fagstatus=km.Fagstatus.objects.get(kode="P"), skriftlig="3")  # fmt: skip
    lev = kjor_leveranse(KODE, r.A, r.ar)
    assert lev.status == LeveranseStatus.KONTROLLERT and not lev.funn.filter(alvorlighet="FEIL").exists()
    linje = next(x for x in csv_rader(_filer(lev)[1]) if x[1] == str(privatist.pk))
    assert linje[6] == "" and linje[7] == "ENG1007" and linje[12] == "3"
    annen = km.Fagstatus.objects.exclude(kode="P").first()
    ef = Elevfag.objects.create(
        person=r.aase, skole=r.kv["skole_a2"], skolear=r.ar, fag=r.fag[1], fagstatus=annen
    )
    lev = kjor_leveranse(KODE, r.A, r.ar)
    assert lev.status == LeveranseStatus.STOPPET
    assert list(lev.funn.filter(alvorlighet="FEIL").values_list("post", "klasse")) == [
        (f"elevfag:{ef.pk}", "Mangler programområde")
    ]


def test_kontrollene_finner_feil_og_advarsler_uten_personopplysninger(klar):
    r = klar
    # The data that break the rules are written past the model validation, as a bad import could.
    Person.objects.filter(pk=r.aase.pk).update(fodselsnummer="1234567890A")
    Elevforhold.objects.filter(pk=r.ek1.pk).update(fullfortkode="Q")
    Elevforhold.objects.filter(pk=r.ek2.pk).update(fullfortkode="X", avbruddsdato=None, elevstatus=None)
    Elevfag.objects.filter(elevkurs=r.ek1, fag=r.fag[1]).update(standpunkt="7", skriftlig="NG")
    grunnskolefag = km.Fag.objects.create(kode="NOR0214", navn="Norsk (grunnskole)", grunnskole=True)
    ek3 = lag_elevkurs(r.bjorn, r.kv["skole_a"], r.st, r.ar, fag=[grunnskolefag],
                       startdato=datetime.date(2025, 9, 1), avbruddsdato=datetime.date(2025, 8, 20))  # fmt: skip
    ek4 = lag_elevkurs(PersonFactory(fylke=r.A), r.kv["skole_a2"], r.st, r.ar, fullfortkode="")
    lev = kjor_leveranse(KODE, r.A, r.ar)
    funn = {(f.klasse, f.alvorlighet, f.post) for f in lev.funn.all()}
    ef_ugyldig = Elevfag.objects.get(elevkurs=r.ek1, fag=r.fag[1])
    ef_grunnskole = Elevfag.objects.get(elevkurs=ek3)
    assert funn == {
        ("Ugyldig fødselsnummer", "FEIL", f"elevkurs:{r.ek1.pk}"),
        ("Ugyldig fullførtkode", "FEIL", f"elevkurs:{r.ek1.pk}"),
        ("Ugyldig karakter", "FEIL", f"elevfag:{ef_ugyldig.pk}"),
        ("Mangler fullførtkode", "ADVARSEL", f"elevkurs:{r.ek2.pk}"),
        ("Mangler elevstatus", "ADVARSEL", f"elevkurs:{r.ek2.pk}"),
        ("Avbruddsdato før startdato", "FEIL", f"elevkurs:{ek3.pk}"),
        ("Fag på feil nivå", "FEIL", f"elevfag:{ef_grunnskole.pk}"),
        ("Elevkurs uten fag", "ADVARSEL", f"elevkurs:{ek4.pk}"),
        ("Mangler fullførtkode", "ADVARSEL", f"elevkurs:{ek4.pk}"),
    }
    assert (lev.antall_feil, lev.antall_advarsler, lev.status) == (5, 4, LeveranseStatus.STOPPET)
    meldinger = " ".join(lev.funn.values_list("melding", flat=True))
    assert (
        "«Q»" in meldinger and "7, NG" in meldinger and "NOR0214" in meldinger and "20.08.2025" in meldinger
    )
    for person in (r.bjorn, r.aase):
        assert person.etternavn not in meldinger and person.fodselsnummer not in meldinger


def test_advarsler_alene_stopper_ikke(klar, brukere):
    r = klar
    Elevforhold.objects.filter(pk=r.ek2.pk).update(fullfortkode="X", avbruddsdato=None)
    lev = kjor_leveranse(KODE, r.A, r.ar)
    assert (lev.status, lev.antall_feil, lev.antall_advarsler) == (LeveranseStatus.KONTROLLERT, 0, 1)
    assert marker_sendt(lev, brukere["A"][Rolle.INNTAK]).status == LeveranseStatus.SENDT


def _sporringer(r) -> int:
    with CaptureQueriesContext(connection) as ctx:
        kjor_leveranse(KODE, r.A, r.ar)
    return len(ctx.captured_queries)


def test_antall_sporringer_vokser_ikke_med_populasjonen(klar, django_assert_max_num_queries):
    r = klar
    lite = _sporringer(r)
    for i in range(25):
        lag_elevkurs(
            PersonFactory(fylke=r.A), r.kv["skole_a" if i % 2 else "skole_a2"], r.st, r.ar, fag=r.fag
        )
    with django_assert_max_num_queries(lite):
        lev = kjor_leveranse(KODE, r.A, r.ar)
    assert lev.antall_poster == 27 + 5 + 75


def test_jobben_nektes_for_5A019_og_feiler_ved_feil(resultat, ferdig_jobb, brukere):
    """Run as the årshjul's job: refused at start before 5A019; a run with FEIL fails (not utført), a clean one
    finishes."""
    from vigo.jobber.tjenester import KjoringFeil, start_kjoring, utfor
    from vigo.models import KjoringStatus

    r = resultat
    bruker = brukere["A"][Rolle.INNTAK]
    parametere = {"skolear": r.ar.kode}
    with pytest.raises(KjoringFeil, match="5A019"):
        start_kjoring(KODE, r.A, bruker=bruker, parametere=parametere, send=False)
    ferdig_jobb("5A018", r.A, skolear=r.ar.pk)
    ferdig_jobb("5A019", r.A, skolear=r.ar.pk)
    Elevfag.objects.create(person=r.bjorn, skole=r.kv["skole_a2"], skolear=r.ar, fag=r.fag[2],
                           fagstatus=km.Fagstatus.objects.get(kode="E"))  # fmt: skip
    kj = start_kjoring(KODE, r.A, bruker=bruker, parametere=parametere, send=False)
    assert utfor(kj.pk) == KjoringStatus.FEILET
    Elevfag.objects.filter(elevkurs__isnull=True).delete()
    kj = start_kjoring(KODE, r.A, bruker=bruker, parametere=parametere, send=False)
    assert utfor(kj.pk) == KjoringStatus.FERDIG
    kj.refresh_from_db()
    assert (kj.resultat["poster"], kj.resultat["feil"]) == (7, 0)
