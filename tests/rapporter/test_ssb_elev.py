"""1L011 ssbElev + ssbElevfag per 1 October: preconditions, the two files, the population on the telledato, the
set-based controls, county scoping and a query count that does not grow with the population."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inntak.elev.models import Elevfag, Elevforhold
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.tjenester import LeveranseNektet, kjor_leveranse, marker_sendt
from rapporter.models import Kontrollfunn, Leveranse, LeveranseStatus
from tests.rapporter.fabrikk_elev import SLUTTET_FOR, lag_elevverden, lag_fag, lag_kurs, telledato
from tests.rapporter.hjelp import csv_rader, les
from vigo import jobber
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
KODE = "1L011"


@pytest.fixture
def elevverden(kodeverk):
    return lag_elevverden(kodeverk)


@pytest.fixture
def klar(elevverden, ferdig_jobb):
    """Both preconditions finished for county A."""
    ferdig_jobb("5A019", elevverden["A"], skolear=elevverden["ar"].pk)
    ferdig_jobb("5A021", elevverden["A"], skolear=elevverden["ar"].pk)
    return elevverden


def _filer(lev):
    hoved = lev.filer.get(navn__startswith="ssbElev_")
    fag = lev.filer.get(navn__startswith="ssbElevfag_")
    return hoved, fag


def _kol(rader, navn):
    i = rader[0].index(navn)
    return [r[i] for r in rader[1:]]


def _funn(lev, klasse):
    return list(Kontrollfunn.objects.filter(leveranse=lev, klasse=klasse).values_list("alvorlighet", "post"))


def test_registrert_som_jobb_med_forutsetningene():
    d = register.hent(KODE)
    assert jobber.finnes(KODE) and jobber.hent(KODE).omrade == "Rapporter"
    assert [f.kode for f in d.forutsetninger] == ["5A019", "5A021"]
    assert [df.nokkel for df in d.delfiler] == ["fag"] and d.sql is not None
    assert len(d.sql_kontroller) >= 6 and "lukket" in d.layout


@pytest.mark.parametrize("mangler", ["5A019", "5A021"])
def test_nektes_uten_forutsetning(elevverden, ferdig_jobb, mangler):
    lag_kurs(elevverden)
    for kode in {"5A019", "5A021"} - {mangler}:
        ferdig_jobb(kode, elevverden["A"], skolear=elevverden["ar"].pk)
    # A finished run in another county does not count.
    ferdig_jobb(mangler, elevverden["B"], skolear=elevverden["ar"].pk)
    with pytest.raises(LeveranseNektet, match=mangler):
        kjor_leveranse(KODE, elevverden["A"], elevverden["ar"])
    assert not Leveranse.objects.exists()


def test_filene_har_en_post_per_elevkurs_og_per_fag(klar, brukere):
    v = klar
    ek = lag_kurs(v, klasse="1STA", deltid=False, malform="N")
    ek2 = lag_kurs(v, (("NOR3001", "E", {"elevtimer": 80}), ("KRO1017", "F")), skole=v["skole_a2"])
    dato = telledato(v)
    lev = kjor_leveranse(KODE, v["A"], v["ar"], bruker=brukere["A"][Rolle.INNTAK])
    assert lev.status == LeveranseStatus.KONTROLLERT and lev.antall_feil == 0, lev.oppsummering
    hoved, fag = _filer(lev)
    assert hoved.navn == f"ssbElev_50_2026-2027_{timezone.localdate():%Y%m%d}.csv"
    assert hoved.tegnsett == "utf-8" and hoved.antall_poster == 2 and fag.antall_poster == 5
    assert lev.antall_poster == 7
    data = les(hoved)
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    assert b'""' not in data  # an empty value is an empty field, not an empty quoted string
    rader = csv_rader(hoved)
    assert rader[0] == register.hent(KODE).feltnavn
    assert _kol(rader, "Fødselsnummer") == [ek.person.fodselsnummer, ek2.person.fodselsnummer]
    forste = dict(zip(rader[0], rader[1], strict=True))
    assert forste["Skoleår"] == "20262027" and forste["Skolenummer"] == "50001"
    assert forste["Programområdekode"] == "STUSP1----" and forste["Klassekode"] == "1STA"
    assert forste["Elevnavn"] == f"{ek.person.etternavn} {ek.person.fornavn}"
    assert forste["Startdato"] == "20260819" and forste["Avbruddsdato"] == ""
    assert forste["Målform"] == "N" and forste["Deltidselev"] == "N"
    assert forste["Elevstatus"] == "E" and forste["Forrige elevstatus"] == "E"
    assert forste["Telledato"] == f"{dato:%Y%m%d}" and forste["Antall fag på elevkurset"] == "3"
    assert (
        forste["FilID"] == "ssbElev_50_20262027" and forste["RadID"] == str(ek.pk) and forste["RadNr"] == "1"
    )
    fagrader = csv_rader(fag)
    assert fagrader[0] == [f.navn for f in register.hent(KODE).delfiler[0].felt]
    linjer = {r[7]: dict(zip(fagrader[0], r, strict=True)) for r in fagrader[1:]}
    assert set(linjer) == {"NOR1211", "MAT1019", "ENG1007", "NOR3001", "KRO1017"}
    assert linjer["NOR3001"]["Elevtimer"] == "80" and linjer["NOR3001"]["ElevtimerGrunnlag"] == "J"
    assert linjer["KRO1017"]["Fagstatus"] == "F" and linjer["KRO1017"]["ForrigeFagstatus"] == "F"
    assert linjer["KRO1017"]["Radid"] == str(ek2.fag.get(fag__kode="KRO1017").pk)
    assert linjer["KRO1017"]["Skoleår2"] == "" and linjer["KRO1017"]["Filid"] == "ssbElevfag_50_20262027"
    assert linjer["MAT1019"]["ErLinjaAktiv"] == "J" and linjer["MAT1019"]["Årstimer"] == "140"
    assert Innsyn.objects.filter(handling="eksport", hva__contains=KODE, antall=7).exists()


def test_populasjonen_er_aktive_elevkurs_pa_telledatoen(klar):
    v = klar
    aktiv = lag_kurs(v)
    sluttet = lag_kurs(v, avbrudd=SLUTTET_FOR)  # quit before 1 October: not counted
    senere = lag_kurs(v, avbrudd=timezone.localdate() + datetime.timedelta(days=5))  # quits after: counted
    ikke_startet = lag_kurs(v, startdato=timezone.localdate() + datetime.timedelta(days=3))
    annet_ar = lag_kurs(v)
    nytt_ar = type(v["ar"]).objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                                          sluttdato=datetime.date(2026, 7, 31))  # fmt: skip
    Elevforhold.objects.filter(pk=annet_ar.pk).update(skolear=nytt_ar)
    Elevfag.objects.filter(elevkurs=annet_ar).update(skolear=nytt_ar)
    # A fag begun after the telledato was not followed on it.
    lag_fag(v, aktiv, "KRO1017", ekstra={})
    Elevfag.objects.filter(elevkurs=aktiv, fag__kode="KRO1017").update(
        startdato=timezone.localdate() + datetime.timedelta(days=2)
    )
    telledato(v)
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    hoved, fag = _filer(lev)
    fnr = _kol(csv_rader(hoved), "Fødselsnummer")
    assert sorted(fnr) == sorted([aktiv.person.fodselsnummer, senere.person.fodselsnummer])
    for ute in (sluttet, ikke_startet, annet_ar):
        assert ute.person.fodselsnummer.encode() not in les(hoved) + les(fag)
    assert "KRO1017" not in _kol(csv_rader(fag), "Fagkode")
    assert fag.antall_poster == 6


def test_fylke_b_er_aldri_i_fylke_a_sin_fil(klar):
    v = klar
    lag_kurs(v)
    b = lag_kurs(v, skole=v["skole_b"])
    telledato(v)
    telledato(v, v["B"])
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    hoved, fag = _filer(lev)
    assert b.person.fodselsnummer.encode() not in les(hoved) + les(fag)
    assert hoved.antall_poster == 1 and fag.antall_poster == 3
    assert (
        not Kontrollfunn.objects.filter(leveranse=lev)
        .exclude(post__startswith="elevkurs:")
        .exclude(post__startswith="elevfag:")
        .exists()
    )


def test_telledato_mangler_er_feil_og_stopper_sending(klar, brukere):
    v = klar
    lag_kurs(v)
    telledato(v)
    sen = lag_kurs(v)  # registered after the snapshot: no telledato, counted on 1 October
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    assert lev.status == LeveranseStatus.STOPPET
    assert _funn(lev, "Telledato mangler") == [("FEIL", f"elevkurs:{sen.pk}")]
    funn = Kontrollfunn.objects.get(leveranse=lev, klasse="Telledato mangler")
    assert "5A021" in funn.melding and sen.person.fodselsnummer not in funn.melding
    with pytest.raises(LeveranseNektet, match="feil"):
        marker_sendt(lev, brukere["A"][Rolle.INNTAK])
    # Taking the snapshot again fixes it; the new run can be marked sent.
    telledato(v)
    lev2 = kjor_leveranse(KODE, v["A"], v["ar"])
    assert lev2.status == LeveranseStatus.KONTROLLERT and lev2.antall_feil == 0
    assert marker_sendt(lev2, brukere["A"][Rolle.INNTAK]).status == LeveranseStatus.SENDT


def test_kontrollene(klar):
    v = klar
    ugyldig = lag_kurs(v)
    fiktiv = lag_kurs(v)
    uten_fag = lag_kurs(v, ())
    timer = lag_kurs(v, (("NOR3001", "E"), ("NOR1211", "F")))
    dobbel = lag_kurs(v, skole=v["skole_a2"], person=timer.person)
    sen_fag = lag_kurs(v)
    hull = lag_kurs(v)
    telledato(v)
    from vigo.models import Person

    Person.objects.filter(pk=ugyldig.person_id).update(fodselsnummer="12345678901")
    Person.objects.filter(pk=fiktiv.person_id).update(fodselsnummer="42059199202")  # the VIGO example
    ny = lag_fag(v, sen_fag, "KRO1017")  # after the snapshot: no fagstatus per telledato
    Elevfag.objects.filter(pk=ny.pk).update(opprettet=timezone.now() + datetime.timedelta(days=2))
    glemt = Elevfag.objects.filter(elevkurs=hull, fag__kode="MAT1019").get()
    Elevfag.objects.filter(pk=glemt.pk).update(forrige_fagstatus="")  # existed, but the snapshot missed it
    løs = Elevfag.objects.create(person=hull.person, skole=hull.skole, skolear=v["ar"], fag=ny.fag,
                                 fagstatus=ny.fagstatus)  # fmt: skip
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    assert _funn(lev, "Ugyldig fødselsnummer") == [("FEIL", f"elevkurs:{ugyldig.pk}")]
    assert _funn(lev, "Fiktivt fødselsnummer") == [("ADVARSEL", f"elevkurs:{fiktiv.pk}")]
    assert _funn(lev, "Elevkurs uten fag") == [("ADVARSEL", f"elevkurs:{uten_fag.pk}")]
    nor3001 = Elevfag.objects.get(elevkurs=timer, fag__kode="NOR3001")
    assert _funn(lev, "Elevtimer mangler") == [("ADVARSEL", f"elevfag:{nor3001.pk}")]
    assert sorted(_funn(lev, "Flere aktive elevkurs")) == [
        ("ADVARSEL", f"elevkurs:{timer.pk}"), ("ADVARSEL", f"elevkurs:{dobbel.pk}")
    ]  # fmt: skip
    assert _funn(lev, "Faglinje registrert etter telledato") == [("ADVARSEL", f"elevfag:{ny.pk}")]
    assert _funn(lev, "Fagstatus mangler per telledato") == [("FEIL", f"elevfag:{glemt.pk}")]
    assert _funn(lev, "Faglinje uten elevkurs") == [("ADVARSEL", f"elevfag:{løs.pk}")]
    assert lev.antall_feil == 2 and lev.status == LeveranseStatus.STOPPET
    assert lev.oppsummering["Ugyldig fødselsnummer"] == {"FEIL": 1, "ADVARSEL": 0}
    assert not Kontrollfunn.objects.filter(leveranse=lev, melding__contains="12345678901").exists()


def test_utgatt_programomrade_er_feil(klar):
    v = klar
    ek = lag_kurs(v)
    telledato(v)
    v["st"].gyldig_til = datetime.date(2026, 7, 31)
    v["st"].save()
    lev = kjor_leveranse(KODE, v["A"], v["ar"])
    assert _funn(lev, "Utgått programområde") == [("FEIL", f"elevkurs:{ek.pk}")]


def _sporringer(v) -> int:
    with CaptureQueriesContext(connection) as ctx:
        kjor_leveranse(KODE, v["A"], v["ar"])
    return len(ctx.captured_queries)


def test_antall_sporringer_vokser_ikke_med_populasjonen(klar):
    v = klar
    lag_kurs(v)
    telledato(v)
    lite = _sporringer(v)
    for _ in range(6):
        lag_kurs(v, (("NOR1211", "E"), ("NOR3001", "E")))
    telledato(v)
    assert _sporringer(v) == lite


def test_jobben_og_leveransesiden(klar, brukere, client):
    from django.urls import reverse

    from vigo.jobber.tjenester import KjoringFeil, start_kjoring, utfor
    from vigo.models import KjoringStatus

    v = klar
    lag_kurs(v)
    telledato(v)
    bruker = brukere["A"][Rolle.INNTAK]
    kj = start_kjoring(KODE, v["A"], bruker=bruker, parametere={"skolear": "2026-2027"}, send=False)
    assert utfor(kj.pk) == KjoringStatus.FERDIG
    kj.refresh_from_db()
    assert kj.resultat["poster"] == 4 and kj.resultat["feil"] == 0
    # County B has not run 5A019/5A021: refused when the job is started, with the reason.
    with pytest.raises(KjoringFeil, match="5A019"):
        start_kjoring(KODE, v["B"], bruker=brukere["B"][Rolle.INNTAK], parametere={"skolear": "2026-2027"},
                      send=False)  # fmt: skip
    lag_kurs(v)  # no telledato: FEIL, shown on the delivery page
    lev = kjor_leveranse(KODE, v["A"], v["ar"], bruker=bruker)
    client.force_login(bruker)
    tekst = client.get(reverse("rapporter:leveranse", args=[lev.pk])).content.decode()
    assert "Telledato mangler" in tekst and "ssbElevfag_50_2026-2027" in tekst
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert client.get(reverse("rapporter:leveranse", args=[lev.pk])).status_code == 404
