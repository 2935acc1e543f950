"""Colour per category (the FARGEKODER legend). The original colours are lost in the text documents, so these
are chosen for accessibility: white text on each colour has contrast >= 4.5:1 (WCAG 2.1 AA), and the marks stand
out >= 3:1 against the white page. The wheel also puts each category on its own ring, so colour is never the
only carrier of meaning.
"""

from __future__ import annotations

from arshjul.kjerne import Kategori

# kategori -> (background, text)
FARGER: dict[str, tuple[str, str]] = {
    Kategori.INTERNE.value: ("#4a4a4a", "#ffffff"),
    Kategori.UDIR_FAGOPPLAERING.value: ("#00407a", "#ffffff"),
    Kategori.UDIR_PRIVATSKOLE.value: ("#6b2c91", "#ffffff"),
    Kategori.UDIR_SOKER_INNTAK.value: ("#005f73", "#ffffff"),
    Kategori.SSB_UDIR.value: ("#0b6b2e", "#ffffff"),
    Kategori.LANEKASSEN.value: ("#a4161a", "#ffffff"),
    Kategori.OPPFOLGINGSTJENESTEN.value: ("#8a4b00", "#ffffff"),
    Kategori.VILBLI.value: ("#b00060", "#ffffff"),
    Kategori.HJERNEN_HJERTET_PULS.value: ("#4d5c00", "#ffffff"),
    Kategori.FPVS.value: ("#1f2a6b", "#ffffff"),
}
FERIE_FARGE = "#e3e3de"


def farge(kategori: str) -> str:
    return FARGER.get(kategori, FARGER[Kategori.INTERNE.value])[0]


def tekstfarge(kategori: str) -> str:
    return FARGER.get(kategori, FARGER[Kategori.INTERNE.value])[1]


def _lumen(hexfarge: str) -> float:
    kanaler = [int(hexfarge[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in kanaler]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def kontrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours."""
    la, lb = sorted((_lumen(a), _lumen(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
