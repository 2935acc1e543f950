"""Feedback files (tilbakemeldinger) from Udir/SSB on a delivery: import, refusal with every bad line named and
nothing written, matching to the sent lines (position and RadNr/FilID columns), pages, scoping and roles."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapporter.innlesing.selectors import linjer_for, tilbakemeldinger_for
from rapporter.innlesing.tilbakemelding import Tilbakemeldingsfeil, importer_tilbakemelding
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.definisjon import Delfil, Felt, Filformat, Leveransedefinisjon
from rapporter.leveranser.tjenester import kjor_leveranse
from rapporter.models import Leveransehendelse, Tilbakemelding, Tilbakemeldingslinje
from tests.rapporter.hjelp import csv_rader
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def sokerfil(lag_soknad, inntak, brukere):
    """A søkerfil (1L001) for county A: two applications × three wishes = six lines, each with its soknad_id."""
    s1, s2 = lag_soknad(), lag_soknad(onsker=["st2", "hs2", "el"])
    lev = kjor_leveranse("1L001", inntak.A, inntak.ar, bruker=brukere["A"][Rolle.INNTAK])
    return lev, s1, s2


def _csv(*linjer: str) -> bytes:
    return ("FilID;RadNr;Feilkode;Alvorlighet;Melding\r\n" + "".join(f"{x}\r\n" for x in linjer)).encode()


def _klient(bruker) -> Client:
    c = Client()
    c.force_login(bruker)
    return c


def test_gyldig_fil_kobles_til_sendte_linjer_og_lagres_med_revisjon(sokerfil, brukere):
    lev, s1, s2 = sokerfil
    bruker = brukere["A"][Rolle.INNTAK]
    fil = lev.filer.get()
    rader = csv_rader(fil)
    i = rader[0].index("soknad_id")
    data = _csv(f"{fil.navn};1;S001;FEIL;Ugyldig skolenummer", f"{fil.navn};5;S017;ADVARSEL;Sjekk ønsket",
                ";6;S018;W;Uten FilID: leveransen har én fil")  # fmt: skip
    tb = importer_tilbakemelding(lev, SimpleUploadedFile("retur_udir.csv", data), bruker, avsender="ssb")
    assert tb.sha256 == hashlib.sha256(data).hexdigest() and tb.storrelse == len(data)
    assert tb.fil.read() == data and tb.filnavn == "retur_udir.csv" and tb.avsender == "ssb"
    assert (tb.antall_linjer, tb.antall_feil, tb.antall_advarsler, tb.antall_koblet) == (3, 1, 2, 3)
    linjer = list(Tilbakemeldingslinje.objects.filter(tilbakemelding=tb).order_by("linje"))
    assert [(x.linje, x.radnr, x.feilkode, x.alvorlighet) for x in linjer] == [
        (2, 1, "S001", "FEIL"), (3, 5, "S017", "ADVARSEL"), (4, 6, "S018", "ADVARSEL")
    ]  # fmt: skip
    # RadNr n is the n-th data line of the file we sent; the reference is that line's soknad_id.
    for x in linjer:
        assert x.fil == fil and x.post == f"soknad:{rader[x.radnr][i]}"
    assert {x.post for x in linjer} <= {f"soknad:{s1.pk}", f"soknad:{s2.pk}"}
    hendelse = Leveransehendelse.objects.get(leveranse=lev, handling="tilbakemelding")
    assert hendelse.bruker == bruker and "3 linjer" in hendelse.tekst and hendelse.til_status == lev.status
    assert list(tilbakemeldinger_for(lev)) == [tb]
    assert linjer_for(lev, alvorlighet="FEIL").count() == 1


def test_darlige_linjer_avviser_filen_navngir_hver_og_lagrer_ingenting(sokerfil, brukere, settings):
    lev, *_ = sokerfil
    navn = lev.filer.get().navn
    data = _csv(
        f"{navn};1;S001;FEIL;ok",
        f"{navn};99;S002;FEIL;finnes ikke",
        f"{navn};2;;FEIL;mangler kode",
        f"{navn};3;S003;KANSKJE;ukjent",
        "annen_fil.csv;1;S004;FEIL;ukjent fil",
        f"{navn};x;S005;FEIL;",
    )
    with pytest.raises(Tilbakemeldingsfeil) as feil:
        importer_tilbakemelding(lev, data, brukere["A"][Rolle.INNTAK])
    linjer = dict(feil.value.linjer)
    assert set(linjer) == {3, 4, 5, 6, 7} and feil.value.antall == 5
    assert "RadNr 99 finnes ikke i filen" in linjer[3] and "(6 poster)" in linjer[3]
    assert "Feilkode mangler" in linjer[4] and "KANSKJE" in linjer[5]
    assert "annen_fil.csv" in linjer[6] and "ikke et tall" in linjer[7]
    assert "Ingenting er lagret" in feil.value.messages[0]
    assert not Tilbakemelding.objects.exists() and not Tilbakemeldingslinje.objects.exists()
    assert not Leveransehendelse.objects.filter(handling="tilbakemelding").exists()
    assert not (
        settings.MEDIA_ROOT / "leveranser" / lev.fylke.nummer / str(lev.pk) / "tilbakemelding"
    ).exists()


def test_mangler_kolonner_avvises(sokerfil, brukere):
    lev, *_ = sokerfil
    with pytest.raises(Tilbakemeldingsfeil, match="Feilkode"):
        importer_tilbakemelding(lev, b"FilID;RadNr;Kode\r\nx;1;A\r\n", brukere["A"][Rolle.INNTAK])
    assert not Tilbakemelding.objects.exists()


def test_fodselsnummer_i_meldingen_maskeres(sokerfil, brukere):
    lev, s1, _s2 = sokerfil
    fnr = s1.person.fodselsnummer
    tb = importer_tilbakemelding(lev, _csv(f";1;F01;FEIL;Personen {fnr} finnes ikke i FREG"),
                                 brukere["A"][Rolle.INNTAK])  # fmt: skip
    linje = tb.linjer.get()
    assert fnr not in linje.melding and "***********" in linje.melding


KODE = "9T901"


@pytest.fixture
def ssb_lignende(inntak):
    """A throw-away delivery shaped like ssbResultat + ssbResultatfag: FilID/RadID/RadNr columns (RadNr not the
    line position), the fag file with Radid = the elevfag."""

    def kilde(fylke, skolear):
        for n, ek in ((10, 501), (20, 502), (30, 503)):
            yield {"_post": f"elevkurs:{ek}", "FilID": "R2026A", "RadID": ek, "RadNr": n, "Verdi": "x"}
            yield {
                "_post": f"elevfag:{ek}0",
                "_fil": "fag",
                "Filid": "RF2026A",
                "Radid": ek * 10,
                "Radnr": n + 1,
            }

    d = register.registrer(Leveransedefinisjon(
        kode=KODE, navn="Test SSB", mottaker="SSB", populasjon="test", kilde=kilde,
        felt=tuple(Felt(n, "test") for n in ("FilID", "RadID", "RadNr", "Verdi")),
        delfiler=(Delfil("fag", "Fag", tuple(Felt(n, "test") for n in ("Filid", "Radid", "Radnr")), "fag_{fylke}.csv"),),
    ))  # fmt: skip
    yield d
    register.avregistrer(KODE)


def test_radnr_og_filid_kolonnene_i_sendt_fil(ssb_lignende, inntak, brukere):
    bruker = brukere["A"][Rolle.SYSADMIN]
    lev = kjor_leveranse(KODE, inntak.A, inntak.ar, bruker=bruker)
    assert lev.filer.count() == 2
    tb = importer_tilbakemelding(
        lev,
        _csv("R2026A;20;R.4;FEIL;Ugyldig programområde", "R2026A;30;R.13;A;", "RF2026A;11;RF.10;FEIL;"),
        bruker,
    )
    assert sorted(tb.linjer.values_list("radnr", "post", "fil__navn")) == [
        (11, "elevfag:5010", "fag_50.csv"), (20, "elevkurs:502", f"{KODE}_50_2026-2027_{lev.opprettet:%Y%m%d}.csv"),
        (30, "elevkurs:503", f"{KODE}_50_2026-2027_{lev.opprettet:%Y%m%d}.csv"),
    ]  # fmt: skip
    with pytest.raises(Tilbakemeldingsfeil) as feil:  # RadNr 2 is a line position, not a RadNr in this file
        importer_tilbakemelding(lev, _csv("R2026A;2;R.4;FEIL;x", ";10;R.4;FEIL;x"), bruker)
    assert feil.value.linjer[0][0] == 2 and "RadNr 2 finnes ikke" in feil.value.linjer[0][1]
    assert feil.value.linjer[1] == (3, "FilID mangler, og leveransen har 2 filer.")


def test_skolebruker_og_annet_fylke_nektes_i_tjenesten(sokerfil, brukere):
    lev, *_ = sokerfil
    for bruker in (brukere["A"][Rolle.SKOLE], brukere["B"][Rolle.INNTAK], brukere["A"][Rolle.LESE]):
        with pytest.raises(PermissionDenied):
            importer_tilbakemelding(lev, _csv(";1;S001;FEIL;x"), bruker)
    assert not Tilbakemelding.objects.exists()


def test_sidene_opplasting_visning_og_innsyn(sokerfil, brukere):
    lev, *_ = sokerfil
    c = _klient(brukere["A"][Rolle.INNTAK])
    url_ny = reverse("rapporter:tilbakemelding_last_opp", args=[lev.pk])
    url = reverse("rapporter:tilbakemeldinger", args=[lev.pk])
    assert c.get(url_ny).status_code == 200
    svar = c.post(url_ny, {"avsender": "udir", "fil": SimpleUploadedFile("r.csv", _csv(";1;S001;FEIL;Feil skole",
                                                                                          ";2;S002;A;Merk"))})  # fmt: skip
    assert svar.status_code == 302 and svar["Location"] == url
    side = c.get(url + "?alvorlighet=FEIL")
    tekst = side.content.decode()
    assert side.status_code == 200 and "Feil skole" in tekst and "Merk" not in tekst and "soknad:" in tekst
    assert "Viser 1–1 av 1" in tekst
    assert Innsyn.objects.filter(handling="vis", hva__contains=f"nr. {lev.pk}", antall=1).exists()
    # A refused file is shown with each line, and nothing stored.
    svar = c.post(url_ny, {"avsender": "udir", "fil": SimpleUploadedFile("d.csv", _csv(";77;S001;FEIL;x"))})
    assert svar.status_code == 200 and "RadNr 77 finnes ikke" in svar.content.decode()
    assert Tilbakemelding.objects.count() == 1


def test_include_malen_for_leveransesiden(sokerfil, brukere):
    from django.template.loader import render_to_string

    lev, *_ = sokerfil
    importer_tilbakemelding(lev, _csv(";1;S001;FEIL;x"), brukere["A"][Rolle.INNTAK])
    html = render_to_string("rapporter/innlesing/_for_leveranse.html", {"lev": lev, "kan_behandle": True})
    assert "1 tilbakemeldingsfil er importert" in html and "1 feil" in html
    assert reverse("rapporter:tilbakemeldinger", args=[lev.pk]) in html


def test_annet_fylke_far_404_og_skolebruker_403(sokerfil, brukere):
    lev, *_ = sokerfil
    for navn in ("rapporter:tilbakemeldinger", "rapporter:tilbakemelding_last_opp"):
        url = reverse(navn, args=[lev.pk])
        assert _klient(brukere["B"][Rolle.INNTAK]).get(url).status_code == 404
        assert _klient(brukere["A"][Rolle.SKOLE]).get(url).status_code == 403
    # Reading is for everyone with access to deliveries in the county; uploading only for who may run it.
    assert (
        _klient(brukere["A"][Rolle.LESE])
        .get(reverse("rapporter:tilbakemeldinger", args=[lev.pk]))
        .status_code
        == 200
    )
    url_ny = reverse("rapporter:tilbakemelding_last_opp", args=[lev.pk])
    assert _klient(brukere["A"][Rolle.LESE]).get(url_ny).status_code == 403


@pytest.fixture
def fast_og_json(inntak):
    """Throw-away deliveries in fixed width (no header) and JSON: RadNr is the record's position."""

    def kilde(fylke, skolear):
        for n in (7, 8, 9):
            yield {"_post": f"x:{n}", "elevkurs_id": n, "tilbud_id": n * 10, "kode": "AB"}

    felles = {"mottaker": "test", "populasjon": "test", "kilde": kilde}
    fast = register.registrer(Leveransedefinisjon(
        kode="9T902", navn="Fast", format=Filformat.FAST, tegnsett="iso-8859-1", filnavn="fast_{fylke}.txt",
        felt=(Felt("elevkurs_id", "t", bredde=6), Felt("kode", "t", bredde=4)), **felles,
    ))  # fmt: skip
    js = register.registrer(Leveransedefinisjon(
        kode="9T903", navn="JSON", format=Filformat.JSON, filnavn="v_{fylke}.json",
        felt=(Felt("tilbud_id", "t"), Felt("kode", "t")), **felles,
    ))  # fmt: skip
    yield fast, js
    register.avregistrer("9T902")
    register.avregistrer("9T903")


def test_fast_bredde_og_json_kobles_pa_posisjon(fast_og_json, inntak, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    lev = kjor_leveranse("9T902", inntak.A, inntak.ar, bruker=bruker)
    tb = importer_tilbakemelding(lev, _csv(";2;X1;FEIL;m", "fast_50;3;X2;ADVARSEL;"), bruker)
    assert sorted(tb.linjer.values_list("radnr", "post")) == [(2, "elevkurs:8"), (3, "elevkurs:9")]
    lev = kjor_leveranse("9T903", inntak.A, inntak.ar, bruker=bruker)
    tb = importer_tilbakemelding(lev, _csv(";1;X1;FEIL;m"), bruker)
    assert tb.linjer.get().post == "tilbud:70"
    with pytest.raises(Tilbakemeldingsfeil, match="1 feil"):
        importer_tilbakemelding(lev, _csv(";4;X1;FEIL;m"), bruker)
