"""The applicant asks for fortrinnsrett / individuell behandling on their own søknad (/soker/soknad/<id>/
dokumentasjon/) and uploads documentation: PDF, PNG and JPEG checked from the bytes, all or nothing per
submission, every rejected file named; only before the 1 February deadline; only the applicant's own søknad."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inntak.models import Behandlingsonske, Saksbehandlingslogg, SoknadDokument
from inntak.services import dokument as tjeneste
from tests.fabrikker import PersonFactory
from tests.portal.test_min_side import logg_inn
from vigo.models import Innsyn

pytestmark = pytest.mark.django_db

FOR_FRISTEN = datetime.date(
    2026, 1, 15
)  # the 2026-2027 fortrinnsfrist is 1 February 2026 (a Sunday: 2 February)


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    ut = io.BytesIO()
    w.write(ut)
    return ut.getvalue()


def bilde_bytes(format_: str) -> bytes:
    from PIL import Image

    ut = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(ut, format=format_)
    return ut.getvalue()


def pdf(navn="sakkyndig.pdf", **kw):
    return SimpleUploadedFile(navn, pdf_bytes(), content_type=kw.get("content_type", "application/pdf"))


def png(navn="erklaering.png", **kw):
    return SimpleUploadedFile(navn, bilde_bytes("PNG"), content_type=kw.get("content_type", "image/png"))


def jpeg(navn="legeattest.jpg", **kw):
    return SimpleUploadedFile(navn, bilde_bytes("JPEG"), content_type=kw.get("content_type", "image/jpeg"))


@pytest.fixture
def for_fristen(monkeypatch):
    monkeypatch.setattr("inntak.frister.i_dag", lambda: FOR_FRISTEN)


def _url(soknad) -> str:
    return f"/soker/soknad/{soknad.pk}/dokumentasjon/"


def _filer_lagret() -> list[Path]:
    rot = Path(settings.MEDIA_ROOT)
    return [p for p in rot.rglob("*") if p.is_file()] if rot.exists() else []


def _send(klient, soknad, filer, kategori="FOR617", beskrivelse="Jeg har sterkt nedsatt syn."):
    return klient.post(
        _url(soknad),
        {
            "handling": "foresporsel",
            "behandlingskategori": kategori,
            "beskrivelse": beskrivelse,
            "dokumenter": filer,
        },
    )


def test_krever_innlogging_og_egen_soknad(klient, lag_soknad, inntak):
    min = lag_soknad()
    annen = lag_soknad(person=PersonFactory(fornavn="Annenperson", fylke=inntak.A))
    assert klient.get(_url(min)).status_code == 302
    logg_inn(klient, min.person)
    assert klient.get(_url(min)).status_code == 200
    assert klient.get(_url(annen)).status_code == 404
    assert _send(klient, annen, [pdf()]).status_code == 404
    assert klient.get("/soker/soknad/999999/dokumentasjon/").status_code == 404
    assert not Behandlingsonske.objects.exists() and not SoknadDokument.objects.exists()
    assert (
        Innsyn.objects.filter(person=min.person, aktor="søker", hva="Søkerens dokumentasjonsside").count()
        == 1
    )
    # The service checks ownership itself too.
    with pytest.raises(PermissionDenied):
        tjeneste.be_om_behandling(annen, person=min.person, behandlingskategori="FOR617", beskrivelse="x")


def test_foresporsel_med_pdf_png_og_jpeg_godtas(klient, soknad, for_fristen):
    logg_inn(klient, soknad.person)
    html = klient.get(_url(soknad)).content.decode()
    assert "Fristen for å søke er 2. februar 2026." in html
    assert 'type="file"' in html and "multiple" in html and 'enctype="multipart/form-data"' in html
    assert 'value="FOR617"' in html and 'value="FOR630"' not in html  # Vg2/Vg3 categories are not offered
    assert 'value="ORD"' not in html

    svar = _send(klient, soknad, [pdf(), png(), jpeg()])
    assert svar.status_code == 302 and svar["Location"] == _url(soknad)
    soknad.refresh_from_db()
    assert soknad.behandlingskategori.kode == "FOR617"
    f = Behandlingsonske.objects.get(soknad=soknad)
    assert (
        f.behandlingskategori_id == soknad.behandlingskategori_id
        and f.beskrivelse == "Jeg har sterkt nedsatt syn."
    )
    dok = {d.navn: d for d in SoknadDokument.objects.filter(soknad=soknad)}
    assert {n: d.innholdstype for n, d in dok.items()} == {
        "sakkyndig.pdf": "application/pdf", "erklaering.png": "image/png", "legeattest.jpg": "image/jpeg",
    }  # fmt: skip
    for d in dok.values():
        assert d.behandlingsonske == f and d.storrelse == d.fil.size and len(d.sha256) == 64
        # Private storage under a random name: never the applicant's file name, never a URL.
        assert d.fil.name.startswith(f"inntak/soknad/50/{soknad.pk}/") and d.navn not in d.fil.name
        assert Path(d.fil.path).is_relative_to(Path(settings.MEDIA_ROOT))
        assert not Path(d.fil.path).is_relative_to(Path(settings.STATIC_ROOT))
        with pytest.raises(ValueError):
            d.fil.url  # noqa: B018
    rad = Saksbehandlingslogg.objects.filter(soknad=soknad, handling="dokument").get()
    assert rad.bruker is None
    assert rad.tekst == (
        "Søkeren ba i søkerportalen om Fortrinnsrett, sterkt nedsatt funksjonsevne (FOR617) og sendte 3 dokumenter."
    )
    html = klient.get(_url(soknad)).content.decode()
    assert "Forespørselen din er sendt til fylkeskommunen." in html
    assert "sakkyndig.pdf" in html and "legeattest.jpg" in html and "Venter på behandling" in html
    assert "Jeg har sterkt nedsatt syn." in html
    # Min side lists the request and links to the page.
    side = klient.get("/soker/").content.decode()
    assert _url(soknad) in side and "Du har sendt 3 dokumenter." in side


@pytest.mark.parametrize(
    ("fil", "grunn"),
    [
        (SimpleUploadedFile("vedlegg.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"),
         "innholdet er ikke PDF, PNG eller JPEG."),
        (SimpleUploadedFile("bilde.jpg", bilde_bytes("PNG"), content_type="image/jpeg"),
         "filnavnet slutter på .jpg, men innholdet er PNG."),
        (SimpleUploadedFile("side.html", pdf_bytes(), content_type="text/html"),
         "bare PDF, PNG og JPEG kan lastes opp"),
        (SimpleUploadedFile("ok.pdf", pdf_bytes(), content_type="text/html"),
         "filtypen som ble oppgitt (text/html), stemmer ikke med innholdet (PDF)."),
        (SimpleUploadedFile("odelagt.pdf", b"%PDF-1.4 dette er ikke en pdf", content_type="application/pdf"),
         "filen er ikke en gyldig PDF."),
        (SimpleUploadedFile("odelagt.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, content_type="image/png"),
         "filen er ikke et gyldig bilde."),
        (SimpleUploadedFile("tom.pdf", b"", content_type="application/pdf"), "filen er tom."),
    ],
)  # fmt: skip
def test_avvist_fil_nevnes_og_ingenting_lagres(klient, soknad, for_fristen, fil, grunn):
    logg_inn(klient, soknad.person)
    svar = _send(klient, soknad, [pdf("god.pdf"), fil])
    html = svar.content.decode()
    assert svar.status_code == 200
    assert f"«{fil.name}»: " in html and grunn in html
    assert 'role="alert"' in html and 'href="#foresporsel-dokumenter"' in html
    assert "Ingen av filene er lagret." in html
    # All or nothing: not even the good file, not the request, not the category.
    assert not SoknadDokument.objects.exists() and not Behandlingsonske.objects.exists()
    assert not Saksbehandlingslogg.objects.filter(handling="dokument").exists()
    soknad.refresh_from_db()
    assert soknad.behandlingskategori.kode == "ORD"
    assert _filer_lagret() == []


def test_for_stor_og_for_mange(klient, soknad, for_fristen, monkeypatch):
    monkeypatch.setattr(tjeneste, "MAKS_BYTES", 1024 * 1024)
    logg_inn(klient, soknad.person)
    stor = SimpleUploadedFile("stor.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024), content_type="application/pdf")
    html = _send(klient, soknad, [stor]).content.decode()
    assert "«stor.pdf»: filen er større enn 1 MB." in html
    monkeypatch.setattr(tjeneste, "MAKS_ANTALL", 2)
    html = _send(klient, soknad, [pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")]).content.decode()
    assert (
        "Du kan laste opp høyst 2 dokumenter til en søknad. Du har 0 fra før og prøvde å laste opp 3." in html
    )
    assert not SoknadDokument.objects.exists() and _filer_lagret() == []
    assert _send(klient, soknad, [pdf("a.pdf"), pdf("b.pdf")]).status_code == 302
    svar = klient.post(_url(soknad), {"handling": "dokumenter", "dokumenter": [pdf("c.pdf")]})
    assert "Du har 2 fra før og prøvde å laste opp 1." in svar.content.decode()
    assert SoknadDokument.objects.count() == 2


def test_manglende_felt_gir_feil_per_felt(klient, soknad, for_fristen):
    logg_inn(klient, soknad.person)
    html = _send(klient, soknad, [], kategori="", beskrivelse=" ").content.decode()
    assert '<a href="#foresporsel-behandlingskategori">Velg hva du søker om.</a>' in html
    assert '<a href="#foresporsel-beskrivelse">Beskriv hvorfor du søker om dette.</a>' in html
    html = _send(klient, soknad, [], kategori="ORD").content.decode()  # ordinary is not a request
    assert "Velg hva du søker om." in html
    html = _send(klient, soknad, [], kategori="FOR630").content.decode()  # a Vg2/Vg3 category on a Vg1 søknad
    assert "Velg hva du søker om." in html
    assert not Behandlingsonske.objects.exists()


def test_etter_fristen_kan_soker_ikke_be_om_behandling(klient, soknad):
    """Today (after 2 February 2026) the 2026-2027 deadline has passed: no form, and a POST is refused."""
    logg_inn(klient, soknad.person)
    html = klient.get(_url(soknad)).content.decode()
    assert "Fristen for å søke om fortrinnsrett eller individuell behandling var 2. februar 2026." in html
    assert 'name="handling" value="foresporsel"' not in html
    html = _send(klient, soknad, [pdf()]).content.decode()
    assert "Nå kan bare fylkeskommunen endre dette." in html
    assert not Behandlingsonske.objects.exists() and not SoknadDokument.objects.exists()
    soknad.refresh_from_db()
    assert soknad.behandlingskategori.kode == "ORD"


def test_ettersending_etter_fristen_til_en_foresporsel_sendt_i_tide(klient, soknad, monkeypatch):
    monkeypatch.setattr("inntak.frister.i_dag", lambda: FOR_FRISTEN)
    tjeneste.be_om_behandling(
        soknad, person=soknad.person, behandlingskategori="IND623", beskrivelse="Særlige grunner."
    )
    monkeypatch.setattr("inntak.frister.i_dag", lambda: datetime.date(2026, 3, 1))
    logg_inn(klient, soknad.person)
    html = klient.get(_url(soknad)).content.decode()
    assert 'name="handling" value="foresporsel"' not in html and 'name="handling" value="dokumenter"' in html
    svar = klient.post(_url(soknad), {"handling": "dokumenter", "dokumenter": [png(), jpeg()]})
    assert svar.status_code == 302
    assert "2 dokumenter er sendt." in klient.get(_url(soknad)).content.decode()
    assert SoknadDokument.objects.filter(soknad=soknad, behandlingsonske__isnull=False).count() == 2
    assert Saksbehandlingslogg.objects.filter(
        soknad=soknad, handling="dokument", tekst="Søkeren sendte 2 dokumenter i søkerportalen."
    ).exists()
    svar = klient.post(_url(soknad), {"handling": "dokumenter"})
    assert "Velg minst én fil å laste opp." in svar.content.decode()


def test_ettersending_til_en_sak_saksbehandler_registrerte_som_fortrinn(klient, lag_soknad):
    """No request from the applicant, but the county registered the søknad as fortrinn: documents may be sent."""
    s = lag_soknad(behandlingskategori="FOR615")
    with pytest.raises(ValidationError, match="Fristen for å søke"):
        tjeneste.be_om_behandling(s, person=s.person, behandlingskategori="FOR617", beskrivelse="x")
    (dok,) = tjeneste.send_dokumenter(s, person=s.person, filer=[pdf()])
    assert dok.behandlingsonske is None and dok.innholdstype == "application/pdf"
    ordinar = lag_soknad()
    with pytest.raises(ValidationError, match="Fristen for å søke"):
        tjeneste.send_dokumenter(ordinar, person=ordinar.person, filer=[pdf()])
    assert SoknadDokument.objects.count() == 1


def test_ny_foresporsel_erstatter_den_forrige(soknad, for_fristen):
    forste = tjeneste.be_om_behandling(
        soknad, person=soknad.person, behandlingskategori="FOR615", beskrivelse="a"
    )
    andre = tjeneste.be_om_behandling(
        soknad, person=soknad.person, behandlingskategori="IND622", beskrivelse="b"
    )
    forste.refresh_from_db()
    assert forste.status == "erstattet" and andre.status == "mottatt"
    soknad.refresh_from_db()
    assert soknad.behandlingskategori.kode == "IND622" and forste.history.count() == 2


def test_vedtak_stopper_nye_foresporsler(soknad, for_fristen, inntak):
    from inntak import services

    tjeneste.be_om_behandling(soknad, person=soknad.person, behandlingskategori="FOR617", beskrivelse="a")
    services.registrer_vedtak(soknad, begrunnelse="Dokumentert.", fast_plass=inntak.t["st"])
    with pytest.raises(ValidationError, match="har fått vedtak"):
        tjeneste.be_om_behandling(soknad, person=soknad.person, behandlingskategori="FOR615", beskrivelse="b")
    with pytest.raises(ValidationError, match="har fått vedtak"):
        tjeneste.send_dokumenter(soknad, person=soknad.person, filer=[pdf()])


def test_nynorsk_side(klient, soknad, for_fristen):
    logg_inn(klient, soknad.person)
    klient.post("/i18n/setlang/", {"language": "nn", "next": "/soker/"})
    svar = klient.get(_url(soknad))
    assert svar.status_code == 200 and '<html lang="nn">' in svar.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dokumentasjon_og_min_side_i_nettleser_320_px_uten_alvorlige_brudd(
    live_server, nettleser, lag_soknad, settings, monkeypatch, tmp_path
):
    """Real Chromium at 320 px: the error summary links to the fields, an upload works without JavaScript
    fallbacks, and axe-core (WCAG 2.1 AA) finds nothing serious on the page or on «Min side» with every
    <details> open."""
    from playwright.sync_api import expect

    from tests.inntak_kjoring.test_nettleser_flyt import ingen_alvorlige_brudd

    # The TestID login limit counts per address in the cache: a cache of our own, not the one shared with others.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr("inntak.frister.i_dag", lambda: FOR_FRISTEN)
    soknad = lag_soknad()
    fil = tmp_path / "sakkyndig vurdering.pdf"
    fil.write_bytes(pdf_bytes())
    ctx = nettleser.new_context(locale="nb-NO", viewport={"width": 320, "height": 800})
    side = ctx.new_page()
    side.set_default_timeout(10_000)

    def sjekk(hva: str) -> None:
        side.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        ingen_alvorlige_brudd(side, hva)
        assert side.evaluate("document.documentElement.scrollWidth") <= 320, hva

    try:
        side.goto(f"{live_server.url}/innlogging/soker/testid/")
        side.locator("#id_fodselsnummer").fill(soknad.person.fodselsnummer)
        side.locator("main form button[type=submit]").click()
        side.wait_for_url(f"{live_server.url}/soker/")
        side.get_by_role("link", name="Søk om fortrinnsrett eller individuell behandling").click()
        side.wait_for_url(f"{live_server.url}{_url(soknad)}")
        sjekk("dokumentasjon")
        side.get_by_role("button", name="Send", exact=True).click()
        expect(side.locator("#feil")).to_be_visible()
        sjekk("dokumentasjon med feil")
        side.locator("#feil a[href='#foresporsel-beskrivelse']").click()
        side.get_by_label("Hva søker du om?").select_option("FOR617")
        side.get_by_label("Beskriv hvorfor du søker om dette").fill("Jeg har sterkt nedsatt syn.")
        side.locator("#foresporsel-dokumenter").set_input_files(str(fil))
        side.get_by_role("button", name="Send", exact=True).click()
        expect(side.get_by_text("Forespørselen din er sendt til fylkeskommunen.")).to_be_visible()
        expect(side.get_by_role("cell", name="sakkyndig vurdering.pdf")).to_be_visible()
        sjekk("dokumentasjon etter opplasting")
        side.goto(f"{live_server.url}/soker/")
        sjekk("Min side")
    finally:
        ctx.close()
    assert SoknadDokument.objects.filter(soknad=soknad, navn="sakkyndig vurdering.pdf").exists()


def test_gjelder_ikke_inntak_av_voksne(klient, soknad, for_fristen):
    from inntak.models import Soknad

    Soknad.objects.filter(pk=soknad.pk).update(inntakstype="voksen")  # test data: an adult-intake søknad
    soknad.refresh_from_db()
    with pytest.raises(ValidationError, match="gjelder ikke inntak av voksne"):
        tjeneste.be_om_behandling(soknad, person=soknad.person, behandlingskategori="FOR617", beskrivelse="x")
    logg_inn(klient, soknad.person)
    assert _url(soknad) not in klient.get("/soker/").content.decode()
    html = klient.get(_url(soknad)).content.decode()
    assert "gjelder ikke inntak av voksne" in html and 'name="handling"' not in html


def test_filene_slettes_med_soknaden_men_ikke_ved_tilbakerulling(
    soknad, for_fristen, django_capture_on_commit_callbacks
):
    """A søknad deleted (e.g. by sletting) takes its documents' files with it once the deletion commits; a
    deletion rolled back leaves them."""
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        tjeneste.be_om_behandling(soknad, person=soknad.person, behandlingskategori="FOR617", beskrivelse="a",
                                  filer=[pdf(), png()])  # fmt: skip
    filer = _filer_lagret()
    assert len(filer) == 2 and all(f.exists() for f in filer)
    pk = soknad.pk
    with django_capture_on_commit_callbacks(execute=False) as tilbakerullet:
        try:
            with transaction.atomic():
                type(soknad).objects.get(pk=pk).delete()
                raise RuntimeError("avbrutt")
        except RuntimeError:
            pass
    assert (
        all(f.exists() for f in filer) and not tilbakerullet
    )  # nothing scheduled for a rolled-back deletion
    with django_capture_on_commit_callbacks(execute=True):
        type(soknad).objects.get(pk=pk).delete()
    assert not any(f.exists() for f in filer)
