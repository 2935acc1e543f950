"""Parser for det tabulatorseparerte formatet (årshjul 2017-2018).

Kolonner: Måned, Fra, Hva, Til, Kommentar. Månedsoverskriftene («August 2017») står
foran radene og gir året; tekst uten tabulator etter tabellen er tilleggsinformasjon og
fargeforklaring.
"""

from __future__ import annotations

from .datoer import tolk_datouttrykk, tolk_manedsoverskrift
from .modell import Datotype, IkkePlassert, ParseResultat, Tekstlinje
from .parser_felles import (
    FARGEKODE_HENVISNING,
    GJENTAKENDE_OVERSKRIFT_RE,
    Plasserer,
    bygg_hendelse,
    ferdigstill,
    finn_legendelinjer,
    finn_periode,
    finn_pr_dato,
    finn_skolear,
    rens,
)

FORMAT = "tsv"
KOLONNER = ("Måned", "Fra", "Hva", "Til", "Kommentar")


def parse_tsv(tekst: str, skolear: str | None = None) -> ParseResultat:
    """Én hendelse per datert rad; alt annet klassifiseres eller rapporteres som ikke plassert."""
    linjer = tekst.split("\n")
    skolear, tittel_linje = finn_skolear(linjer, skolear)
    periode = finn_periode([linje.split("\t")[0] for linje in linjer], skolear)
    resultat = ParseResultat(skolear=skolear, format=FORMAT, maneder=periode.maneder())
    plasserer = Plasserer(periode)
    siste_tabellinje = max((nr for nr, linje in enumerate(linjer, 1) if "\t" in linje), default=0)
    legende = finn_legendelinjer(linjer)
    overskrift: tuple[int, int] | None = None
    struktur = resultat.strukturlinjer

    for nr, ra in enumerate(linjer, start=1):
        if not ra.strip():
            continue
        if nr == tittel_linje:
            struktur[nr] = "tittel"
        elif nr in legende:
            struktur[nr] = "fargeforklaring"
        elif "\t" not in ra:
            _utenfor_tabell(resultat, nr, rens(ra), etter_tabell=nr > siste_tabellinje)
        else:
            celler = [rens(c) for c in ra.split("\t")]
            celler += [""] * (len(KOLONNER) - len(celler))
            forste, resten = celler[0], celler[1:]
            if tuple(celler[: len(KOLONNER)]) == KOLONNER:
                struktur[nr] = "kolonneoverskrift"
            elif (maned := tolk_manedsoverskrift(forste)) and not any(resten):
                struktur[nr] = "månedsoverskrift"
                overskrift = maned
                plasserer.markor = max(plasserer.markor, maned)
            elif GJENTAKENDE_OVERSKRIFT_RE.match(forste) and not any(resten):
                struktur[nr] = "månedsoverskrift"
                overskrift = None
            else:
                _les_rad(resultat, plasserer, nr, celler, overskrift)
    return ferdigstill(resultat)


def _les_rad(
    resultat: ParseResultat,
    plasserer: Plasserer,
    nr: int,
    celler: list[str],
    overskrift: tuple[int, int] | None,
) -> None:
    forste = celler[0]
    uttrykk = tolk_datouttrykk(forste)
    if uttrykk is None or uttrykk.slutt != len(forste):
        grunn = "Rad uten dato i første kolonne" if not forste else f"Ukjent datoformat «{forste}»"
        resultat.ikke_plassert.append(IkkePlassert(nr, rens(" ".join(celler)), grunn))
        return
    resultat.antall_daterte_rader += 1
    tid, grunn = plasserer.plasser(uttrykk, overskrift)
    if tid is None:
        resultat.ikke_plassert.append(IkkePlassert(nr, rens(" ".join(celler)), grunn or "Ukjent"))
        return
    if overskrift and tid.type in (Datotype.DATO, Datotype.PERIODE) and overskrift[1] != tid.start.month:
        resultat.advarsler.append(
            IkkePlassert(nr, forste, f"Raden står under overskriften {overskrift[1]:02d}.{overskrift[0]}")
        )
    fra, hva, til, kommentar = celler[1:5]
    if ekstra := [c for c in celler[len(KOLONNER) :] if c]:
        kommentar = " ".join([kommentar, *ekstra])
        resultat.advarsler.append(IkkePlassert(nr, forste, "Flere kolonner enn forventet – lagt i kommentar"))
    resultat.hendelser.append(bygg_hendelse(resultat.skolear, tid, fra, hva, til, kommentar, nr, nr))


def _utenfor_tabell(resultat: ParseResultat, nr: int, tekst: str, *, etter_tabell: bool) -> None:
    """Linjer uten tabulator: metadata og tilleggsinfo – eller ukjent tekst inne i tabellen."""
    if pr_dato := finn_pr_dato(tekst):
        resultat.per_dato = pr_dato
        resultat.strukturlinjer[nr] = "per-dato"
    elif tekst == FARGEKODE_HENVISNING:
        resultat.strukturlinjer[nr] = "henvisning"
    elif etter_tabell:
        resultat.tilleggsinfo.append(Tekstlinje(nr, tekst))
    else:
        resultat.ikke_plassert.append(IkkePlassert(nr, tekst, "Linje uten kolonner inne i tabellen"))
