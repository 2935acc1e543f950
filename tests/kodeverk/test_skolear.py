"""The school year boundary has one home: kodeverk.skolear (1 August – 31 July)."""

from __future__ import annotations

import datetime

import pytest

from kodeverk.skolear import neste_inntaksar, skolear_for_dato, skolear_for_kode


@pytest.mark.parametrize(
    ("dato", "kode"),
    [
        (datetime.date(2025, 7, 31), "2024-2025"),
        (datetime.date(2025, 8, 1), "2025-2026"),
        (datetime.date(2026, 1, 1), "2025-2026"),
        (datetime.date(2024, 2, 29), "2023-2024"),
    ],
)
def test_skolear_for_dato(dato, kode):
    periode = skolear_for_dato(dato)
    assert periode.kode == kode and periode.inneholder(dato)
    assert periode == skolear_for_kode(kode)
    assert periode.start.month == 8 and periode.start.day == 1
    assert periode.slutt == datetime.date(periode.startar + 1, 7, 31)


@pytest.mark.parametrize(
    ("dato", "kode"),
    [(datetime.date(2025, 3, 1), "2025-2026"), (datetime.date(2025, 7, 31), "2025-2026"),
     (datetime.date(2025, 8, 1), "2026-2027")],
)  # fmt: skip
def test_neste_inntaksar(dato, kode):
    assert neste_inntaksar(dato).kode == kode
