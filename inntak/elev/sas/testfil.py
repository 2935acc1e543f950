"""Syntetiske SAS ↔ VIGO-filer for tester og ytelsesmåling (docs/sas.md §6).

``lag_testfil(antall_elever, fag_per_elev, seed)`` gir linjene i en gyldig fil, strømmende: én TOF-linje, og for
hver elev én ``$EL``, én ``$EK``, ``fag_per_elev`` ``$KL`` og for hver tiende elev én ``$VM``. Fødselsnumrene er
bare syntetiske: Test Norge-numre (måned + 80, som aldri tilhører en ekte person) og om lag én av hundre VIGO-fiktive
(dag + 40, løpenummer 99, fylkesnummeret til slutt). Filen leses derfor feilfritt med ``tillat_syntetiske=True``;
de fiktive gir en advarsel hver. Samme ``seed`` gir samme fil byte for byte.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

from stdnum.no import fodselsnummer as stdnum_fnr

from .format import VERSJON, Elev, Elevkurs, Kompetansebevislinje, Tof, Vitnemalsmerknad
from .skriv import skriv_post

__all__ = ["lag_testfil"]

FAGKODER = ["NOR1267", "NOR1268", "NOR1269", "ENG1007", "NAT1007", "SAK1001", "KRO1005", "REA3035", "ENG1009",
            "MAT1023", "ITK2002", "MAT1021", "HIS1010", "GEO1003", "REL1003", "KRO1017", "SPR3030", "REA3036"]  # fmt: skip
PROGRAMOMRADER = [
    "STUSP1----",
    "BABAT1----",
    "ELELE1----",
    "HSHSF1----",
    "STREA2----",
    "TPTIP1----",
    "IMIKM1----",
]
ETTERNAVN = [
    "Nordmann",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Berg",
    "Haugen",
]
FORNAVN = ["Kari", "Ola", "Ingrid", "Jonas", "Nora", "Emil", "Sara", "Filip", "Ella", "Noah", "Maja", "Aksel"]
KARAKTERER = ["2", "3", "3", "4", "4", "4", "5", "5", "6"]


def _syntetisk(dato: datetime.date, individ: int) -> str | None:
    base = f"{dato.day:02d}{dato.month + 80:02d}{dato.year % 100:02d}{individ:03d}"
    k1 = stdnum_fnr.calc_check_digit1(base)
    k2 = stdnum_fnr.calc_check_digit2(base + k1) if len(k1) == 1 else ""
    return base + k1 + k2 if len(k1) == 1 and len(k2) == 1 else None


def _fiktivt(dato: datetime.date, kjonn: int, fylke: str, lopenummer: int) -> str:
    return f"{dato.day + 40:02d}{dato.month:02d}{dato.year % 100:02d}{lopenummer:02d}{kjonn}{fylke}"


def lag_testfil(
    antall_elever: int,
    fag_per_elev: int,
    seed: int = 2026,
    *,
    fylke: str = "50",
    skolenr: str | None = None,
    skolear: str = "20252026",
    andel_fiktive: float = 0.01,
) -> Iterator[str]:
    """Linjene (med ``\\n``) i en gyldig, syntetisk fil. ``skolenr`` gir en fil for én skole (TOF felt 6)."""
    rng = random.Random(seed)
    forste = int(skolear[:4])
    skolestart = datetime.date(forste, 8, 18)
    skoler = [skolenr] if skolenr else [f"{fylke}{n:03d}" for n in range(10, 40)]
    fagkoder = FAGKODER + [f"FAG{n:04d}" for n in range(max(0, fag_per_elev - len(FAGKODER)))]
    brukt: set[str] = set()
    fiktive_lopenr: dict[tuple[datetime.date, int], int] = {}

    yield skriv_post(Tof(0, VERSJON, datetime.date(forste + 1, 6, 30), "Syntetisk testfil", fylke, skolenr,
                         f"testfil-{seed}")) + "\n"  # fmt: skip
    for elevnr in range(antall_elever):
        fodt = datetime.date(forste - 16, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 3))
        if rng.random() < andel_fiktive:
            kjonn = rng.randrange(10)
            lopenr = fiktive_lopenr.get((fodt, kjonn), 99)
            fiktive_lopenr[(fodt, kjonn)] = lopenr - 1
            fnr = _fiktivt(fodt, kjonn, fylke, lopenr)
            if lopenr < 90 or fnr in brukt:
                fnr = None
        else:
            fnr = None
        while fnr is None or fnr in brukt:
            fnr = _syntetisk(fodt, rng.randint(500, 999) if fodt.year >= 2000 else rng.randint(0, 499))
        brukt.add(fnr)
        navn = f"{rng.choice(ETTERNAVN)} {rng.choice(FORNAVN)}"
        yield skriv_post(Elev(0, fnr, navn, f"Testveien {rng.randint(1, 200)}", f"{rng.randint(7000, 7999)}",
                              "5001", "NOR" if rng.random() < 0.9 else None, None)) + "\n"  # fmt: skip
        skole = rng.choice(skoler)
        programomrade = rng.choice(PROGRAMOMRADER)
        sluttet = rng.random() < 0.03
        avbrudd = skolestart + datetime.timedelta(days=rng.randint(20, 200)) if sluttet else None
        voksen = rng.random() < 0.02
        yield skriv_post(Elevkurs(
            0, fnr, skolear, skole, programomrade, f"{programomrade[5]}{'ABCDEF'[elevnr % 6]}", skolestart, avbrudd,
            "FL" if sluttet else None, rng.random() < 0.02, None if sluttet else "VM", "S" if sluttet else "B",
            rng.randint(0, 12), rng.randint(0, 30), "G", "G" if rng.random() < 0.95 else "NG",
            "V" if voksen else None, voksen, "B" if rng.random() < 0.85 else "N", None, rng.randint(0, 20), False,
            rng.randint(0, 60), False if voksen else None,
        )) + "\n"  # fmt: skip
        nokkel = (fnr, skolear, skole, programomrade)
        for fagkode in rng.sample(fagkoder, fag_per_elev) if fag_per_elev <= len(fagkoder) else fagkoder:
            standpunkt = "IV" if rng.random() < 0.01 else rng.choice(KARAKTERER)
            eksamen = rng.random() < 0.15
            skriftlig = rng.choice(KARAKTERER) if eksamen and rng.random() < 0.6 else None
            muntlig = rng.choice(KARAKTERER) if eksamen and skriftlig is None else None
            yield skriv_post(Kompetansebevislinje(
                0, *nokkel, fagkode, rng.choice(KARAKTERER), None, None if sluttet else standpunkt, skriftlig,
                muntlig, None, "S" if skriftlig else "M" if muntlig else None, None, None, "S" if sluttet else "E",
                skolestart, avbrudd, None, "V", "FAM29" if rng.random() < 0.005 else None, None,
                None, None, None,
            )) + "\n"  # fmt: skip
        if elevnr % 10 == 0:
            yield skriv_post(Vitnemalsmerknad(0, *nokkel, "VMM01", "Fransk", None)) + "\n"
