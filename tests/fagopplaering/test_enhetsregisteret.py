"""The Enhetsregisteret interface: JSON mapping, the file backend, the HTTP backend (no network: a fake session),
the setting that chooses between them, and the synthetic demo file (valid, varied, realistic)."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from pathlib import Path

import pytest
import requests
from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.enhetsregisteret import (
    Enhet,
    FilBackend,
    HttpBackend,
    Oppslagsfeil,
    backend,
    enhet_fra_json,
)
from fagopplaering.enhetsregisteret.backend import _standard_fil

ORGNR = "914778271"  # valid mod 11

API_SVAR = {
    "organisasjonsnummer": ORGNR,
    "navn": "EKSEMPEL ELEKTRO AS",
    "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap", "_links": {}},
    "hjemmeside": "www.eksempel.example",
    "postadresse": {"land": "Norge", "landkode": "NO", "postnummer": "7401", "poststed": "TRONDHEIM",
                    "adresse": ["Postboks 12", "Sentrum"], "kommune": "TRONDHEIM", "kommunenummer": "5001"},
    "registreringsdatoEnhetsregisteret": "2001-02-03",
    "naeringskode1": {"beskrivelse": "Elektrisk installasjonsarbeid", "kode": "43.210"},
    "antallAnsatte": 23,
    "forretningsadresse": {"land": "Norge", "landkode": "NO", "postnummer": "7013", "poststed": "TRONDHEIM",
                           "adresse": ["Kjøpmannsgata 12"], "kommune": "TRONDHEIM", "kommunenummer": "5001"},
    "epostadresse": "post@eksempel.example",
    "telefon": "73 00 00 00",
    "konkurs": False,
    "underAvvikling": False,
    "underTvangsavviklingEllerTvangsopplosning": False,
    "maalform": "Bokmål",
    "_links": {"self": {"href": "…"}},
}  # fmt: skip


def test_enhet_fra_json_mapper_feltene():
    e = enhet_fra_json(API_SVAR)
    assert e == Enhet(
        orgnr=ORGNR, navn="EKSEMPEL ELEKTRO AS", organisasjonsform="AS", organisasjonsform_navn="Aksjeselskap",
        adresse="Kjøpmannsgata 12", postnummer="7013", poststed="TRONDHEIM",
        postadresse="Postboks 12, Sentrum, 7401 TRONDHEIM", kommunenummer="5001", kommunenavn="TRONDHEIM",
        naeringskode="43.210", naeringsnavn="Elektrisk installasjonsarbeid", antall_ansatte=23,
        epost="post@eksempel.example", telefon="73 00 00 00", hjemmeside="www.eksempel.example",
    )  # fmt: skip
    assert e.kan_godkjennes and not e.slettet


def test_enhet_uten_forretningsadresse_og_med_flagg():
    data = {**API_SVAR, "forretningsadresse": None, "underTvangsavviklingEllerTvangsopplosning": True,
            "antallAnsatte": None, "telefon": None, "mobil": "900 00 000"}  # fmt: skip
    e = enhet_fra_json(data)
    assert (e.adresse, e.postnummer, e.kommunenummer) == ("Postboks 12, Sentrum", "7401", "5001")
    assert (
        e.under_avvikling and not e.kan_godkjennes and e.antall_ansatte is None and e.telefon == "900 00 000"
    )
    assert enhet_fra_json({**API_SVAR, "konkurs": True}).kan_godkjennes is False
    assert enhet_fra_json({**API_SVAR, "slettedato": "2024-05-01"}).slettedato == datetime.date(2024, 5, 1)


def test_filbackend(tmp_path):
    sti = tmp_path / "er.jsonl"
    sti.write_text("# kommentar\n\n" + json.dumps(API_SVAR) + "\n", encoding="utf-8")
    fb = FilBackend(sti)
    assert fb.hent("914 778 271").navn == "EKSEMPEL ELEKTRO AS"
    assert fb.hent("974760673") is None  # valid, not in the file
    assert fb.hent("123") is None  # not a valid number: nothing to look up
    # The file is re-read when it changes.
    sti.write_text(
        json.dumps({**API_SVAR, "navn": "NYTT NAVN AS", "x": "lengre linje"}) + "\n", encoding="utf-8"
    )
    assert fb.hent(ORGNR).navn == "NYTT NAVN AS"
    sti.write_text("{ikke json\n", encoding="utf-8")
    with pytest.raises(Oppslagsfeil, match="Linje 1"):
        fb.hent(ORGNR)
    with pytest.raises(Oppslagsfeil, match="finnes ikke"):
        FilBackend(tmp_path / "mangler.jsonl").hent(ORGNR)


class FalskSvar:
    def __init__(self, status, data=None, ugyldig=False):
        self.status_code, self._data, self._ugyldig = status, data, ugyldig

    def json(self):
        if self._ugyldig:
            raise ValueError("ikke json")
        return self._data


class FalskSesjon:
    def __init__(self, svar=None, feil=None):
        self.svar, self.feil, self.kall = svar, feil, []

    def get(self, adresse, timeout=None, headers=None):
        self.kall.append((adresse, timeout, headers))
        if self.feil:
            raise self.feil
        return self.svar


def test_httpbackend_henter_og_mapper():
    s = FalskSesjon(FalskSvar(200, API_SVAR))
    e = HttpBackend(url="https://data.brreg.no/enhetsregisteret/api/", timeout=3, session=s).hent(
        "914 778 271"
    )
    assert e.navn == "EKSEMPEL ELEKTRO AS" and e.kommunenummer == "5001"
    adresse, timeout, headers = s.kall[0]
    assert adresse == f"https://data.brreg.no/enhetsregisteret/api/enheter/{ORGNR}"
    assert timeout == 3 and headers["Accept"] == "application/json"


def test_httpbackend_404_410_og_feil():
    assert HttpBackend(url="http://x", session=FalskSesjon(FalskSvar(404))).hent(ORGNR) is None
    slettet = HttpBackend(url="http://x", session=FalskSesjon(FalskSvar(410, {"organisasjonsnummer": ORGNR,
                                                                              "slettedato": "2023-01-31"})))  # fmt: skip
    assert slettet.hent(ORGNR).slettedato == datetime.date(2023, 1, 31)
    uten_dato = HttpBackend(url="http://x", session=FalskSesjon(FalskSvar(410, {})))
    assert uten_dato.hent(ORGNR).slettet
    with pytest.raises(Oppslagsfeil, match="HTTP 500"):
        HttpBackend(url="http://x", session=FalskSesjon(FalskSvar(500))).hent(ORGNR)
    with pytest.raises(Oppslagsfeil, match="ikke kunne leses"):
        HttpBackend(url="http://x", session=FalskSesjon(FalskSvar(200, ugyldig=True))).hent(ORGNR)
    with pytest.raises(Oppslagsfeil, match="i tide"):
        HttpBackend(url="http://x", session=FalskSesjon(feil=requests.Timeout())).hent(ORGNR)
    with pytest.raises(Oppslagsfeil, match="kontakt"):
        HttpBackend(url="http://x", session=FalskSesjon(feil=requests.ConnectionError())).hent(ORGNR)
    # An invalid number never reaches the network.
    s = FalskSesjon(FalskSvar(200, API_SVAR))
    assert HttpBackend(url="http://x", session=s).hent("123456789") is None and s.kall == []


def test_innstilling_velger_backend(settings, tmp_path):
    settings.ENHETSREGISTERET = {"BACKEND": "http", "URL": "https://eksempel.example/api", "TIMEOUT": 2}
    b = backend()
    assert isinstance(b, HttpBackend) and b.url == "https://eksempel.example/api" and b.timeout == 2
    settings.ENHETSREGISTERET = {"BACKEND": "fil", "FIL": str(tmp_path / "x.jsonl")}
    assert isinstance(backend(), FilBackend) and backend().sti == tmp_path / "x.jsonl"
    settings.ENHETSREGISTERET = {"BACKEND": "ldap"}
    with pytest.raises(Oppslagsfeil, match="Ukjent backend"):
        backend()


def test_standardinnstilling_er_demofilen(settings):
    from django.conf import settings as s

    assert s.ENHETSREGISTERET["BACKEND"] in ("fil", "http")
    assert Path(s.ENHETSREGISTERET["FIL"]).name == "enhetsregisteret_demo.jsonl"


# --- the demo file -------------------------------------------------------------------------------------------------
KOMMUNER_2024 = Path(__file__).resolve().parents[2] / "kodeverk" / "data" / "kommuner_2024.csv"


def _demo() -> list[dict]:
    return [
        json.loads(linje)
        for linje in _standard_fil().read_text(encoding="utf-8").splitlines()
        if linje.strip()
    ]


def test_demofilen_er_gyldig_og_variert():
    rader = _demo()
    assert 380 <= len(rader) <= 450
    orgnr = [r["organisasjonsnummer"] for r in rader]
    assert len(set(orgnr)) == len(orgnr)
    assert all(stdnum_orgnr.is_valid(o) for o in orgnr)
    enheter = FilBackend(_standard_fil()).alle()
    assert len(enheter) == len(rader)
    fylker = Counter(e.kommunenummer[:2] for e in enheter)
    assert set(fylker) == {"50", "03"} and fylker["50"] > 300 and fylker["03"] >= 20
    kontor = [e for e in enheter if e.navn.startswith("OPPLÆRINGSKONTORET FOR")]
    assert 12 <= len(kontor) <= 20 and {e.organisasjonsform for e in kontor} <= {"FLI", "SA", "AS"}
    assert len({e.naeringskode for e in enheter}) >= 20
    assert all(e.navn and e.adresse and len(e.postnummer) == 4 for e in enheter)
    assert sum(e.slettet for e in enheter) >= 2 and sum(e.konkurs for e in enheter) >= 2
    assert sum(e.kan_godkjennes for e in enheter) >= 380


def test_demofilen_bruker_ekte_kommunenummer():
    linjer = KOMMUNER_2024.read_text(encoding="utf-8").splitlines()[1:]
    ekte = {linje.split(",")[2]: linje.split(",")[3] for linje in linjer if linje}
    for e in FilBackend(_standard_fil()).alle():
        assert e.kommunenummer in ekte, e.kommunenummer


def test_generatoren_er_deterministisk(tmp_path):
    from fagopplaering.data import lag_enhetsregisteret_demo as gen

    a, b = gen.lag(50, 7), gen.lag(50, 7)
    assert a == b and len(a) == 50
    assert all(stdnum_orgnr.is_valid(e["organisasjonsnummer"]) for e in a)
    assert gen.kontrollsiffer("91477827") == 1
