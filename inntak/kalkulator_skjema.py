"""Skjema og fagoppslag for den offentlige poengkalkulatoren (side, API og kommando).

Hvorfor egen modul: siden tar imot et vanlig HTML-skjema (virker uten JavaScript), men skal gi nøyaktig
samme tall som API-et. Derfor oversettes skjemaet her til den samme JSON-forespørselen som API-et tar imot,
og all validering og beregning skjer i ``inntak.regler``. Feil per felt («karakterer[3].karakter») kobles
tilbake til radene i skjemaet.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inntak.regler import GYLDIGE_KARAKTERER, INNEBYGDE_GRUNNSKOLEFAG, alle_regelsett
from inntak.regler.karakterer import FAGTYPER, KARAKTERNAVN, VURDERINGER
from inntak.regler.regelsett import (
    AVRUNDING_BESKRIVELSE,
    STANDARD_REGELSETT_ID,
    Regelsett,
    UkjentRegelsett,
    hent_regelsett,
)
from kodeverk.skolear import neste_inntaksar

MAKS_RADER = 60
"""Grense for rader i skjemaet (et vitnemål har om lag 20); vern mot altfor store skjemaer."""

NIVAVALG: tuple[tuple[str, Any], ...] = (
    ("VG1", gettext_lazy("Vg1 (karakterer fra grunnskolen)")),
    ("VG2", gettext_lazy("Vg2 (karakterer fra Vg1)")),
)
VURDERINGSNAVN: Mapping[str, Any] = {
    "standpunkt": gettext_lazy("Standpunkt"),
    "eksamen_skriftlig": gettext_lazy("Skriftlig eksamen"),
    "eksamen_muntlig": gettext_lazy("Muntlig eksamen"),
    "eksamen_praktisk": gettext_lazy("Praktisk eksamen"),
    "halvar": gettext_lazy("Halvårsvurdering"),
}
FAGTYPENAVN: Mapping[str, Any] = {
    "valgfag": gettext_lazy("Valgfag"),
    "orden": gettext_lazy("Orden"),
    "oppforsel": gettext_lazy("Oppførsel"),
}
FELTNAVN: Mapping[str, Any] = {
    "fag": gettext_lazy("Fag"),
    "vurdering": gettext_lazy("Vurdering"),
    "karakter": gettext_lazy("Karakter"),
    "fagtype": gettext_lazy("Type"),
    "dokumentert_fravaer": gettext_lazy("Dokumentert fravær"),
    "trinn": gettext_lazy("Trinn"),
    "privatist": gettext_lazy("Privatist"),
    "program": gettext_lazy("Program"),
}

# Et typisk vitnemål fra 10. trinn: 15 standpunktkarakterer og to eksamener (17 rader).
FORHANDSUTFYLT: tuple[tuple[str, str, str], ...] = (
    ("NOR0214", "standpunkt", "4"),
    ("NOR0215", "standpunkt", "4"),
    ("NOR0216", "standpunkt", "5"),
    ("MAT0010", "standpunkt", "4"),
    ("ENG0012", "standpunkt", "4"),
    ("ENG0013", "standpunkt", "5"),
    ("NAT0010", "standpunkt", "5"),
    ("SAF0010", "standpunkt", "5"),
    ("RLE0030", "standpunkt", "5"),
    ("KHV0010", "standpunkt", "4"),
    ("MUS0010", "standpunkt", "5"),
    ("MHE0010", "standpunkt", "4"),
    ("KRO0020", "standpunkt", "6"),
    ("FSP0011", "standpunkt", "5"),
    ("VAL0003", "standpunkt", "5"),
    ("NOR0214", "eksamen_skriftlig", "3"),
    ("MAT0010", "eksamen_muntlig", "5"),
)

_RADFELT = re.compile(r"^(fag|kode|vurdering|karakter|fagtype|fravaer|privatist|program)-(\d{1,4})$")
_FEILNOKKEL = re.compile(r"^karakterer\[(\d+)\]\.(\w+)$")


def lag_fagtype_oppslag() -> Callable[[str], str | None]:
    """Fagkode → «valgfag»/«orden»/«oppforsel»/None fra Fag-registeret, med én spørring per forespørsel.

    Hvorfor: registeret skal gå foran den innebygde tabellen i ``inntak.regler``, men beregningen spør per
    karakter; tabellen lastes derfor første gang den trengs og gjenbrukes resten av forespørselen.
    """
    tabell: dict[str, str] | None = None

    def oppslag(fag: str) -> str | None:
        nonlocal tabell
        if tabell is None:
            from kodeverk.models import Fag

            tabell = dict(Fag.objects.filter(fagtype__kode__in=FAGTYPER).values_list("kode", "fagtype__kode"))
        return tabell.get(fag.strip().upper())

    return oppslag


def fagvalg() -> list[tuple[str, str]]:
    """Grunnskolefagene i registeret som ``(kode, navn)``; den innebygde tabellen når registeret er tomt."""
    from kodeverk.models import Fag

    rader = list(Fag.objects.filter(grunnskole=True, aktiv=True).order_by("kode").values_list("kode", "navn"))
    if not rader:
        rader = sorted((kode, kjent.navn) for kode, kjent in INNEBYGDE_GRUNNSKOLEFAG.items())
    return rader


def karaktervalg() -> list[tuple[str, str]]:
    """Alle gyldige karakterer med forklaring for bokstavkodene («IV – ikke vurderingsgrunnlag»)."""
    return [(k, f"{k} – {KARAKTERNAVN[k]}" if k in KARAKTERNAVN else k) for k in GYLDIGE_KARAKTERER]


def gjeldende_regelsett(idag: datetime.date | None = None) -> Regelsett:
    """The rule set of the intake applicants are applying to now: the school year that starts next August.

    The same school year the intake pages default to (``inntak.selectors.standard_skolear``), since an intake for
    a school year uses that year's rule set (``inntak.poeng_sql.regelsett_for``). A year not registered yet falls
    back to the standard rule set (the newest registered). The public calculator offers only this one, with its
    own rounding; caseworkers may still choose.
    """
    if idag is None:
        from django.utils import timezone

        idag = timezone.localdate()
    start = neste_inntaksar(idag).startar
    try:
        return hent_regelsett(start)
    except UkjentRegelsett:
        return hent_regelsett(STANDARD_REGELSETT_ID)


AVRUNDING_ENKEL: Mapping[str, Any] = {
    "A": gettext_lazy("Gjennomsnittet av karakterene rundes av til to desimaler og ganges med 10."),
    "B": gettext_lazy(
        "Summen av karakterene ganges med 10, deles på antall karakterer og rundes av til to desimaler."
    ),
}
"""The rounding in plain words for the public page (``AVRUNDING_BESKRIVELSE`` cites sources for caseworkers)."""


def kan_velge_regler(bruker) -> bool:
    """Caseworkers (may view søknader) may choose rule set and rounding; the public gets the current ones."""
    return bool(bruker and bruker.is_authenticated and bruker.has_perm("inntak.view_soknad"))


def bruk_gjeldende_regler(skjema: Skjema, idag: datetime.date | None = None) -> None:
    """Set the current rule set and its own rounding, whatever was posted (a public form has no such fields)."""
    regelsett = gjeldende_regelsett(idag)
    skjema.regelsett, skjema.avrunding = regelsett.id, regelsett.avrunding


def regelsettvalg() -> list[tuple[str, str]]:
    """Regelsettene, nyeste først, merket når de ikke er verifisert mot forskriften."""
    valg = []
    for r in reversed(alle_regelsett()):
        tekst = f"{r.id} – {r.beskrivelse}"
        if not r.verifisert:
            tekst += " " + _("(ikke verifisert)")
        valg.append((r.id, tekst))
    return valg


def avrundingsvalg() -> list[tuple[str, str]]:
    return [(kode, beskrivelse) for kode, beskrivelse in AVRUNDING_BESKRIVELSE.items()]


@dataclass
class Rad:
    """Én rad i skjemaet. ``indeks`` er navnet i skjemaet (stabilt), ``nummer`` posisjonen som vises."""

    indeks: int
    fag: str = ""
    kode: str = ""
    vurdering: str = "standpunkt"
    karakter: str = ""
    fagtype: str = ""
    fravaer: bool = False
    privatist: bool = False
    program: str = ""
    nummer: int = 0
    feil: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """Indeksen i feltnavnene; malraden for nye rader får plassholderen «__i__» (byttes i JavaScript)."""
        return str(self.indeks) if self.indeks >= 0 else "__i__"

    @property
    def fagkode(self) -> str:
        """Fri fagkode går foran valget i lista, slik at også fag utenfor registeret kan regnes med."""
        return (self.kode or self.fag).strip().upper()

    @property
    def tom(self) -> bool:
        return not self.fagkode and not self.karakter

    def til_json(self) -> dict[str, Any]:
        return {
            "fag": self.fagkode or None,
            "vurdering": self.vurdering or None,
            "karakter": self.karakter or None,
            "fagtype": self.fagtype or None,
            "dokumentert_fravaer": self.fravaer,
            "privatist": self.privatist,
            "program": self.program or None,
        }


@dataclass
class Skjema:
    """Hele skjemaet: innstillinger, rader og feil som ikke hører til én rad."""

    niva: str = "VG1"
    regelsett: str = STANDARD_REGELSETT_ID
    avrunding: str = "A"
    rader: list[Rad] = field(default_factory=list)
    feil: dict[str, list[str]] = field(default_factory=dict)
    oppsummering: list[tuple[str, str]] = field(default_factory=list)
    """``(felt-id, melding)`` for feiloppsummeringen øverst, med lenke til feltet."""

    @property
    def neste_indeks(self) -> int:
        return max((r.indeks for r in self.rader), default=-1) + 1

    def nummerer(self) -> None:
        for nummer, rad in enumerate(self.rader, start=1):
            rad.nummer = nummer

    def til_json(self) -> dict[str, Any]:
        """Den samme forespørselen som API-et tar imot; tomme rader tas ikke med."""
        return {
            "niva": self.niva,
            "regelsett": self.regelsett or None,
            "avrunding": self.avrunding or None,
            "karakterer": [r.til_json() for r in self.rader if not r.tom],
        }

    def legg_til_feil(self, feil: Mapping[str, list[str]]) -> None:
        """Fordel feilene fra ``valider_foresporsel`` på radene (indeksene gjelder bare ikke-tomme rader)."""
        utfylte = [r for r in self.rader if not r.tom]
        for nokkel, meldinger in feil.items():
            treff = _FEILNOKKEL.match(nokkel)
            if treff and int(treff.group(1)) < len(utfylte):
                rad = utfylte[int(treff.group(1))]
                felt = treff.group(2)
                rad.feil.setdefault(felt, []).extend(meldinger)
                feltid = f"{_SKJEMAFELT.get(felt, felt)}-{rad.indeks}"
                navn = FELTNAVN.get(felt, felt)
                mal = _("Rad %(nr)s, %(felt)s: %(melding)s")
                for m in meldinger:
                    tekst = mal % {"nr": rad.nummer, "felt": str(navn).lower(), "melding": m}
                    self.oppsummering.append((feltid, tekst))
            else:
                self.feil.setdefault(nokkel, []).extend(meldinger)
                feltid = nokkel if nokkel in ("niva", "regelsett", "avrunding") else "rader"
                self.oppsummering.extend((feltid, m) for m in meldinger)


_SKJEMAFELT = {"dokumentert_fravaer": "fravaer", "trinn": "fag"}
"""Error field → the form field it is shown at (``privatist`` and ``program`` have fields of their own)."""


def forhandsutfylt() -> Skjema:
    """Skjemaet slik det vises første gang: et typisk Vg1-vitnemål, så eleven ser hvordan det virker."""
    koder = {kode for kode, _navn in fagvalg()}
    rader = []
    for i, (fag, vurdering, karakter) in enumerate(FORHANDSUTFYLT):
        i_lista = fag in koder
        rader.append(
            Rad(
                i,
                fag=fag if i_lista else "",
                kode="" if i_lista else fag,
                vurdering=vurdering,
                karakter=karakter,
            )
        )
    regelsett = gjeldende_regelsett()
    skjema = Skjema(rader=rader, regelsett=regelsett.id, avrunding=regelsett.avrunding)
    skjema.nummerer()
    return skjema


def les_skjema(post: Mapping[str, Any]) -> Skjema:
    """Les et innsendt skjema. Radene finnes ut fra feltnavnene («karakter-7»), sortert på indeks.

    Hvorfor feltnavn med indeks: rader kan legges til og fjernes i nettleseren uten omnummerering.
    """
    verdier: dict[int, dict[str, str]] = {}
    for navn in post:
        treff = _RADFELT.match(navn)
        if treff:
            verdier.setdefault(int(treff.group(2)), {})[treff.group(1)] = str(post.get(navn, ""))
    rader = [
        Rad(
            indeks,
            fag=v.get("fag", "").strip(),
            kode=v.get("kode", "").strip()[:30],
            vurdering=v.get("vurdering", "standpunkt").strip(),
            karakter=v.get("karakter", "").strip(),
            fagtype=v.get("fagtype", "").strip(),
            fravaer="fravaer" in v,
            privatist="privatist" in v,
            program=v.get("program", "").strip()[:30],
        )
        for indeks, v in sorted(verdier.items())[:MAKS_RADER]
    ]
    skjema = Skjema(
        niva=str(post.get("niva", "VG1")).strip() or "VG1",
        regelsett=str(post.get("regelsett", "")).strip(),
        avrunding=str(post.get("avrunding", "A")).strip(),
        rader=rader,
    )
    skjema.nummerer()
    return skjema


def vurderingsvalg() -> list[tuple[str, Any]]:
    return [(v, VURDERINGSNAVN[v]) for v in VURDERINGER]


def fagtypevalg() -> list[tuple[str, Any]]:
    return [(t, FAGTYPENAVN[t]) for t in FAGTYPER]
