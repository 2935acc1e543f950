"""Felles byggeklosser for de to kildeformatene: tekstvask, årsplassering og hendelsesbygging."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from .datoer import MANEDSNAVN, Arshjulsperiode, Datouttrykk, tolk_manedsoverskrift
from .jobbkoder import finn_jobbkoder, mistenkelige_koder
from .kategorier import LEGENDETEKSTER, bestem_type, kategoriser
from .modell import Datotype, Hendelse, IkkePlassert, ParseResultat, Tidspunkt

TITTEL_RE = re.compile(r"^ÅRSHJUL\s+VIGO OPPLÆRING,\s+skoleåret\s+(?P<skolear>\d{4}-\d{4})$")
PR_DATO_RE = re.compile(r"^Pr\.\s+(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<a>\d{4})$")
GJENTAKENDE_OVERSKRIFT_RE = re.compile(r"^Hver måned etter \d{1,2}\. \w+$")
FARGEKODE_HENVISNING = "Fargekoder se i slutten av dokumentet."
LEGENDE_OVERSKRIFT = "FARGEKODER:"
RRULE_MANEDLIG = "FREQ=MONTHLY;COUNT=12"
"""«En gang pr. måned»: tolv forekomster dekker et helt skoleår fra startdatoen."""


def rens(tekst: str) -> str:
    """Fjerner HTML-rester («<i>…</i>») og slår sammen linjer og mellomrom.

    Orddeling på linjeslutt («2021-⏎2022», «OT-⏎status») limes uten mellomrom.
    """
    tekst = re.sub(r"</?[a-zA-Z]+>", "", tekst)
    tekst = re.sub(r"(?<=[\w.])-[ \t]*\n\s*", "-", tekst)
    return re.sub(r"\s+", " ", tekst).strip()


def finn_legendelinjer(linjer: list[str]) -> set[int]:
    """Linjenumrene i FARGEKODER-forklaringen.

    Forklaringen er den sammenhengende blokken (blanke linjer og overskrifter kan stå
    imellom) av kjente legendetekster rundt «FARGEKODER:». «Lånekassen» alene er jo
    også en vanlig mottaker inne i tabellen, så tekstene godtas bare her.
    """
    tekster = [rens(linje.replace("\t", " ")) for linje in linjer]
    if LEGENDE_OVERSKRIFT not in tekster:
        return set()
    midt = tekster.index(LEGENDE_OVERSKRIFT)

    def hoppes_over(t: str) -> bool:
        return not t or bool(tolk_manedsoverskrift(t) or GJENTAKENDE_OVERSKRIFT_RE.match(t))

    funnet = {midt + 1}
    for retning in (-1, 1):
        i = midt + retning
        while 0 <= i < len(tekster) and (hoppes_over(tekster[i]) or tekster[i] in LEGENDETEKSTER):
            if tekster[i] in LEGENDETEKSTER:
                funnet.add(i + 1)
            i += retning
    return funnet


def finn_skolear(linjer: list[str], skolear: str | None) -> tuple[str, int | None]:
    """Skoleåret fra dokumenttittelen; et avvikende ``skolear``-argument er en feil, ikke et valg."""
    for nr, linje in enumerate(linjer, start=1):
        if m := TITTEL_RE.match(rens(linje)):
            if skolear and skolear != m["skolear"]:
                raise ValueError(f"Dokumentet gjelder skoleåret {m['skolear']}, ikke {skolear} (linje {nr})")
            return m["skolear"], nr
    if not skolear:
        raise ValueError("Fant ikke skoleåret i dokumentet; oppgi skolear=«ÅÅÅÅ-ÅÅÅÅ»")
    return skolear, None


def finn_periode(linjer: list[str], skolear: str) -> Arshjulsperiode:
    """Hjulets første og siste måned fra månedsoverskriftene (reserve: juli–august)."""
    maneder = [m for linje in linjer if (m := tolk_manedsoverskrift(rens(linje)))]
    if not maneder:
        return Arshjulsperiode.fra_skolear(skolear)
    return Arshjulsperiode(min(maneder), max(maneder))


def finn_pr_dato(tekst: str) -> date | None:
    if m := PR_DATO_RE.match(tekst):
        return date(int(m["a"]), int(m["m"]), int(m["d"]))
    return None


class Plasserer:
    """Gir datouttrykk uten år et år, og husker rekkefølgen (markøren) for tvetydige måneder.

    Markøren flyttes bare av datoer og perioder: ukerader står i ferieblokker som ikke
    følger kronologien (f.eks. «Uke 10» før «01.feb»).
    """

    def __init__(self, periode: Arshjulsperiode) -> None:
        self.periode = periode
        self.markor = periode.forste

    def plasser(
        self, u: Datouttrykk, overskrift: tuple[int, int] | None = None
    ) -> tuple[Tidspunkt | None, str | None]:
        """(tidspunkt, None) ved suksess, (None, grunn) når raden ikke kan plasseres sikkert."""
        if u.type is Datotype.UKE:
            ar = self.periode.velg_iso_ar(u.uker[0], self.markor)
            if ar is None:
                return None, f"Uke {u.uker[0]} kan ikke plasseres entydig i årshjulet"
            uker = u.uker
            neste_mandag = date.fromisocalendar(ar, uker[0], 1) + timedelta(weeks=1)
            if len(uker) == 2 and neste_mandag.isocalendar().week != uker[1]:
                return None, f"Ukene {uker[0]}/{uker[1]} henger ikke sammen"
            return Tidspunkt.uke(ar, uker, u.tekst), None
        if u.type is Datotype.GJENTAKENDE:
            ar = self.periode.velg_ar(u.maned, self.periode.forste)
            if ar is None:
                return None, "Gjentakelsens startmåned finnes ikke i årshjulet"
            start, feil = _lag_dato(ar, u.maned, u.dag)
            if start is None:
                return None, feil
            regeltekst = f"En gang pr. måned etter {start.day}. {_mnd(start)} {start.year}"
            return Tidspunkt.gjentakende(start, RRULE_MANEDLIG, u.tekst, regeltekst), None
        if overskrift and overskrift[1] == u.maned:
            ar = overskrift[0]
        else:
            ar = self.periode.velg_ar(u.maned, self.markor)
        if ar is None:
            return None, f"Måned {MANEDSNAVN[u.maned - 1]} finnes ikke entydig i årshjulet {self.periode}"
        start, feil = _lag_dato(ar, u.maned, u.dag)
        if start is None:
            return None, feil
        self.markor = max(self.markor, (start.year, start.month))
        if u.type is Datotype.DATO:
            return Tidspunkt.dato(start, u.tekst), None
        slutt, feil = _lag_dato(ar if u.maned2 >= u.maned else ar + 1, u.maned2, u.dag2)
        if slutt is None or slutt < start:
            return None, feil or "Perioden slutter før den starter"
        return Tidspunkt.periode(start, slutt, u.tekst), None


def _lag_dato(ar: int, maned: int, dag: int) -> tuple[date | None, str | None]:
    try:
        return date(ar, maned, dag), None
    except ValueError:
        return None, f"Ugyldig dato: {dag}.{maned}.{ar}"


def _mnd(d: date) -> str:
    return MANEDSNAVN[d.month - 1]


def bygg_hendelse(
    skolear: str,
    tid: Tidspunkt,
    fra: str,
    hva: str,
    til: str,
    kommentar: str,
    linje_fra: int,
    linje_til: int,
) -> Hendelse:
    """Renser feltene og avleder kategori, type og jobbkoder med regeltabellene."""
    fra, hva, til, kommentar = (rens(x) for x in (fra, hva, til, kommentar))
    kategori, kategori_regel = kategoriser(fra, hva, til, kommentar, tid.type)
    type_, type_regel = bestem_type(fra, hva, til, kommentar, tid.type)
    return Hendelse(
        skolear=skolear,
        tid=tid,
        fra=fra,
        hva=hva,
        til=til,
        kommentar=kommentar,
        kategori=kategori,
        kategori_regel=kategori_regel,
        type=type_,
        type_regel=type_regel,
        jobbkoder=finn_jobbkoder(hva, kommentar),
        linje_fra=linje_fra,
        linje_til=linje_til,
    )


def ferdigstill(resultat: ParseResultat) -> ParseResultat:
    """Nummererer eksakte duplikater (stabil nøkkel) og varsler om mistenkelige jobbkoder."""
    sett: dict[str, int] = {}
    hendelser = []
    for h in resultat.hendelser:
        grunnlag = h.nokkel
        sett[grunnlag] = sett.get(grunnlag, 0) + 1
        if sett[grunnlag] > 1:
            h = replace(h, forekomst=sett[grunnlag])
            resultat.advarsler.append(
                IkkePlassert(h.linje_fra, h.hva, f"Duplikat av tidligere rad – forekomst {h.forekomst}")
            )
        for kode in mistenkelige_koder(h.hva, h.kommentar):
            resultat.advarsler.append(
                IkkePlassert(
                    h.linje_fra, kode, f"«{kode}» ligner en jobbkode, men har feil format – ikke tatt med"
                )
            )
        hendelser.append(h)
    resultat.hendelser = hendelser
    resultat.ikke_plassert.sort(key=lambda x: x.linje)
    resultat.advarsler.sort(key=lambda x: x.linje)
    return resultat
