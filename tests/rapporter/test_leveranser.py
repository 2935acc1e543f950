"""The delivery engine: each intake delivery's file rows, the controls, preconditions, marking as sent, jobs and
streaming."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db.models.query import QuerySet

from inntak.models import Onske, Soknad, Tildeling, Venteliste
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.tjenester import LeveranseNektet, godkjenn, kjor_leveranse, marker_sendt
from rapporter.models import Kontrollfunn, Leveransehendelse, LeveranseStatus
from tests.rapporter.hjelp import csv_rader, les
from vigo import jobber
from vigo.models import Innsyn, Kjoring, KjoringStatus, Rolle

pytestmark = pytest.mark.django_db


def test_alle_leveranser_er_jobber():
    for kode in ("1L001", "1L002", "1L003", "1L004"):
        assert register.finnes(kode)
        jt = jobber.hent(kode)
        assert jt.omrade == "Rapporter" and jt.tillatelse


def test_sokerfil_har_en_post_per_onske(lag_soknad, inntak, brukere):
    s1 = lag_soknad()
    s2 = lag_soknad(onsker=["st2", "hs2", "el"])
    lag_soknad(fylke=inntak.B)  # another county: not in A's file
    lev = kjor_leveranse("1L001", inntak.A, inntak.ar, bruker=brukere["A"][Rolle.INNTAK])
    assert lev.status == LeveranseStatus.KONTROLLERT and lev.antall_feil == 0
    (fil,) = lev.filer.all()
    rader = csv_rader(fil)
    assert rader[0] == register.hent("1L001").feltnavn
    assert len(rader) == 1 + 6 and lev.antall_poster == 6 and fil.antall_poster == 6
    i = rader[0].index
    assert {(r[i("soknad_id")], r[i("onske_nr")]) for r in rader[1:]} == {
        (str(s1.pk), "1"), (str(s1.pk), "2"), (str(s1.pk), "3"), (str(s2.pk), "1"), (str(s2.pk), "2"),
        (str(s2.pk), "3"),
    }  # fmt: skip
    forste = next(r for r in rader[1:] if r[i("soknad_id")] == str(s1.pk) and r[i("onske_nr")] == "1")
    assert forste[i("fodselsnummer")] == s1.person.fodselsnummer
    assert forste[i("programomradekode")] == "STUSP1----"
    assert forste[i("skolear")] == "20262027" and forste[i("fylkesnummer")] == inntak.A.nummer
    assert fil.sha256 == hashlib.sha256(les(fil)).hexdigest() and fil.storrelse == len(les(fil))
    # Generating a file with personal data is an export in the audit log.
    assert Innsyn.objects.filter(handling="eksport", antall=6, hva__contains="1L001").exists()


def test_soknad_uten_onsker_gir_feil_og_stopper_sending(lag_soknad, inntak, brukere):
    lag_soknad()
    tom = lag_soknad()
    Onske.objects.filter(soknad=tom).delete()
    lev = kjor_leveranse("1L001", inntak.A, inntak.ar)
    assert lev.status == LeveranseStatus.STOPPET and lev.antall_feil == 1
    funn = Kontrollfunn.objects.get(leveranse=lev)
    assert funn.alvorlighet == "FEIL" and funn.post == f"soknad:{tom.pk}"
    assert funn.klasse == "Søknad uten ønsker" and "ingen ønsker" in funn.melding
    assert tom.person.fodselsnummer not in funn.melding + funn.post
    assert lev.oppsummering == {"Søknad uten ønsker": {"FEIL": 1, "ADVARSEL": 0}}
    with pytest.raises(LeveranseNektet, match="1 feil"):
        marker_sendt(lev, brukere["A"][Rolle.INNTAK])
    lev.refresh_from_db()
    assert lev.status == LeveranseStatus.STOPPET and lev.sendt is None


def test_marker_sendt_og_overgangene(lag_soknad, inntak, brukere):
    lag_soknad()
    bruker = brukere["A"][Rolle.INNTAK]
    lev = kjor_leveranse("1L001", inntak.A, inntak.ar, bruker=bruker)
    lev = godkjenn(lev, bruker)
    lev = marker_sendt(lev, bruker)
    assert lev.status == LeveranseStatus.SENDT and lev.sendt_av == bruker
    assert list(Leveransehendelse.objects.filter(leveranse=lev).values_list("handling", flat=True)) == [
        "laget", "godkjent", "sendt"
    ]  # fmt: skip
    with pytest.raises(LeveranseNektet):
        marker_sendt(lev, bruker)
    # Only those who may run the delivery, in its own county, may mark it.
    from django.core.exceptions import PermissionDenied

    lev2 = kjor_leveranse("1L001", inntak.A, inntak.ar)
    for andre in (brukere["A"][Rolle.LESE], brukere["B"][Rolle.INNTAK]):
        with pytest.raises(PermissionDenied):
            marker_sendt(lev2, andre)


def test_inntaksfil_nektes_uten_forutsetning(inntak, lag_soknad):
    lag_soknad()
    with pytest.raises(LeveranseNektet, match="1I001"):
        kjor_leveranse("1L002", inntak.A, inntak.ar)
    from rapporter.models import Leveranse

    assert not Leveranse.objects.exists()


def test_inntaksfil_er_fast_bredde_fra_siste_publiserte_runde(publisert, inntak):
    lev = kjor_leveranse("1L002", inntak.A, inntak.ar)
    (fil,) = lev.filer.all()
    d = register.hent("1L002")
    bredde = sum(f.bredde for f in d.felt)
    linjer = les(fil).decode("iso-8859-1").split("\r\n")[:-1]
    assert fil.tegnsett == "iso-8859-1"
    assert len(linjer) == Tildeling.objects.filter(inntakskjoring=publisert).count() == lev.antall_poster
    assert all(len(linje) == bredde for linje in linjer)
    start = {}
    pos = 0
    for f in d.felt:
        start[f.navn] = (pos, pos + f.bredde)
        pos += f.bredde

    def felt(linje, navn):
        a, b = start[navn]
        return linje[a:b].strip()

    tildelt = {
        (str(t.soknad_id), t.tilbud.programomrade.kode if t.tilbud else "")
        for t in Tildeling.objects.filter(inntakskjoring=publisert).select_related("tilbud__programomrade")
    }
    assert {(felt(linje, "soknad_id"), felt(linje, "programomradekode")) for linje in linjer} == tildelt
    assert {felt(linje, "resultat") for linje in linjer} <= {"T", "U"}


def test_inntaksfil_feil_ved_utgatt_programomrade(publisert, inntak):
    import datetime

    po = inntak.po["ST"]
    po.gyldig_til = datetime.date(2025, 7, 31)
    po.save()
    lev = kjor_leveranse("1L002", inntak.A, inntak.ar)
    antall = Tildeling.objects.filter(inntakskjoring=publisert, tilbud__programomrade=po).count()
    assert antall and lev.antall_feil == antall and lev.status == LeveranseStatus.STOPPET


def test_vilbli_krever_kopiert_klasseordning_og_stopper_pa_utgatt_programomrade(inntak, ferdig_jobb):
    with pytest.raises(LeveranseNektet, match="1A001"):
        kjor_leveranse("1L003", inntak.A, inntak.ar)
    ferdig_jobb("1A001", inntak.A, fra_skolear=inntak.neste.pk, til_skolear=inntak.neste.pk)  # wrong year
    with pytest.raises(LeveranseNektet):
        kjor_leveranse("1L003", inntak.A, inntak.ar)
    ferdig_jobb("1A001", inntak.A, til_skolear=inntak.ar.pk)
    lev = kjor_leveranse("1L003", inntak.A, inntak.ar)
    (fil,) = lev.filer.all()
    data = json.loads(les(fil).decode("utf-8"))
    assert len(data) == 9 == lev.antall_poster  # county A's tilbud, both schools
    dh = next(t for t in data if t["programomradekode"] == "DHDHV1----")
    assert dh["skolenummer"] == "50002" and dh["plasser"] == 15 and dh["landslinje"] is False
    # Design og håndverk ended in 2020: FEIL, and the delivery cannot be sent.
    assert lev.antall_feil == 1 and lev.status == LeveranseStatus.STOPPET
    assert Kontrollfunn.objects.get(leveranse=lev).post == f"tilbud:{inntak.t['dh'].pk}"
    assert not Innsyn.objects.filter(hva__contains="1L003").exists()  # no personal data in the file


def test_inntaksdata_til_skolene_en_fil_per_skole(publisert, inntak):
    lev = kjor_leveranse("1L004", inntak.A, inntak.ar)
    filer = {f.skole.skolenummer: f for f in lev.filer.select_related("skole")}
    ventende = Venteliste.objects.filter(inntakskjoring=publisert)
    tatt_inn = Tildeling.objects.filter(inntakskjoring=publisert, tilbud__isnull=False)
    for nr, fil in filer.items():
        rader = csv_rader(fil)
        i = rader[0].index
        assert {r[i("skolenummer")] for r in rader[1:]} == {nr}
        assert fil.navn.startswith(f"inntak_skole_{nr}_2026-2027_")
        assert sum(r[i("status")] == "tildelt" for r in rader[1:]) == tatt_inn.filter(
            tilbud__skole__skolenummer=nr).count()  # fmt: skip
        assert sum(r[i("status")] == "venteliste" for r in rader[1:]) == ventende.filter(
            tilbud__skole__skolenummer=nr).count()  # fmt: skip
    assert set(filer) == {"50001", "50002"}
    assert lev.antall_poster == tatt_inn.count() + ventende.count()


def test_jobben_lager_leveransen_og_arshjulet_ser_den(inntak, lag_soknad, brukere):
    from vigo.jobber.tjenester import KjoringFeil, start_kjoring, utfor

    lag_soknad()
    bruker = brukere["A"][Rolle.INNTAK]
    kj = start_kjoring("1L001", inntak.A, bruker=bruker, parametere={"skolear": "2026-2027"}, send=False)
    assert utfor(kj.pk) == KjoringStatus.FERDIG
    kj.refresh_from_db()
    assert kj.resultat["poster"] == 3 and kj.resultat["feil"] == 0
    from rapporter.models import Leveranse

    assert Leveranse.objects.get(pk=kj.resultat["leveranse"]).kjoring == kj
    # The precondition is checked when the job is started, with the reason.
    with pytest.raises(KjoringFeil, match="1I001"):
        start_kjoring("1L002", inntak.A, bruker=bruker, parametere={"skolear": "2026-2027"}, send=False)
    # A role without the intake rights cannot start it.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start_kjoring("1L001", inntak.A, bruker=brukere["A"][Rolle.LESE], parametere={"skolear": "2026-2027"})
    # The årshjul's utført/forsinket reads finished runs per code: the delivery's run counts.
    assert Kjoring.objects.filter(kode="1L001", fylke=inntak.A, status=KjoringStatus.FERDIG).exists()


def test_populasjonen_strommes(lag_soknad, inntak, monkeypatch):
    """No search result of the population is loaded whole (QuerySet._fetch_all); the query count does not grow
    with the number of søknader."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import rapporter.leveranser.inntak as leveranser_inntak

    monkeypatch.setattr(leveranser_inntak, "CHUNK", 3)
    hentet: list[type] = []
    maler = [False]
    original = QuerySet._fetch_all

    def _fetch_all(self):
        if maler[0]:
            hentet.append(self.model)
        return original(self)

    def tell(antall: int) -> int:
        Soknad.objects.all().delete()
        for _ in range(antall):
            lag_soknad()
        maler[0] = True
        with CaptureQueriesContext(connection) as q:
            lev = kjor_leveranse("1L001", inntak.A, inntak.ar)
        maler[0] = False
        assert lev.antall_poster == 3 * antall
        return len(q.captured_queries)

    monkeypatch.setattr(QuerySet, "_fetch_all", _fetch_all)
    liten, stor = tell(2), tell(20)
    assert Soknad not in hentet and Onske not in hentet
    assert liten == stor


def test_jobb_med_feil_feiler_men_leveransen_lagres(inntak, lag_soknad, brukere, client):
    from rapporter.models import Leveranse
    from vigo.jobber.tjenester import start_kjoring, utfor

    bruker = brukere["A"][Rolle.INNTAK]
    ok = start_kjoring("1L001", inntak.A, bruker=bruker, parametere={"skolear": "2026-2027"}, send=False)
    utfor(ok.pk)
    # The run page shows the result with a link to the delivery.
    client.force_login(bruker)
    lev_ok = Leveranse.objects.get(kjoring=ok)
    assert f"/rapporter/leveranser/{lev_ok.pk}/" in client.get(f"/kjoringer/{ok.pk}/").content.decode()

    Onske.objects.filter(soknad=lag_soknad()).delete()
    kj = start_kjoring("1L001", inntak.A, bruker=bruker, parametere={"skolear": "2026-2027"}, send=False)
    assert utfor(kj.pk) == KjoringStatus.FEILET
    lev = Leveranse.objects.get(kjoring=kj)
    assert lev.status == LeveranseStatus.STOPPET and lev.antall_feil == 1
    kj.refresh_from_db()
    assert "1 feil" in kj.melding


def test_arshjulet_viser_leveransen_som_utfort(inntak, lag_soknad, brukere):
    """An årshjul event linked to 1L001 is utført once a delivery run passed its control (arshjul.jobbstatus)."""
    from django.utils import timezone

    from arshjul.jobbstatus import status_for
    from arshjul.models import Hendelse, Status
    from arshjul.services import sikre_skolear
    from vigo.jobber.tjenester import start_kjoring, utfor

    sikre_skolear(inntak.ar.kode)
    idag = timezone.localdate()
    h = Hendelse.objects.create(fylke=inntak.A, skolear_id=inntak.ar.kode, nokkel="sokerfil", start=idag,
                                slutt=idag, hva="Søkerfil per 1. mars", kategori="interne-datoer",
                                jobbkoder={"1L001": "Søkerfil"})  # fmt: skip
    kjoringer = Kjoring.objects.filter(fylke=inntak.A)
    assert status_for([h], kjoringer)[h.pk].status != Status.UTFORT
    Onske.objects.filter(soknad=lag_soknad()).delete()
    bruker = brukere["A"][Rolle.INNTAK]
    utfor(start_kjoring("1L001", inntak.A, bruker=bruker, parametere={"skolear": "2026-2027"}, send=False).pk)
    assert status_for([h], kjoringer)[h.pk].status != Status.UTFORT  # stopped by FEIL: not utført
    Soknad.objects.filter(onsker__isnull=True).delete()
    utfor(start_kjoring("1L001", inntak.A, bruker=bruker, parametere={"skolear": "2026-2027"}, send=False).pk)
    assert status_for([h], kjoringer)[h.pk].status == Status.UTFORT
