"""iCalendar feed (RFC 5545) per county and category, without a session; and the export command."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from arshjul import services
from arshjul.models import Hendelse
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def hent(client, url: str) -> Calendar:
    svar = client.get(url)
    assert svar.status_code == 200
    assert svar["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(svar.content)


def test_feed_er_gyldig_ical_uten_innlogging(arshjul_2017, client):
    feed = services.feed_for(arshjul_2017)
    assert len(feed.token) >= 40
    kal = hent(client, reverse("arshjul:ical", args=[feed.token, "2017-2018"]))
    assert str(kal["VERSION"]) == "2.0" and "Trøndelag" in str(kal["X-WR-CALNAME"])
    hendelser = kal.walk("VEVENT")
    assert len(hendelser) == 105
    assert len({str(e["UID"]) for e in hendelser}) == 105
    for e in hendelser:
        start, slutt = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is datetime.date and type(slutt) is datetime.date  # all-day
        assert slutt > start
    a = arshjul_2017
    sensur = Hendelse.objects.get(fylke=a, linje_fra=112)
    (e,) = [e for e in hendelser if str(e["SUMMARY"]) == sensur.hva]
    assert (e.decoded("DTSTART"), e.decoded("DTEND")) == (
        datetime.date(2018, 6, 18),
        datetime.date(2018, 6, 21),
    )
    (ot,) = [e for e in hendelser if "RRULE" in e]
    assert ot["RRULE"]["FREQ"] == ["MONTHLY"] and ot["RRULE"]["COUNT"] == [12]
    assert ot.decoded("DTSTART") == datetime.date(2017, 9, 1)


def test_feed_per_kategori_og_ukjent_token(arshjul_2017, client):
    feed = services.feed_for(arshjul_2017)
    url = reverse("arshjul:ical", args=[feed.token, "2017-2018"])
    kal = hent(client, url + "?kategori=lanekassen")
    assert len(kal.walk("VEVENT")) == Hendelse.objects.filter(kategori="lanekassen").count() == 2
    assert "Lånekassen" in str(kal["X-WR-CALNAME"])
    feil = reverse("arshjul:ical", args=["x" * 43, "2017-2018"])
    assert client.get(feil).status_code == 404


def test_feed_viser_ikke_utkast_og_fornyet_token_stenger_gammel_adresse(arshjul_2017, client):
    a = arshjul_2017
    services.kopier_til_neste_ar(a, "2017-2018")
    gammel = services.feed_for(a).token
    assert hent(client, reverse("arshjul:ical", args=[gammel, "2018-2019"])).walk("VEVENT") == []
    ny = services.forny_feed(a).token
    assert ny != gammel
    assert client.get(reverse("arshjul:ical", args=[gammel, "2017-2018"])).status_code == 404
    assert len(hent(client, reverse("arshjul:ical", args=[ny, "2017-2018"])).walk("VEVENT")) == 105


def test_abonnementsside_viser_adresse_for_eget_fylke(arshjul_2017, brukere, client):
    client.force_login(brukere["A"][Rolle.INNTAK])
    side = client.get(reverse("arshjul:abonnement")).content.decode()
    token = services.feed_for(arshjul_2017).token
    assert f"/arshjul/ical/{token}/2017-2018.ics?kategori=lanekassen" in side
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert token not in client.get(reverse("arshjul:abonnement")).content.decode()


def test_eksportkommando_ics_og_json(arshjul_2017, tmp_path):
    fil = tmp_path / "arshjul.ics"
    call_command("eksporter_arshjul", "--skolear", "2017-2018", "--format", "ics", "--ut", str(fil),
                 "--fylke", "50", stderr=io.StringIO())  # fmt: skip
    assert len(Calendar.from_ical(fil.read_bytes()).walk("VEVENT")) == 105
    ut = io.StringIO()
    call_command("eksporter_arshjul", "--skolear", "2017-2018", "--format", "json", stdout=ut)
    data = json.loads(ut.getvalue())
    assert len(data) == 105
    (ssb,) = [d for d in data if d["linje_fra"] == 31]
    assert ssb["start"] == "2017-09-29" and ssb["jobbkoder"]["5A019"] == "Oppdater rett"


def test_pdf_eksport(arshjul_2022, tmp_path, brukere, client):
    from arshjul import eksport

    html = eksport.pdf_html(Hendelse.objects.filter(skolear_id="2022-2023"), arshjul_2022, "2022-2023")
    assert "ÅRSHJUL VIGO OPPLÆRING, skoleåret 2022-2023" in html and "FARGEKODER:" in html
    assert (
        html.index("<h2>Juli 2022</h2>")
        < html.index("<h2>September 2022</h2>")
        < html.index("<h2>Juli 2023</h2>")
    )
    assert "background:#a4161a" in html  # Lånekassen's colour
    fil = tmp_path / "arshjul.pdf"
    call_command("eksporter_arshjul", "--skolear", "2022-2023", "--format", "pdf", "--ut", str(fil),
                 "--kategori", "lanekassen", stderr=io.StringIO())  # fmt: skip
    assert fil.read_bytes().startswith(b"%PDF")
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(reverse("arshjul:pdf", args=["2022-2023"]) + "?kategori=fpvs")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert svar.content.startswith(b"%PDF")
