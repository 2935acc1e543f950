"""``manage.py inntaksmotor``: replay byte for byte, stdin/stdout, errors and exit codes, step times.

Runs the command class directly (``call_command`` with an instance): the command needs no database and no
settings, so these tests run with the engine tests, without pytest-django.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inntak.management.commands import inntaksmotor
from inntak.motor import Tildeling

from .test_format import FIXTURE, _stdlib


@pytest.fixture
def lagret():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _kjor(*args: str) -> tuple[inntaksmotor.Command, str, str]:
    ut, feil = io.StringIO(), io.StringIO()
    kommando = inntaksmotor.Command()
    call_command(kommando, *args, stdout=ut, stderr=feil)
    return kommando, ut.getvalue(), feil.getvalue()


def test_avspilling_er_byte_lik_lagret_resultat(lagret, tmp_path):
    inn, ut = tmp_path / "snapshot.json", tmp_path / "resultat.json"
    inn.write_text(json.dumps(lagret["snapshot"], ensure_ascii=False, indent=2), encoding="utf-8")
    kommando, _, feil = _kjor("--inn", str(inn), "--ut", str(ut), "--tider")
    assert ut.read_bytes() == _stdlib(lagret["resultat"]).encode("utf-8")
    tildelt = sum(1 for t in lagret["resultat"]["tildelinger"].values() if t is not None)
    assert f"{len(lagret['snapshot']['sokere'])} søkere, {tildelt} tildelt, 5 tilbud." in feil
    assert set(kommando.tider) == {"les", "motor", "skriv", "verifiser", "totalt"}
    assert "motor " in feil.splitlines()[-1] and feil.splitlines()[-1].endswith(" s")


def test_standard_inn_og_ut(lagret, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(lagret["snapshot"])))
    _, ut, _ = _kjor("--inn", "-")
    assert ut == _stdlib(lagret["resultat"])


def test_ugyldig_json_gir_stdlibs_melding_og_kode_1(tmp_path):
    inn = tmp_path / "feil.json"
    inn.write_bytes(b'{"format": "inntak-snapshot/1",}')
    with pytest.raises(CommandError) as feil:
        _kjor("--inn", str(inn), "--ut", str(tmp_path / "r.json"))
    assert feil.value.returncode == 1
    assert "er ikke gyldig JSON: Expecting property name enclosed in double quotes" in str(feil.value)
    inn.write_bytes(b'{"format": "\xff"}')
    with pytest.raises(CommandError, match="ikke gyldig JSON: 'utf-8' codec"):
        _kjor("--inn", str(inn))
    with pytest.raises(CommandError, match="Kunne ikke lese"):
        _kjor("--inn", str(tmp_path / "finnes-ikke.json"))


def test_brudd_gir_kode_2_og_resultatfilen_skrives_likevel(lagret, tmp_path, monkeypatch):
    ekte = inntaksmotor.kjor_med_kvoter

    def odelagt(snapshot):
        s, r, merknader = ekte(snapshot)
        return (
            s,
            dataclasses.replace(
                r, tildelinger={**r.tildelinger, "søker-03": Tildeling("ELEKTRO-VG1-SKIEN", 1)}
            ),
            merknader,
        )

    monkeypatch.setattr(inntaksmotor, "kjor_med_kvoter", odelagt)
    inn, ut = tmp_path / "snapshot.json", tmp_path / "resultat.json"
    inn.write_text(json.dumps(lagret["snapshot"]), encoding="utf-8")
    with pytest.raises(CommandError) as feil:
        _kjor("--inn", str(inn), "--ut", str(ut))
    assert feil.value.returncode == 2 and "brudd" in str(feil.value)
    assert json.loads(ut.read_bytes())["tildelinger"]["søker-03"]["tilbud"] == "ELEKTRO-VG1-SKIEN"


def test_resultat_som_ikke_kan_skrives_gir_kode_1(lagret, tmp_path):
    """The result file is written by a forked copy while the verification runs; its failure is still reported."""
    inn = tmp_path / "snapshot.json"
    inn.write_text(json.dumps(lagret["snapshot"]), encoding="utf-8")
    with pytest.raises(CommandError) as feil:
        _kjor("--inn", str(inn), "--ut", str(tmp_path / "finnes-ikke" / "r.json"))
    assert feil.value.returncode == 1 and "Kunne ikke skrive resultatet" in str(feil.value)
