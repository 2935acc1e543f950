"""``manage.py elevstatus --fil``: ett elevkurs, en liste, standard inn, og ugyldig fil → norske meldinger per
felt med indeks og avslutningskode 1. Trenger ingen database (docs/elev.md §7)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inntak.elev.management.commands import elevstatus

ROT = Path(__file__).resolve().parents[2]
EKSEMPEL = {
    "manuell": None,
    "sluttdato": None,
    "voksen": False,
    "skolenummer": "50012",
    "reform": "KL",
    "kategori": "--",
    "fagstatuser": ["E", "F"],
}


def _kjor(*args: str, stdin: str | None = None) -> tuple[str, str]:
    ut, feil = io.StringIO(), io.StringIO()
    gammel = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command(elevstatus.Command(), *args, stdout=ut, stderr=feil)
    finally:
        sys.stdin = gammel
    return ut.getvalue(), feil.getvalue()


def test_ett_elevkurs(tmp_path):
    fil = tmp_path / "kurs.json"
    fil.write_text(json.dumps(EKSEMPEL), encoding="utf-8")
    ut, feil = _kjor("--fil", str(fil))
    svar = json.loads(ut)
    assert set(svar) == {"elevstatus", "forklaring"} and svar["elevstatus"] == "E"
    assert svar["forklaring"][-1] == (
        "Regel 8: minst én karakterlinje har fagstatus E. Elevstatus E (Elev). (docs/elev.md §2.10)"
    )
    assert "Regel 8" in ut and "\\u" not in ut  # ensure_ascii=False
    assert feil == ""


def test_liste_fra_standard_inn_og_bare_fagstatuser_pakrevd():
    data = [EKSEMPEL, {"fagstatuser": []}, {"fagstatuser": ["P", "S"], "sluttdato": "2026-10-15"},
            {"fagstatuser": ["E"], "skolenummer": "50000", "reform": "KL", "kategori": "K1"}]  # fmt: skip
    ut, _ = _kjor("--fil", "-", stdin=json.dumps(data))
    svar = json.loads(ut)
    assert [s["elevstatus"] for s in svar] == ["E", "X", "S", "K"]


def test_ugyldig_fil_gir_feil_per_felt_og_kode_1(tmp_path):
    data = [EKSEMPEL, {"sluttdato": "15.10.2026", "voksen": "ja", "fagstatuser": ["E", "Q"], "klasse": "1A"},
            {"skolenummer": 50012}, "tull"]  # fmt: skip
    fil = tmp_path / "feil.json"
    fil.write_text(json.dumps(data), encoding="utf-8")
    ut, feil = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Ugyldig fil: 7 feil") as unntak:
        call_command(elevstatus.Command(), "--fil", str(fil), stdout=ut, stderr=feil)
    assert unntak.value.returncode == 1
    linjer = feil.getvalue().splitlines()
    assert linjer == [
        "elevkurs[1].klasse: Ukjent felt (gyldige felt: manuell, sluttdato, voksen, skolenummer, reform, kategori, "
        "fagstatuser).",
        "elevkurs[1].sluttdato: Må være tom (null) eller en dato som «2026-10-15».",
        "elevkurs[1].voksen: Må være true eller false.",
        "elevkurs[1].fagstatuser[1]: Ukjent fagstatus (gyldige: E, A, B, N, U, V, O, S, F, P, R, M, G, H, I).",
        "elevkurs[2].skolenummer: Må være et VIGO-skolenummer med fem sifre som tekst, f.eks. «50012».",
        "elevkurs[2].fagstatuser: Mangler (en liste med fagstatuskoder, tom liste hvis kurset ikke har "
        "karakterlinjer).",
        "elevkurs[3]: Hvert elevkurs må være et JSON-objekt.",
    ]
    assert ut.getvalue() == ""


def test_ett_ugyldig_objekt_har_indeks_0_og_tom_liste_er_feil():
    with pytest.raises(CommandError):
        _kjor("--fil", "-", stdin=json.dumps({"fagstatuser": ["E"], "manuell": "Z", "reform": "LK06"}))
    feil = io.StringIO()
    sys.stdin, gammel = io.StringIO(json.dumps({"fagstatuser": ["E"], "manuell": "Z"})), sys.stdin
    try:
        with pytest.raises(CommandError):
            call_command(elevstatus.Command(), "--fil", "-", stdout=io.StringIO(), stderr=feil)
    finally:
        sys.stdin = gammel
    assert feil.getvalue().startswith("elevkurs[0].manuell: Må være tom (null) eller en elevstatuskode")
    with pytest.raises(CommandError, match="1 feil"):
        _kjor("--fil", "-", stdin="[]")


def test_ikke_json_og_manglende_fil(tmp_path):
    fil = tmp_path / "tull.json"
    fil.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(CommandError, match="ikke gyldig JSON") as unntak:
        _kjor("--fil", str(fil))
    assert unntak.value.returncode == 1
    with pytest.raises(CommandError, match="Kunne ikke lese"):
        _kjor("--fil", str(tmp_path / "finnes-ikke.json"))


def test_prosess_avslutter_med_kode_1_og_norske_meldinger():
    prosess = subprocess.run(
        [sys.executable, "manage.py", "elevstatus", "--fil", "-"],
        input=json.dumps([EKSEMPEL, {"fagstatuser": "E"}]), capture_output=True, text=True, cwd=ROT, timeout=120,
    )  # fmt: skip
    assert prosess.returncode == 1
    assert (
        'elevkurs[1].fagstatuser: Må være en liste med fagstatuskoder, f.eks. ["E", "F"].' in prosess.stderr
    )
    assert prosess.stdout == ""


def test_prosess_skriver_utf8_json():
    prosess = subprocess.run(
        [sys.executable, "manage.py", "elevstatus", "--fil", "-"],
        input=json.dumps({"fagstatuser": ["S"], "sluttdato": "2026-10-15"}).encode(), capture_output=True, cwd=ROT,
        timeout=120,
    )  # fmt: skip
    assert prosess.returncode == 0, prosess.stderr
    tekst = prosess.stdout.decode("utf-8")
    assert json.loads(tekst)["elevstatus"] == "S" and "prøves" in tekst
