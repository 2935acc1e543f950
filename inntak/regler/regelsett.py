"""Versjonerte regelsett for poengberegning, ett per skoleår.

Hvorfor: et inntaksvedtak skal kunne etterprøves etter reglene som gjaldt da det ble fattet, og
reglene endres (ny opplæringslov fra 1. august 2024, LOV-2023-06-09-30, og ny opplæringsforskrift,
FOR-2024-06-03-900). Regelsettene er derfor versjonert per skoleår, og et gammelt regelsett endres aldri:
gamle kjøringer skal gi nøyaktig de samme tallene og forklaringslinjene om igjen.

Regimer:

* ``forskrift-2006``: forskrift til opplæringslova (FOR-2006-06-23-724) kapittel 6 slik Udir-2-2021
  beskriver den (docs/regler/regler-2006.md §1, §2, §9). Gjelder skoleårene 2021-2022 til 2024-2025.
  Begge lesemåtene av avrundingsregelen (A og B, docs/regler/regler-2006.md §1.3) kan velges, med A som
  standard. Eldre skoleår er ikke lagt inn, fordi reglene før 2021-revisjonen ikke er dokumentert.
* ``forskrift-2024``: opplæringsforskrifta (FOR-2024-06-03-900) kapittel 4, §§ 4-19, 4-20, 4-25 og 4-26
  (docs/regler/regler-2024.md §1), fra inntaket 2025 (skoleår 2025-2026). Poengreglene er lest i
  forskriftsteksten (``verifisert=True``); hjemlene er ``HJEMLER_2024``. Forskjeller fra 2006-regimet:
  bare lesemåte A (§ 4-19 første ledd bokstav a sier «med to desimalar, multiplisert med ti»; B avvises),
  IV/IM = 0 uten unntak for dokumentert fravær, realkompetanse (GK) og § 4-20 d, ingen «mer enn
  halvparten»-regel ved Vg2/Vg3 (§ 4-26), beste resultat ved privatisteksamen (§ 4-25 e) og ved flere
  program (§ 4-25 f), og halvårsvurdering fra Vg1 teller ved Vg3-inntak når faget ikke har senere vurdering
  på Vg2. Se algoritmen i ``inntak.regler.poeng`` og «Slik er reglene implementert» i
  docs/regler/regler-2024.md.

Lesemåter som ikke er verifisert mot primærtekst, er navngitte valg i regelsettet, med den anbefalte som
standard, og vises i forklaringen:

* ``flere_program`` (§ 4-25 f, «det beste utvalet»): ``"fag_for_fag"`` (standard; beste karakter fag for fag,
  docs/regler/regler-2024.md §1.3 [FL-F8]) eller ``"beste_program"`` (hvert program regnes for seg, det
  beste teller).
* ``vg3_kun_vg2`` (lokale forskrifter, f.eks. Agder § 11): bare karakterer fra Vg2 teller ved Vg3-inntak.
  Ikke nasjonal regel, derfor av som standard.
* ``forbehold_4_19_andre_ledd``: § 4-19 ble endret 29. september 2025, etter inntaket til 2025-2026;
  ordlyden før endringen er ikke verifisert (docs/regler/regler-2024.md §0). Regelsettet for 2025-2026
  bruker ordlyden etter endringen og sier det i forklaringen når søkeren har realkompetansefag (GK).

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
"""Lesemåtene slik 2006-regimet beskriver dem (kildene er sekundære, docs/regler/regler-2006.md §1.3)."""
AVRUNDING_BESKRIVELSE_2024 = "gjennomsnittet med to desimaler multipliseres med ti (lesemåte A; lesemåte B tilbys ikke etter ny forskrift)"
"""Lesemåte A slik forskriftsteksten selv sier den (§ 4-19 første ledd bokstav a, § 4-25 første ledd bokstav a);
lesemåte B har ingen støtte i ny forskrift (docs/regler/regler-2024.md §1.1 bokstav a, §1.6 nr. 1)."""

REGIME_2006 = "forskrift-2006"
REGIME_2024 = "forskrift-2024"
FLERE_PROGRAM: tuple[str, ...] = ("fag_for_fag", "beste_program")
"""Lesemåtene av § 4-25 første ledd bokstav f («det beste utvalet av karakterar»), se ``Regelsett``."""
FLERE_PROGRAM_BESKRIVELSE = {
    "fag_for_fag": "i et fag som finnes i flere program (samme fagkode, vurdering og trinn), teller den beste "
    "karakteren; fag som bare finnes i ett program, teller som de er",
    "beste_program": "hvert program regnes for seg (rader uten program hører til alle), og programmet som gir "
    "flest poeng, teller",
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
    # Bare ny forskrift (2024-regimet); tomme i 2006-regimet, som ikke har reglene.
    deltatt_bestatt_vg2_vg3: str = ""
    fritak_vg2_vg3: str = ""
    iv_im_vg2_vg3: str = ""
    individuell_ingen_karakterer: str = ""
    individuell_ingen_karakterer_vg2_vg3: str = ""
    individuell_realkompetanse: str = ""
    ingen_halvpartregel: str = ""
    realkompetanse: str = ""
    realkompetanse_vg2_vg3: str = ""
    privatist: str = ""
    flere_program: str = ""

    def for_niva(self, navn: str, niva: str) -> str:
        """Hjemmelen for regelen ``navn`` på nivået: ``navn_vg2_vg3`` ved Vg2/Vg3 når den finnes, ellers ``navn``."""
        if niva != "VG1":
            egen = getattr(self, f"{navn}_vg2_vg3", "")
            if egen:
                return egen
        return getattr(self, navn)


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


_OFO = "opplæringsforskrifta"
HJEMLER_2024 = Hjemler(
    poeng_vg1=f"{_OFO} § 4-19 første ledd",
    poeng_vg2_vg3=f"{_OFO} § 4-25 første ledd",
    orden_oppforsel=f"{_OFO} § 4-19 første ledd bokstav a: bare talkarakterar teller",
    valgfag=f"{_OFO} § 4-19 første ledd bokstav b",
    deltatt_bestatt=f"{_OFO} § 4-19 første ledd bokstav c",
    fritak=f"{_OFO} § 4-19 første ledd bokstav d",
    iv_im=f"{_OFO} § 4-19 første ledd bokstav e",
    avrunding=f"{_OFO} § 4-19 første ledd bokstav a og § 4-25 første ledd bokstav a; halvt opp etter Udirs merknad",
    individuell_behandling=f"{_OFO} § 4-20 første ledd bokstav a",
    halvar=f"{_OFO} § 4-25 første ledd; Udirs merknad: den siste vurderingen i faget teller",
    deltatt_bestatt_vg2_vg3=f"{_OFO} § 4-25 første ledd bokstav b",
    fritak_vg2_vg3=f"{_OFO} § 4-25 første ledd bokstav c",
    iv_im_vg2_vg3=f"{_OFO} § 4-25 første ledd bokstav d",
    individuell_ingen_karakterer=f"{_OFO} § 4-20 første ledd bokstav c",
    individuell_ingen_karakterer_vg2_vg3=f"{_OFO} § 4-26 første ledd bokstav a",
    individuell_realkompetanse=f"{_OFO} § 4-20 første ledd bokstav d",
    ingen_halvpartregel=f"{_OFO} § 4-26",
    realkompetanse=f"{_OFO} § 4-19 andre ledd",
    realkompetanse_vg2_vg3=f"{_OFO} § 4-25 første ledd: bare karakterer teller",
    privatist=f"{_OFO} § 4-25 første ledd bokstav e",
    flere_program=f"{_OFO} § 4-25 første ledd bokstav f",
)
"""Hjemlene etter opplæringsforskrifta (FOR-2024-06-03-900), docs/regler/regler-2024.md §1."""

_NEI_TIL_B = (
    "Lesemåte B tilbys ikke for regelsett etter opplæringsforskrifta 2024 (skoleår 2025-2026 og senere): "
    "§ 4-19 første ledd bokstav a og § 4-25 første ledd bokstav a sier at gjennomsnittet med to desimaler "
    "multipliseres med ti. Gyldig verdi: A."
)


@dataclass(frozen=True)
class Regelsett:
    """Parametrene for poengberegningen i ett skoleår.

    ``avrunding``: «A» (standard) eller «B», se docs/regler/regler-2006.md §1.3; bare «A» i 2024-regimet.
    ``vg3_kun_vg2``: bare karakterer fra Vg2 teller ved inntak til Vg3 (lokale forskrifter, ikke nasjonal regel).
    ``verifisert``: ``False`` når reglene ikke er kontrollert mot forskriftsteksten som gjelder.
    ``flere_program``: lesemåten av § 4-25 første ledd bokstav f (bare 2024-regimet), se ``FLERE_PROGRAM``.
    ``forbehold_4_19_andre_ledd``: ordlyden av § 4-19 andre ledd ved inntaket er ikke verifisert (2025-2026).
    """

    id: str
    skolear_start: int
    regime: str
    beskrivelse: str
    hjemler: Hjemler
    avrunding: Avrunding = "A"
    vg3_kun_vg2: bool = False
    verifisert: bool = True
    flere_program: str = "fag_for_fag"
    forbehold_4_19_andre_ledd: bool = False

    def __post_init__(self) -> None:
        if self.avrunding not in AVRUNDINGER:
            raise ValueError(f"Ugyldig avrunding «{self.avrunding}». Gyldige verdier: A, B.")
        if self.regime not in (REGIME_2006, REGIME_2024):
            raise ValueError(f"Ukjent regime «{self.regime}». Gyldige verdier: {REGIME_2006}, {REGIME_2024}.")
        if self.avrunding not in self.avrundinger:
            raise ValueError(_NEI_TIL_B)
        if self.flere_program not in FLERE_PROGRAM:
            raise ValueError(
                f"Ugyldig lesemåte for flere program «{self.flere_program}». Gyldige verdier: "
                f"{', '.join(FLERE_PROGRAM)}."
            )
        if not self.id.startswith(skolear_id(self.skolear_start)):
            raise ValueError(f"Regelsett-id «{self.id}» passer ikke med skoleåret {self.skolear_start}.")

    @property
    def ny_forskrift(self) -> bool:
        """Regnes etter opplæringsforskrifta 2024 (§§ 4-19, 4-20, 4-25, 4-26)?"""
        return self.regime == REGIME_2024

    @property
    def avrundinger(self) -> tuple[str, ...]:
        """Lesemåtene regelsettet tilbyr: A og B i 2006-regimet, bare A etter ny forskrift."""
        return ("A",) if self.ny_forskrift else AVRUNDINGER

    @property
    def avrunding_beskrivelse(self) -> str:
        """Lesemåten i ord, med kilde, til forklaringen og siden."""
        return AVRUNDING_BESKRIVELSE_2024 if self.ny_forskrift else AVRUNDING_BESKRIVELSE[self.avrunding]

    def med_avrunding(self, avrunding: str | None) -> Regelsett:
        """Samme regelsett med en annen lesemåte av avrundingen (``None`` beholder regelsettets valg).

        En lesemåte regelsettet ikke tilbyr (B etter ny forskrift), gir ``ValueError`` med norsk tekst.
        """
        if avrunding is None or avrunding == self.avrunding:
            return self
        avrunding = avrunding.strip().upper()
        if avrunding not in AVRUNDINGER:
            raise ValueError(f"Ugyldig avrunding «{avrunding}». Gyldige verdier: A, B.")
        if avrunding not in self.avrundinger:
            raise ValueError(_NEI_TIL_B)
        return replace(self, avrunding=avrunding)


def skolear_id(start: int) -> str:
    """``2024`` → ``"2024-2025"``."""
    return f"{start}-{start + 1}"


def _lag(start: int) -> Regelsett:
    if start <= 2024:
        return Regelsett(
            id=skolear_id(start),
            skolear_start=start,
            regime=REGIME_2006,
            beskrivelse="forskrift til opplæringslova kapittel 6, Udir-2-2021",
            hjemler=HJEMLER_2006,
        )
    return Regelsett(
        id=skolear_id(start),
        skolear_start=start,
        regime=REGIME_2024,
        beskrivelse="opplæringsforskrifta (FOR-2024-06-03-900) §§ 4-19, 4-20, 4-25 og 4-26",
        hjemler=HJEMLER_2024,
        # § 4-19 was amended on 29 Sep 2025, after the 2025 intake; the earlier wording is not verified.
        forbehold_4_19_andre_ledd=start == 2025,
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
