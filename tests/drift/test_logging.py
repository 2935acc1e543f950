"""Structured logs without personal data (vigo/logg.py). The session-wide check of every log line is
tests/loggvakt.py; these test the parts."""

from __future__ import annotations

import io
import json
import logging

import pytest

from vigo import logg


@pytest.mark.parametrize(
    "inn, ut",
    [
        ("fnr 17850950032 ferdig", "fnr [fnr] ferdig"),
        ("fnr=178509 50032.", "fnr=[fnr]."),
        ("til ola.nordmann+test@skole.fylke.no i dag", "til [e-post] i dag"),
        ("SMS til 91234567: hei", "SMS til [telefon]: hei"),
        ("ring +47 412 34 567 eller 0047 41234567", "ring [telefon] eller [telefon]"),
        ("ring 41 23 45 67.", "ring [telefon]."),
    ],
)
def test_vask_fjerner_personopplysninger(inn, ut):
    assert logg.vask(inn) == ut


@pytest.mark.parametrize(
    "tekst",
    [
        "Kjøring 123 ferdig på 2.5 s: 17 318 søkere",
        "Oppgave 3f2a1b9c-12345678-4d5e ferdig",  # part of a UUID
        "organisasjonsnummer 974760673",  # nine digits
        "Bruker 42 endret av bruker 7",
    ],
)
def test_vask_lar_vanlige_tall_vaere(tekst):
    assert logg.vask(tekst) == tekst


def _logger_med(json_linjer: bool) -> tuple[logging.Logger, io.StringIO]:
    """A private logger with the console handler as vigo.logg.oppsett describes it, writing to a string."""
    strom = io.StringIO()
    handler = logging.StreamHandler(strom)
    handler.setFormatter(logg.JsonFormatter() if json_linjer else logging.Formatter(
        logg.oppsett(json_linjer=False)["formatters"]["tekst"]["format"]))  # fmt: skip
    handler.addFilter(logg.Personvernfilter())
    logger = logging.getLogger(f"tests.drift.logg.{json_linjer}")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, strom


def test_json_en_linje_per_hendelse_og_filteret_virker():
    logger, strom = _logger_med(json_linjer=True)
    try:
        raise ValueError("rad med 17850950032")
    except ValueError:
        logger.exception("Feil for %s (%s)", "ola@example.com", 91234567)
    logger.info("Kjøring %s ferdig", 12)
    linjer = strom.getvalue().splitlines()
    assert len(linjer) == 2
    forste, andre = (json.loads(linje) for linje in linjer)
    assert forste["level"] == "ERROR" and forste["logger"] == "tests.drift.logg.True"
    assert forste["message"] == "Feil for [e-post] ([telefon])"
    assert "ValueError: rad med [fnr]" in forste["exc_info"] and "17850950032" not in linjer[0]
    assert andre["message"] == "Kjøring 12 ferdig" and "time" in andre


def test_tekst_i_utvikling():
    logger, strom = _logger_med(json_linjer=False)
    logger.warning("Hei %s", "kari@example.com")
    assert strom.getvalue().rstrip().endswith("WARNING tests.drift.logg.False: Hei [e-post]")


def test_stoyende_biblioteker_og_django_gaar_gjennom_filteret():
    oppsett = logg.oppsett(json_linjer=True)
    for navn in ("weasyprint", "fontTools", "celery.app.trace", "axes", "urllib3"):
        assert oppsett["loggers"][navn]["level"] == "WARNING"
    assert oppsett["root"]["handlers"] == ["console"]
    assert oppsett["handlers"]["console"]["filters"] == ["personvern"]
    # No logger with its own handler, so nothing bypasses the filter on the root handler.
    assert all(not c.get("handlers") and c.get("propagate", True) for c in oppsett["loggers"].values())


def test_prod_skriver_json_og_dev_tekst():
    import subprocess
    import sys

    from tests.drift.test_innstillinger import PROD_MILJO, ROT, _miljo

    kode = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    prod = subprocess.run(
        [sys.executable, "-c", kode], cwd=ROT, env=_miljo(**PROD_MILJO), capture_output=True, text=True
    )
    assert prod.stdout.strip() == "json", prod.stderr
    from django.conf import settings

    assert settings.LOGGING["handlers"]["console"]["formatter"] == "tekst"


def test_sms_logges_uten_nummer_og_tekst(caplog):
    from inntak.kjoring.sms import LoggSmsSender

    with caplog.at_level(logging.DEBUG, logger="inntak.sms"):
        LoggSmsSender().send("91234567", "Hei Emma Hansen! Svaret er klart.")
    assert caplog.records and all(
        "91234567" not in r.getMessage() and "Emma" not in r.getMessage() for r in caplog.records
    )


@pytest.mark.django_db
def test_mislykket_innlogging_logger_ikke_brukernavnet(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post("/logg-inn/", {"username": "kari.nordmann@example.com", "password": "feil"})
    assert any("Mislykket innlogging" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if "kari" in r.getMessage().lower()]
