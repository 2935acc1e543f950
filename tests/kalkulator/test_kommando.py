"""``manage.py poengberegning --fil``: samme svar som API-et, feil per felt som JSON på stderr."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def kjor(*args: str) -> tuple[str, str]:
    ut, feil = io.StringIO(), io.StringIO()
    call_command("poengberegning", *args, stdout=ut, stderr=feil)
    return ut.getvalue(), feil.getvalue()


def test_gyldig_fil_gir_svaret_som_json(tmp_path, client, fagregister, eks1_uten_fagtype):
    fil = tmp_path / "karakterer.json"
    foresporsel = {**eks1_uten_fagtype, "regelsett": "2024-2025", "avrunding": "B"}  # B: 2006 rule sets only
    fil.write_text(json.dumps(foresporsel), encoding="utf-8")
    ut, _ = kjor("--fil", str(fil))
    svar = json.loads(ut)
    assert svar["poeng"] == "45.59" and svar["avrunding"] == "B"  # valgfag fra Fag-registeret
    assert "oppførsel" in ut and "\\u" not in ut  # ensure_ascii=False
    assert ut.startswith("{\n  ")  # pen utskrift
    api = client.post("/api/v1/poengkalkulator", foresporsel, "application/json")
    assert api.json() == svar


def test_forklaring_som_tekst(tmp_path, eks1):
    fil = tmp_path / "k.json"
    fil.write_text(json.dumps(eks1), encoding="utf-8")
    ut, _ = kjor("--fil", str(fil), "--forklaring")
    assert ut.strip().endswith("Poeng: 4,56 × 10 = 45,60.")


def test_ugyldig_foresporsel_gir_feil_per_felt_pa_stderr(tmp_path):
    fil = tmp_path / "feil.json"
    fil.write_text(json.dumps({"niva": "VG1", "karakterer": [{"fag": "NOR0214", "karakter": "9"}]}))
    ut, feil = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Ugyldig forespørsel"):
        call_command("poengberegning", "--fil", str(fil), stdout=ut, stderr=feil)
    assert ut.getvalue() == ""
    meldinger = json.loads(feil.getvalue())
    assert meldinger["karakterer[0].vurdering"] == ["Feltet er påkrevd."]
    assert "Ugyldig karakter «9»" in meldinger["karakterer[0].karakter"][0]


def test_ikke_json_og_manglende_fil(tmp_path):
    fil = tmp_path / "tull.json"
    fil.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(CommandError, match="ikke gyldig JSON"):
        kjor("--fil", str(fil))
    with pytest.raises(CommandError, match="Kunne ikke lese"):
        kjor("--fil", str(tmp_path / "finnes-ikke.json"))
