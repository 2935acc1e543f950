"""The tilskudd service (set-based SQL) against the Python rule, and its refusals (docs/fagopplaering/tilskudd.md)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fagopplaering.models import Hendelse, Kontrakt, Tilskuddsberegning, Tilskuddslinje, Tilskuddsutbetaling
from fagopplaering.regler import tilskudd as regel
from fagopplaering.regler.datoer import legg_til_maneder
from fagopplaering.selectors import tilskudd as sel
from fagopplaering.services import tilskudd as svc
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import (
    lag_avbrudd,
    lag_bedrift,
    lag_kontrakt,
    lag_orgnr_mod11,
    sett_tilskuddssatser,
)
from vigo.models import Rolle


def _bedrift(navn: str = "Elektro AS"):
    return lag_bedrift(navn, orgnr=lag_orgnr_mod11())  # lag_orgnr() loops (stdnum has no calc_check_digit)


D = datetime.date
H2_2025 = (D(2025, 7, 1), D(2025, 12, 31))
H1_2026 = (D(2026, 1, 1), D(2026, 6, 30))


@pytest.fixture
def satser(fag):
    a = fag["A"]
    sett_tilskuddssatser(a, "2024-2025", bt1="170000", bt2="5500", lk="12000")
    sett_tilskuddssatser(a, "2025-2026", bt1="183093", bt2="5963", lk="13001")
    sett_tilskuddssatser(a, "2026-2027", bt1="190000", bt2="6100", lk="14000")
    return a


def _kontrakt(fag, bedrift, *, fra, mnd=24, type_kode="LK", godkjent_dato=None, status="godkjent", **kw):
    k = lag_kontrakt(PersonFactory(fylke=fag["A"]), fag["A"], bedrift, fag["elektriker"], fra=fra, mnd=mnd,
                     type_kode=type_kode)  # fmt: skip
    felt = {"status": status, "godkjent_dato": godkjent_dato if godkjent_dato is not None else fra, **kw}
    if status not in ("godkjent", "avsluttet"):
        felt["godkjent_dato"] = None
    Kontrakt.objects.filter(pk=k.pk).update(**felt)
    k.refresh_from_db()
    return k


def _fra_sql(beregning) -> set[tuple]:
    return set(
        Tilskuddslinje.objects.filter(beregning=beregning).values_list(
            "kontrakt_id", "maned", "ordning", "dager", "dager_i_maned", "sats", "belop"
        )
    )


def _fra_regel(beregning, kontrakter) -> set[tuple]:
    hent = svc.satser_for(beregning.satser)
    ut = set()
    for k in kontrakter:
        k = Kontrakt.objects.select_related("kontraktstype").get(pk=k.pk)
        r = regel.beregn(
            sel.grunnlag(k), beregning.fra, beregning.til, hent, beregning.satser["tilskudd_start"]
        )
        for linje in r.linjer:
            ut.add(
                (k.pk, linje.maned, linje.ordning, linje.dager, linje.dager_i_maned, linje.sats, linje.belop)
            )
    return ut


def _varierte_kontrakter(fag, n=80, seed=15):
    """Contracts across the cases the rule distinguishes: start/end inside months, avbrudd (overlapping, open,
    outside the contract), ended early, every contract kind, with and without ungdomsrett, opplæringstid,
    godskriving, not approved, «uten tilskudd»."""
    rnd = random.Random(seed)
    bedrifter = [_bedrift(f"Bedrift {i}") for i in range(4)]
    kontrakter = []
    for _ in range(n):
        fra = D(2023, 6, 1) + datetime.timedelta(days=rnd.randrange(0, 1000))
        mnd = rnd.choice([6, 12, 18, 24, 30, 36])
        type_kode = rnd.choice(["LK", "LK", "LK", "OK", "OK", "FJ", "PB", "VG3"])
        status = rnd.choice(["godkjent"] * 6 + ["avsluttet", "avsluttet", "opprettet", "til_godkjenning"])
        godkjent = fra + datetime.timedelta(days=rnd.randrange(-20, 120))
        kw = {
            "ungdomsrett": rnd.random() < 0.7,
            "tilskudd": rnd.random() < 0.92,
            "netto_opplaeringstid_mnd": rnd.choice([None, None, 12, 6, 40]),
            "godskriving_mnd": rnd.choice([0, 0, 0, 3, 6]),
        }
        til = legg_til_maneder(fra, mnd) - datetime.timedelta(days=1)
        if status == "avsluttet" or rnd.random() < 0.1:
            kw["avsluttet_dato"] = fra + datetime.timedelta(days=rnd.randrange(0, max((til - fra).days, 1)))
        k = _kontrakt(fag, rnd.choice(bedrifter), fra=fra, mnd=mnd, type_kode=type_kode, godkjent_dato=godkjent,
                      status=status, **kw)  # fmt: skip
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3])):
            a_fra = fra + datetime.timedelta(days=rnd.randrange(-30, (til - fra).days + 30))
            a_til = None if rnd.random() < 0.15 else a_fra + datetime.timedelta(days=rnd.randrange(0, 90))
            lag_avbrudd(k, a_fra, a_til)
        # Læretid til extended by the avbrudd days as H3's rule does (roughly: what matters here is that SQL and
        # the rule read the same stored value).
        utvid = rnd.randrange(0, 60)
        Kontrakt.objects.filter(pk=k.pk).update(laeretid_til=til + datetime.timedelta(days=utvid))
        kontrakter.append(k)
    return kontrakter


@pytest.mark.django_db
@pytest.mark.parametrize("start", [regel.FRA_LAERETID, regel.FRA_MANED_FOR_GODKJENNING])
@pytest.mark.parametrize("periode", [H2_2025, H1_2026])
def test_sql_gir_samme_linjer_som_regelen(fag, satser, start, periode):
    for kode in ("2024-2025", "2025-2026"):
        sett_tilskuddssatser(satser, kode, bt1={"2024-2025": "170000", "2025-2026": "183093"}[kode],
                             bt2={"2024-2025": "5500", "2025-2026": "5963"}[kode],
                             lk={"2024-2025": "12000", "2025-2026": "13001"}[kode], start=start)  # fmt: skip
    kontrakter = _varierte_kontrakter(fag)
    b = svc.beregn(None, fylke_id=satser.pk, fra=periode[0], til=periode[1])
    sql, python = _fra_sql(b), _fra_regel(b, kontrakter)
    assert sql == python
    assert len(sql) > 60  # the data really exercise the rule
    ordninger = {rad[2] for rad in sql}
    assert ordninger == {"BT1", "BT2", "LK"}
    assert any(rad[3] < rad[4] for rad in sql)  # partial months occur
    # The payment list is the sum of the lines, per company.
    for u in Tilskuddsutbetaling.objects.filter(beregning=b):
        linjer = [rad for rad in sql if Kontrakt.objects.get(pk=rad[0]).bedrift_id == u.bedrift_id]
        assert u.belop == sum(rad[6] for rad in linjer)
        assert u.antall_kontrakter == len({rad[0] for rad in linjer})
    assert b.sum == sum(rad[6] for rad in sql)
    assert b.antall_kontrakter == len({rad[0] for rad in sql})


@pytest.mark.django_db
def test_manedsdel_avbrudd_og_avslutning(fag, satser):
    bedrift = _bedrift()
    # Starts 15 August 2025: 17 of 31 days in August; BT1 183 093 / 12 = 15 257,75 per month.
    k1 = _kontrakt(fag, bedrift, fra=D(2025, 8, 15))
    # Avbrudd 10–19 October (10 days) and an overlapping 15–24 October: 15 days in avbrudd, counted once.
    lag_avbrudd(k1, D(2025, 10, 10), D(2025, 10, 19))
    lag_avbrudd(k1, D(2025, 10, 15), D(2025, 10, 24))
    # Without ungdomsrett: BT2 5 963 per month; ended 10 November.
    k2 = _kontrakt(fag, bedrift, fra=D(2024, 1, 1), ungdomsrett=False, status="avsluttet",
                   avsluttet_dato=D(2025, 11, 10))  # fmt: skip
    # Lærekandidat with an open avbrudd from 1 December: no tilskudd in December.
    k3 = _kontrakt(fag, bedrift, fra=D(2025, 1, 1), type_kode="OK")
    lag_avbrudd(k3, D(2025, 12, 1))
    # Vg3 i skole and a contract not approved give nothing.
    _kontrakt(fag, bedrift, fra=D(2025, 1, 1), type_kode="VG3")
    _kontrakt(fag, bedrift, fra=D(2025, 1, 1), status="til_godkjenning")
    b = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    linjer = {(li.kontrakt_id, li.maned.month): li for li in b.linjer.all()}
    assert {k for k, _ in linjer} == {k1.pk, k2.pk, k3.pk}
    aug = linjer[(k1.pk, 8)]
    assert (aug.ordning, aug.dager, aug.dager_i_maned, aug.sats) == ("BT1", 17, 31, Decimal("15257.75"))
    assert aug.belop == Decimal("8367.15")  # 15 257,75 × 17/31 = 8 367,153
    okt = linjer[(k1.pk, 10)]
    assert (okt.dager, okt.belop) == (16, Decimal("7874.97"))  # 15 257,75 × 16/31 = 7 874,9677
    assert (k1.pk, 7) not in linjer
    nov = linjer[(k2.pk, 11)]
    assert (nov.ordning, nov.dager, nov.sats, nov.belop) == (
        "BT2",
        10,
        Decimal("5963.00"),
        Decimal("1987.67"),
    )
    assert (k2.pk, 12) not in linjer
    # Lærekandidat: BT1 15 257,75 + 13 001 / 12 = 1 083,42 → 16 341,17 (July: the 2024-2025 rates).
    assert linjer[(k3.pk, 9)].ordning == "LK"
    assert linjer[(k3.pk, 9)].sats == Decimal("16341.17")
    assert linjer[(k3.pk, 7)].sats == Decimal("14166.67") + Decimal("1000.00")
    assert (k3.pk, 12) not in linjer
    assert b.satser["maneder"]["2025-07-01"] == "2024-2025"
    # Explanations recomputed for the stored rows say the same numbers.
    tekst = " ".join(sel.forklaring(aug))
    assert "17 av 31 dager" in tekst and "8 367,15 kr" in tekst and "docs/fagopplaering/tilskudd.md" in tekst
    tekst = " ".join(sel.forklaring(okt))
    assert "15 dager i avbrudd" in tekst


@pytest.mark.django_db
def test_tilskudd_fra_maneden_for_godkjenning(fag, satser, brukere):
    # The start rule is read from the school year of the period's first month (July 2025: 2024-2025).
    sett_tilskuddssatser(satser, "2025-2026", start=regel.FRA_MANED_FOR_GODKJENNING)
    k = _kontrakt(fag, _bedrift(), fra=D(2025, 8, 15), godkjent_dato=D(2025, 11, 20))
    b = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    assert b.satser["tilskudd_start"] == regel.FRA_LAERETID
    assert sorted(li.maned.month for li in b.linjer.filter(kontrakt=k)) == [8, 9, 10, 11, 12]
    sett_tilskuddssatser(satser, "2024-2025", bt1="170000", bt2="5500", lk="12000",
                         start=regel.FRA_MANED_FOR_GODKJENNING)  # fmt: skip
    b = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    assert b.satser["tilskudd_start"] == regel.FRA_MANED_FOR_GODKJENNING
    assert sorted(li.maned.month for li in b.linjer.filter(kontrakt=k)) == [10, 11, 12]
    assert b.linjer.get(kontrakt=k, maned=D(2025, 10, 1)).dager == 31
    assert "den 1. i måneden før kontrakten ble godkjent" in " ".join(
        sel.kontraktforklaring(brukere["A"][Rolle.FAGOPPLAERING], k)["grupper"][0]["forklaring"]
    )


@pytest.mark.django_db
def test_ny_beregning_erstatter_forrige_og_skriver_hendelse(fag, satser):
    _kontrakt(fag, _bedrift(), fra=D(2025, 1, 1))
    b1 = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    b2 = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    assert list(Tilskuddsberegning.objects.values_list("pk", flat=True)) == [b2.pk]
    assert not Tilskuddslinje.objects.filter(beregning_id=b1.pk).exists()
    assert b2.linjer.count() == 6
    h = Hendelse.objects.filter(type="tilskudd").first()
    assert "Erstatter" in h.tekst and h.data["erstatter"] == [b1.pk]


@pytest.mark.django_db
def test_nekter_uten_satser_og_skriver_ingenting(fag):
    _kontrakt(fag, _bedrift(), fra=D(2025, 1, 1))
    with pytest.raises(ValidationError) as e:
        svc.beregn(None, fylke_id=fag["A"].pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    assert "Basistilskudd I" in " ".join(e.value.messages)
    assert not Tilskuddsberegning.objects.exists()


@pytest.mark.django_db
def test_nekter_lk_uten_sats_naar_laerekandidat_faar_tilskudd(fag):
    sett_tilskuddssatser(fag["A"], "2025-2026", lk="0")
    sett_tilskuddssatser(fag["A"], "2024-2025", lk="0")
    _kontrakt(fag, _bedrift(), fra=D(2025, 9, 1))
    b = svc.beregn(None, fylke_id=fag["A"].pk, fra=D(2026, 1, 1), til=D(2026, 6, 30))
    assert b.linjer.count() == 6  # no lærekandidat: the LK rate is not needed
    _kontrakt(fag, _bedrift("Annen AS"), fra=D(2025, 9, 1), type_kode="OK")
    with pytest.raises(ValidationError) as e:
        svc.beregn(None, fylke_id=fag["A"].pk, fra=D(2026, 1, 1), til=D(2026, 6, 30))
    assert "lærekandidat" in " ".join(e.value.messages)
    assert Tilskuddsberegning.objects.get().pk == b.pk  # the refused run changed nothing


@pytest.mark.django_db
def test_periode_maa_vaere_hele_maaneder(fag, satser):
    with pytest.raises(ValidationError):
        svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 2), til=D(2025, 12, 31))
    with pytest.raises(ValidationError):
        svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 30))


@pytest.mark.django_db
def test_tilgang(fag, satser, brukere):
    _kontrakt(fag, _bedrift(), fra=D(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        svc.beregn(brukere["A"][Rolle.INNTAK], fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    with pytest.raises(PermissionDenied):
        svc.beregn(
            brukere["B"][Rolle.FAGOPPLAERING], fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31)
        )
    b = svc.beregn(
        brukere["A"][Rolle.FAGOPPLAERING], fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31)
    )
    assert b.linjer.count() == 6
    assert not sel.beregninger(brukere["B"][Rolle.FAGOPPLAERING]).exists()
    assert sel.beregninger(brukere["A"][Rolle.FAGOPPLAERING]).get() == b


@pytest.mark.django_db
def test_kontrakter_i_andre_fylker_er_ikke_med(fag, satser):
    bedrift = _bedrift()
    lag_kontrakt(PersonFactory(fylke=fag["B"]), fag["B"], bedrift, fag["elektriker"], fra=D(2025, 1, 1))
    b = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    assert b.linjer.count() == 0 and b.sum == 0


@pytest.mark.django_db
def test_forklaring_sier_fra_naar_kontrakten_er_endret_etter_beregningen(fag, satser, brukere):
    k = _kontrakt(fag, _bedrift(), fra=D(2025, 1, 1))
    b = svc.beregn(None, fylke_id=satser.pk, fra=D(2025, 7, 1), til=D(2025, 12, 31))
    linje = b.linjer.get(maned=D(2025, 9, 1))
    assert "endret etter beregningen" not in " ".join(sel.forklaring(linje))
    lag_avbrudd(k, D(2025, 9, 1), D(2025, 9, 5))  # registered after the computation
    linje = Tilskuddslinje.objects.select_related("kontrakt__kontraktstype", "beregning").get(pk=linje.pk)
    tekst = " ".join(sel.forklaring(linje))
    assert "Kontrakten er endret etter beregningen: beregnet ble 15 257,75 kr for 30 dager" in tekst
    Kontrakt.objects.filter(pk=k.pk).update(tilskudd=False)
    data = sel.kontraktforklaring(brukere["A"][Rolle.FAGOPPLAERING], Kontrakt.objects.get(pk=k.pk))
    assert data["utelukket"] and all(f.avvik for g in data["grupper"] for f in g["linjer"])
