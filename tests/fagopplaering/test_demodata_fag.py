"""The demo step: companies from the synthetic Enhetsregisteret file, approvals with faglige ledere, offices with
approved members, running and ended contracts (avbrudd, avslutningskode) through the services, formidlinger at every
step; idempotent."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db.models import Count

from fagopplaering import demodata
from fagopplaering.models import (
    Avbrudd,
    Bedrift,
    Bedriftstype,
    Formidling,
    Godkjenning,
    Hendelse,
    Kontrakt,
    Medlemskap,
    Opplaeringsansvarlig,
)
from tests.fabrikker import PersonFactory, syntetisk_fnr

pytestmark = pytest.mark.django_db


@pytest.fixture
def liten(monkeypatch):
    monkeypatch.setattr(demodata, "ANTALL_LOPENDE", 16)
    monkeypatch.setattr(demodata, "ANTALL_AVSLUTTET", 8)
    monkeypatch.setattr(demodata, "ANTALL_FORMIDLING", 20)


def _personer(fylke, antall):
    for i in range(antall):
        PersonFactory(
            fylke=fylke,
            fodselsnummer=syntetisk_fnr(datetime.date(2006, 1, 1) + datetime.timedelta(days=9 * i)),
        )


def test_demodata_for_fylket(fag, liten):
    a = fag["A"]
    _personer(a, 50)
    meldinger: list[str] = []
    demodata.lag_fagopplaering_demodata(a, random.Random(1), meldinger.append)
    tekst = "\n".join(meldinger)
    assert "hoppet over" not in tekst, tekst

    # Every unit of the synthetic file is a company; the offices are typed as such.
    assert Bedrift.objects.count() >= 300
    assert Bedrift.objects.filter(type=Bedriftstype.OPPLAERINGSKONTOR).count() >= 10
    assert (
        Bedrift.objects.filter(konkurs=True).exists()
        and Bedrift.objects.filter(slettet_i_er__isnull=False).exists()
    )
    # Approvals only in the county, only for companies located there, each with a faglig leder.
    godkjenninger = Godkjenning.objects.filter(fylke=a)
    assert godkjenninger.count() >= 5 and not Godkjenning.objects.exclude(fylke=a).exists()
    assert not godkjenninger.exclude(bedrift__kommune__fylke=a).exists()
    assert not godkjenninger.filter(bedrift__konkurs=True).exists()
    uten_leder = godkjenninger.exclude(ansvarlige__rolle=Opplaeringsansvarlig.Rolle.FAGLIG_LEDER)
    assert not uten_leder.exists()
    # Offices have members, each approved in the county (docs/fagopplaering/domene.md §1.2).
    medlemskap = Medlemskap.objects.filter(fylke=a).select_related("medlem", "opplaeringskontor")
    assert medlemskap.exists()
    for m in medlemskap:
        assert m.opplaeringskontor.type == Bedriftstype.OPPLAERINGSKONTOR
        assert Godkjenning.objects.filter(bedrift=m.medlem, fylke=a, status="godkjent").exists()

    kontrakter = Kontrakt.objects.filter(fylke=a)
    assert kontrakter.count() >= 16 + 8
    avsluttede = kontrakter.filter(status=Kontrakt.Status.AVSLUTTET)
    assert avsluttede.count() == 8
    assert not avsluttede.filter(avslutningskode__isnull=True).exists()
    assert not avsluttede.filter(avsluttet_dato__isnull=True).exists()
    assert avsluttede.order_by().values("avslutningskode__kode").distinct().count() >= 3
    assert kontrakter.filter(status=Kontrakt.Status.GODKJENT, godkjent_dato__isnull=False).exists()
    assert kontrakter.filter(status__in=["opprettet", "til_godkjenning"]).exists()
    assert kontrakter.filter(medlemsbedrift__isnull=False).exists() or not medlemskap.exists()
    assert Avbrudd.objects.filter(kontrakt__fylke=a).exists()
    # The contracts went through the services: each has its timeline.
    assert not kontrakter.annotate(n=Count("hendelser")).filter(n=0).exists()
    # Approval never moves the start (§ 7-2).
    for k in kontrakter.filter(godkjent_dato__isnull=False):
        assert k.godkjent_dato >= k.laeretid_fra

    formidlinger = Formidling.objects.filter(fylke=a)
    assert formidlinger.count() >= 15
    assert formidlinger.order_by().values("status").distinct().count() >= 4
    assert Hendelse.objects.filter(fylke=a, type="godkjent").count() == godkjenninger.count()

    # Idempotent.
    antall = (Bedrift.objects.count(), Kontrakt.objects.count(), Formidling.objects.count())
    demodata.lag_fagopplaering_demodata(a, random.Random(1), meldinger.append)
    assert "hopper over" in meldinger[-1]
    assert (Bedrift.objects.count(), Kontrakt.objects.count(), Formidling.objects.count()) == antall


def test_uten_fil_lages_noen_bedrifter(fag, liten, monkeypatch, tmp_path, settings):
    settings.ENHETSREGISTERET = {**settings.ENHETSREGISTERET, "FIL": str(tmp_path / "mangler.jsonl")}
    monkeypatch.setattr(demodata, "ER_FIL", tmp_path / "mangler.jsonl")
    a = fag["A"]
    _personer(a, 30)
    meldinger: list[str] = []
    demodata.lag_fagopplaering_demodata(a, random.Random(2), meldinger.append)
    assert Bedrift.objects.count() == 40
    assert Godkjenning.objects.filter(fylke=a).exists() and Kontrakt.objects.filter(fylke=a).exists()


def test_laer_onsker_hentes_fra_inntaket(fag, liten):
    """Vg3 søknader get a wish on a lærefag and land in the formidling list (as job 5A110)."""
    from inntak.models import Onske, Soknad
    from kodeverk.models import Behandlingskategori

    a = fag["A"]
    _personer(a, 40)
    skolear = fag["skolear"][2026]
    kategori = Behandlingskategori.objects.first() or Behandlingskategori.objects.create(
        kode="ORD", navn="Ordinær"
    )
    sokere = [
        PersonFactory(fylke=a, fodselsnummer=syntetisk_fnr(datetime.date(2009, 4, 1 + i))) for i in range(3)
    ]
    for p in sokere:
        Soknad.objects.create(person=p, skolear=skolear, fylke=a, niva="VG3", rettstatus="ungdomsrett", hjemfylke=a,
                              behandlingskategori=kategori, status="registrert")  # fmt: skip
    meldinger: list[str] = []
    demodata.lag_fagopplaering_demodata(a, random.Random(3), meldinger.append)
    assert Onske.objects.filter(soknad__person__in=sokere, tilbud__programomrade__niva="LAER").count() == 3
    assert Formidling.objects.filter(person__in=sokere, soknad__isnull=False).count() == 3
    assert any("3 nye søkere" in m for m in meldinger), meldinger
