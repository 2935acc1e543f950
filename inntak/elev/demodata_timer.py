"""Illustrative yearly hours for the dev database, so kursprosent can be computed in demos (docs/elev.md §9.8).

The values are plausible, NOT Udir's fag- og timefordeling: fag get 56, 84, 112 or 140 hours (from a stable
hash of the code, so every run gives the same), programområder 840 hours for studieforberedende and 980 for
yrkesfag Vg1/Vg2 (docs/elev.md §3). Only empty values are filled; real hours are never overwritten.
"""

from __future__ import annotations

import re
import zlib

from django.db import transaction

from inntak.elev.regler.kursprosent import ELEVTIMER_PAKREVD
from kodeverk.models import Fag, Programomrade

FAGTIMER = (56, 84, 112, 140)
STUDIEFORBEREDENDE = 840
YRKESFAG = 980
_PAKREVD = re.compile("|".join(f"(?:{m})" for m in ELEVTIMER_PAKREVD))


def _fagtimer(kode: str) -> int:
    return FAGTIMER[zlib.crc32(kode.encode()) % len(FAGTIMER)]


def _programtimer(po: Programomrade) -> int:
    studieforberedende = getattr(po.utdanningsprogram, "studieforberedende", False)
    return STUDIEFORBEREDENDE if studieforberedende else YRKESFAG


@transaction.atomic
def fyll_demotimer() -> dict[str, int]:
    """Fill Fag.arstimer and Programomrade.arstimer where empty, and flag elevtimer_grunnlag for the fag codes for
    which Regbok B09 requires elevtimer. Returns how many rows of each were changed."""
    fag = list(Fag.objects.filter(arstimer__isnull=True).only("pk", "kode"))
    for f in fag:
        f.arstimer = _fagtimer(f.kode)
    Fag.objects.bulk_update(fag, ["arstimer"], batch_size=1000)
    pakrevd = [
        f.pk
        for f in Fag.objects.filter(elevtimer_grunnlag=False).only("pk", "kode")
        if _PAKREVD.fullmatch(f.kode)
    ]
    flagget = Fag.objects.filter(pk__in=pakrevd).update(elevtimer_grunnlag=True)
    programomrader = list(
        Programomrade.objects.filter(arstimer__isnull=True).select_related("utdanningsprogram")
    )
    for po in programomrader:
        po.arstimer = _programtimer(po)
    # Programomrade has history; bulk_update writes none, which is right for demo data.
    Programomrade.objects.bulk_update(programomrader, ["arstimer"], batch_size=1000)
    return {"fag": len(fag), "elevtimer_grunnlag": flagget, "programomrader": len(programomrader)}
