"""Felles testdata for poengberegningen: vitnemålene i regler.md §8."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from inntak.regler import Karakter

# Regler.md §8 nr. 1: 14 standpunkt 4,4,5,4,5,4,5,5,5,4,5,4,5,6 + valgfag (5, 4) + eksamen 3 og 5.
# Rekkefølgen følger tabellen, slik at nr. 2 (sidemål fritatt, IV i faget med 6, dokumentert IM på
# eksamen med 5) gir nøyaktig radene i tabellen.
EKSEMPEL_1_STANDPUNKT = [
    ("NOR0214", "4"),
    ("NOR0215", "4"),
    ("NOR0216", "5"),
    ("ENG0012", "4"),
    ("ENG0013", "5"),
    ("MAT0010", "4"),
    ("NAT0010", "5"),
    ("SAF0010", "5"),
    ("RLE0030", "5"),
    ("KHV0010", "4"),
    ("MUS0010", "5"),
    ("MHE0010", "4"),
    ("FSP6001", "5"),
    ("KRO0020", "6"),
]


def st(fag: str, karakter: str, **ekstra) -> Karakter:
    return Karakter(fag, "standpunkt", karakter, **ekstra)


def eksempel_1() -> list[Karakter]:
    return [
        *(st(fag, kar) for fag, kar in EKSEMPEL_1_STANDPUNKT),
        st("VAL0001", "5", fagtype="valgfag"),
        st("VAL0002", "4", fagtype="valgfag"),
        Karakter("NOR0214", "eksamen_skriftlig", "3"),
        Karakter("MAT0010", "eksamen_muntlig", "5"),
        st("ORDEN", "G"),
        st("OPPFORSEL", "NG"),
    ]


def eksempel_2() -> list[Karakter]:
    endret = {"NOR0215": "F", "KRO0020": "IV"}
    return [
        *(st(fag, endret.get(fag, kar)) for fag, kar in EKSEMPEL_1_STANDPUNKT),
        st("VAL0001", "5", fagtype="valgfag"),
        st("VAL0002", "4", fagtype="valgfag"),
        Karakter("NOR0214", "eksamen_skriftlig", "3"),
        Karakter("MAT0010", "eksamen_muntlig", "IM", dokumentert_fravaer=True),
        st("ORDEN", "G"),
        st("OPPFORSEL", "G"),
    ]


def enkle(*karakterer: str) -> list[Karakter]:
    """Bare standpunktkarakterer i hver sin fagkode (regler.md §8 nr. 3–5)."""
    return [st(f"FAG{i:04d}", k) for i, k in enumerate(karakterer)]


@pytest.fixture(autouse=True)
def _media():
    """Overstyrer tests/conftest.py sin autouse-fixture, som krever Django-innstillinger.

    Poengberegningen er uten Django, så testene her skal også gå med ``-p no:django``.
    """
    yield


@pytest.fixture
def eks1() -> list[Karakter]:
    return eksempel_1()


@pytest.fixture
def eks2() -> list[Karakter]:
    return eksempel_2()


@pytest.fixture
def lag() -> SimpleNamespace:
    """Byggefunksjoner for karakterrader (conftest kan ikke importeres direkte med --import-mode=importlib)."""
    return SimpleNamespace(st=st, enkle=enkle, eksempel_1=eksempel_1, eksempel_2=eksempel_2)
