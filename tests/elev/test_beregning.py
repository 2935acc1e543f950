"""Computed columns of the student register (docs/elev.md §9): recomputation, manual elevstatus, the avbrudd
cascade, fullførtkode at year end, the 1 October snapshot and the jobs 5A020–5A022."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from inntak.elev.models import Elevfag, Elevforhold
from inntak.elev.regler import avbrudd as regel
from inntak.elev.selectors.beregning import forklar_elevkurs, forklar_elevkurser
from inntak.elev.services.beregning import (
    avbryt_elevkurs,
    beregn_elevkurs,
    fjern_manuell_elevstatus,
    kaskade_avbrudd,
    opphev_avbrudd,
    sett_fullfortkode_ved_skoleslutt,
    sett_manuell_elevstatus,
    ta_telledato,
)
from kodeverk import koder
from kodeverk import models as km
from tests.fabrikker import PersonFactory
from vigo.jobber import tjenester
from vigo.models import Rolle

FAG = {  # kode: (årstimer, elevtimer_grunnlag)
    "NOR1211": (56, False),
    "MAT1019": (140, False),
    "ENG1007": (140, False),
    "NOR3001": (112, True),
    "KRO1017": (None, False),
}


@pytest.fixture
def verden(kodeverk):
    ar = km.Skolear.objects.create(
        kode="2026-2027", startdato=datetime.date(2026, 8, 1), sluttdato=datetime.date(2027, 7, 31)
    )
    km.Fagstatus.objects.bulk_create([km.Fagstatus(kode=k, navn=n) for k, n in koder.FAGSTATUS])
    km.Elevstatus.objects.bulk_create([km.Elevstatus(kode=k, navn=n) for k, n in koder.ELEVSTATUS])
    for kode, (timer, grunnlag) in FAG.items():
        km.Fag.objects.create(kode=kode, navn=kode, arstimer=timer, elevtimer_grunnlag=grunnlag)
    st = km.Programomrade.objects.get(kode="STUSP1----")
    st.arstimer = 840
    st.save()
    el = km.Programomrade.objects.create(kode="ELELE1----", navn="Elektro", niva="VG1")  # no årstimer
    return {**kodeverk, "ar": ar, "st": st, "el": el}


def lag_kurs(v, linjer=(), *, skole=None, po=None, avbrudd=None, fullfortkode="", startdato=None):
    """An elevkurs with fag lines: (fagkode, fagstatus, elevtimer, {grade field: value})."""
    skole = skole or v["skole_a"]
    person = PersonFactory(fylke=skole.fylke)
    ek = Elevforhold.objects.create(
        person=person, skole=skole, programomrade=po or v["st"], skolear=v["ar"],
        startdato=startdato or datetime.date(2026, 8, 19), avbruddsdato=avbrudd, fullfortkode=fullfortkode,
    )  # fmt: skip
    for kode, status, timer, karakterer in linjer:
        Elevfag.objects.create(
            person=person, skole=skole, skolear=v["ar"], fag=km.Fag.objects.get(kode=kode),
            fagstatus=km.Fagstatus.objects.get(kode=status), elevkurs=ek, elevtimer=timer, **karakterer,
        )  # fmt: skip
    return ek


VANLIG = [("NOR1211", "E", None, {}), ("MAT1019", "E", None, {}), ("ENG1007", "E", None, {})]


def _kode(ek) -> str | None:
    ek.refresh_from_db()
    return ek.elevstatus.kode if ek.elevstatus_id else None


# --- 1. Recomputation --------------------------------------------------------------------------------------------
def test_beregning_setter_status_og_kursprosent_og_er_idempotent(verden):
    ek = lag_kurs(verden, VANLIG)
    tom = lag_kurs(verden)
    annet_fylke = lag_kurs(verden, VANLIG, skole=verden["skole_b"])
    r = beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"], bit=1)
    assert r["beregnet"] == 2 and r["endret"] == 2
    assert _kode(ek) == "E" and ek.kursprosent == Decimal("40.00")  # 336 / 840
    assert ek.beregnet is not None and not ek.mangler_elevtimer
    assert _kode(tom) == "X" and tom.kursprosent == Decimal("0.00")  # regel 5; X added to the code table
    assert _kode(annet_fylke) is None  # another county untouched
    historikk = Elevforhold.history.filter(id=ek.pk, history_type="~")
    assert historikk.count() == 1 and historikk.get().elevstatus_id == ek.elevstatus_id
    # Second run: nothing changed, no new history.
    r2 = beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    assert r2["beregnet"] == 2 and r2["endret"] == 0
    assert Elevforhold.history.filter(id=ek.pk, history_type="~").count() == 1
    # A change in a fag line is picked up, only for that elevkurs.
    Elevfag.objects.filter(elevkurs=ek, fag__kode="MAT1019").update(
        fagstatus=km.Fagstatus.objects.get(kode="F")
    )
    r3 = beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    assert r3["endret"] == 1
    ek.refresh_from_db()
    assert ek.kursprosent == Decimal("23.00")  # (56 + 140) / 840 = 23.3; F does not count


def test_programomrade_uten_arstimer_gir_advarsel_ikke_krasj(verden):
    ek = lag_kurs(verden, VANLIG, po=verden["el"])
    r = beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    ek.refresh_from_db()
    assert ek.kursprosent is None and _kode(ek) == "E"
    assert r["uten_timegrunnlag"] == 1 and r["programomrader_uten_arstimer"] == ["ELELE1----"]
    svar = forklar_elevkurs(ek)
    assert svar["kursprosent"] is None and "ELELE1----" in svar["kursprosent_mangler"]


def test_manglende_elevtimer_gir_advarsel_og_flagg(verden):
    mangler = lag_kurs(verden, [*VANLIG, ("NOR3001", "E", None, {}), ("KRO1017", "E", None, {})])
    har = lag_kurs(verden, [*VANLIG, ("NOR3001", "E", 84, {})])
    r = beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    mangler.refresh_from_db()
    har.refresh_from_db()
    assert mangler.mangler_elevtimer and not har.mangler_elevtimer
    assert mangler.kursprosent == Decimal("40.00")  # NOR3001 counts 0 hours (lesemåte null)
    assert har.kursprosent == Decimal("50.00")  # (336 + 84) / 840
    assert r["mangler_elevtimer"] == 1
    assert [(a["elevkurs_id"], a["fagkode"]) for a in r["advarsler"]] == [(mangler.pk, "NOR3001")]
    assert r["fag_uten_arstimer"] == ["KRO1017"]
    svar = forklar_elevkurs(mangler)
    assert any("NOR3001" in a for a in svar["kursprosent"].advarsler)


# --- 3. Manual elevstatus ----------------------------------------------------------------------------------------
def test_manuell_elevstatus_vinner_vises_og_kan_fjernes(verden, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    ek = lag_kurs(verden, VANLIG)
    beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    ek = sett_manuell_elevstatus(bruker, ek, kode="p", grunn="Privatist etter avtale")
    assert ek.elevstatus.kode == "P" and ek.elevstatus_manuell.kode == "P"
    svar = forklar_elevkurs(ek)
    assert svar["elevstatus"] == "P" and svar["manuell"] is True and svar["elevstatus_navn"] == "Privatist"
    assert any("Regel 1" in linje for linje in svar["elevstatus_forklaring"])
    assert any("Privatist etter avtale" in linje for linje in svar["elevstatus_forklaring"])
    # The batch keeps it (rule 1 first).
    assert beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])["endret"] == 0
    assert _kode(ek) == "P"
    h = Elevforhold.history.filter(id=ek.pk, history_change_reason__startswith="Manuell elevstatus P").get()
    assert h.history_user_id == bruker.pk
    ek = fjern_manuell_elevstatus(bruker, ek, grunn="Feil registrert")
    assert ek.elevstatus.kode == "E" and ek.elevstatus_manuell_id is None
    assert forklar_elevkurs(ek)["manuell"] is False
    with pytest.raises(ValidationError):
        sett_manuell_elevstatus(bruker, ek, kode="Q", grunn="x")
    with pytest.raises(ValidationError):
        sett_manuell_elevstatus(bruker, ek, kode="P", grunn=" ")


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE])
def test_lese_og_skole_kan_ikke_endre(verden, brukere, rolle):
    ek = lag_kurs(verden, VANLIG)
    bruker = brukere["A"][rolle]
    with pytest.raises(PermissionDenied):
        sett_manuell_elevstatus(bruker, ek, kode="P", grunn="x")
    with pytest.raises(PermissionDenied):
        avbryt_elevkurs(bruker, ek, dato=datetime.date(2026, 10, 15), arsak="", grunn="x")
    with pytest.raises(PermissionDenied):
        tjenester.start_kjoring("5A020", verden["A"], bruker, {"skolear": "2026-2027"}, send=False)
    ek.refresh_from_db()
    assert ek.elevstatus_manuell_id is None and ek.avbruddsdato is None


def test_annet_fylke_kan_ikke_endre(verden, brukere):
    ek = lag_kurs(verden, VANLIG)
    with pytest.raises(PermissionDenied):
        sett_manuell_elevstatus(brukere["B"][Rolle.INNTAK], ek, kode="P", grunn="x")


# --- 2. The avbrudd cascade --------------------------------------------------------------------------------------
def test_kaskaden_sparer_vurderte_fag(verden):
    dato = datetime.date(2026, 11, 2)
    ek = lag_kurs(
        verden,
        [("NOR1211", "E", None, {"standpunkt": "4"}), ("MAT1019", "E", None, {"karakter_t1": "3"}),
         ("ENG1007", "E", None, {}), ("NOR3001", "S", 20, {"avbruddsdato": datetime.date(2026, 9, 1)}),
         ("KRO1017", "E", None, {"skriftlig": "5"})],
        avbrudd=dato,
    )  # fmt: skip
    ikke_avbrutt = lag_kurs(verden, VANLIG)
    assert kaskade_avbrudd([ek.pk, ikke_avbrutt.pk]) == 2
    linjer = {f.fag.kode: (f.fagstatus.kode, f.avbruddsdato) for f in Elevfag.objects.filter(elevkurs=ek)}
    assert linjer == {
        "NOR1211": ("E", None), "MAT1019": ("S", dato), "ENG1007": ("S", dato),
        "NOR3001": ("S", datetime.date(2026, 9, 1)), "KRO1017": ("E", None),
    }  # fmt: skip
    ek.refresh_from_db()
    assert ek.elevstatus.kode == "S" and ek.fullfortkode == "S"
    assert not Elevfag.objects.filter(elevkurs=ikke_avbrutt, fagstatus__kode="S").exists()
    assert (
        Elevfag.history.filter(elevkurs_id=ek.pk, history_change_reason__startswith="Avbruddskaskade").count()
        == 2
    )
    assert kaskade_avbrudd([ek.pk]) == 0  # idempotent


def test_sql_kaskaden_er_lik_python_regelen(verden):
    """Random lines through both the SQL cascade and ``regler.avbrudd.avbryt``: the same lines change, to the
    same status and date."""
    rng = random.Random(2026)
    dato = datetime.date(2026, 11, 2)
    fagkoder = list(FAG)
    saker = []
    for _ in range(40):
        linjer = []
        for kode in rng.sample(fagkoder, rng.randint(0, len(fagkoder))):
            status = rng.choice("EEESSFPA")
            karakterer = {f: rng.choice(["", "", "", "4", "IV"]) for f in
                          ("karakter_t1", "karakter_t2", "standpunkt", "skriftlig", "muntlig", "annen")}  # fmt: skip
            karakterer = {k: v for k, v in karakterer.items() if v}
            if rng.random() < 0.5:
                karakterer["avbruddsdato"] = dato + datetime.timedelta(days=rng.randint(-60, 60))
            linjer.append((kode, status, None, karakterer))
        saker.append(lag_kurs(verden, linjer, avbrudd=dato))
    forventet = {}
    antall_endret = 0
    for ek in saker:
        regelfag = [
            regel.Elevfag(fagkode=f.fag.kode, fagstatus=f.fagstatus.kode, avbruddsdato=f.avbruddsdato,
                          h1=f.karakter_t1, h2=f.karakter_t2, standpunkt=f.standpunkt, skriftlig=f.skriftlig,
                          muntlig=f.muntlig, annen=f.annen)
            for f in Elevfag.objects.filter(elevkurs=ek).select_related("fag", "fagstatus")
        ]  # fmt: skip
        svar = regel.avbryt(dato, regelfag)
        forventet[ek.pk] = {f.fagkode: (f.fagstatus, f.avbruddsdato) for f in svar.fag}
        antall_endret += len(svar.endret)
    assert kaskade_avbrudd([ek.pk for ek in saker]) == antall_endret > 0
    for ek in saker:
        faktisk = {
            f.fag.kode: (f.fagstatus.kode, f.avbruddsdato)
            for f in Elevfag.objects.filter(elevkurs=ek).select_related("fag", "fagstatus")
        }
        assert faktisk == forventet[ek.pk], ek.pk


def test_avbryt_og_opphev_fra_skjermbildet(verden, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    ek = lag_kurs(verden, [("NOR1211", "A", None, {}), ("MAT1019", "E", None, {"standpunkt": "5"}),
                           ("ENG1007", "E", None, {})], fullfortkode="")  # fmt: skip
    beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    with pytest.raises(ValidationError):  # before the pupil's first day
        avbryt_elevkurs(bruker, ek, dato=datetime.date(2026, 8, 1), arsak="", grunn="Sluttet")
    svar = avbryt_elevkurs(
        bruker, ek, dato=datetime.date(2026, 10, 20), arsak="Flyttet", grunn="Melding fra skolen"
    )
    assert (
        svar.elevstatus == "S" and set(svar.endret) == {"NOR1211", "ENG1007"} and svar.urort == ("MAT1019",)
    )
    assert any("MAT1019" in linje for linje in svar.forklaring)
    ek.refresh_from_db()
    assert ek.elevstatus.kode == "S" and ek.fullfortkode == "S" and ek.avbruddsarsak == "Flyttet"
    with pytest.raises(ValidationError):
        opphev_avbrudd(bruker, ek, grunn="")
    r = opphev_avbrudd(bruker, ek, grunn="Feil dato fra skolen")
    assert r == {"gjenopprettede_fag": 2, "fullfortkode": ""}
    linjer = {f.fag.kode: (f.fagstatus.kode, f.avbruddsdato) for f in Elevfag.objects.filter(elevkurs=ek)}
    assert linjer == {"NOR1211": ("A", None), "MAT1019": ("E", None), "ENG1007": ("E", None)}
    ek.refresh_from_db()
    assert ek.avbruddsdato is None and ek.elevstatus.kode == "A"  # recomputed: regel 8, A wins
    with pytest.raises(ValidationError):
        opphev_avbrudd(bruker, ek, grunn="igjen")


# --- 4. Fullførtkode ---------------------------------------------------------------------------------------------
def test_fullfortkode_ved_skoleslutt(verden):
    blank = lag_kurs(verden, VANLIG)
    x = lag_kurs(verden, VANLIG, fullfortkode="X")
    bestatt = lag_kurs(verden, VANLIG, fullfortkode="B")
    avbrutt = lag_kurs(verden, VANLIG, fullfortkode="B", avbrudd=datetime.date(2026, 12, 1))
    ukjent = lag_kurs(verden, VANLIG)
    Elevforhold.objects.filter(pk=ukjent.pk).update(fullfortkode="Q")
    r = sett_fullfortkode_ved_skoleslutt(fylke=verden["A"], skolear=verden["ar"])
    assert r["endret"] == 2 and r["ugyldige"] == 1 and r["ugyldige_koder"] == ["Q"]
    koder_ = dict(Elevforhold.objects.values_list("pk", "fullfortkode"))
    assert koder_[blank.pk] == "X" and koder_[x.pk] == "X" and koder_[bestatt.pk] == "B"
    assert koder_[avbrutt.pk] == "S" and koder_[ukjent.pk] == "Q"
    assert sett_fullfortkode_ved_skoleslutt(fylke=verden["A"], skolear=verden["ar"])["endret"] == 0


# --- 5. The 1 October snapshot -----------------------------------------------------------------------------------
def test_telledato_er_datert_kan_kjores_igjen_og_leser_historikken(verden, brukere):
    ek = lag_kurs(verden, VANLIG)
    beregn_elevkurs(fylke=verden["A"], skolear=verden["ar"])
    idag = timezone.localdate()
    dato = idag - datetime.timedelta(days=30)
    # Everything so far happened before the count date …
    for tabell in ("elev_historicalelevforhold", "elev_historicalelevfag"):
        with connection.cursor() as c:
            c.execute(f"UPDATE {tabell} SET history_date = history_date - interval '60 days'")
    Elevforhold.objects.filter(pk=ek.pk).update(opprettet=timezone.now() - datetime.timedelta(days=60))
    # … and this after it: the snapshot must not see it.
    sett_manuell_elevstatus(brukere["A"][Rolle.INNTAK], ek, kode="P", grunn="Etter telledato")
    nytt = lag_kurs(verden, VANLIG)  # created after the count date
    r = ta_telledato(fylke=verden["A"], skolear=verden["ar"], dato=dato)
    assert r["telledato"] == dato.isoformat() and r["elevkurs"] == 2 and r["endret_elevkurs"] == 2
    ek.refresh_from_db()
    nytt.refresh_from_db()
    assert ek.forrige_elevstatus == "E" and ek.telledato == dato and ek.elevstatus.kode == "P"
    assert nytt.forrige_elevstatus == "" and nytt.telledato == dato
    assert set(Elevfag.objects.filter(elevkurs=ek).values_list("forrige_fagstatus", flat=True)) == {"E"}
    # Re-runnable: the same values, nothing changed.
    r2 = ta_telledato(fylke=verden["A"], skolear=verden["ar"], dato=dato)
    assert r2["endret_elevkurs"] == 0 and r2["endret_fag"] == 0
    # Today's snapshot sees today's values.
    ta_telledato(fylke=verden["A"], skolear=verden["ar"], dato=idag)
    ek.refresh_from_db()
    assert ek.forrige_elevstatus == "P" and ek.telledato == idag


# --- 7. Jobs -----------------------------------------------------------------------------------------------------
def test_jobbene_kjorer_fra_start_til_slutt(verden, brukere, django_capture_on_commit_callbacks):
    bruker = brukere["A"][Rolle.INNTAK]
    ek = lag_kurs(verden, [*VANLIG, ("NOR3001", "E", None, {})])
    lag_kurs(verden, VANLIG, avbrudd=datetime.date(2026, 12, 1))

    def kjor(kode, parametere):
        with django_capture_on_commit_callbacks(execute=True):
            kj = tjenester.start_kjoring(kode, verden["A"], bruker, parametere)
        kj.refresh_from_db()
        assert kj.status == "ferdig", kj.feil
        return kj

    kj = kjor("5A020", {"skolear": "2026-2027"})
    assert kj.resultat["beregnet"] == 2 and kj.resultat["endret"] == 2 and kj.resultat["advarsler"] == 1
    assert kj.antall_ferdig == kj.antall_totalt == 2
    fil = kj.filer.get()
    innhold = fil.fil.read().decode()
    assert f"{ek.pk};50001;STUSP1----;NOR3001" in innhold and fil.inneholder_personopplysninger
    assert _kode(ek) == "E"
    kj = kjor("5A021", {"skolear": "2026-2027"})
    assert kj.resultat["telledato"] == "2026-10-01"
    kj = kjor("5A021", {"skolear": "2026-2027", "dato": "2026-11-01"})
    ek.refresh_from_db()
    assert kj.resultat["telledato"] == "2026-11-01" and ek.telledato == datetime.date(2026, 11, 1)
    kj = kjor("5A022", {"skolear": "2026-2027"})
    assert kj.resultat["endret"] == 2 and kj.resultat["til_x"] == 1 and kj.resultat["til_s"] == 1


# --- 6. The person page's explanation ----------------------------------------------------------------------------
def test_forklaring_har_formen_personsiden_bruker(verden):
    ek = lag_kurs(verden, [*VANLIG, ("NOR3001", "E", 84, {})], avbrudd=datetime.date(2026, 11, 2))
    svar = forklar_elevkurs(ek)
    assert set(svar) == {"elevstatus", "elevstatus_navn", "elevstatus_forklaring", "manuell", "kursprosent",
                         "kursprosent_mangler"}  # fmt: skip
    assert svar["elevstatus"] == "S" and svar["elevstatus_navn"] == "Avbrutt hele programområdet"
    assert any("Regel 2" in linje and "02.11.2026" in linje for linje in svar["elevstatus_forklaring"])
    assert svar["manuell"] is False and svar["kursprosent_mangler"] is None
    assert svar["kursprosent"].prosent == Decimal("50") and svar["kursprosent"].forklaring
    # The batch for the person page: the same dicts, one query for all elevkurs.
    annet = lag_kurs(verden, VANLIG, po=verden["el"])
    alle = forklar_elevkurser([ek, annet])
    assert alle[ek.pk]["elevstatus_forklaring"] == svar["elevstatus_forklaring"]
    assert alle[annet.pk]["elevstatus"] == "E" and alle[annet.pk]["kursprosent"] is None


# --- 8. Demo hours -----------------------------------------------------------------------------------------------
def test_demotimer_fyller_bare_tomme_og_merker_b09_fag(verden):
    from inntak.elev.demodata_timer import fyll_demotimer

    km.Fag.objects.filter(kode="NOR3001").update(elevtimer_grunnlag=False)
    r = fyll_demotimer()
    assert r == {"fag": 1, "elevtimer_grunnlag": 1, "programomrader": 1}
    assert km.Fag.objects.get(kode="KRO1017").arstimer in (56, 84, 112, 140)
    assert km.Fag.objects.get(kode="MAT1019").arstimer == 140  # real hours kept
    assert km.Fag.objects.get(kode="NOR3001").elevtimer_grunnlag
    assert km.Programomrade.objects.get(kode="ELELE1----").arstimer == 980  # yrkesfag
    assert km.Programomrade.objects.get(kode="STUSP1----").arstimer == 840
    assert fyll_demotimer() == {"fag": 0, "elevtimer_grunnlag": 0, "programomrader": 0}
