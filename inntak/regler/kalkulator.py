"""JSON-kontrakten for poengkalkulatoren, felles for CLI og offentlig REST-API.

Hvorfor egen modul: API-et og kommandolinjen skal validere og svare likt, med norske feilmeldinger per felt
(``{"karakterer[3].karakter": ["Ugyldig karakter «7». …"]}``), uten at beregningen kjenner til HTTP.

Forespørsel::

    {"niva": "VG1", "regelsett": "2024-2025"?, "avrunding": "A"|"B"?,
     "karakterer": [{"fag": "NOR0214", "vurdering": "standpunkt", "karakter": "4",
                     "fagtype": null?, "dokumentert_fravaer": false?, "trinn": null?,
                     "privatist": false?, "program": null?}]}

``avrunding`` «B» finnes bare i regelsett etter forskriften fra 2006 (til og med 2024-2025); for senere
skoleår avvises den med en norsk melding på feltet ``avrunding`` (opplæringsforskrifta § 4-19 første ledd
bokstav a). ``privatist`` (§ 4-25 første ledd bokstav e) og ``program`` (§ 4-25 første ledd bokstav f)
gjelder vgs-karakterer ved inntak til Vg2/Vg3: samme fag, vurdering og trinn kan da stå både som skole- og
privatistresultat, eller i flere program, og det beste teller. ``GK`` som karakter er et fag godkjent gjennom
realkompetansevurdering (§ 4-19 andre ledd, § 4-20 første ledd bokstav d). Se ``inntak.regler.poeng``.

Svar: ``resultat_til_json``. Desimaltall er tekst med nøyaktig to desimaler («45.60»); ``poeng`` og
``gjennomsnitt`` er ``null`` ved individuell behandling.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from .desimal import som_tekst
from .karakterer import (
    FagtypeOppslag,
    Karakter,
    Valideringsfeil,
    bestem_fagtype,
    kontroller_mot_niva,
    normaliser_fag,
    normaliser_fagtype,
    normaliser_karakter,
    normaliser_niva,
    normaliser_program,
    normaliser_trinn,
    normaliser_vurdering,
)
from .poeng import Resultat, TeltKarakter, beregn_poeng
from .regelsett import AVRUNDINGER, UkjentRegelsett, hent_regelsett

MAKS_KARAKTERER = 200
"""Øvre grense per forespørsel (et vitnemål har om lag 20 karakterer); vern for det offentlige API-et."""
GENERELL_FEIL = "non_field_errors"
TOPPFELT: tuple[str, ...] = ("niva", "regelsett", "avrunding", "karakterer")
KARAKTERFELT: tuple[str, ...] = (
    "fag",
    "vurdering",
    "karakter",
    "fagtype",
    "dokumentert_fravaer",
    "trinn",
    "privatist",
    "program",
)
_PAKREVD = "Feltet er påkrevd."


class UgyldigForesporsel(ValueError):
    """Forespørselen har feil; ``feil`` er ``{felt: [meldinger]}`` klar til å sendes som HTTP 400."""

    def __init__(self, feil: dict[str, list[str]]) -> None:
        super().__init__(json.dumps(feil, ensure_ascii=False))
        self.feil = feil


@dataclass(frozen=True)
class Foresporsel:
    """En validert forespørsel; ``regelsett`` er den oppløste id-en og ``avrunding`` lesemåten som brukes."""

    niva: str
    karakterer: tuple[Karakter, ...]
    regelsett: str
    avrunding: str


def _valider_karakter(
    i: int, rad: object, legg: Callable[[str, str], None], oppslag: FagtypeOppslag | None
) -> Karakter | None:
    """Valider én karakterrad felt for felt og legg feilene til med prefikset «karakterer[i]»."""
    prefiks = f"karakterer[{i}]"
    if not isinstance(rad, Mapping):
        legg(prefiks, "Må være et objekt.")
        return None
    ok = True
    for navn in rad:
        if navn not in KARAKTERFELT:
            legg(f"{prefiks}.{navn}", f"Ukjent felt. Gyldige felt: {', '.join(KARAKTERFELT)}.")
            ok = False
    normaliserere = {
        "fag": normaliser_fag,
        "vurdering": normaliser_vurdering,
        "karakter": normaliser_karakter,
        "fagtype": normaliser_fagtype,
        "trinn": normaliser_trinn,
        "program": normaliser_program,
    }
    verdier: dict[str, Any] = {}
    for navn, normaliser in normaliserere.items():
        if navn in ("fag", "vurdering", "karakter") and rad.get(navn) is None:
            legg(f"{prefiks}.{navn}", _PAKREVD)
            ok = False
            continue
        try:
            verdier[navn] = normaliser(rad.get(navn))
        except Valideringsfeil as feil:
            legg(f"{prefiks}.{navn}", feil.melding)
            ok = False
    flagg: dict[str, bool] = {}
    for navn in ("dokumentert_fravaer", "privatist"):
        verdi = rad.get(navn, False)
        if verdi is None:
            verdi = False
        if not isinstance(verdi, bool):
            legg(f"{prefiks}.{navn}", "Må være true eller false.")
            ok = False
        flagg[navn] = verdi
    if not ok:
        return None
    try:
        karakter = Karakter(**flagg, **verdier)
        bestem_fagtype(karakter, oppslag)
    except Valideringsfeil as feil:
        legg(f"{prefiks}.{feil.felt}", feil.melding)
        return None
    return karakter


def valider_foresporsel(
    data: object, fagtype_oppslag: FagtypeOppslag | None = None
) -> tuple[Foresporsel | None, dict[str, list[str]]]:
    """Valider en dekodet JSON-forespørsel. Gir ``(forespørsel, {})`` eller ``(None, {felt: [meldinger]})``.

    Alle feil samles, slik at brukeren ser alt som må rettes på én gang.
    """
    if not isinstance(data, Mapping):
        return None, {GENERELL_FEIL: ["Forespørselen må være et JSON-objekt."]}
    feil: dict[str, list[str]] = {}

    def legg(felt: str, melding: str) -> None:
        feil.setdefault(felt, []).append(melding)

    for navn in data:
        if navn not in TOPPFELT:
            legg(str(navn), f"Ukjent felt. Gyldige felt: {', '.join(TOPPFELT)}.")

    niva = None
    if data.get("niva") is None:
        legg("niva", _PAKREVD)
    else:
        try:
            niva = normaliser_niva(data["niva"])
        except Valideringsfeil as f:
            legg("niva", f.melding)

    regelsett = None
    onsket = data.get("regelsett")
    if onsket is not None and (not isinstance(onsket, str | int) or isinstance(onsket, bool)):
        legg("regelsett", "Må være en tekst, f.eks. «2024-2025».")
    else:
        try:
            regelsett = hent_regelsett(onsket)
        except UkjentRegelsett as f:
            legg("regelsett", str(f))

    avrunding = data.get("avrunding")
    if avrunding is not None:
        if not isinstance(avrunding, str) or avrunding.strip().upper() not in AVRUNDINGER:
            legg("avrunding", f"Ugyldig avrunding «{avrunding}». Gyldige verdier: {', '.join(AVRUNDINGER)}.")
            avrunding = None
        else:
            avrunding = avrunding.strip().upper()
            if regelsett is not None:
                try:
                    regelsett.med_avrunding(avrunding)
                except ValueError as f:  # B after the new forskrift: refused, with the reason
                    legg("avrunding", str(f))

    karakterer: list[Karakter] = []
    rader = data.get("karakterer")
    if rader is None:
        legg("karakterer", _PAKREVD)
    elif not isinstance(rader, Sequence) or isinstance(rader, str | bytes):
        legg("karakterer", "Må være en liste.")
    elif len(rader) > MAKS_KARAKTERER:
        legg("karakterer", f"Høyst {MAKS_KARAKTERER} karakterer per forespørsel.")
    else:
        for i, rad in enumerate(rader):
            karakter = _valider_karakter(i, rad, legg, fagtype_oppslag)
            if karakter is not None:
                karakterer.append(karakter)
        if len(karakterer) == len(rader) and niva is not None and regelsett is not None:
            for i, felt, melding in kontroller_mot_niva(
                karakterer, niva, vg3_kun_vg2=regelsett.vg3_kun_vg2, ny_forskrift=regelsett.ny_forskrift
            ):
                legg(f"karakterer[{i}].{felt}", melding)

    if feil or niva is None or regelsett is None:
        return None, feil
    return Foresporsel(niva, tuple(karakterer), regelsett.id, avrunding or regelsett.avrunding), {}


def _desimal(verdi: Decimal | None) -> str | None:
    return None if verdi is None else som_tekst(verdi)


def _telt_json(t: TeltKarakter) -> dict[str, Any]:
    return {
        "fag": t.fag,
        "vurdering": t.vurdering,
        "karakter": t.karakter,
        "trinn": t.trinn,
        "privatist": t.privatist,
        "program": t.program,
        "verdi": som_tekst(t.verdi),
        "merknad": t.merknad,
        "deler": [_telt_json(d) for d in t.deler],
    }


def resultat_til_json(resultat: Resultat) -> dict[str, Any]:
    """Svarformatet i API-et; alt er JSON-serialiserbart (ingen ``Decimal``)."""
    return {
        "poeng": _desimal(resultat.poeng),
        "gjennomsnitt": _desimal(resultat.gjennomsnitt),
        "sum": som_tekst(resultat.sum_karakterer),
        "antall_karakterer": resultat.antall_karakterer,
        "antall_fag": resultat.antall_fag,
        "antall_fag_med_karakter": resultat.antall_fag_med_karakter,
        "telte": [_telt_json(t) for t in resultat.telte],
        "utelatt": [
            {
                "fag": u.fag,
                "vurdering": u.vurdering,
                "karakter": u.karakter,
                "trinn": u.trinn,
                "privatist": u.privatist,
                "program": u.program,
                "grunn": u.grunn,
                "hjemmel": u.hjemmel,
            }
            for u in resultat.utelatt
        ],
        "individuell_behandling": resultat.individuell_behandling,
        "regelsett": resultat.regelsett,
        "avrunding": resultat.avrunding,
        "niva": resultat.niva,
        "forklaring": list(resultat.forklaring),
    }


def beregn_fra_json(data: object, fagtype_oppslag: FagtypeOppslag | None = None) -> dict[str, Any]:
    """Valider og beregn. Ugyldig forespørsel gir ``UgyldigForesporsel`` med feil per felt."""
    foresporsel, feil = valider_foresporsel(data, fagtype_oppslag)
    if foresporsel is None:
        raise UgyldigForesporsel(feil)
    resultat = beregn_poeng(
        foresporsel.karakterer,
        foresporsel.niva,
        regelsett=foresporsel.regelsett,
        avrunding=foresporsel.avrunding,
        fagtype_oppslag=fagtype_oppslag,
    )
    return resultat_til_json(resultat)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """``python -m inntak.regler [fil.json] [--forklaring]``: 0 = beregnet, 1 = ugyldig forespørsel, 2 = ikke JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m inntak.regler", description="Beregn inntakspoeng fra JSON."
    )
    parser.add_argument("fil", nargs="?", default="-", help="JSON-fil med forespørselen («-» = standard inn)")
    parser.add_argument(
        "--forklaring", action="store_true", help="skriv forklaringen som tekst i stedet for JSON"
    )
    args = parser.parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        if args.fil == "-":
            data = json.load(stdin)
        else:
            with open(args.fil, encoding="utf-8") as fil:
                data = json.load(fil)
    except (OSError, json.JSONDecodeError) as feil:
        print(json.dumps({GENERELL_FEIL: [f"Kunne ikke lese JSON: {feil}"]}, ensure_ascii=False), file=stdout)
        return 2
    try:
        svar = beregn_fra_json(data)
    except UgyldigForesporsel as feil:
        print(json.dumps(feil.feil, ensure_ascii=False, indent=2), file=stdout)
        return 1
    if args.forklaring:
        print("\n".join(svar["forklaring"]), file=stdout)
    else:
        print(json.dumps(svar, ensure_ascii=False, indent=2), file=stdout)
    return 0
