"""``manage.py sas_sjekk --fil``: gyldig fil → oppsummering og kode 0; ugyldig fil → hver feil med linje, post,
felt, kode og melding, og kode 1. Trenger ingen database (docs/sas.md §7)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inntak.elev.management.commands import sas_sjekk
from inntak.elev.sas import lag_testfil

ROT = Path(__file__).resolve().parents[2]


def _kjor(*args: str, stdin: str | None = None) -> tuple[str, str]:
    ut, feil = io.StringIO(), io.StringIO()
    gammel = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command(sas_sjekk.Command(), *args, stdout=ut, stderr=feil)
    finally:
        sys.stdin = gammel
    return ut.getvalue(), feil.getvalue()


@pytest.fixture
def god_fil(tmp_path):
    fil = tmp_path / "sas.txt"
    fil.write_text("".join(lag_testfil(40, 12, seed=8)), encoding="utf-8")
    return fil


def _dårlig(god: Path, tmp_path: Path) -> Path:
    linjer = god.read_text(encoding="utf-8").splitlines(keepends=True)
    linjer[3] = linjer[3].replace(";E;", ";Q;", 1)  # fagstatus på første $KL
    linjer[5] = linjer[5].replace(";20252026;", ";20252027;", 1)  # skoleår på en $KL
    linjer.insert(7, "$XX;noe\n")
    fil = tmp_path / "dårlig.txt"
    fil.write_text("".join(linjer), encoding="utf-8")
    return fil


def test_god_fil_gir_oppsummering(god_fil):
    ut, feil = _kjor("--fil", str(god_fil))
    assert feil == ""
    assert ut.splitlines()[0] == f"Filen er gyldig: {40 * 14 + 1 + 4} linjer."
    assert "  $EL  elev                          40" in ut
    assert "  $KL  kompetansebevislinje         480" in ut
    assert "Fylke 50, versjon 3." in ut


def test_god_fil_fra_standard_inn_med_fylke(god_fil):
    ut, _ = _kjor("--fil", "-", "--fylke", "50", stdin=god_fil.read_text(encoding="utf-8"))
    assert ut.startswith("Filen er gyldig")


def test_feil_fylke(god_fil):
    with pytest.raises(CommandError) as feil:
        _kjor("--fil", str(god_fil), "--fylke", "03")
    assert feil.value.returncode == 1


def test_darlig_fil_navngir_hver_feil(god_fil, tmp_path):
    fil = _dårlig(god_fil, tmp_path)
    ut, feil = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as unntak:
        call_command(sas_sjekk.Command(), "--fil", str(fil), stdout=ut, stderr=feil)
    assert unntak.value.returncode == 1
    assert "Ugyldig fil: 4 feil på 3 av 566 linjer" in str(
        unntak.value
    ) and "Ingenting i filen er godtatt" in str(unntak.value)
    linjer = feil.getvalue().splitlines()
    assert linjer[0].startswith("Linje 4, $KL, felt fagstatus (ugyldig_kode): Fagstatus (felt 16): «Q»")
    assert linjer[1].startswith("Linje 6, $KL, felt skolear (ugyldig_skolear): Skoleår (felt 3): «20252027»")
    assert linjer[2].startswith(
        "Linje 6, $KL, felt skolear (ek_mangler): Linjen står ikke under sitt elevkurs"
    )
    assert linjer[3].startswith(
        "Linje 8, –, felt linjeidentifikator (ukjent_posttype): Ukjent posttype «$XX»"
    )
    assert ut.getvalue() == ""


def test_feiltak_og_maks_feil(god_fil, tmp_path):
    linjer = god_fil.read_text(encoding="utf-8").splitlines(keepends=True)
    fil = tmp_path / "mange.txt"
    fil.write_text("".join(linjer[:1] + ["$XX\n"] * 5), encoding="utf-8")
    feil = io.StringIO()
    with pytest.raises(CommandError):
        call_command(sas_sjekk.Command(), "--fil", str(fil), "--maks-feil", "2", stderr=feil)
    assert len(feil.getvalue().splitlines()) == 3 and "… og 3 feil til" in feil.getvalue()


def test_fil_som_ikke_finnes_og_feil_tegnsett(tmp_path):
    with pytest.raises(CommandError, match="Kunne ikke lese"):
        _kjor("--fil", str(tmp_path / "finnes-ikke.txt"))
    fil = tmp_path / "latin1.txt"
    fil.write_bytes("TOF;3;;Skole på Ås;50;;\n".encode("latin-1"))
    with pytest.raises(CommandError, match="ikke gyldig utf-8"):
        _kjor("--fil", str(fil))
    ut, _ = _kjor("--fil", str(fil), "--tegnsett", "latin-1")
    assert ut.startswith("Filen er gyldig: 1 linjer.")


def test_kommandoen_fra_skallet(god_fil, tmp_path):
    """Avslutningskoden fra ``manage.py`` (uten database): 0 for god fil, 1 for dårlig."""
    god = subprocess.run([sys.executable, "manage.py", "sas_sjekk", "--fil", str(god_fil)], cwd=ROT,
                         capture_output=True, text=True)  # fmt: skip
    assert god.returncode == 0, god.stderr
    assert "Filen er gyldig" in god.stdout
    dårlig = subprocess.run([sys.executable, "manage.py", "sas_sjekk", "--fil", "-"], cwd=ROT, capture_output=True,
                            text=True, input=_dårlig(god_fil, tmp_path).read_text(encoding="utf-8"))  # fmt: skip
    assert dårlig.returncode == 1
    assert dårlig.stderr.count("Linje ") == 4
