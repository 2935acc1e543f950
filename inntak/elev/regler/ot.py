"""Målgruppen for oppfølgingstjenesten (OT), som rene funksjoner (docs/elev.md, «Oppfølgingstjenesten»).

OT skal følge opp ungdom som har rett til videregående opplæring, men som ikke er i opplæring eller arbeid
(opplæringslova 2023 § 9-4, opplæringsforskrifta § 8-3). Målgruppen er avgrenset med alder:

* fra høsten 2024 (skoleåret 2024–2025, som starter 1. august 2024): ungdom fra og med 15 til og med 24 år;
* før det: fra og med 15 til og med 21 år.

Alderen regnes på datoen meldingen gjelder (``dato``), ikke på kjøredagen, så en kjøring for en tidligere periode
gir samme utvalg som den ville gitt da. ``fodselsdato_grenser`` gir samme regel som et fødselsdatointervall, slik at
en tjeneste kan filtrere en hel fylkesmengde i SQL uten å regne alder rad for rad.
"""

from __future__ import annotations

import datetime

__all__ = ["HOSTEN_2024", "alder", "aldersgrenser", "ar_tilbake", "fodselsdato_grenser", "i_malgruppen"]

HOSTEN_2024 = datetime.date(2024, 8, 1)
"""Første dag med den utvidede målgruppen (15–24 år): starten av skoleåret 2024–2025."""

MIN_ALDER = 15
MAKS_ALDER = 24
MAKS_ALDER_FOR_2024 = 21


def aldersgrenser(dato: datetime.date) -> tuple[int, int]:
    """(laveste, høyeste) alder i målgruppen på ``dato``, begge medregnet."""
    return (MIN_ALDER, MAKS_ALDER if dato >= HOSTEN_2024 else MAKS_ALDER_FOR_2024)


def alder(fodselsdato: datetime.date, dato: datetime.date) -> int:
    """Fylte år på ``dato``. Den som er født 29. februar, fyller år 1. mars i år som ikke er skuddår."""
    ar = dato.year - fodselsdato.year
    if (dato.month, dato.day) < (fodselsdato.month, fodselsdato.day):
        ar -= 1
    return ar


def i_malgruppen(fodselsdato: datetime.date, dato: datetime.date) -> bool:
    """Om en person født ``fodselsdato`` er i OTs aldersgruppe på ``dato``."""
    laveste, hoyeste = aldersgrenser(dato)
    return laveste <= alder(fodselsdato, dato) <= hoyeste


def ar_tilbake(dato: datetime.date, ar: int) -> datetime.date:
    """Samme dag ``ar`` år før ``dato`` (28. februar for 29. februar i år som ikke er skuddår)."""
    try:
        return dato.replace(year=dato.year - ar)
    except ValueError:  # 29. februar i et år som ikke er skuddår
        return dato.replace(year=dato.year - ar, day=28)


def fodselsdato_grenser(dato: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(eldste, yngste) fødselsdato i målgruppen på ``dato``, begge medregnet.

    Den yngste har fylt ``laveste`` år på ``dato``; den eldste fyller ``hoyeste + 1`` år dagen etter ``dato``.
    """
    laveste, hoyeste = aldersgrenser(dato)
    yngste = ar_tilbake(dato, laveste)
    eldste = ar_tilbake(dato, hoyeste + 1) + datetime.timedelta(days=1)
    return eldste, yngste
