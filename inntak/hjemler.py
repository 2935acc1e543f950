"""Which regulation a school year's intake runs under, and the hjemmel a behandlingskategori shows for it.

Why here: the søknad page, the work queue, the vedtak and the wish validation all need the same answer, and the
rule sets (``inntak.regler.regelsett``) decide it: ``forskrift-2024`` from 2025-2026, ``forskrift-2006`` before.
School years without a registered rule set (before 2021-2022, after the newest) follow the law in force: the new
regulation from the intake to 2025-2026 (opplæringsforskrifta, FOR-2024-06-03-900, in force 1 August 2024).
"""

from __future__ import annotations

from inntak.regler.regelsett import REGIME_2024, UkjentRegelsett, hent_regelsett
from kodeverk.koder import hjemmel_for_regime

FORSTE_AR_NY_FORSKRIFT = 2025


def _kode(skolear) -> str:
    return skolear if isinstance(skolear, str) else skolear.kode


def ny_forskrift(skolear) -> bool:
    """True when the intake to ``skolear`` (a Skolear or its code, «2026-2027») runs under the 2024 regulation."""
    kode = _kode(skolear)
    try:
        return hent_regelsett(kode).regime == REGIME_2024
    except UkjentRegelsett:
        return int(kode[:4]) >= FORSTE_AR_NY_FORSKRIFT


def behandlingshjemmel(kategori, skolear) -> str:
    """The hjemmel of ``kategori`` (a Behandlingskategori) under the regulation of ``skolear``."""
    if kategori is None:
        return ""
    return hjemmel_for_regime(kategori.kode, kategori.hjemmel, ny_forskrift(skolear))
