"""Datamodell for årshjulet, uten rammeverk.

Dataklassene er bevisst frosne og frie for Django slik at parser, datoflytting og
iCal-eksport kan testes isolert; Django-importøren mapper dem til modeller og
upserter på ``Hendelse.nokkel``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class Datotype(StrEnum):
    """Hvordan tidspunktet er angitt i kilden."""

    DATO = "dato"
    PERIODE = "periode"
    UKE = "uke"
    GJENTAKENDE = "gjentakende"


class Hendelsestype(StrEnum):
    """Hva slags dato raden beskriver; avledet av regler i ``kategorier``."""

    FRIST = "frist"
    LEVERANSE = "leveranse"
    ANBEFALT_DATO = "anbefalt_dato"
    FORSTE_DATO = "forste_dato"
    SISTE_DATO = "siste_dato"
    FERIE = "ferie"
    ANNET = "annet"

    @property
    def etikett(self) -> str:
        return _TYPE_ETIKETTER[self]


_TYPE_ETIKETTER = {
    Hendelsestype.FRIST: "frist",
    Hendelsestype.LEVERANSE: "leveranse",
    Hendelsestype.ANBEFALT_DATO: "anbefalt dato",
    Hendelsestype.FORSTE_DATO: "første dato",
    Hendelsestype.SISTE_DATO: "siste dato",
    Hendelsestype.FERIE: "ferie",
    Hendelsestype.ANNET: "annet",
}


class Kategori(StrEnum):
    """Fargekodene fra dokumentenes FARGEKODER-forklaring (fargene er tapt i teksten)."""

    INTERNE = "interne-datoer"
    UDIR_FAGOPPLAERING = "udir-fagopplaeringsfiler"
    UDIR_PRIVATSKOLE = "udir-privatskolerapportering"
    UDIR_SOKER_INNTAK = "udir-soker-og-inntaksfil"
    SSB_UDIR = "ssb-udir-ssbresultat-ssbelev"
    LANEKASSEN = "lanekassen"
    OPPFOLGINGSTJENESTEN = "oppfolgingstjenesten"
    VILBLI = "vilbli"
    HJERNEN_HJERTET_PULS = "hjernen-og-hjertet-puls"
    FPVS = "fpvs"

    @property
    def etikett(self) -> str:
        return _KATEGORI_ETIKETTER[self]


_KATEGORI_ETIKETTER = {
    Kategori.INTERNE: "Interne datoer for Vigo",
    Kategori.UDIR_FAGOPPLAERING: "Utdanningsdirektoratet Fagopplæringsfiler",
    Kategori.UDIR_PRIVATSKOLE: "Utdanningsdirektoratet Privatskolerapportering",
    Kategori.UDIR_SOKER_INNTAK: "Utdanningsdirektoratet Søker- og inntaksfil",
    Kategori.SSB_UDIR: "SSB og Utdanningsdirektoratet ssbResultat og ssbElev",
    Kategori.LANEKASSEN: "Lånekassen",
    Kategori.OPPFOLGINGSTJENESTEN: "Oppfølgingstjenesten",
    Kategori.VILBLI: "vilbli.no",
    Kategori.HJERNEN_HJERTET_PULS: "Hjernen og Hjertet (Rambøll) / PULS (Conexus)",
    Kategori.FPVS: "Forsvarets personell- og vernepliktssenter (FPVS)",
}


@dataclass(frozen=True)
class Tidspunkt:
    """Når en hendelse skjer; ``slutt`` er inklusiv (iCal-eksporten gjør den eksklusiv)."""

    type: Datotype
    start: date
    slutt: date
    tekst: str
    uker: tuple[int, ...] = ()
    rrule: str | None = None
    regeltekst: str | None = None

    @classmethod
    def dato(cls, d: date, tekst: str) -> Tidspunkt:
        return cls(Datotype.DATO, d, d, tekst)

    @classmethod
    def periode(cls, start: date, slutt: date, tekst: str) -> Tidspunkt:
        if slutt < start:
            raise ValueError(f"Periode slutter før den starter: {start} – {slutt}")
        return cls(Datotype.PERIODE, start, slutt, tekst)

    @classmethod
    def uke(cls, iso_ar: int, uker: tuple[int, ...], tekst: str) -> Tidspunkt:
        """Uke(r) dekker mandag i første til søndag i siste ISO-uke."""
        start = date.fromisocalendar(iso_ar, uker[0], 1)
        slutt = start + timedelta(weeks=len(uker) - 1, days=6)
        return cls(Datotype.UKE, start, slutt, tekst, uker=uker)

    @classmethod
    def gjentakende(cls, start: date, rrule: str, tekst: str, regeltekst: str) -> Tidspunkt:
        return cls(Datotype.GJENTAKENDE, start, start, tekst, rrule=rrule, regeltekst=regeltekst)

    @property
    def iso_ar(self) -> int:
        return self.start.isocalendar().year

    def normalisert(self) -> str:
        """Kanonisk form til naturlig nøkkel – uavhengig av hvordan datoen var skrevet."""
        if self.type is Datotype.DATO:
            return self.start.isoformat()
        if self.type is Datotype.PERIODE:
            return f"{self.start.isoformat()}/{self.slutt.isoformat()}"
        if self.type is Datotype.UKE:
            return f"{self.iso_ar}-W" + "+".join(f"{u:02d}" for u in self.uker)
        return f"{self.start.isoformat()};{self.rrule}"


def normaliser_tekst(tekst: str) -> str:
    """NFC, små bokstaver og enkle mellomrom – så nøkkelen tåler kosmetiske forskjeller."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", tekst)).strip().casefold()


def lag_nokkel(skolear: str, tid: Tidspunkt, hva: str, fra: str, til: str, forekomst: int = 1) -> str:
    """sha256 (første 32 hex) av skoleår + normalisert dato + hva + fra + til.

    ``forekomst`` > 1 skiller eksakte duplikatrader slik at de ikke kolliderer.
    """
    deler = [skolear, tid.normalisert(), normaliser_tekst(hva), normaliser_tekst(fra), normaliser_tekst(til)]
    if forekomst > 1:
        deler.append(str(forekomst))
    return hashlib.sha256("|".join(deler).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Hendelse:
    """Én datert rad i årshjulet (med begrunnelse for avledede felt, for gjennomgang)."""

    skolear: str
    tid: Tidspunkt
    fra: str
    hva: str
    til: str
    kommentar: str
    kategori: Kategori
    kategori_regel: str
    type: Hendelsestype
    type_regel: str
    jobbkoder: dict[str, str | None] = field(default_factory=dict)
    linje_fra: int = 0
    linje_til: int = 0
    forekomst: int = 1

    @property
    def nokkel(self) -> str:
        return lag_nokkel(self.skolear, self.tid, self.hva, self.fra, self.til, self.forekomst)


@dataclass(frozen=True)
class IkkePlassert:
    """Noe parseren ikke kunne plassere – rapporteres i stedet for å gjettes."""

    linje: int
    tekst: str
    grunn: str


@dataclass(frozen=True)
class Tekstlinje:
    """Udatert tilleggsinformasjon (f.eks. «Rutiner for overføring …»)."""

    linje: int
    tekst: str


@dataclass
class ParseResultat:
    """Resultat av én import: hendelser, og alt som ikke ble hendelser, med begrunnelse."""

    skolear: str
    format: str
    per_dato: date | None = None
    hendelser: list[Hendelse] = field(default_factory=list)
    ikke_plassert: list[IkkePlassert] = field(default_factory=list)
    advarsler: list[IkkePlassert] = field(default_factory=list)
    tilleggsinfo: list[Tekstlinje] = field(default_factory=list)
    maneder: list[tuple[int, int]] = field(default_factory=list)
    strukturlinjer: dict[int, str] = field(default_factory=dict)
    """Linjer som bevisst ikke er hendelser (overskrift, sidetopp, fargeforklaring …): linjeregnskap."""
    antall_daterte_rader: int = 0

    @property
    def per_maned(self) -> dict[str, int]:
        """Antall hendelser per startmåned («2017-09»), med 0 for tomme måneder i hjulet."""
        teller = Counter(f"{h.tid.start.year}-{h.tid.start.month:02d}" for h in self.hendelser)
        resultat = {f"{ar}-{mnd:02d}": 0 for ar, mnd in self.maneder}
        for nokkel in sorted(teller):
            resultat[nokkel] = teller[nokkel]
        return dict(sorted(resultat.items()))

    @property
    def jobbkatalog(self) -> dict[str, str | None]:
        """Alle jobbkoder i dokumentet med det hyppigst brukte navnet (None om aldri navngitt)."""
        navn: dict[str, Counter[str]] = {}
        for h in self.hendelser:
            for kode, kodenavn in h.jobbkoder.items():
                teller = navn.setdefault(kode, Counter())
                if kodenavn:
                    teller[kodenavn] += 1
        return {kode: (t.most_common(1)[0][0] if t else None) for kode, t in sorted(navn.items())}
