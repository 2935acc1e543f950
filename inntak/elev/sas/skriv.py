"""Skriving av SAS ↔ VIGO-filen i samme oppsett som leseren leser (docs/sas.md §5).

Brukes til rundtur-tester og til å lage testfiler (:mod:`.testfil`). Hver post skrives med alle feltene i
oppsettet, også blanke til slutt, så en fil skrevet her leses og skrives tilbake byte for byte. Verdier:
``None`` → blankt, ``bool`` → ``J``/``N``, dato → ``ÅÅÅÅMMDD``, tall uten ledende nuller, tekst som den er.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .format import POSTTYPE_FOR_KLASSE, SKILLETEGN, UBRUKT, Post

__all__ = ["skriv_fil", "skriv_post", "skriv_til"]


def _verdi(verdi: Any) -> str:
    if verdi is None:
        return ""
    if verdi is True:
        return "J"
    if verdi is False:
        return "N"
    if isinstance(verdi, datetime.date):
        return verdi.strftime("%Y%m%d")
    tekst = str(verdi)
    if SKILLETEGN in tekst or "\n" in tekst or "\r" in tekst:
        raise ValueError(
            f"Verdien {tekst!r} inneholder skilletegnet eller et linjeskift og kan ikke skrives."
        )
    return tekst


def skriv_post(post: Post) -> str:
    """Én linje uten linjeskift."""
    posttype = POSTTYPE_FOR_KLASSE[type(post)]
    deler = [posttype.kode]
    for felt in posttype.felter:
        deler.append("" if felt.type == UBRUKT else _verdi(getattr(post, felt.navn)))
    return SKILLETEGN.join(deler)


def skriv_fil(poster: Iterable[Post], *, linjeskift: str = "\n") -> Iterator[str]:
    """Linjene i filen, hver med linjeskift, strømmende."""
    for post in poster:
        yield skriv_post(post) + linjeskift


def skriv_til(ut: TextIO, poster: Iterable[Post], *, linjeskift: str = "\n") -> int:
    """Skriv postene til en åpen tekstfil; gir antall linjer."""
    antall = 0
    for linje in skriv_fil(poster, linjeskift=linjeskift):
        ut.write(linje)
        antall += 1
    return antall
