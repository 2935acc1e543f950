"""Kursprosent for et elevkurs: andelen av programområdets årstimer eleven følger (docs/elev.md §3).

VIGO regner kursprosenten selv; den importeres ikke fra SAS. Grunnlaget er timene til hvert fag på kurset:
Grep-omfanget (årstimer à 60 minutter) fra fagregisteret, eller registrerte elevtimer (Regbok B09) der faget er
merket «Elevtimer er grunnlag for kurs%». Novaris regeldokument «Beregning av kursprosent» er ikke offentlig, så
de åpne punktene er navngitte valg i :class:`Kursprosentregler`, med den anbefalte lesemåten som standard, og
vises i forklaringen.

All aritmetikk i ``Decimal``; avrunding skjer på ett sted (:func:`_rund`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

from .kilde import linje

__all__ = [
    "ELEVTIMER_PAKREVD",
    "Fagtimer",
    "Kursprosent",
    "Kursprosentregler",
    "elevtimer_pakrevd",
    "kursprosent",
]

HUNDRE = Decimal(100)
_PRESISJON = 50

Avrunding = Literal["heltall", "to_desimaler"]
SluttetFag = Literal["teller", "teller_ikke"]
ManglendeElevtimer = Literal["null", "grep"]

ELEVTIMER_PAKREVD: tuple[str, ...] = (
    r"NOR300[1-3]",
    r"ENG300[1-3]",
    r"NOR18(0[1-9]|1[0-8])",
    r"UPF.*",
    r"IOP[1-5]000",
    r"TEO9000",
    r"YSL(2001|2002|3001|3002)",
    r"YFF(4190|4290)",
)
"""Fagkoder der Regbok B09 gjør elevtimer påkrevd (privatskolenes egne koder kommer i tillegg) (docs/elev.md §3.5)."""
_PAKREVD = re.compile("|".join(f"(?:{m})" for m in ELEVTIMER_PAKREVD))


def elevtimer_pakrevd(fagkode: str) -> bool:
    """Om Regbok B09 krever elevtimer for fagkoden."""
    return bool(_PAKREVD.fullmatch(fagkode.strip().upper()))


@dataclass(frozen=True)
class Fagtimer:
    """Én faglinje på elevkurset. ``elevtimer_grunnlag`` er merket «Elevtimer er grunnlag for kurs%» = J;
    ``elevtimer`` er registrerte elevtimer (B09, heltall) eller ``None``."""

    fagkode: str
    fagstatus: str = "E"
    elevtimer: int | None = None
    elevtimer_grunnlag: bool = False


@dataclass(frozen=True)
class Kursprosentregler:
    """Lesemåtene av de åpne punktene (docs/elev.md §3.3–§3.6)."""

    id: str = "kursprosent-1"
    ikke_tellende_fagstatuser: frozenset[str] = frozenset({"F", "R", "G"})
    sluttet_fag: SluttetFag = "teller"
    manglende_elevtimer: ManglendeElevtimer = "null"
    avrunding: Avrunding = "heltall"
    tak_100: bool = True


STANDARD = Kursprosentregler()


@dataclass(frozen=True)
class Kursprosent:
    """``prosent`` er avrundet etter reglene; ``eksakt`` er brøken før avrunding og tak (til 1/3-regelen)."""

    prosent: Decimal
    eksakt: Decimal
    timer: Decimal
    arstimer: Decimal
    advarsler: list[str]
    forklaring: list[str]


def _tall(verdi: Decimal) -> str:
    tekst = format(verdi.normalize(), "f") if verdi == verdi.to_integral_value() else format(verdi, "f")
    return tekst.replace(".", ",")


def _rund(verdi: Decimal, avrunding: Avrunding) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _PRESISJON
        kvant = Decimal(1) if avrunding == "heltall" else Decimal("0.01")
        return verdi.quantize(kvant, rounding=ROUND_HALF_UP)


def kursprosent(
    linjer: Sequence[Fagtimer],
    grep_timer: Mapping[str, int | Decimal],
    arstimer: int | Decimal,
    regler: Kursprosentregler = STANDARD,
) -> Kursprosent:
    """Kursprosent = 100 × Σ timer(fag) / årstimer(programområde), med advarsler og forklaring.

    ``grep_timer`` er fagkode → årstimer fra Grep; ``arstimer`` er programområdets årstimer (fag- og
    timefordelingen). ``arstimer`` må være positiv.
    """
    arstimer = Decimal(arstimer)
    if arstimer <= 0:
        raise ValueError("Programområdets årstimer må være et positivt tall.")
    advarsler: list[str] = []
    forklaring = [
        linje(
            f"Regelsett {regler.id}: kursprosent = 100 × summen av fagenes timer / programområdets årstimer "
            f"({_tall(arstimer)}).",
            "3.2",
        )
    ]
    sum_timer = Decimal(0)
    for fag in linjer:
        kode = fag.fagkode
        if fag.fagstatus in regler.ikke_tellende_fagstatuser:
            forklaring.append(
                linje(
                    f"{kode}: fagstatus {fag.fagstatus} teller ikke med (fritak eller godkjent fag).", "3.3"
                )
            )
            continue
        if fag.fagstatus == "S" and regler.sluttet_fag == "teller_ikke":
            forklaring.append(linje(f"{kode}: sluttet i faget; lesemåte sluttet_fag=teller_ikke.", "3.4"))
            continue
        sluttet = " (sluttet i faget; lesemåte sluttet_fag=teller)" if fag.fagstatus == "S" else ""
        if fag.elevtimer_grunnlag:
            if fag.elevtimer is not None:
                timer = Decimal(fag.elevtimer)
                forklaring.append(linje(f"{kode}: {_tall(timer)} registrerte elevtimer{sluttet}.", "3.5"))
                sum_timer += timer
                continue
            if regler.manglende_elevtimer == "grep" and kode in grep_timer:
                timer = Decimal(grep_timer[kode])
                melding = (
                    f"{kode}: elevtimer er grunnlag for kursprosent, men mangler; Grep-timene ({_tall(timer)}) "
                    "brukes (lesemåte manglende_elevtimer=grep)."
                )
            else:
                timer = Decimal(0)
                melding = (
                    f"{kode}: elevtimer er grunnlag for kursprosent, men mangler; faget teller 0 timer, og "
                    "kursprosenten kan bli for lav (lesemåte manglende_elevtimer=null)."
                )
            advarsler.append(linje(melding, "3.5"))
            forklaring.append(linje(melding, "3.5"))
            sum_timer += timer
            continue
        if elevtimer_pakrevd(kode):
            melding = f"{kode}: Regbok B09 krever elevtimer for faget, men faget er ikke merket som grunnlag."
            advarsler.append(linje(melding, "3.5"))
            forklaring.append(linje(melding, "3.5"))
        if kode not in grep_timer:
            melding = f"{kode}: fant ingen Grep-timer for faget; det teller 0 timer."
            advarsler.append(linje(melding, "3.2"))
            forklaring.append(linje(melding, "3.2"))
            continue
        timer = Decimal(grep_timer[kode])
        forklaring.append(linje(f"{kode}: {_tall(timer)} timer fra Grep{sluttet}.", "3.2"))
        sum_timer += timer

    with localcontext() as ctx:
        ctx.prec = _PRESISJON
        eksakt = HUNDRE * sum_timer / arstimer
    verdi = eksakt
    forklaring.append(
        linje(
            f"Sum {_tall(sum_timer)} timer av {_tall(arstimer)}: 100 × {_tall(sum_timer)} / {_tall(arstimer)}.",
            "3.2",
        )
    )
    if regler.tak_100 and verdi > HUNDRE:
        forklaring.append(
            linje("Summen er større enn programområdets årstimer; kursprosenten settes til 100.", "3.6")
        )
        verdi = HUNDRE
    prosent = _rund(verdi, regler.avrunding)
    forklaring.append(
        linje(
            f"Kursprosent {_tall(prosent)} (avrundet halvt opp, lesemåte avrunding={regler.avrunding}).",
            "3.6",
        )
    )
    return Kursprosent(
        prosent=prosent,
        eksakt=eksakt,
        timer=sum_timer,
        arstimer=arstimer,
        advarsler=advarsler,
        forklaring=forklaring,
    )
