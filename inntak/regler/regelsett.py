"""Versjonerte regelsett for poengberegning, ett per skoleår.

Hvorfor: et inntaksvedtak skal kunne etterprøves etter reglene som gjaldt da det ble fattet, og
reglene endres (ny opplæringslov fra 1. august 2024, LOV-2023-06-09-30). docs/regler/regler-2006.md anbefaler derfor
regelsett versjonert per skoleår, og at begge lesemåtene av avrundingsregelen (A og B, docs/regler/regler-2006.md §1.3)
kan velges per regelsett, med A som standard.

Regimer (docs/regler/regler-2006.md, innledning og §9):

* ``forskrift-2006``: forskrift til opplæringslova (FOR-2006-06-23-724) kapittel 6 slik Udir-2-2021
  beskriver den. Gjelder inntak til og med inntaket våren 2024, det vil si skoleårene 2021-2022 til
  2024-2025. Eldre skoleår er ikke lagt inn, fordi reglene før 2021-revisjonen ikke er dokumentert.
* ``forskrift-2024``: ny forskrift til den nye opplæringslova, fra inntaket 2025 (skoleår 2025-2026).
  Teksten om inntak er ikke funnet (UNVERIFIED), så regelsettet viderefører 2006-reglene tall for tall
  og er merket ``verifisert=False``. Forskjeller docs/regler/regler-2006.md peker på, er gjort konfigurerbare:
  hjemmelstekstene, og ``vg3_kun_vg2`` (vilbli.no sier at Vg3-poeng bygger på karakterer «from Vg2»;
  Udir-2-2021 § 6-34 sier «vg1 og eventuelt vg2»). Standard er fortsatt Udir-2-2021.

Et nytt skoleår må registreres her bevisst (én linje i ``_SKOLEAR``); ukjente skoleår gir feil i stedet
for å gjette.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Avrunding = Literal["A", "B"]
AVRUNDINGER: tuple[str, ...] = ("A", "B")
AVRUNDING_BESKRIVELSE = {
    "A": "gjennomsnittet rundes av til to desimaler og ganges med 10 (vilbli.no, SNL, SSB)",
    "B": "summen × 10 / antall karakterer rundes av til to desimaler (Udir-2-2021 § 6-21 bokstav a, ordrett)",
}


class UkjentRegelsett(LookupError):
    """Det finnes ikke noe regelsett for det oppgitte skoleåret eller id-en."""


@dataclass(frozen=True)
class Hjemler:
    """Rettslig grunnlag per regel. Hvorfor: hver telt eller utelatt karakter skal vise hjemmelen."""

    poeng_vg1: str
    poeng_vg2_vg3: str
    orden_oppforsel: str
    valgfag: str
    deltatt_bestatt: str
    fritak: str
    iv_im: str
    avrunding: str
    individuell_behandling: str
    halvar: str


HJEMLER_2006 = Hjemler(
    poeng_vg1="forskrift til opplæringslova § 6-21 (Udir-2-2021)",
    poeng_vg2_vg3="forskrift til opplæringslova § 6-34 første ledd (Udir-2-2021)",
    orden_oppforsel="forskrift til opplæringslova § 6-21 første ledd (Udir-2-2021)",
    valgfag="forskrift til opplæringslova § 6-21 bokstav b (Udir-2-2021)",
    deltatt_bestatt="forskrift til opplæringslova § 6-21 bokstav c og § 6-34 bokstav b (Udir-2-2021)",
    fritak="forskrift til opplæringslova § 6-21 bokstav d og § 6-34 bokstav c (Udir-2-2021)",
    iv_im="forskrift til opplæringslova § 6-21 og § 6-34 bokstav d (Udir-2-2021); verdien 0 etter vilbli.no",
    avrunding="forskrift til opplæringslova § 6-21 bokstav a (Udir-2-2021): to desimaler, vanlige avrundingsregler",
    individuell_behandling="forskrift til opplæringslova §§ 6-22–6-24 (Vg1) og §§ 6-35–6-38 (Vg2/Vg3), Udir-2-2021",
    halvar="forskrift til opplæringslova § 6-34 første ledd (Udir-2-2021)",
)


def _viderefort(hjemler: Hjemler) -> Hjemler:
    """Hjemler for 2024-regimet: samme regel, men tydelig merket som ikke verifisert mot ny forskrift."""
    return Hjemler(**{navn: f"tidligere {tekst}, videreført" for navn, tekst in vars(hjemler).items()})


HJEMLER_2024 = _viderefort(HJEMLER_2006)


@dataclass(frozen=True)
class Regelsett:
    """Parametrene for poengberegningen i ett skoleår.

    ``avrunding``: «A» (standard) eller «B», se docs/regler/regler-2006.md §1.3.
    ``vg3_kun_vg2``: bare karakterer fra Vg2 teller ved inntak til Vg3 (mulig 2024-endring, UNVERIFIED).
    ``verifisert``: ``False`` når reglene ikke er kontrollert mot forskriftsteksten som gjelder.
    """

    id: str
    skolear_start: int
    regime: str
    beskrivelse: str
    hjemler: Hjemler
    avrunding: Avrunding = "A"
    vg3_kun_vg2: bool = False
    verifisert: bool = True

    def __post_init__(self) -> None:
        if self.avrunding not in AVRUNDINGER:
            raise ValueError(f"Ugyldig avrunding «{self.avrunding}». Gyldige verdier: A, B.")
        if not self.id.startswith(skolear_id(self.skolear_start)):
            raise ValueError(f"Regelsett-id «{self.id}» passer ikke med skoleåret {self.skolear_start}.")

    def med_avrunding(self, avrunding: str | None) -> Regelsett:
        """Samme regelsett med en annen lesemåte av avrundingen (``None`` beholder regelsettets valg)."""
        if avrunding is None or avrunding == self.avrunding:
            return self
        avrunding = avrunding.strip().upper()
        if avrunding not in AVRUNDINGER:
            raise ValueError(f"Ugyldig avrunding «{avrunding}». Gyldige verdier: A, B.")
        return replace(self, avrunding=avrunding)


def skolear_id(start: int) -> str:
    """``2024`` → ``"2024-2025"``."""
    return f"{start}-{start + 1}"


def _lag(start: int) -> Regelsett:
    if start <= 2024:
        return Regelsett(
            id=skolear_id(start),
            skolear_start=start,
            regime="forskrift-2006",
            beskrivelse="forskrift til opplæringslova kapittel 6, Udir-2-2021",
            hjemler=HJEMLER_2006,
        )
    return Regelsett(
        id=skolear_id(start),
        skolear_start=start,
        regime="forskrift-2024",
        beskrivelse="opplæringslova 2023 med ny forskrift; poengreglene videreført fra Udir-2-2021",
        hjemler=HJEMLER_2024,
        verifisert=False,
    )


_SKOLEAR = range(2021, 2028)
_REGISTER: dict[str, Regelsett] = {skolear_id(ar): _lag(ar) for ar in _SKOLEAR}
STANDARD_REGELSETT_ID = skolear_id(_SKOLEAR[-1])
"""Standard er nyeste registrerte skoleår, det vil si neste ordinære inntak."""

_ID_MONSTER = re.compile(r"^\s*(\d{4})\s*(?:[-/–]\s*(\d{4}))?\s*$")


def _til_id(id_eller_skolear: str | int) -> str:
    if isinstance(id_eller_skolear, bool):
        raise TypeError("Skoleår må være tekst («2024-2025») eller heltall (2024).")
    if isinstance(id_eller_skolear, int):
        return skolear_id(id_eller_skolear)
    if not isinstance(id_eller_skolear, str):
        raise TypeError("Skoleår må være tekst («2024-2025») eller heltall (2024).")
    if id_eller_skolear.strip() in _REGISTER:
        return id_eller_skolear.strip()
    treff = _ID_MONSTER.match(id_eller_skolear)
    if not treff:
        return id_eller_skolear
    start = int(treff.group(1))
    if treff.group(2) is not None and int(treff.group(2)) != start + 1:
        return id_eller_skolear
    return skolear_id(start)


def hent_regelsett(id_eller_skolear: str | int | None = None) -> Regelsett:
    """Finn regelsettet for en id («2024-2025», «2024/2025») eller et skoleår (2024 = 2024-2025).

    ``None`` gir standardregelsettet. Ukjente verdier gir ``UkjentRegelsett`` med gyldige verdier.
    """
    if id_eller_skolear is None:
        return _REGISTER[STANDARD_REGELSETT_ID]
    nokkel = _til_id(id_eller_skolear)
    try:
        return _REGISTER[nokkel]
    except KeyError:
        gyldige = ", ".join(_REGISTER)
        raise UkjentRegelsett(f"Ukjent regelsett «{id_eller_skolear}». Gyldige verdier: {gyldige}.") from None


def alle_regelsett() -> tuple[Regelsett, ...]:
    """Alle registrerte regelsett, eldste først."""
    return tuple(_REGISTER[n] for n in sorted(_REGISTER))


def registrer_regelsett(regelsett: Regelsett, *, erstatt: bool = False) -> None:
    """Legg til et regelsett, f.eks. en lokal fylkesvariant med egen id («2025-2026-vestland»).

    Hvorfor: forskriften krever lokal inntaksforskrift per fylke (§ 6-2), og avrundingen må avklares med
    oppdragsgiver (docs/regler/regler-2006.md §1.3); begge deler skal kunne konfigureres uten kodeendring i beregningen.
    """
    if regelsett.id in _REGISTER and not erstatt:
        raise ValueError(f"Regelsettet «{regelsett.id}» finnes allerede.")
    _REGISTER[regelsett.id] = regelsett
