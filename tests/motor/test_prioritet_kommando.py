"""``manage.py prioritet --fil``: JSON output for a small example, stdin, Norwegian errors per field, exit code 1.

The command needs no database; it is called as an instance (``call_command``), plus one real process for the
exit code and stderr.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inntak.management.commands import prioritet

ROT = Path(__file__).resolve().parents[2]
EKSEMPEL = {
    "skolear": "2026-2027",
    "niva": "VG1",
    "behandlende_fylke": "50",
    "tilbud": {"landslinje": False, "statlig": False, "saerskilt_inntakskrav": False},
    "sokere": [
        {"id": "gjest", "bostedsfylke": "03", "poeng": "55.00"},
        {"id": "egen", "bostedsfylke": "50", "poeng": "45.60", "fodselsar": 2011, "rett": "ungdomsrett"},
        {"id": "uten", "bostedsfylke": "50", "poeng": "60.00", "rett": "ingen"},
        {"id": "samisk", "bostedsfylke": "54", "poeng": "30.00", "samisk": True},
        {"id": "deltid", "bostedsfylke": "50", "poeng": "59.00", "deltid": True},
        {"id": "individuell", "bostedsfylke": "50", "poeng": None},
    ],
    "seed": 0,
}


def _kjor(*args: str, stdin: str | None = None) -> tuple[str, str]:
    ut, feil = io.StringIO(), io.StringIO()
    gammel = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command(prioritet.Command(), *args, stdout=ut, stderr=feil)
    finally:
        sys.stdin = gammel
    return ut.getvalue(), feil.getvalue()


def test_liten_eksempelfil(tmp_path):
    fil = tmp_path / "sokere.json"
    fil.write_text(json.dumps(EKSEMPEL), encoding="utf-8")
    ut, _ = _kjor("--fil", str(fil))
    svar = json.loads(ut)
    assert list(svar) == ["rekkefolge"]
    assert [(r["id"], r["gruppe"]) for r in svar["rekkefolge"]] == [
        ("egen", 2), ("individuell", 2), ("deltid", 3), ("samisk", 4), ("gjest", 6), ("uten", 10),
    ]  # fmt: skip
    forste = svar["rekkefolge"][0]
    assert set(forste) == {"id", "gruppe", "forklaring"}
    assert forste["forklaring"][0] == "Gruppe 2: eget fylke med rett, fullstendig."
    assert "Poengsum 45,60: høyere poengsum først innen gruppen (§ 4-18)." in forste["forklaring"]
    assert forste["forklaring"][-1] == "Plass 1 i rekkefølgen."


def test_standard_inn():
    ut, _ = _kjor("--fil", "-", stdin=json.dumps({**EKSEMPEL, "skolear": "2024-2025"}))
    svar = json.loads(ut)["rekkefolge"]
    assert [r["id"] for r in svar][:2] == ["egen", "individuell"]
    assert "udir-2-2021" in svar[0]["forklaring"][1]


def test_ugyldig_fil_gir_feil_per_felt_og_kode_1(tmp_path):
    data = {
        **EKSEMPEL,
        "sokere": [*EKSEMPEL["sokere"][:2], {"id": "x", "bostedsfylke": "50", "poeng": "abc"}],
    }
    fil = tmp_path / "feil.json"
    fil.write_text(json.dumps(data), encoding="utf-8")
    ut, feil = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Ugyldig fil: 1 feil") as unntak:
        call_command(prioritet.Command(), "--fil", str(fil), stdout=ut, stderr=feil)
    assert unntak.value.returncode == 1
    assert feil.getvalue().startswith("sokere[2].poeng: Må være et tall som «45.60»")
    assert ut.getvalue() == ""


def test_ikke_json_og_manglende_fil(tmp_path):
    fil = tmp_path / "tull.json"
    fil.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(CommandError, match="ikke gyldig JSON"):
        _kjor("--fil", str(fil))
    with pytest.raises(CommandError, match="Kunne ikke lese"):
        _kjor("--fil", str(tmp_path / "finnes-ikke.json"))


def test_prosess_avslutter_med_kode_1_og_norske_meldinger():
    data = {**EKSEMPEL, "niva": "VG4", "sokere": [{"id": "a", "poeng": "40.00"}]}
    prosess = subprocess.run(
        [sys.executable, "manage.py", "prioritet", "--fil", "-"],
        input=json.dumps(data), capture_output=True, text=True, cwd=ROT, timeout=120,
    )  # fmt: skip
    assert prosess.returncode == 1
    assert "niva: Må være VG1, VG2 eller VG3." in prosess.stderr
    assert "sokere[0].bostedsfylke: Må oppgis som et fylkesnummer med to sifre" in prosess.stderr
    assert prosess.stdout == ""
