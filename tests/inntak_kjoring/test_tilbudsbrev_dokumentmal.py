"""Tilbudsbrev from the standard-document tool: the type is registered, a county's newly published version is in
the next letters (HTML and PDF), the built-in default applies until then, the per-søker split still finds every
letter, the Brevmal text is no longer read (only its logo), the Brevmal admin makes the text read-only, and the
data migration's copy of each county's active Brevmal (published, skipped, or a draft when it does not compile)."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from django.contrib.admin.sites import site

from inntak.kjoring import brev
from inntak.kjoring.dokumenttype import HODE
from inntak.models import Brevmal
from tests.fabrikker import publiser
from vigo import dokumentmal as register
from vigo.dokumentmal import services as dokumentmaler
from vigo.models import Dokumentmal, Dokumentmalhendelse, Rolle

pytestmark = pytest.mark.django_db

migrering = importlib.import_module("inntak.migrations.0011_tilbudsbrev_til_dokumentmal")


def _pdf_tekst(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)


def _publiser_tekst(bruker, fylke, kropp: str) -> Dokumentmal:
    utkast = dokumentmaler.lagre_utkast(bruker, fylke=fylke, kode="tilbudsbrev", innhold=HODE + kropp,
                                        merknad="Ny tekst")  # fmt: skip
    return dokumentmaler.publiser(bruker, utkast)


@pytest.fixture
def runde(inntak, soker, kjor):
    anne = soker("Anne Andersen", "50.00")
    bjorn = soker("Bjørn Berg", "45.00")
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    return ik, [anne.pk, bjorn.pk]


def test_typen_er_registrert_med_standardteksten():
    dt = register.hent("tilbudsbrev")
    assert dt.brevhode and dt.format == "A4" and dt.omrade == "inntak"
    assert dt.standardmal == HODE + brev.STANDARD_INNHOLD


def test_standardteksten_gjelder_til_fylket_publiserer_og_brevmalens_tekst_leses_ikke(inntak, runde):
    ik, ids = runde
    # A Brevmal text from before the switch is not what the letters say any more.
    Brevmal.objects.create(fylke=inntak.A, navn="Gammel mal", innhold="<p>GAMMEL BREVMALTEKST</p>")
    mal = brev.aktiv_tilbudsbrev(inntak.A)
    assert mal.er_standard and mal.dokumenttype == "tilbudsbrev"
    kontekster = brev.brev_kontekster(ik, ids, datetime.date(2026, 7, 1))
    html = brev.lag_html(mal, kontekster, brev.brevhode(ik))
    assert "GAMMEL BREVMALTEKST" not in html
    assert "Hei Anne!" in html and "Hei Bjørn!" in html and "Du må svare innen" in html
    assert "Svar på søknad om inntak – 1. inntak 2026-2027" in html  # the heading from HODE
    assert f'id="soker-{ids[0]}-0"' in html and f'id="soker-{ids[1]}-0"' in html  # anchors for the split
    # A Brevmal passed by a caller written before the switch gives the tool's text too.
    assert "GAMMEL BREVMALTEKST" not in brev.lag_html(
        brev.aktiv_brevmal(inntak.A), kontekster, brev.brevhode(ik)
    )


def test_ny_publisert_versjon_kommer_i_neste_brev(inntak, runde, brukere):
    ik, ids = runde
    admin_a = brukere["A"][Rolle.FYLKESADMIN]
    _publiser_tekst(admin_a, inntak.A, "<p>Trøndelag ønsker {{ soker.fornavn }} lykke til med skoleåret.</p>")
    pdf = brev.lag_pdf(ik, ids[0])
    tekst = _pdf_tekst(pdf)
    assert "Trøndelag ønsker Anne lykke til med skoleåret." in tekst
    assert "Hei Anne!" not in tekst  # the default body is replaced
    # Another county keeps the built-in text.
    assert brev.aktiv_tilbudsbrev(inntak.B).er_standard
    # A newer version replaces it in the letters issued after it is published.
    _publiser_tekst(admin_a, inntak.A, "<p>Versjon to til {{ soker.fornavn }}.</p>")
    tekst = _pdf_tekst(brev.lag_pdf(ik, ids[0]))
    assert "Versjon to til Anne." in tekst and "lykke til" not in tekst


def test_hele_runden_deles_per_soker_med_verktoyets_tekst(inntak, runde, brukere):
    ik, ids = runde
    _publiser_tekst(brukere["A"][Rolle.FYLKESADMIN], inntak.A, "<p>Eget brev til {{ soker.fornavn }}.</p>")
    filer: dict[str, bytes] = {}

    def lagre_fil(navn, fh, _type):
        filer[navn] = fh.read()

    res = brev.lag_tilbudsbrev(ik, lagre_fil=lagre_fil)
    assert res["sokere"] == 2 and res["brev"] == 2
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(filer["tilbudsbrev_vg1_2026-2027_runde1_per_soker.zip"]))
    assert sorted(zf.namelist()) == sorted(f"{sid}.pdf" for sid in ids)
    assert "Eget brev til Anne." in _pdf_tekst(zf.read(f"{ids[0]}.pdf"))
    assert "Eget brev til Bjørn." in _pdf_tekst(zf.read(f"{ids[1]}.pdf"))
    assert "Anne" not in _pdf_tekst(zf.read(f"{ids[1]}.pdf"))


def test_logoen_leses_fortsatt_fra_brevmalen(inntak, runde, monkeypatch):
    ik, ids = runde
    monkeypatch.setattr(brev, "_logo", lambda mal: "data:image/png;base64,TESTLOGO" if mal.pk else "")
    kontekster = brev.brev_kontekster(ik, ids[:1], datetime.date(2026, 7, 1))
    uten = brev.lag_html(brev.aktiv_tilbudsbrev(inntak.A), kontekster, brev.brevhode(ik))
    assert "TESTLOGO" not in uten  # no Brevmal: no logo
    Brevmal.objects.create(fylke=inntak.A, navn="Mal med logo", innhold="")
    med = brev.lag_html(brev.aktiv_tilbudsbrev(inntak.A), kontekster, brev.brevhode(ik))
    assert 'src="data:image/png;base64,TESTLOGO"' in med


def test_brevmaladmin_viser_teksten_skrivebeskyttet_og_peker_til_dokumentmaler():
    adm = site._registry[Brevmal]
    assert "innhold" in adm.get_readonly_fields(None)
    beskrivelser = " ".join(opts.get("description", "") for _navn, opts in adm.get_fieldsets(None))
    assert "Dokumentmaler" in beskrivelser and "Tilbudsbrev (inntak)" in beskrivelser


def test_migreringen_kopierer_aktiv_brevmal_som_publisert_versjon_1(inntak):
    Brevmal.objects.create(
        fylke=inntak.A, navn="Trøndelags mal", innhold="<p>Hei {{ soker.fornavn }}!</p>\r\n"
    )
    Brevmal.objects.create(fylke=inntak.A, navn="Gammel", aktiv=False, innhold="<p>Inaktiv</p>")
    ant = migrering.kopier_brevmaler(Brevmal, Dokumentmal, Dokumentmalhendelse)
    assert ant == {"publisert": 1, "utkast": 0, "hoppet_over": 0}
    mal = Dokumentmal.objects.get(fylke=inntak.A, dokumenttype="tilbudsbrev")
    assert (mal.versjon, mal.status, mal.format, mal.merknad) == (
        1,
        "publisert",
        "A4",
        "Flyttet fra brevmalen",
    )
    assert (
        mal.innhold == migrering.HODE + "<p>Hei {{ soker.fornavn }}!</p>\n" and mal.navn == "Trøndelags mal"
    )
    assert mal.publisert is not None
    assert mal.hendelser.get().handling == "publisert"
    assert brev.aktiv_tilbudsbrev(inntak.A).pk == mal.pk  # the letters now use the copy
    assert brev.aktiv_tilbudsbrev(inntak.B).er_standard  # a county without a Brevmal keeps the default
    # Run again (or a county that already has a version): nothing is copied.
    assert migrering.kopier_brevmaler(Brevmal, Dokumentmal, Dokumentmalhendelse) == {
        "publisert": 0,
        "utkast": 0,
        "hoppet_over": 1,
    }
    assert Dokumentmal.objects.filter(dokumenttype="tilbudsbrev").count() == 1


def test_migreringen_gir_samme_brev_som_standarden_for_standardteksten(inntak, runde):
    ik, ids = runde
    kontekster = brev.brev_kontekster(ik, ids, datetime.date(2026, 7, 1))
    for_flytting = brev.lag_html(brev.aktiv_tilbudsbrev(inntak.A), kontekster, brev.brevhode(ik))
    Brevmal.objects.create(fylke=inntak.A, navn="Tilbudsbrev (inntak)", innhold=brev.STANDARD_INNHOLD)
    migrering.kopier_brevmaler(Brevmal, Dokumentmal, Dokumentmalhendelse)
    etter = brev.aktiv_tilbudsbrev(inntak.A)
    assert not etter.er_standard
    assert brev.lag_html(etter, kontekster, brev.brevhode(ik)) == for_flytting


def test_migreringen_lar_tom_eller_ugyldig_tekst_ikke_stoppe_brevene(inntak):
    Brevmal.objects.create(fylke=inntak.A, navn="Feil", innhold="{% load humanize %}<p>{{ x|intcomma }}</p>")
    Brevmal.objects.create(fylke=inntak.B, navn="Tom", innhold="  ")
    ant = migrering.kopier_brevmaler(Brevmal, Dokumentmal, Dokumentmalhendelse)
    assert ant == {"publisert": 0, "utkast": 1, "hoppet_over": 1}
    utkast = Dokumentmal.objects.get(fylke=inntak.A, dokumenttype="tilbudsbrev")
    assert utkast.status == "utkast" and "må rettes" in utkast.merknad and utkast.publisert is None
    # The letters keep the built-in default until the draft is corrected and published.
    assert brev.aktiv_tilbudsbrev(inntak.A).er_standard and brev.aktiv_tilbudsbrev(inntak.B).er_standard
    assert not Dokumentmal.objects.filter(fylke=inntak.B).exists()
