"""iCalendar- og JSON-eksport: utdata leses tilbake med icalendar og kontrolleres."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from arshjul.kjerne import Datotype, les_innebygd, til_ical, til_json

STEMPEL = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _media():
    """Kjernen er rammeverksfri: overstyrer den Django-avhengige autouse-fixturen i tests/conftest.py."""


@pytest.mark.parametrize("skolear", ["2017-2018", "2022-2023"])
def test_ical_leses_tilbake(skolear):
    hendelser = les_innebygd(skolear).hendelser
    data = til_ical(hendelser, f"Årshjul {skolear}", tidsstempel=STEMPEL)
    kalender = Calendar.from_ical(data)
    assert str(kalender["VERSION"]) == "2.0" and "PRODID" in kalender
    assert str(kalender["X-WR-CALNAME"]) == f"Årshjul {skolear}"
    vevents = kalender.walk("VEVENT")
    assert len(vevents) == len(hendelser)
    for ev, h in zip(vevents, hendelser, strict=True):
        assert str(ev["UID"]) == f"{h.nokkel}@arshjul.vigo-opplaering"
        start, slutt = ev["DTSTART"].dt, ev["DTEND"].dt
        assert type(start) is date and type(slutt) is date  # heldag, ikke datetime
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert (start, slutt) == (h.tid.start, h.tid.slutt + timedelta(days=1))  # DTEND eksklusiv
        assert ev["DTSTAMP"].dt == STEMPEL
        assert h.kategori.etikett in [str(c) for c in ev["CATEGORIES"].cats]
        assert str(ev["DESCRIPTION"]).startswith(h.hva)
        assert ("RRULE" in ev) == (h.tid.type is Datotype.GJENTAKENDE)
    assert len({str(ev["UID"]) for ev in vevents}) == len(vevents)


def test_gjentakende_og_flerdags_i_ical():
    hendelser = les_innebygd("2022-2023").hendelser
    kalender = Calendar.from_ical(til_ical(hendelser, "Årshjul", tidsstempel=STEMPEL))
    vevents = kalender.walk("VEVENT")

    def finn(start: date, tekst: str):
        (ev,) = [ev for ev in vevents if ev["DTSTART"].dt == start and str(ev["SUMMARY"]).startswith(tekst)]
        return ev

    (gjentakende,) = [ev for ev in vevents if "RRULE" in ev]
    assert gjentakende["DTSTART"].dt == date(2022, 9, 1)
    assert gjentakende["RRULE"].to_ical() == b"FREQ=MONTHLY;COUNT=12"
    assert finn(date(2023, 7, 31), "Sende inntakslister")["DTEND"].dt == date(2023, 8, 14)
    assert finn(date(2023, 6, 19), "Fellessensur skriftlig eksamen")["DTEND"].dt == date(2023, 6, 22)
    assert finn(date(2022, 10, 3), "Høstferie")["DTEND"].dt == date(2022, 10, 10)


def test_ical_er_deterministisk_og_rfc5545_formatert():
    hendelser = les_innebygd("2017-2018").hendelser
    a = til_ical(hendelser, "Årshjul", tidsstempel=STEMPEL)
    assert a == til_ical(hendelser, "Årshjul", tidsstempel=STEMPEL)
    assert a.startswith(b"BEGIN:VCALENDAR\r\n") and a.endswith(b"END:VCALENDAR\r\n")
    assert all(len(linje) <= 75 for linje in a.split(b"\r\n"))  # linjefolding
    a.decode("utf-8")


def test_json():
    hendelser = les_innebygd("2022-2023").hendelser
    data = json.loads(til_json(hendelser))
    assert len(data) == len(hendelser)
    forste = data[0]
    assert forste["start"] == "2022-07-03" and forste["datotype"] == "dato"
    assert forste["jobbkoder"] == {"5S001": None}
    assert forste["kategori_regel"] == "fallback-interne" and forste["type"] == "anbefalt_dato"
    assert [d["nokkel"] for d in data] == [h.nokkel for h in hendelser]
    assert "Fagopplæring" in til_json(hendelser)  # æøå beholdes
