"""The fagopplæring deliveries: Fagopplæringsfil (1L020), ssbKontrakt + ssbAvlagteProver (1L021), UdirBedrift
(1L022) and 5A105 Eksport til VIGO Voksen: file contents, populations, controls, county scoping and who may run them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from fagopplaering.models import Bedrift, Godkjenning, Kontrakt
from rapporter.leveranser import definisjon as register
from rapporter.leveranser import fagopplaering as lev_fag
from rapporter.leveranser.tjenester import LeveranseNektet, godkjenn, kjor_leveranse, marker_sendt
from rapporter.models import Kontrollfunn, LeveranseStatus
from tests.rapporter.fabrikk_fagopplaering import lag_formidling, lag_oppsett, lag_voksne
from tests.rapporter.hjelp import csv_rader
from vigo import jobber
from vigo.jobber import tilgang
from vigo.models import Innsyn, Person, Rolle

pytestmark = pytest.mark.django_db
D = datetime.date
KODER = ("1L020", "1L021", "1L022", "5A105")


@pytest.fixture
def fag(kodeverk):
    from tests.fagopplaering.fabrikker import lag_fagkodeverk

    return {**kodeverk, **lag_fagkodeverk()}


@pytest.fixture
def o(fag, brukere):
    return {**lag_oppsett(fag), "brukere": brukere, "fag_a": brukere["A"][Rolle.FAGOPPLAERING]}


@pytest.fixture
def maned(monkeypatch):
    """Make the deliveries run «today» on a chosen date (the Fagopplæringsfil is per the 1st of that month)."""

    def _sett(dato: datetime.date):
        monkeypatch.setattr(lev_fag, "idag", lambda: dato)

    _sett(D(2026, 12, 1))
    return _sett


def filer(lev) -> dict[str, list[dict[str, str]]]:
    """Each file of the delivery by name prefix, as dicts (header → value)."""
    ut = {}
    for fil in lev.filer.all():
        hode, *rader = csv_rader(fil)
        ut[fil.navn.split(f"_{lev.fylke.nummer}_")[0]] = [dict(zip(hode, r, strict=True)) for r in rader]
    return ut


def ider(rader, felt) -> set[int]:
    return {int(r[felt]) for r in rader}


def test_alle_er_jobber_for_fagopplaeringen(o, client):
    inntak, fagbruker = o["brukere"]["A"][Rolle.INNTAK], o["fag_a"]
    for kode in KODER:
        d = register.hent(kode)
        assert d.tillatelse == "fagopplaering.change_kontrakt" and "lukket" in d.layout
        assert jobber.hent(kode).omrade == "Rapporter"
        assert tilgang.kan_starte(fagbruker, kode) and not tilgang.kan_starte(inntak, kode)
    client.force_login(fagbruker)
    assert client.get("/kjoringer/ny/1L021/").status_code == 200
    client.force_login(inntak)
    assert client.get("/kjoringer/ny/1L021/").status_code == 403
    assert not register.hent("1L022").personopplysninger and register.hent("1L021").personopplysninger


def test_ssb_kontrakt_og_avlagte_prover(o, maned):
    lev = kjor_leveranse("1L021", o["A"], o["ar"][2026], bruker=o["fag_a"])
    f = filer(lev)
    kontrakter, prover = f["ssbKontrakt"], f["ssbAvlagteProver"]
    k, pr = o["k"], o["pr"]
    # Løpende 1.10.2026: not the one ended 15.09, not the one starting 01.11, not læretid ute, not county B.
    assert ider(kontrakter, "kontrakt_id") == {k["lop"].pk, k["senere"].pk}
    rad = next(r for r in kontrakter if int(r["kontrakt_id"]) == k["senere"].pk)
    assert rad["Avsl k"] == "AB" and rad["avsluttet_dato"] == "20261101" and rad["telledato"] == "01.10.2026"
    assert rad["avgiverfylke"] == "50" and rad["kontraktstype"] == "LK" and rad["ssb_ftype"] == "L"
    assert rad["orgnr"] == o["bedrift"].orgnr and rad["programomradekode"] == "ELELE3----"
    assert rad["fodselsnummer"] == o["p"]["senere"].fodselsnummer
    assert list(kontrakter[0])[:4] == [
        "avgiverfylke",
        "fodselsnummer",
        "telledato",
        "hjemstedsfylke",
    ]  # C01, C02, C03
    # Avlagt in 1.10.2025–30.9.2026 only.
    assert ider(prover, "prove_id") == {pr["i_aret"].pk}
    (p,) = prover
    assert (p["telledato_fom"], p["telledato_tom"]) == ("01.10.2025", "30.09.2026")
    assert p["kandidattype"] == "laerling" and p["ssb_kandidattype"] == "L" and p["brevtype"] == "F"
    assert p["resultat"] == "B" and p["resultat_dato"] == "20260610"
    assert lev.antall_poster == 3 and lev.antall_feil == 0 and lev.status == LeveranseStatus.KONTROLLERT
    assert Innsyn.objects.filter(handling="eksport", antall=3, hva__contains="1L021").exists()


def test_fylke_b_far_bare_sine_egne(o, maned):
    lev = kjor_leveranse("1L021", o["B"], o["ar"][2026])
    f = filer(lev)
    assert ider(f["ssbKontrakt"], "kontrakt_id") == {o["kb"].pk}
    assert ider(f["ssbAvlagteProver"], "prove_id") == {o["prb"].pk}


def test_fagopplaeringsfil_per_1_desember(o, maned):
    lag_formidling(o, o["ar"][2026])
    lev = kjor_leveranse("1L020", o["A"], o["ar"][2026], bruker=o["fag_a"])
    f = filer(lev)
    k = o["k"]
    # Approved, started and not ended before 1.12.2026: also the new one and the one whose læretid is out.
    assert ider(f["fagopplaering_kontrakter"], "kontrakt_id") == {k["lop"].pk, k["ny"].pk, k["ute"].pk}
    assert ider(f["fagopplaering_prover"], "prove_id") == {o["pr"]["neste_ar"].pk}  # 1.10.2026–30.11.2026
    assert f["fagopplaering_formidling"] == []  # formidling only in the files per 1 July–1 November
    funn = Kontrollfunn.objects.get(leveranse=lev)
    assert (funn.post, funn.alvorlighet, funn.klasse) == (
        f"kontrakt:{k['ute'].pk}",
        "ADVARSEL",
        "Læretiden er ute",
    )
    assert lev.status == LeveranseStatus.KONTROLLERT


def test_fagopplaeringsfil_med_formidling_om_hosten(o, maned):
    maned(D(2026, 9, 3))
    formidling = lag_formidling(o, o["ar"][2026])
    lag_formidling(o, o["ar"][2025])  # another school year
    lev = kjor_leveranse("1L020", o["A"], o["ar"][2026])
    (rad,) = filer(lev)["fagopplaering_formidling"]
    assert (
        int(rad["formidling_id"]) == formidling.pk and rad["status"] == "sokt" and rad["avgiverfylke"] == "50"
    )
    assert rad["fodselsnummer"] == formidling.person.fodselsnummer and rad["ungdomsrett"] == "N"


def test_feil_stopper_sending(o, maned):
    k = o["k"]["lop"]
    Kontrakt.objects.filter(pk=k.pk).update(godkjent_dato=None)
    Person.objects.filter(pk=o["p"]["lop"].pk).update(fodselsnummer="12345678901")
    lev = kjor_leveranse("1L021", o["A"], o["ar"][2026], bruker=o["fag_a"])
    assert lev.status == LeveranseStatus.STOPPET and lev.antall_feil == 2
    klasser = set(
        Kontrollfunn.objects.filter(leveranse=lev, post=f"kontrakt:{k.pk}").values_list("klasse", flat=True)
    )
    assert klasser == {"Godkjent uten dato", "Ugyldig fødselsnummer"}
    assert not Kontrollfunn.objects.filter(leveranse=lev, melding__contains="12345678901").exists()
    with pytest.raises(LeveranseNektet, match="2 feil"):
        marker_sendt(lev, o["fag_a"])


def test_prove_uten_nemnd_og_ikke_laerefag(o, maned, fag):
    from kodeverk.models import Programomrade

    pr = o["pr"]["i_aret"]
    pr.nemnd = None
    pr.programomrade = Programomrade.objects.get(kode="STUSP1----")
    pr.save()
    lev = kjor_leveranse("1L021", o["A"], o["ar"][2026])
    assert set(Kontrollfunn.objects.filter(leveranse=lev).values_list("post", "alvorlighet", "klasse")) == {
        (f"prove:{pr.pk}", "ADVARSEL", "Prøve uten nemnd"), (f"prove:{pr.pk}", "FEIL", "Mangler lærefag"),
    }  # fmt: skip


def test_udir_bedrift(o, maned, fag):
    trukket = Godkjenning.objects.create(bedrift=o["bedrift"], fylke=o["A"], programomrade=fag["barne"],
                                         godkjent_fra=D(2020, 1, 1), status="trukket", trukket_dato=D(2026, 5, 1))  # fmt: skip
    annen = Bedrift.objects.create(
        orgnr="123456789", navn="Feil AS"
    )  # invalid orgnr, written past the validator
    g = Godkjenning.objects.create(
        bedrift=annen, fylke=o["A"], programomrade=fag["barne"], godkjent_fra=D(2026, 1, 1)
    )
    Godkjenning.objects.create(
        bedrift=annen, fylke=o["B"], programomrade=fag["elektriker"], godkjent_fra=D(2020, 1, 1)
    )
    lev = kjor_leveranse("1L022", o["A"], o["ar"][2026], bruker=o["fag_a"])
    (rader,) = filer(lev).values()
    assert ider(rader, "godkjenning_id") == {
        o["godkjenning"].pk,
        g.pk,
    }  # not the withdrawn one, not county B's
    assert trukket.pk not in ider(rader, "godkjenning_id")
    rad = next(r for r in rader if int(r["godkjenning_id"]) == o["godkjenning"].pk)
    assert (
        rad["antall_lopende"] == "2" and rad["orgnr"] == o["bedrift"].orgnr and rad["kommunenummer"] == "5001"
    )
    assert rad["telledato"] == "01.10.2026" and rad["laerefag"] == "Elektrikerfaget"
    feil = Kontrollfunn.objects.get(leveranse=lev, alvorlighet="FEIL")
    assert (feil.post, feil.klasse) == (f"godkjenning:{g.pk}", "Ugyldig organisasjonsnummer")
    assert lev.status == LeveranseStatus.STOPPET
    # No personal data: making it is not an export in the audit log.
    assert not Innsyn.objects.filter(hva__contains="1L022").exists()


def test_vigo_voksen(o, maned):
    v = lag_voksne(o)
    lev = kjor_leveranse("5A105", o["A"], o["ar"][2025], bruker=o["fag_a"])
    (rader,) = filer(lev).values()
    # The adults of 2025-2026: praksiskandidat, 25 or older, contract without ungdomsrett. The SSB-year prøve of
    # 10.06.2026 belongs to a 2009-born lærling with ungdomsrett, like «ung».
    assert ider(rader, "prove_id") == {v["eldre"].pk, v["praksis"].pk, v["uten_rett"].pk}
    praksis = next(r for r in rader if int(r["prove_id"]) == v["praksis"].pk)
    assert (
        praksis["ssb_kandidattype"] == "P"
        and praksis["skolear"] == "2025-2026"
        and praksis["kontrakt_id"] == ""
    )
    assert lev.antall_feil == 0


def test_fagopplaeringen_sender_inntaket_kan_ikke(o, maned):
    lev = kjor_leveranse("1L020", o["A"], o["ar"][2026], bruker=o["fag_a"])
    with pytest.raises(PermissionDenied):
        godkjenn(lev, o["brukere"]["A"][Rolle.INNTAK])
    with pytest.raises(PermissionDenied):
        marker_sendt(lev, o["brukere"]["B"][Rolle.FAGOPPLAERING])  # another county
    lev = marker_sendt(godkjenn(lev, o["fag_a"]), o["fag_a"])
    assert lev.status == LeveranseStatus.SENDT


def test_arshjulet_kobler_hendelsene_til_leveransene():
    from arshjul.kjerne.jobbkoder import finn_jobbkoder

    tekster = {
        "1L020": "Fagopplæringsfil (kontrakter og prøver) pr 01. desember.",
        "1L021": "ssbKontrakt og ssbAvlagteProver (1. levering) - Kontrakter pr. 01.10 og avlagte prøver forrige skoleår",
        "1L022": "Filen for godkjente lærebedrifter (UdirBedrift) pr 01. oktober.",
        "5A105": "Rapport 5A105 - Eksport til Vigo Voksen. Ligger under Kjøringer Fag",
    }
    for kode, tekst in tekster.items():
        assert kode in finn_jobbkoder(tekst), kode


def test_jobben_kjores_av_fagopplaeringen(o, maned):
    from vigo.jobber.tjenester import start_kjoring, utfor
    from vigo.models import KjoringStatus

    kj = start_kjoring("1L022", o["A"], bruker=o["fag_a"], parametere={"skolear": "2026-2027"}, send=False)
    assert utfor(kj.pk) == KjoringStatus.FERDIG
    kj.refresh_from_db()
    assert kj.resultat["poster"] == 1 and kj.resultat["feil"] == 0
    with pytest.raises(PermissionDenied):
        start_kjoring(
            "1L022", o["A"], bruker=o["brukere"]["A"][Rolle.INNTAK], parametere={"skolear": "2026-2027"}
        )


def test_antall_sporringer_vokser_ikke_med_populasjonen(o, maned):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fabrikker import PersonFactory
    from tests.fagopplaering.fabrikker import lag_kontrakt
    from tests.rapporter.fabrikk_fagopplaering import lag_prove

    def sporringer(kode: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            kjor_leveranse(kode, o["A"], o["ar"][2026])
        return len(ctx.captured_queries)

    for_ = {kode: sporringer(kode) for kode in ("1L020", "1L021", "1L022")}
    for _ in range(5):
        p = PersonFactory(fylke=o["A"])
        k = lag_kontrakt(p, o["A"], o["bedrift"], o["el"], fra=D(2025, 8, 1))
        lag_prove(p, o["A"], o["el"], D(2026, 5, 5), nemnd=o["nemnd"], kontrakt=k)
    etter = {kode: sporringer(kode) for kode in ("1L020", "1L021", "1L022")}
    assert etter == for_


def test_kontrakt_i_avbrudd_1_oktober_telles_ikke_i_ssb_men_vises_i_maanedsfilen(o, maned):
    from tests.fagopplaering.fabrikker import lag_avbrudd

    k = o["k"]["lop"]
    lag_avbrudd(k, D(2026, 9, 1))  # open avbrudd: covers 1 October and 1 December
    ssb = filer(kjor_leveranse("1L021", o["A"], o["ar"][2026]))["ssbKontrakt"]
    assert ider(ssb, "kontrakt_id") == {o["k"]["senere"].pk}
    maaned = filer(kjor_leveranse("1L020", o["A"], o["ar"][2026]))["fagopplaering_kontrakter"]
    assert next(r for r in maaned if int(r["kontrakt_id"]) == k.pk)["avbrudd"] == "J"
    # UdirBedrift counts the same løpende contracts.
    (bedrifter,) = filer(kjor_leveranse("1L022", o["A"], o["ar"][2026])).values()
    assert bedrifter[0]["antall_lopende"] == "1"
