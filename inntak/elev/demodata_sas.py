"""Demo SAS files for one demo-county school: a valid one and one with errors of several kinds (``make run``).

Built with ``inntak.elev.sas.testfil`` (Test Norge numbers only, never a real person), then the file's placeholder
codes are swapped for the county's real school, programområder, fag, skoleår and kommune from the database, so the
valid file imports without errors. The files go to a private folder under MEDIA_ROOT (no URL serves it).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings

from inntak.elev.sas import lag_testfil
from inntak.elev.sas.format import SKILLETEGN
from inntak.elev.sas.testfil import FAGKODER, PROGRAMOMRADER

ANTALL_ELEVER = 40
FAG_PER_ELEV = 8


def _sas_skolear(kode: str) -> str:
    return kode.replace("-", "")


def lag_demo_sas_fil(fylke, feil: bool = False, skole=None) -> Path:
    """Write the demo file for ``skole`` (default: the first active school of ``fylke``) and return its path.

    ``feil=True`` gives the same file with errors of different kinds (unknown programområde and fagkode, a
    fagstatus outside the code list, avbruddsdato before startdato, a line of an unknown type), so the import
    refuses it and names each one."""
    from kodeverk.models import Fag, Kommune, Programomrade, Skole, Skolear

    skole = skole or Skole.objects.filter(fylke=fylke, aktiv=True).order_by("skolenummer").first()
    if skole is None:
        raise ValueError(f"Fylke {fylke.nummer} har ingen aktiv skole.")
    # The school year going on today (the register's year), not the year the intake is for.
    idag = datetime.date.today()
    skolear = (
        Skolear.objects.filter(startdato__lte=idag, sluttdato__gte=idag).first()
        or Skolear.objects.filter(aktiv=True).order_by("-kode").first()
        or Skolear.objects.order_by("-kode").first()
    )
    if skolear is None:
        raise ValueError("Kodeverket har ikke noe skoleår.")
    programomrader = list(
        Programomrade.objects.filter(kode__regex=r"^[A-Z0-9]{6}[A-Z0-9-]{4}$")
        .order_by("kode")
        .values_list("kode", flat=True)[: len(PROGRAMOMRADER)]
    )
    fag = list(
        Fag.objects.filter(grunnskole=False, kode__regex=r"^[A-Z]{3}[A-Z0-9]{1,4}$")
        .order_by("kode")
        .values_list("kode", flat=True)[: len(FAGKODER)]
    )
    if not programomrader or len(fag) < FAG_PER_ELEV:
        raise ValueError("Kodeverket mangler programområder eller fag for en demofil.")
    kommune = Kommune.objects.filter(fylke=fylke).order_by("nummer").values_list("nummer", flat=True).first()
    po_kart = {p: programomrader[i % len(programomrader)] for i, p in enumerate(PROGRAMOMRADER)}
    fag_kart = dict(zip(FAGKODER, fag, strict=False))
    kilde = lag_testfil(
        ANTALL_ELEVER,
        FAG_PER_ELEV,
        seed=int(skole.skolenummer),
        fylke=fylke.nummer,
        skolenr=skole.skolenummer,
        skolear=_sas_skolear(skolear.kode),
    )
    linjer = []
    for linje in kilde:
        felt = linje.rstrip("\n").split(SKILLETEGN)
        if felt[0] == "$EL":
            felt[5] = kommune or ""
        elif felt[0] in ("$EK", "$KL", "$VM"):
            felt[4] = po_kart.get(felt[4], felt[4])
            if felt[0] == "$KL":
                felt[5] = fag_kart.get(felt[5], felt[5])
        linjer.append(SKILLETEGN.join(felt) + "\n")
    if len(fag_kart) < len(FAGKODER):
        # Fewer real fag than placeholders: keep only lines whose fag was mapped (a pupil may get fewer lines).
        linjer = [lin for lin in linjer if not lin.startswith("$KL") or lin.split(SKILLETEGN)[5] in fag]
    if feil:
        linjer = _med_feil(linjer)
    mappe = Path(settings.MEDIA_ROOT) / "demo_sas"
    mappe.mkdir(parents=True, exist_ok=True)
    sti = mappe / f"sas_{skole.skolenummer}{'_feil' if feil else ''}.txt"
    sti.write_text("".join(linjer), encoding="utf-8")
    return sti


def _sett(linje: str, nr: int, verdi: str) -> str:
    felt = linje.rstrip("\n").split(SKILLETEGN)
    felt[nr - 1] = verdi
    return SKILLETEGN.join(felt) + "\n"


def _med_feil(linjer: list[str]) -> list[str]:
    ek = [i for i, lin in enumerate(linjer) if lin.startswith("$EK")]
    kl = [i for i, lin in enumerate(linjer) if lin.startswith("$KL")]
    linjer = list(linjer)
    linjer[kl[0]] = _sett(linjer[kl[0]], 6, "XYZ9999")  # unknown fagkode
    linjer[kl[5]] = _sett(linjer[kl[5]], 16, "Q")  # fagstatus outside the code list
    linjer[ek[2]] = _sett(linjer[ek[2]], 8, "20000101")  # avbruddsdato before startdato
    # An unknown programområde on a whole elevkurs (its $KL/$VM lines carry the same key).
    slutt = next(
        (i for i in range(ek[3] + 1, len(linjer)) if linjer[i][:3] not in ("$KL", "$VM")), len(linjer)
    )
    for i in range(ek[3], slutt):
        linjer[i] = _sett(linjer[i], 5, "ZZZZZ1----")
    linjer.insert(ek[4], "$XX;ukjent posttype\n")
    return linjer
