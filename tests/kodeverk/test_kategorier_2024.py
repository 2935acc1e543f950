"""Behandlingskategorier under opplæringsforskrifta 2024 (issue 12 item 1, part): the same codes with the new
hjemmel for school years from 2025-2026 (section map in docs/regler/regler-2024.md §0), the 2006 hjemmel for older
years and for stored vedtak, and the minority-language categories (§ 4-20 første ledd c / § 4-26 første ledd a)
with the 1 February deadline."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse

from inntak import services
from inntak.hjemler import behandlingshjemmel, ny_forskrift
from inntak.selectors import soknadsfrist
from kodeverk import koder
from kodeverk import models as km
from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401  (fixtures)
from vigo.models import Rolle
from vigo.parametere.selectors import parameter


def test_hver_kode_har_ny_hjemmel_eller_er_uten_ny_paragraf():
    koder_ = {k for k, *_ in koder.BEHANDLINGSKATEGORIER}
    assert set(koder.HJEMLER_2024) <= koder_
    assert koder_ - set(koder.HJEMLER_2024) == {"FOR619", "FOR632"}  # no new counterpart by number (§0, §2.3)
    for hjemmel in koder.HJEMLER_2024.values():
        assert hjemmel.startswith(("§ 4-", "§§ 4-")), hjemmel


@pytest.mark.parametrize(
    ("kode", "gammel", "ny"),
    [
        ("ORD", "§§ 6-20, 6-21 / 6-33, 6-34", "§§ 4-18, 4-19 / 4-24, 4-25"),
        ("FOR615", "§ 6-15", "§ 4-21"),
        ("FOR617", "§ 6-17", "§ 4-22"),
        ("FOR618", "§ 6-18", "§ 4-23"),
        ("IND622", "§ 6-22", "§ 4-20 første ledd a"),
        ("IND624", "§ 6-24", "§ 4-20 første ledd c"),
        ("FOR630", "§ 6-30", "§ 4-27"),
        ("FOR631", "§ 6-31", "§ 4-28"),
        ("IND635", "§§ 6-35–6-38", "§ 4-26"),
        ("MIN420C", "§ 6-24", "§ 4-20 første ledd c"),
        ("MIN426A", "§ 6-36", "§ 4-26 første ledd a"),
        ("FOR619", "§ 6-19", "§ 6-19 (forskrift 2006)"),
    ],
)
def test_hjemmel_etter_skolearets_forskrift(kode, gammel, ny):
    kategori = SimpleNamespace(
        kode=kode, hjemmel=dict((k, h) for k, _n, _g, h, _nv in koder.BEHANDLINGSKATEGORIER)[kode]
    )
    assert koder.hjemmel_for_regime(kode, kategori.hjemmel, ny_forskrift=False) == gammel
    assert behandlingshjemmel(kategori, "2024-2025") == gammel
    assert behandlingshjemmel(kategori, "2025-2026") == ny
    assert behandlingshjemmel(kategori, SimpleNamespace(kode="2026-2027")) == ny
    assert behandlingshjemmel(None, "2026-2027") == ""


def test_regimet_folger_regelsettet_og_loven_utenfor_registeret():
    assert [
        ny_forskrift(k)
        for k in ("2019-2020", "2021-2022", "2024-2025", "2025-2026", "2027-2028", "2035-2036")
    ] == [
        False,
        False,
        False,
        True,
        True,
        True,
    ]


def test_minoritetssprak_kategoriene():
    rader = {k: (n, g, h, nv) for k, n, g, h, nv in koder.BEHANDLINGSKATEGORIER}
    assert rader["MIN420C"] == (
        "Minoritetsspråklig søker uten sammenlignbart karaktergrunnlag (kort botid)",
        "individuell",
        "§ 6-24",
        "VG1",
    )
    assert rader["MIN426A"][1:] == ("individuell", "§ 6-36", "VG2")


@pytest.mark.django_db
def test_importer_kodeverk_laster_de_nye_kategoriene():
    call_command("importer_kodeverk", stdout=io.StringIO())
    kategori = km.Behandlingskategori.objects.get(kode="MIN420C")
    assert (kategori.gruppe, kategori.hjemmel, kategori.niva) == ("individuell", "§ 6-24", "VG1")
    assert km.Behandlingskategori.objects.get(kode="MIN426A").niva == "VG2"
    assert km.Behandlingskategori.objects.count() == len(koder.BEHANDLINGSKATEGORIER)


@pytest.mark.django_db
def test_minoritetssprak_far_fortrinnsfristen_1_februar(lag_soknad, inntak):  # noqa: F811
    vanlig = lag_soknad()
    minoritet = lag_soknad(behandlingskategori="MIN420C")
    assert minoritet.trenger_vedtak
    assert parameter(inntak.A, inntak.ar, "inntak.fortrinnsfrist") == datetime.date(2026, 2, 1)
    # 1 February 2026 is a Sunday: the deadline runs to the next working day (§ 4-9).
    assert soknadsfrist(minoritet) == datetime.date(2026, 2, 2)
    assert soknadsfrist(vanlig) == datetime.date(2026, 3, 2)
    vg2 = lag_soknad(niva="VG2", onsker=["rea"], behandlingskategori="MIN426A")
    assert soknadsfrist(vg2) == datetime.date(2026, 2, 2)


@pytest.mark.django_db
def test_soknadssiden_arbeidskoen_og_vedtaket_viser_ny_hjemmel(client, lag_soknad, inntak, brukere):  # noqa: F811
    s = lag_soknad(onsker=["st", "st2"], behandlingskategori="FOR615")
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert '<span class="hjelp">(§ 4-21)</span>' in html and "§ 6-15" not in html
    html = client.get(reverse("inntak:arbeidsko"), {"skolear": inntak.ar.kode}).content.decode()
    assert '<span class="dempet">(§ 4-21)</span>' in html and "§ 6-15" not in html
    vedtak = services.registrer_vedtak(s, begrunnelse="Sakkyndig vurdering.", fast_plass=inntak.t["st"])
    assert vedtak.hjemmel == "§ 4-21"


def test_malfilteret_velger_etter_skolearet():
    mal = Template("{% load inntak_hjemmel %}{{ s|behandlingshjemmel }}")
    kategori = SimpleNamespace(kode="IND635", hjemmel="§§ 6-35–6-38")
    for kode, forventet in (("2024-2025", "§§ 6-35–6-38"), ("2026-2027", "§ 4-26")):
        soknad = SimpleNamespace(behandlingskategori=kategori, skolear=SimpleNamespace(kode=kode))
        assert mal.render(Context({"s": soknad})) == forventet
