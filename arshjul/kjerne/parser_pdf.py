"""Parser for tekst hentet ut av PDF (årshjul 2022-2023).

PDF-uttrekket har mistet kolonnene: en rad brytes over mange linjer, og sidetopp og
månedsoverskrifter havner *etter* radene på siden. Derfor:

* en rad starter på en linje som begynner med et datouttrykk («03.jul», «uke 40»,
  «Uke 31/32», «19.jun ⏎ til ⏎ 21.jun», «En gang ⏎ pr. måned ⏎ etter ⏎ 1.sept») og
  varer til neste rad; sidetopp, overskrifter og fargeforklaring hoppes over;
* året bestemmes av hjulets måneder og radenes rekkefølge (``Plasserer``);
* kolonnene gjenvinnes heuristisk: kjente avsendere i starten (Fra), første kjente
  mottaker på linjestart eller etter punktum (Til), og resten deles i Hva og Kommentar.
  Ordlistene under er det som må utvides når nye aktører dukker opp.
"""

from __future__ import annotations

import re

from .datoer import DATO_START_RE, GJENTAKENDE_START_RE, UKE_START_RE, tolk_datouttrykk, tolk_manedsoverskrift
from .modell import IkkePlassert, ParseResultat, Tekstlinje
from .parser_felles import (
    FARGEKODE_HENVISNING,
    GJENTAKENDE_OVERSKRIFT_RE,
    TITTEL_RE,
    Plasserer,
    bygg_hendelse,
    ferdigstill,
    finn_legendelinjer,
    finn_periode,
    finn_pr_dato,
    finn_skolear,
    rens,
)

FORMAT = "pdf-tekst"
KOLONNEOVERSKRIFT_RE = re.compile(r"^Måned\s+Fra\s+Hva\s+Til\s+Kommentar$")
TILLEGGSINFO_START_RE = re.compile(r"^(?:Rutiner for |Fil til Rambøll )")
"""Overskriftene i «info i slutten av dokumentet»; herfra er udatert tekst tilleggsinfo."""

_AKTOR = r"""(?:
    VIGO(?:\s+Sentralbasen|\s+Web)?\s*\((?:IST|Inntakskontoret|Inntak|Inntrak|Fagopplæring)\)
  | Vigo\s*\(IST\)
  | VIGO\s+OT-ansvarlig\s+i\s+fylket
  | Udir\s*\((?:WIS|inkl\s+SSB)\)
  | Fylkesansvarlig\s+SAS
  | Fylkesansvarlig\s+for\s+VIGO\s+Voksen
  | vilbli\.no\s*\(Fagbokforlaget\)
  | Grunnskolene | Skolene | Fylkesmennene | Fylkene | Privatistkontoret | Inntakskontorene | SSB
)(?!\w)"""
FRA_RE = re.compile(rf"{_AKTOR}(?:\s*/?\s*{_AKTOR})*", re.VERBOSE)
"""Avsender(e) i starten av raden, evt. flere skilt med mellomrom eller «/»."""

TIL_RE = re.compile(
    r"""(?:
    Forsvarets\s+personell-\s*og\s+vernepliktssenter\s*\(FPVS\)
  | Udir\s*\((?:inkl\s+SSB|WIS)\) | Udir
  | VIGO\s*\((?:IST|Inntak)\) | Vigo\s*\(IST\)
  | VIGO\s+OT(?![\w-]) | VIGO\s+Kodeverks-\s*gruppe
  | vilbli\.no\s*\(Fagbokforlaget\)
  | Lånekassen | Rambøll | Conexus | Evry | Every | Digdir | Bring\s+og\s+SSB
)(?=\s*$|[ \t]*\n|\s+[A-ZÆØÅ«"0-9])""",
    re.VERBOSE,
)
"""Mottaker: godtas bare på linjestart eller rett etter punktum/parentes (se ``finn_til``)."""

KOMMENTAR_START_RE = re.compile(
    r"""(?<=\s)(?:
    Rapport\s+(?:i\s+VIGO|\d[A-Z]\d{3}) | Se\s+(?:også|info|Forskrift|\d) | Husk\s+(?:evt\.|å)
  | \d[A-Z]\d{3}(?:,|\s+Klasseordning) | Med\s+forbehold | Etter\s+(?:at|fristen|denne|dette)
  | Jobben\s | Fylkene\s+(?:bestemmer|bidrar) | Fylket\s+avgjør | Gjelder\s+data
  | Automatisk\s+overføring | Benytt\s | Dato\s+for\s+uttrekket | Kan\s+(?:også|bli)
  | Grunnlag\s+for | IST\s+henter | Blir\s+(?:ikke|lagt) | Filene?\s+(?:blir|sendes)
  | Gir\s+deler | Skolenes\s+pålogging | NB!
)""",
    re.VERBOSE,
)
"""Typiske åpninger av Kommentar-kolonnen; brukes bare når raden mangler mottaker."""


def er_radstart(linje: str) -> bool:
    return bool(DATO_START_RE.match(linje) or UKE_START_RE.match(linje) or GJENTAKENDE_START_RE.match(linje))


def parse_pdf_tekst(tekst: str, skolear: str | None = None) -> ParseResultat:
    """Én hendelse per datert rad; alt annet klassifiseres eller rapporteres som ikke plassert."""
    linjer = [linje.strip() for linje in tekst.split("\n")]
    skolear, _ = finn_skolear(linjer, skolear)
    periode = finn_periode(linjer, skolear)
    resultat = ParseResultat(skolear=skolear, format=FORMAT, maneder=periode.maneder())
    legende = finn_legendelinjer(linjer)
    blokker: list[list[tuple[int, str]]] = []
    i_tilleggsinfo = False

    for nr, linje in enumerate(linjer, start=1):
        if not linje:
            continue
        if struktur := _strukturtype(linje, nr in legende):
            resultat.strukturlinjer[nr] = struktur
            resultat.per_dato = finn_pr_dato(linje) or resultat.per_dato
        elif er_radstart(linje) and not _fortsetter_datouttrykk(blokker, i_tilleggsinfo):
            blokker.append([(nr, linje)])
            i_tilleggsinfo = False
        elif TILLEGGSINFO_START_RE.match(linje) or i_tilleggsinfo:
            i_tilleggsinfo = True
            resultat.tilleggsinfo.append(Tekstlinje(nr, linje))
        elif blokker:
            blokker[-1].append((nr, linje))
        else:
            resultat.ikke_plassert.append(IkkePlassert(nr, linje, "Tekst før første daterte rad"))

    plasserer = Plasserer(periode)
    for blokk in blokker:
        _les_blokk(resultat, plasserer, blokk)
    return ferdigstill(resultat)


_UFULLSTENDIG_DATO_RE = re.compile(r"\d{1,2}\.\w+\s+til|En\s+gang(?:\s+pr\.\s*måned)?(?:\s+etter)?")


def _strukturtype(linje: str, i_legenden: bool) -> str | None:
    """Sidetopp, overskrifter og fargeforklaring – står hvor som helst i PDF-teksten."""
    if i_legenden:
        return "fargeforklaring"
    if TITTEL_RE.match(linje):
        return "sidetopp"
    if tolk_manedsoverskrift(linje) or GJENTAKENDE_OVERSKRIFT_RE.match(linje):
        return "månedsoverskrift"
    if KOLONNEOVERSKRIFT_RE.match(linje):
        return "kolonneoverskrift"
    if linje == FARGEKODE_HENVISNING:
        return "henvisning"
    if finn_pr_dato(linje):
        return "per-dato"
    return None


def _fortsetter_datouttrykk(blokker: list[list[tuple[int, str]]], i_tilleggsinfo: bool) -> bool:
    """«19.jun ⏎ til ⏎ 21.jun», «En gang ⏎ … ⏎ 1.sept»: datoen fullfører raden som er påbegynt."""
    if not blokker or i_tilleggsinfo:
        return False
    tekst = " ".join(linje for _, linje in blokker[-1])
    return bool(_UFULLSTENDIG_DATO_RE.fullmatch(tekst))


def _les_blokk(resultat: ParseResultat, plasserer: Plasserer, blokk: list[tuple[int, str]]) -> None:
    forste_nr, siste_nr = blokk[0][0], blokk[-1][0]
    tekst = "\n".join(linje for _, linje in blokk)
    resultat.antall_daterte_rader += 1
    uttrykk = tolk_datouttrykk(tekst)
    if uttrykk is None:
        resultat.ikke_plassert.append(IkkePlassert(forste_nr, rens(tekst), "Kunne ikke tolke datouttrykket"))
        return
    tid, grunn = plasserer.plasser(uttrykk)
    if tid is None:
        resultat.ikke_plassert.append(IkkePlassert(forste_nr, rens(tekst), grunn or "Ukjent"))
        return
    fra, hva, til, kommentar = del_kolonner(tekst[uttrykk.slutt :])
    if not hva:
        resultat.advarsler.append(IkkePlassert(forste_nr, rens(tekst), "Fant ingen Hva-tekst"))
    resultat.hendelser.append(
        bygg_hendelse(resultat.skolear, tid, fra, hva, til, kommentar, forste_nr, siste_nr)
    )


def finn_til(tekst: str) -> re.Match[str] | None:
    """Første mottaker på linjestart eller etter «. »/«) » – aldri midt i en setning."""
    for m in TIL_RE.finditer(tekst):
        for_ = tekst[: m.start()]
        if m.start() > 0 and (for_.endswith("\n") or re.search(r"[.)][ \t]+$", for_)):
            return m
    return None


def del_kolonner(rest: str) -> tuple[str, str, str, str]:
    """(fra, hva, til, kommentar) fra radteksten etter datoen – se moduldokumentasjonen."""
    rest = rest.strip()
    fra = ""
    if m := FRA_RE.match(rest):
        fra, rest = m.group(), rest[m.end() :].strip()
    if m := finn_til(rest):
        return fra, rest[: m.start()], m.group(), rest[m.end() :]
    if m := KOMMENTAR_START_RE.search(rest):
        return fra, rest[: m.start()], "", rest[m.start() :]
    return fra, rest, "", ""
