"""Læretid til (C06): computed from læretid fra (C05), netto læretid in months (C16), godskriving and the registered
avbrudd (C07/C08). Framework-free; the rule is described in docs/fagopplaering/kontrakt.md «Læretid til».

The rule (docs/fagopplaering/domene.md §0.2, §3.5; Registreringshåndboken tema C):

* Without avbrudd the læretid ends ``fra + (netto − godskriving) months − 1 day`` (a contract from 15.08.2025 for
  24 months ends 14.08.2027). Whether VIGO subtracts the day is UNVERIFIED (§3.5), so ``minus_en_dag`` can turn it off.
* The læretid is a number of training days: every avbrudd day inside the running period moves the end one day
  (fravær of 14 days or more is reported and «læretiden forlenges tilsvarende», docs/fagopplaering/domene.md §3.4). Avbrudd
  that overlap are counted once; days before læretid fra do not count; an avbrudd that starts after the (extended)
  end does not move it.
* While an avbrudd is open (no «til») the end cannot be known: ``dato`` is None and ``forelopig`` is the end
  counting only the closed avbrudd (what the contract stores until the avbrudd ends).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from fagopplaering.regler.datoer import legg_til_maneder

DOK = "docs/fagopplaering/kontrakt.md"
Periode = tuple[datetime.date, datetime.date | None]


def _d(d: datetime.date) -> str:
    return d.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Resultat:
    dato: datetime.date | None
    """Læretid til, or None while an avbrudd is open (or the input cannot give a date)."""
    forklaring: list[str] = field(default_factory=list)
    forelopig: datetime.date | None = None
    """The end counting only closed avbrudd (equals ``dato`` when nothing is open)."""
    avbruddsdager: int = 0
    """Avbrudd days that moved the end."""
    apent_avbrudd: bool = False


def slaa_sammen(avbrudd: Iterable[Periode]) -> list[Periode]:
    """Overlapping or adjacent periods joined, sorted by start; an open period swallows everything after it."""
    ut: list[list] = []
    for fra, til in sorted(avbrudd, key=lambda p: p[0]):
        if til is not None and til < fra:
            raise ValueError("Avbrudd til er før avbrudd fra.")
        if ut and (ut[-1][1] is None or fra <= ut[-1][1] + datetime.timedelta(days=1)):
            siste = ut[-1]
            siste[1] = None if (siste[1] is None or til is None) else max(siste[1], til)
        else:
            ut.append([fra, til])
    return [(a, b) for a, b in ut]


def grunnslutt(fra: datetime.date, maneder: int, *, minus_en_dag: bool = True) -> datetime.date:
    slutt = legg_til_maneder(fra, maneder)
    return slutt - datetime.timedelta(days=1) if minus_en_dag else slutt


def laeretid_til(
    fra: datetime.date,
    netto_mnd: int,
    avbrudd: Iterable[Periode] = (),
    godskriving_mnd: int = 0,
    *,
    minus_en_dag: bool = True,
    avbrudd_forlenger: bool = True,
) -> Resultat:
    """Læretid til with the sentences that explain it (each citing docs/fagopplaering/kontrakt.md)."""
    forklaring: list[str] = []
    maneder = netto_mnd - godskriving_mnd
    if netto_mnd <= 0 or godskriving_mnd < 0 or maneder <= 0:
        return Resultat(
            None,
            [f"Netto læretid ({netto_mnd} md.) minus godskriving ({godskriving_mnd} md.) må være minst én måned, "
             f"ellers kan læretid til ikke beregnes ({DOK} «Læretid til»)."],
        )  # fmt: skip
    forklaring.append(
        f"Læretiden starter {_d(fra)} (læretid fra, C05) med netto læretid {netto_mnd} måneder (C16) "
        f"({DOK} «Læretid til»; docs/fagopplaering/domene.md §3.5)."
    )
    if godskriving_mnd:
        forklaring.append(
            f"{godskriving_mnd} måneder er godskrevet for tidligere praksis eller opplæring og trekkes fra: "
            f"{maneder} måneder igjen i bedrift ({DOK} «Godskriving»)."
        )
    slutt = grunnslutt(fra, maneder, minus_en_dag=minus_en_dag)
    if minus_en_dag:
        forklaring.append(
            f"Uten avbrudd slutter læretiden {_d(slutt)} ({_d(fra)} + {maneder} måneder − 1 dag)."
        )
    else:
        forklaring.append(f"Uten avbrudd slutter læretiden {_d(slutt)} ({_d(fra)} + {maneder} måneder).")

    raa = list(avbrudd)
    perioder = slaa_sammen(raa)
    if len(perioder) < len(raa):
        forklaring.append(
            "Avbrudd som overlapper eller henger sammen, er slått sammen: hver dag telles én gang."
        )
    if not avbrudd_forlenger:
        if perioder:
            forklaring.append(
                f"Avbrudd forlenger ikke læretiden automatisk i denne innstillingen ({DOK} «Avbrudd»)."
            )
        forklaring.append(f"Læretid til (C06): {_d(slutt)}.")
        return Resultat(slutt, forklaring, forelopig=slutt)

    dager = 0
    for a_fra, a_til in perioder:
        start = max(a_fra, fra)
        if a_til is not None and a_til < fra:
            forklaring.append(
                f"Avbruddet {_d(a_fra)}–{_d(a_til)} ligger før læretiden starter og teller ikke."
            )
            continue
        if start > slutt:
            tekst = f"{_d(a_fra)}–{_d(a_til)}" if a_til else f"fra {_d(a_fra)}"
            forklaring.append(
                f"Avbruddet {tekst} starter etter at læretiden er slutt og flytter ikke sluttdatoen."
            )
            continue
        if a_til is None:
            forklaring.append(
                f"Avbruddet fra {_d(a_fra)} er ikke avsluttet: læretid til kan ikke beregnes mens avbruddet varer. "
                f"Foreløpig sluttdato uten dette avbruddet er {_d(slutt)} ({DOK} «Avbrudd»; docs/fagopplaering/domene.md "
                f"§3.4)."
            )
            return Resultat(None, forklaring, forelopig=slutt, avbruddsdager=dager, apent_avbrudd=True)
        n = (a_til - start).days + 1
        dager += n
        ny = slutt + datetime.timedelta(days=n)
        forklaring.append(
            f"Avbrudd {_d(start)}–{_d(a_til)} ({n} {'dag' if n == 1 else 'dager'}) ligger i læretiden og flytter "
            f"sluttdatoen fra {_d(slutt)} til {_d(ny)} (fravær forlenger læretiden tilsvarende, "
            f"docs/fagopplaering/domene.md §3.4; {DOK} «Avbrudd»)."
        )
        slutt = ny
    if dager:
        forklaring.append(f"{dager} avbruddsdager i alt forlenger læretiden.")
    forklaring.append(f"Læretid til (C06): {_d(slutt)}.")
    return Resultat(slutt, forklaring, forelopig=slutt, avbruddsdager=dager)
