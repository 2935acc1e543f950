"""The JSON parser under /api/: the depth scan, Norwegian parse errors and refused charsets (no database)."""

from __future__ import annotations

import json

import pytest

from vigo.api.parsere import MAKS_DYBDE, UgyldigJson, dekod, for_dyp, les_json


def _nostet(n: int) -> str:
    return "[" * n + "]" * n


def test_dybden_telles_utenfor_tekster():
    assert not for_dyp(_nostet(MAKS_DYBDE))
    assert for_dyp(_nostet(MAKS_DYBDE + 1))
    assert for_dyp('{"a":' * 51 + "1" + "}" * 51)
    # Brackets inside strings, also after escaped quotes and backslashes, are text.
    tekst = json.dumps([{"a": "[" * 200 + '\\"[[[' + "\\"}, "{" * 100])
    assert json.loads(tekst) and not for_dyp(tekst)
    assert not for_dyp(json.dumps([["x"] * 10_000]))  # many brackets side by side are not depth


def test_dyp_nosting_avvises_for_json_loads_rekurserer():
    with pytest.raises(UgyldigJson, match="nøstet for dypt"):
        les_json("[" * 1_000_000)
    with pytest.raises(UgyldigJson, match="nøstet for dypt"):
        les_json("[" * 100_000, sjekk_dybde=False)  # even unchecked: a 400, never a RecursionError


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("", "Ugyldig JSON på linje 1, kolonne 1: forventet en verdi."),
        ('{"a" 1}', "Ugyldig JSON på linje 1, kolonne 6: forventet kolon."),
        ("[1,\n2,]", "Ugyldig JSON på linje 2, kolonne 3: forventet en verdi."),
        ("[1] x", "Ugyldig JSON på linje 1, kolonne 5: ekstra tegn etter JSON-verdien."),
        ('["abc', "Ugyldig JSON på linje 1, kolonne 2: teksten er ikke avsluttet."),
        ("[NaN]", "Ugyldig tall i JSON (NaN, Infinity eller for mange sifre)."),
        ('["\\ud800"]', "Ugyldig tegn i JSON-tekst (enslig UTF-16-surrogat)."),
    ],
)
def test_norske_feilmeldinger(tekst, melding):
    with pytest.raises(UgyldigJson) as feil:
        les_json(tekst)
    assert str(feil.value.detail) == melding


def test_gyldige_surrogatpar_og_vanlig_json_godtas():
    assert les_json('["\\ud83d\\ude00", {"a": [1, 2.5, null, true]}]') == ["😀", {"a": [1, 2.5, None, True]}]


def test_bare_teksttegnsett():
    assert dekod("blåbær".encode("latin-1"), "latin-1") == "blåbær"
    with pytest.raises(UgyldigJson, match="tegnsett"):
        dekod(b"x", "bz2_codec")  # would decompress the body after the size check
    with pytest.raises(UgyldigJson, match="tegnsett"):
        dekod(b"x", "finnes-ikke")
    with pytest.raises(UgyldigJson, match="utf-8"):
        dekod(b"\xff\xfe", "utf-8")
