"""Felles testdata for poengberegningen: vitnemålene i docs/regler/regler-2006.md §8."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from inntak.regler import Karakter
from tests.eksempler_poeng import EKSEMPEL_1_STANDPUNKT


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
    """Bare standpunktkarakterer i hver sin fagkode (docs/regler/regler-2006.md §8 nr. 3–5)."""
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
