"""Desimalhjelpere for poengberegningen.

Hvorfor egen modul: Udir-2-2021 § 6-21 bokstav a krever «to desimaler» og «vanlige avrundingsregler»,
det vil si avrunding halvt opp (ROUND_HALF_UP), ikke bankers avrunding og aldri binære flyttall
(docs/regler/regler-2006.md §1.3). All aritmetikk skjer derfor i ``Decimal`` med eksplisitt avrunding på ett sted.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

TO_DESIMALER = Decimal("0.01")
_PRESISJON = 50
"""Presisjon for divisjon. Teller og nevner er små (sum med to desimaler, under 1000 karakterer), så
50 gjeldende siffer gir alltid riktig avrunding på andre desimal."""


def del_eksakt(teller: Decimal, nevner: int) -> Decimal:
    """Del med høy presisjon slik at avrundingen etterpå blir den samme som ved eksakt brøk."""
    if nevner <= 0:
        raise ValueError("Nevneren må være et positivt heltall.")
    with localcontext() as ctx:
        ctx.prec = _PRESISJON
        return Decimal(teller) / Decimal(nevner)


def rund2(verdi: Decimal) -> Decimal:
    """Rund av til to desimaler, halvt opp (§ 6-21 bokstav a: «vanlige avrundingsregler»)."""
    with localcontext() as ctx:
        ctx.prec = _PRESISJON
        return Decimal(verdi).quantize(TO_DESIMALER, rounding=ROUND_HALF_UP)


def som_tekst(verdi: Decimal) -> str:
    """Maskinlesbar tekst med nøyaktig to desimaler og punktum, f.eks. ``"45.60"`` (JSON-kontrakten)."""
    return str(rund2(verdi))


def med_komma(verdi: Decimal, desimaler: int = 2) -> str:
    """Norsk visning med desimalkomma, f.eks. ``"45,60"``, til forklaringstekster."""
    kvant = Decimal(1).scaleb(-desimaler)
    with localcontext() as ctx:
        ctx.prec = _PRESISJON
        return str(Decimal(verdi).quantize(kvant, rounding=ROUND_HALF_UP)).replace(".", ",")


def vis_kvotient(verdi: Decimal) -> str:
    """Vis en mellomregning med 2–4 desimaler; avkortede verdier får «…» (bare til forklaring)."""
    with localcontext() as ctx:
        ctx.prec = _PRESISJON
        avkortet = Decimal(verdi).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
        eksakt = avkortet == verdi
        tekst = format(avkortet.normalize() if eksakt else avkortet, "f")
    heltall, _, desimaler = tekst.partition(".")
    return f"{heltall},{desimaler.ljust(2, '0')}" + ("" if eksakt else "…")
