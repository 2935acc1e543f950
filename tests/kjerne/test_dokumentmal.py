"""The standard-document tool (vigo.dokumentmal): the registry, versions per county (one draft, one published,
the previous archived), permission (model permission and county), validation with a Norwegian message and nothing
saved, the audit row, rendering (letterhead for letters, none for diplomas, errors as Malfeil) and the pages."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import include, path, reverse

from vigo import dokumentmal as register
from vigo import urls as prosjekturls
from vigo.dokumentmal import Dokumenttype, selectors, services
from vigo.dokumentmal.gjengi import Malfeil, gjengi_html, slaa_sammen, til_pdf
from vigo.models import Bruker, Dokumentmal, Dokumentmalhendelse, Rolle

pytestmark = pytest.mark.django_db

# The pages are wired into vigo/urls.py by the lead; until then this module adds them (pytest.mark.urls below).
_KOBLET = any(getattr(p, "namespace", None) == "dokumentmal" for p in prosjekturls.urlpatterns)
urlpatterns = [*prosjekturls.urlpatterns]
if not _KOBLET:
    urlpatterns.append(path("dokumentmaler/", include("vigo.dokumentmal.urls")))
sider = pytest.mark.urls(__name__)

BREV = "test_brev"
DIPLOM = "test_diplom"


@pytest.fixture(autouse=True)
def typer():
    """Two made-up types (the core knows no domain app): a letter and an A3 diploma."""
    brev = register.registrer(
        Dokumenttype(
            kode=BREV,
            navn="Testbrev",
            format="A4",
            variabler={"person.navn": "Mottakerens navn"},
            standardmal="<p>Hei {{ person.navn }}, dato {{ dato|date:'j. F Y' }}.</p>",
            eksempel=lambda: {
                "person": {"navn": "Eksempel Person"},
                "dato": __import__("datetime").date(2026, 6, 12),
            },
            brevhode=True,
        )
    )
    diplom = register.registrer(
        Dokumenttype(
            kode=DIPLOM,
            navn="Testdiplom",
            format="A3L",
            variabler={"navn": "Navn"},
            standardmal="<h1>Diplom</h1><p class='stor'>{{ navn }}</p>",
            eksempel=lambda: {"navn": "Diplom Person"},
            brevhode=False,
        )
    )
    yield brev, diplom
    register._TYPER.pop(BREV, None)
    register._TYPER.pop(DIPLOM, None)


def _frisk(bruker) -> Bruker:
    return Bruker.objects.get(pk=bruker.pk)  # no cached permissions


@pytest.fixture
def roller(brukere):
    """The rights vigo/roller.py is to give (the lead wires them): the county administrator edits, others read."""
    perms = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="vigo", codename__endswith="dokumentmal")
    }
    Group.objects.get(name=Rolle.FYLKESADMIN).permissions.add(
        perms["view_dokumentmal"], perms["add_dokumentmal"], perms["change_dokumentmal"]
    )
    for rolle in (Rolle.LESE, Rolle.FAGOPPLAERING, Rolle.INNTAK):
        Group.objects.get(name=rolle).permissions.add(perms["view_dokumentmal"])
    return {f: {r: _frisk(b) for r, b in per.items()} for f, per in brukere.items()}


def admin(roller, fylke="A"):
    return roller[fylke][Rolle.FYLKESADMIN]


def _lagre(bruker, fylke, innhold="<p>Hei {{ person.navn }}</p>", **kw):
    return services.lagre_utkast(
        bruker,
        fylke=fylke,
        kode=kw.pop("kode", BREV),
        innhold=innhold,
        navn=kw.pop("navn", "Vårt brev"),
        format=kw.pop("format", "A4"),
        merknad=kw.pop("merknad", "Ny tekst"),
    )


def _tekst(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)


# --- registry and selectors ----------------------------------------------------------------------------------


def test_registeret_og_standardmalen_til_fylket_publiserer_egen(kodeverk):
    assert register.hent(BREV).navn == "Testbrev"
    assert BREV in [t.kode for t in register.typer()]
    with pytest.raises(KeyError, match="ikke registrert"):
        register.hent("finnes_ikke")
    with pytest.raises(ValueError, match="Ukjent format"):
        Dokumenttype(kode="x", navn="X", format="A5", variabler={}, standardmal="", eksempel=dict)
    mal = selectors.aktiv_mal(kodeverk["A"], BREV)
    assert mal.pk is None and mal.versjon == 0 and mal.er_standard
    assert mal.innhold == register.hent(BREV).standardmal
    rader = {r.type.kode: r for r in selectors.oversikt(kodeverk["A"])}
    assert rader[BREV].publisert is None and not rader[BREV].har_nyere_utkast


# --- versions ------------------------------------------------------------------------------------------------


def test_utkast_erstattes_og_nye_versjoner_far_neste_nummer(kodeverk, roller):
    a, fa = kodeverk["A"], admin(roller)
    v1 = _lagre(fa, a)
    assert (v1.versjon, v1.status, v1.opprettet_av) == (1, "utkast", fa)
    igjen = _lagre(fa, a, innhold="<p>Endret {{ person.navn }}</p>")
    assert igjen.pk == v1.pk and igjen.versjon == 1  # the draft is overwritten, not piled up
    assert Dokumentmal.objects.filter(fylke=a, dokumenttype=BREV).count() == 1
    assert selectors.aktiv_mal(a, BREV).er_standard  # a draft is not used
    services.publiser(fa, igjen)
    v2 = _lagre(fa, a, innhold="<p>Versjon to</p>")
    assert v2.versjon == 2
    rad = {r.type.kode: r for r in selectors.oversikt(a)}[BREV]
    assert rad.publisert.versjon == 1 and rad.har_nyere_utkast
    # Another county numbers its own versions.
    assert _lagre(admin(roller, "B"), kodeverk["B"]).versjon == 1


def test_publisering_arkiverer_forrige_og_bare_en_er_publisert(kodeverk, roller):
    a, fa = kodeverk["A"], admin(roller)
    v1 = services.publiser(fa, _lagre(fa, a, innhold="<p>En</p>"))
    assert v1.status == "publisert" and v1.publisert_av == fa and v1.publisert
    v2 = services.publiser(fa, _lagre(fa, a, innhold="<p>To</p>"))
    v1.refresh_from_db()
    assert v1.status == "arkivert" and v2.status == "publisert"
    assert selectors.aktiv_mal(a, BREV).pk == v2.pk
    assert Dokumentmal.objects.filter(fylke=a, dokumenttype=BREV, status="publisert").count() == 1
    assert [m.versjon for m in selectors.versjoner(a, BREV)] == [2, 1]
    with pytest.raises(ValidationError, match="Bare et utkast"):
        services.publiser(fa, v1)
    # The database refuses a second published version too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Dokumentmal.objects.create(
            fylke=a, dokumenttype=BREV, versjon=9, navn="x", innhold="x", status="publisert"
        )


def test_gjenopprett_kopierer_gammel_versjon_til_nytt_utkast(kodeverk, roller):
    a, fa = kodeverk["A"], admin(roller)
    v1 = services.publiser(fa, _lagre(fa, a, innhold="<p>Gammel tekst</p>", format="A4L"))
    services.publiser(fa, _lagre(fa, a, innhold="<p>Ny tekst</p>"))
    v1.refresh_from_db()
    ny = services.gjenopprett(fa, v1)
    assert (ny.versjon, ny.status, ny.innhold, ny.format) == (3, "utkast", "<p>Gammel tekst</p>", "A4L")
    assert "versjon 1" in ny.merknad
    assert selectors.aktiv_mal(a, BREV).versjon == 2  # in force only once published
    assert Dokumentmalhendelse.objects.filter(mal=ny, handling="gjenopprettet").exists()


# --- permission, validation, audit ---------------------------------------------------------------------------


def test_uten_rettighet_eller_i_annet_fylke_nektes(kodeverk, roller):
    a = kodeverk["A"]
    for rolle in (Rolle.LESE, Rolle.FAGOPPLAERING, Rolle.SKOLE):
        with pytest.raises(PermissionDenied, match="fylkesadministratoren"):
            _lagre(roller["A"][rolle], a)
    with pytest.raises(PermissionDenied, match="fylket"):
        _lagre(admin(roller, "B"), a)
    utkast = _lagre(admin(roller), a)
    with pytest.raises(PermissionDenied):
        services.publiser(admin(roller, "B"), utkast)
    with pytest.raises(PermissionDenied):
        services.gjenopprett(roller["A"][Rolle.LESE], utkast)
    assert Dokumentmal.objects.get().status == "utkast"
    # A system administrator may edit every county.
    assert _lagre(roller["B"][Rolle.SYSADMIN], a, innhold="<p>x</p>").pk == utkast.pk


def test_syntaksfeil_gir_norsk_melding_og_ingenting_lagres(kodeverk, roller):
    a, fa = kodeverk["A"], admin(roller)
    with pytest.raises(ValidationError) as feil:
        _lagre(fa, a, innhold="<p>{% if person.navn %}Hei\n{% endiff %}</p>")
    melding = " ".join(feil.value.message_dict["innhold"])
    assert "syntaksfeil" in melding and "linje 2" in melding and "Traceback" not in melding
    with pytest.raises(ValidationError, match="tom"):
        _lagre(fa, a, innhold="   ")
    with pytest.raises(ValidationError, match="ikke tolkes|syntaksfeil"):
        _lagre(fa, a, innhold="{% load static %}<p>x</p>")  # no other tag libraries
    with pytest.raises(ValidationError, match="format"):
        _lagre(fa, a, format="A5")
    assert not Dokumentmal.objects.exists() and not Dokumentmalhendelse.objects.exists()
    # An unknown variable is fine: it prints empty.
    assert _lagre(fa, a, innhold="<p>{{ finnes.ikke }}</p>").pk


def test_hver_endring_skriver_en_hendelse(kodeverk, roller):
    a, fa = kodeverk["A"], admin(roller)
    mal = _lagre(fa, a)
    _lagre(fa, a, innhold="<p>Igjen</p>")
    services.publiser(fa, mal)
    hendelser = list(Dokumentmalhendelse.objects.filter(mal=mal).order_by("pk"))
    assert [h.handling for h in hendelser] == ["lagret", "lagret", "publisert"]
    assert all(h.bruker == fa and h.tidspunkt for h in hendelser)
    assert "Versjon 1 publisert" in hendelser[-1].hva


# --- rendering -----------------------------------------------------------------------------------------------


def test_brev_har_brevhode_og_diplom_har_ikke(kodeverk):
    hode = {"navn": "Trøndelag fylkeskommune", "adresse": "Postboks 2560"}
    brev = selectors.aktiv_mal(kodeverk["A"], BREV)
    html = gjengi_html(
        brev, [{"person": {"navn": "Nora <b>"}}, {"person": {"navn": "Emil"}}], hode=hode, logo=""
    )
    assert html.count('class="hode"') == 2 and "Postboks 2560" in html
    assert "Nora &lt;b&gt;" in html  # variables are escaped
    assert "size: A4;" in html
    diplom = selectors.aktiv_mal(kodeverk["A"], DIPLOM)
    html = gjengi_html(diplom, [{"navn": "Sofie"}], hode=hode, logo="data:image/png;base64,AAAA")
    assert "Postboks 2560" not in html and "data:image" not in html
    assert "size: A3 landscape;" in html and 'class="dok diplom"' in html
    pdf = til_pdf(html)
    assert "Sofie" in _tekst(pdf)
    samlet = slaa_sammen([pdf, til_pdf(gjengi_html(brev, [{"person": {"navn": "Emil"}}], hode=hode))])
    tekst = _tekst(samlet)
    assert "Sofie" in tekst and "Emil" in tekst and "Trøndelag fylkeskommune" in tekst


def test_feil_under_utfylling_gir_malfeil_uten_traceback(kodeverk):
    class Slem:
        @property
        def navn(self):
            raise RuntimeError("hemmelig detalj")

    mal = Dokumentmal(
        fylke=kodeverk["A"],
        dokumenttype=BREV,
        versjon=0,
        navn="Testbrev",
        innhold="<p>linje 1</p>\n<p>{{ person.navn }}</p>",
        format="A4",
    )
    with pytest.raises(Malfeil) as feil:
        gjengi_html(mal, [{"person": Slem()}])
    assert "kunne ikke fylles ut" in str(feil.value) and "hemmelig" not in str(feil.value)
    mal.innhold = "{% include 'base.html' %}"
    with pytest.raises(Malfeil):
        gjengi_html(mal, [{}])
    mal.innhold = "{% for x in y %}"
    with pytest.raises(Malfeil, match="syntaksfeil"):
        gjengi_html(mal, [{}])


# --- pages ---------------------------------------------------------------------------------------------------


@sider
def test_fylkesadmin_ser_liste_redigerer_forhandsviser_og_publiserer(client, kodeverk, roller):
    fa = admin(roller)
    client.force_login(fa)
    svar = client.get(reverse("dokumentmal:liste"))
    html = svar.content.decode()
    assert svar.status_code == 200 and "Testbrev" in html and "Standardtekst" in html
    assert reverse("dokumentmal:rediger", args=[BREV]) in html

    url = reverse("dokumentmal:rediger", args=[BREV])
    html = client.get(url).content.decode()
    assert (
        "Lagre utkast" in html
        and "Forhåndsvis" in html
        and "person.navn" in html
        and "Mottakerens navn" in html
    )
    assert '<label for="id_innhold">' in html

    data = {
        "navn": "Vårt brev",
        "format": "A4",
        "innhold": "<p>Hallo {{ person.navn }}</p>",
        "merknad": "Ny hilsen",
    }
    svar = client.post(url, data)
    assert svar.status_code == 302
    mal = Dokumentmal.objects.get(fylke=kodeverk["A"], dokumenttype=BREV)
    assert mal.status == "utkast" and mal.innhold == data["innhold"]

    # Preview of the unsaved text in the form, and of the saved draft.
    svar = client.post(
        reverse("dokumentmal:forhandsvis", args=[BREV]), {**data, "innhold": "<p>Usagt {{ person.navn }}</p>"}
    )
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert svar["Content-Disposition"].startswith("inline")
    assert "Usagt Eksempel Person" in _tekst(svar.content)
    svar = client.get(reverse("dokumentmal:forhandsvis", args=[BREV]))
    assert "Hallo Eksempel Person" in _tekst(svar.content)

    svar = client.post(url, {**data, "innhold": "{% if %}"})
    assert svar.status_code == 200 and "syntaksfeil" in svar.content.decode()
    assert Dokumentmal.objects.get(pk=mal.pk).innhold == data["innhold"]

    side = client.get(reverse("dokumentmal:publiser", args=[BREV])).content.decode()
    assert "fra nå av" in side and "den nye versjonen" in side
    svar = client.post(reverse("dokumentmal:publiser", args=[BREV]))
    assert svar.status_code == 302
    assert Dokumentmal.objects.get(pk=mal.pk).status == "publisert"

    html = client.get(reverse("dokumentmal:versjoner", args=[BREV])).content.decode()
    assert "Ny hilsen" in html and "Publisert" in html


@sider
def test_gjenopprett_fra_versjonslisten(client, kodeverk, roller):
    fa = admin(roller)
    v1 = services.publiser(fa, _lagre(fa, kodeverk["A"], innhold="<p>Første</p>"))
    services.publiser(fa, _lagre(fa, kodeverk["A"], innhold="<p>Andre</p>"))
    client.force_login(fa)
    html = client.get(reverse("dokumentmal:versjoner", args=[BREV])).content.decode()
    assert "Gjenopprett" in html
    svar = client.post(reverse("dokumentmal:gjenopprett", args=[BREV, v1.versjon]))
    assert svar.status_code == 302
    assert selectors.utkast(kodeverk["A"], BREV).innhold == "<p>Første</p>"


@sider
def test_lesebruker_ser_men_kan_ikke_endre_og_andre_far_403(client, kodeverk, roller):
    les = roller["A"][Rolle.LESE]
    client.force_login(les)
    html = client.get(reverse("dokumentmal:liste")).content.decode()
    assert "Testbrev" in html and f'href="{reverse("dokumentmal:rediger", args=[BREV])}"' not in html
    assert client.get(reverse("dokumentmal:versjoner", args=[BREV])).status_code == 200
    assert client.get(reverse("dokumentmal:forhandsvis", args=[BREV]))["Content-Type"] == "application/pdf"
    assert client.get(reverse("dokumentmal:rediger", args=[BREV])).status_code == 403
    data = {"navn": "x", "format": "A4", "innhold": "<p>x</p>"}
    assert client.post(reverse("dokumentmal:rediger", args=[BREV]), data).status_code == 403
    assert client.post(reverse("dokumentmal:forhandsvis", args=[BREV]), data).status_code == 403
    assert client.post(reverse("dokumentmal:publiser", args=[BREV])).status_code == 403
    assert not Dokumentmal.objects.exists()
    client.force_login(roller["A"][Rolle.SKOLE])
    assert client.get(reverse("dokumentmal:liste")).status_code == 403
    client.logout()
    svar = client.get(reverse("dokumentmal:liste"))
    assert svar.status_code == 302 and re.search(r"logg-inn", svar["Location"])
    assert client.get(reverse("dokumentmal:rediger", args=["finnes_ikke"])).status_code == 302


def test_tilbudsbrevet_som_dokumenttype_gir_samme_tekst(kodeverk):
    """Intake's offer letter is a type (registered by InntakConfig.ready, inntak/kjoring/dokumenttype.py)."""
    dt = register.hent("tilbudsbrev")
    mal = selectors.aktiv_mal(kodeverk["A"], "tilbudsbrev")
    tekst = _tekst(til_pdf(gjengi_html(mal, [dt.eksempel()], hode={"navn": "Trøndelag fylkeskommune"})))
    assert "Emma Eksempel" in tekst and "Elektro og datateknologi" in tekst and "20. juli 2026" in tekst
    assert "Trøndelag fylkeskommune" in tekst
