"""Poenggrenser with the four statuses on the public page, the rett-guarantee report, tilbudsbrev (text from the
standard-document tool) and e-mail."""

import datetime
import io
import zipfile

import pytest
from django.core import mail

from inntak.kjoring import brev, selectors
from inntak.kjoring.dokumenttype import HODE
from inntak.kjoring.sms import LoggSmsSender
from inntak.models import Poenggrense, Vedtak
from tests.fabrikker import PersonFactory, bare_ungdomsrett_krever_tre_utdanningsprogram, publiser
from vigo.dokumentmal import services as dokumentmaler
from vigo.fodselsnummer import lag_syntetisk
from vigo.jobber import tjenester
from vigo.models import Foresatt, Innsyn, Rolle

pytestmark = pytest.mark.django_db


def test_poenggrenser_med_fire_statuser_og_offentlig_side(inntak, soker, kjor, client):
    t = inntak.t
    t["hs"].plasser, t["hs2"].plasser = 1, 1
    t["hs"].save()
    t["hs2"].save()
    t["tp"].inntakskrav = "dokumentasjon"
    t["tp"].save()
    soker("Anne A", "50.00", onsker=["hs", "st", "el"])
    soker("Bjørn B", "45.00", onsker=["hs", "tp", "st"])
    soker("Cecilie C", "44.00", onsker=["hs2", "st", "tp"])
    frida = soker("Frida F", None, behandlingskategori="FOR615", onsker=["hs2", "st", "el"])
    Vedtak.objects.create(soknad=frida, fast_plass=t["hs2"], begrunnelse="Sakkyndig vurdering.")
    ik = kjor(simulering=False)
    status = {
        g.tilbud_id: (g.status, g.poeng and str(g.poeng))
        for g in Poenggrense.objects.filter(inntakskjoring=ik)
    }
    assert status[t["hs"].pk] == ("poeng", "50.00")
    assert status[t["st"].pk] == ("alle_inntatt", None)
    assert status[t["hs2"].pk] == ("fortrinn", None)
    assert status[t["tp"].pk] == ("dokumentasjon", None)
    assert client.get("/inntak/poenggrenser/").status_code == 200
    assert "50,00" not in client.get("/inntak/poenggrenser/").content.decode()  # not published yet
    publiser(ik)
    side = client.get("/inntak/poenggrenser/", {"fylke": "50", "skolear": "2026-2027", "runde": "1"})
    html = side.content.decode()
    assert side.status_code == 200 and "50,00" in html and "Alle søkere tatt inn" in html
    assert "Alle plasser gikk til søkere med fast plass" in html and "Inntak etter dokumentasjon" in html
    assert "Anne" not in html and "Innsyn" not in html


def test_rett_garanti_rapport(inntak, soker, kjor, brukere, client):
    for k in ("hs", "el", "st"):
        inntak.t[k].plasser = 1
        inntak.t[k].save()
    soker("Anne A", "50.00")
    soker("Bjørn B", "49.00")
    soker("Cecilie C", "48.00")
    uten_plass = soker("David D", "10.00")
    bare_ungdomsrett_krever_tre_utdanningsprogram(inntak.A, inntak.ar)  # Ulf: no rett, one programme
    soker("Ulf U", "5.00", rettstatus="uten_rett", onsker=["st"])
    ik = kjor(simulering=True)
    bruker = brukere["A"][Rolle.INNTAK]
    rader = selectors.rett_uten_plass(ik, bruker)
    assert [r["soknad"] for r in rader] == [uten_plass]
    assert rader[0]["programmer"] == ["Studiespesialisering", "Helse- og oppvekstfag", "Elektro"]
    client.force_login(bruker)
    svar = client.get(f"/inntak/inntakskjoring/{ik.pk}/rett/?format=csv")
    tekst = svar.content.decode("utf-8-sig")
    assert svar.status_code == 200 and "David" in tekst and "Ulf" not in tekst and ";" in tekst
    assert Innsyn.objects.filter(handling="eksport", hva__contains="rett uten plass").exists()
    assert client.get(f"/inntak/inntakskjoring/{ik.pk}/rett/?format=xlsx").content[:2] == b"PK"


def test_tilbudsbrev_pdf_html_og_epost(inntak, soker, kjor, brukere, django_capture_on_commit_callbacks):
    mindrearig = PersonFactory(fylke=inntak.A, fornavn="Mia", etternavn="Mindreårig", epost="mia@example.no",
                               mobil="91234567")  # fmt: skip
    mor = PersonFactory(fylke=inntak.A, fornavn="Mor", etternavn="Mindreårig", epost="mor@example.no",
                        fodselsnummer=_voksen_fnr())  # fmt: skip
    Foresatt.objects.create(person=mindrearig, foresatt=mor, relasjon="mor")
    from tests.inntak_kjoring.conftest import sett_poeng

    s = services_soknad(inntak, mindrearig)
    sett_poeng(s, "42.00")
    # The county's own wording, published in the standard-document tool (Dokumentmaler).
    admin_a = brukere["A"][Rolle.FYLKESADMIN]
    utkast = dokumentmaler.lagre_utkast(admin_a, fylke=inntak.A, kode="tilbudsbrev", navn="Trøndelags mal",
                                        innhold=HODE + "<p>Kjære {{ mottaker.fornavn }}, om {{ soker.navn }}: "
                                        "{{ tildeling.tilbud.programomrade.navn }}.</p>")  # fmt: skip
    dokumentmaler.publiser(admin_a, utkast)
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    kontekster = brev.brev_kontekster(ik, [s.pk], datetime.date(2026, 7, 1))
    assert [k["mottaker"] for k in kontekster] == [mindrearig, mor]
    # The letterhead comes from the county's system parameters for the run's school year.
    from vigo.parametere.services import sett_parametere

    sett_parametere(inntak.A, ik.skolear, {"felles.avsender_adresse": "Seksjon inntak\nPostboks 2350\n7004 Trondheim"},
                    brukere["A"][Rolle.FYLKESADMIN])  # fmt: skip
    html = brev.lag_html(brev.aktiv_tilbudsbrev(inntak.A), kontekster, brev.brevhode(ik))
    assert "<strong>Trøndelag fylkeskommune</strong>" in html and "Postboks 2350\n7004 Trondheim" in html
    assert "Kjære Mia, om Mia Mindreårig: Studiespesialisering." in html
    assert "Kjære Mor" in html and "Kopi til foresatt" in html
    bruker = brukere["A"][Rolle.INNTAK]
    LoggSmsSender.sendt.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("1I003", inntak.A, bruker, {"skolear": "2026-2027", "niva": "VG1", "runde": 1,
                                                                 "varsle": "on"})  # fmt: skip
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    filer = {f.navn: f for f in kj.filer.all()}
    samlet = filer["tilbudsbrev_vg1_2026-2027_runde1_samlet.pdf"].fil.read()
    assert samlet.startswith(b"%PDF")
    from pypdf import PdfReader

    tekst = " ".join(side.extract_text() for side in PdfReader(io.BytesIO(samlet)).pages)
    assert "Kjære Mia" in tekst and "Kjære Mor" in tekst  # the applicant's letter and the guardian's copy
    zf = zipfile.ZipFile(io.BytesIO(filer["tilbudsbrev_vg1_2026-2027_runde1_per_soker.zip"].fil.read()))
    assert zf.namelist() == [f"{s.pk}.pdf"] and zf.read(f"{s.pk}.pdf").startswith(b"%PDF")
    assert kj.resultat["brev"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["mia@example.no", "mor@example.no"]
    assert "vigo.no" in mail.outbox[0].body and "2026" in mail.outbox[0].subject + mail.outbox[0].body
    assert LoggSmsSender.sendt and LoggSmsSender.sendt[0][0] == "91234567"


def _voksen_fnr() -> str:
    return next(n for i in range(100, 500) if (n := lag_syntetisk(datetime.date(1980, 3, 3), i)))


def services_soknad(inntak, person):
    from inntak import services as inntak_services

    return inntak_services.registrer_soknad(person=person, skolear=inntak.ar, fylke=inntak.A, niva="VG1",
                                            rettstatus="ungdomsrett",
                                            onsker=[inntak.t["st"], inntak.t["hs"], inntak.t["el"]])  # fmt: skip
