"""Elevstatus (B08) per elevkurs etter «Regler for beregning av elevstatus i VIGO» (Registreringshåndboken,
Vedlegg 1, 31.05.2010): start øverst og stopp ved første regel som treffer (docs/elev.md §2).

Rammeverksfri og ren: :func:`elevstatus` er en ren funksjon av :class:`Elevkurs` og :class:`Elevstatusregler`.

Kildeteksten stopper midt i regel 8 («… any N → E; …»). Resten av regel 8 er en navngitt lesemåte
(``Elevstatusregler.regel8_fortsettelse``), med den anbefalte som standard, og vises i forklaringen
(docs/elev.md §2.10).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .kilde import linje

__all__ = [
    "ELEVSTATUS",
    "FAGSTATUS",
    "KATEGORIER_K",
    "KATEGORIER_L",
    "REFORMER",
    "Elevkurs",
    "Elevstatusregler",
    "elevstatus",
]

# Elevstatus (B08), 05.05.2022 og 15.04.2011 (docs/elev.md §2.1).
ELEV = "E"
SPESIALUNDERVISNING = "A"
DELTID = "D"
UTVEKSLING_INN = "U"
UTVEKSLING_UT = "I"
FAGOPPLAERING_I_SKOLE = "M"
PRIVATIST = "P"
VOKSEN = "V"
OPPDRAG = "O"
SLUTTET = "S"
LAERLING = "L"
LAEREKANDIDAT = "K"
UKJENT = "X"
H = "H"

ELEVSTATUS: dict[str, str] = {
    ELEV: "Elev",
    SPESIALUNDERVISNING: "Spesialundervisning / individuell opplæringsplan",
    DELTID: "Deltidselev",
    UTVEKSLING_INN: "Utenlandsk utvekslingselev i Norge",
    UTVEKSLING_UT: "Norsk utvekslingselev i utlandet",
    FAGOPPLAERING_I_SKOLE: "Fagopplæring i skole",
    PRIVATIST: "Privatist",
    VOKSEN: "Voksen",
    OPPDRAG: "Oppdragsundervisning",
    SLUTTET: "Avbrutt hele programområdet",
    LAERLING: "Lærling i programområdet",
    LAEREKANDIDAT: "Lærekandidat i programområdet",
    UKJENT: "X (brukes av beregningsreglene; betydningen er ikke verifisert)",
    H: "H (brukes av beregningsreglene; betydningen er ikke verifisert)",
}
"""Elevstatuskodene med norske navn (docs/elev.md §2.1)."""

FAGSTATUS: dict[str, str] = {
    "E": "Elev",
    "A": "Individuelt tilrettelagt opplæring",
    "B": "Mer opplæring",
    "N": "Nettundervisning",
    "U": "Utenlandsk utvekslingselev i Norge",
    "V": "Voksen",
    "O": "Oppdragsundervisning",
    "S": "Sluttet i faget",
    "F": "Fritatt",
    "P": "Privatist",
    "R": "Realkompetansevurdert",
    "M": "Fagopplæring i skole",
    "G": "Godkjent",
    "H": "H (betydningen er ikke verifisert)",
    "I": "I (betydningen er ikke verifisert)",
}
"""Fagstatus (B07) slik SAS-importen godtar dem, pluss H og I som Vedlegg 1 bruker (docs/elev.md §2.1)."""

REFORMER: dict[str, str] = {
    "R94": "Reform 94",
    "KL": "Kunnskapsløftet",
    "LK20": "Kunnskapsløftet 2020 (fagfornyelsen)",
}
"""Reformen elevkurset hører til. LK20 leses som Kunnskapsløftet i regel 4 (docs/elev.md §2.6)."""

KATEGORIER_L = ("--", "G-", "G1", "G2", "V-", "F")
KATEGORIER_K = ("I-", "K-", "K1", "K2", "H")

# Regel 6: bare én fagstatus (docs/elev.md §2.8).
_BARE_EN: dict[str, str] = {
    "E": ELEV,
    "F": ELEV,
    "N": ELEV,
    "A": SPESIALUNDERVISNING,
    "U": UTVEKSLING_INN,
    "P": PRIVATIST,
    "V": VOKSEN,
    "R": VOKSEN,
    "O": OPPDRAG,
    "S": SLUTTET,
    "H": H,
    "I": UTVEKSLING_UT,
}
# Regel 7: bestemte kombinasjoner (docs/elev.md §2.9).
_KOMBINASJONER: dict[frozenset[str], str] = {
    frozenset("FP"): PRIVATIST,
    frozenset("SF"): SLUTTET,
    frozenset("SP"): PRIVATIST,
    frozenset("SFP"): PRIVATIST,
}
_IGNORERES_I_REGEL_8 = frozenset("SFP")
_E_KOMBINASJON = frozenset("EFGNOP")  # B08 (2022): «E … eller en kombinasjon av E, F, G, N, O, P»

Regel8 = Literal["b08", "x"]
REGEL8_BESKRIVELSE: dict[str, str] = {
    "b08": "resten av regel 8 følger kodedefinisjonene i B08 (2022): én gjenværende status gir koden fra regel 6, "
    "V eller R gir V, M gir M, en kombinasjon av G, N og O gir E, ellers X",
    "x": "alt som ikke treffes av A, E eller N i regel 8, gir X",
}


@dataclass(frozen=True)
class Elevkurs:
    """Det elevstatusreglene ser av ett elevkurs.

    ``fagstatuser`` er fagstatusen (B07) på hver karakterlinje (elevfag) på kurset; en tom tuppel betyr at kurset
    ikke har karakterlinjer. ``skolenummer`` er VIGO-skolenummeret (5 sifre); ``reform`` er en nøkkel i
    :data:`REFORMER`; ``kategori`` er kategorikoden fra programområdekoden (f.eks. ``--``, ``G1``, ``K-``).
    """

    fagstatuser: tuple[str, ...] = ()
    manuell: str | None = None
    sluttdato: datetime.date | None = None
    voksen: bool = False
    skolenummer: str | None = None
    reform: str | None = None
    kategori: str | None = None


@dataclass(frozen=True)
class Elevstatusregler:
    """Regelsettet for elevstatus. Vedlegg 1 (2010) er det eneste kjente; det gjelder alle skoleår til en nyere
    versjon er lest. ``regel8_fortsettelse`` er lesemåten for den delen av regel 8 som mangler i kilden."""

    id: str = "vedlegg1-2010"
    regel8_fortsettelse: Regel8 = "b08"


STANDARD = Elevstatusregler()


def _navn(kode: str) -> str:
    return f"{kode} ({ELEVSTATUS.get(kode, 'ukjent kode')})"


def _statuser(fagstatuser: Sequence[str]) -> str:
    return ", ".join(sorted(set(fagstatuser)))


def elevstatus(kurs: Elevkurs, regler: Elevstatusregler = STANDARD) -> tuple[str, list[str]]:
    """``(kode, forklaring)``: elevstatus for elevkurset etter Vedlegg 1, første regel som treffer."""
    forklaring = [
        linje(
            f"Regelsett {regler.id}: reglene prøves ovenfra, og den første som treffer, bestemmer elevstatus.",
            "2.2",
        )
    ]

    def ferdig(kode: str, tekst: str, seksjon: str) -> tuple[str, list[str]]:
        forklaring.append(linje(f"{tekst} Elevstatus {_navn(kode)}.", seksjon))
        return kode, forklaring

    # Regel 1
    if kurs.manuell:
        return ferdig(kurs.manuell, "Regel 1: manuell elevstatus er satt og brukes.", "2.3")
    # Regel 2
    if kurs.sluttdato is not None:
        return ferdig(
            SLUTTET, f"Regel 2: elevkurset har sluttdato {kurs.sluttdato.strftime('%d.%m.%Y')}.", "2.4"
        )
    # Regel 3
    if kurs.voksen:
        return ferdig(VOKSEN, "Regel 3: elevkurset er merket som voksenkurs.", "2.5")
    # Regel 4
    if kurs.skolenummer and kurs.skolenummer.endswith("000"):
        start = f"Regel 4: skolenummer {kurs.skolenummer} slutter på 000 (opplæring i bedrift)"
        if kurs.reform == "R94":
            return ferdig(LAERLING, f"{start}, og kurset er fra Reform 94.", "2.6")
        if kurs.reform in ("KL", "LK20"):
            reform = REFORMER[kurs.reform]
            if kurs.reform == "LK20":
                forklaring.append(linje("LK20 leses som Kunnskapsløftet i regel 4.", "2.6"))
            if kurs.kategori in KATEGORIER_L:
                return ferdig(LAERLING, f"{start}, {reform} med kategori «{kurs.kategori}».", "2.6")
            if kurs.kategori in KATEGORIER_K:
                return ferdig(LAEREKANDIDAT, f"{start}, {reform} med kategori «{kurs.kategori}».", "2.6")
            return ferdig(
                UKJENT, f"{start}, {reform}, men kategori «{kurs.kategori or ''}» er ingen av L- eller K-kategoriene.",
                "2.6",
            )  # fmt: skip
        return ferdig(UKJENT, f"{start}, men reformen («{kurs.reform or ''}») er verken R94 eller KL.", "2.6")
    # Regel 5
    if not kurs.fagstatuser:
        return ferdig(UKJENT, "Regel 5: elevkurset har ingen karakterlinjer.", "2.7")
    statuser = frozenset(kurs.fagstatuser)
    # Regel 6
    if len(statuser) == 1:
        (eneste,) = statuser
        if eneste in _BARE_EN:
            return ferdig(_BARE_EN[eneste], f"Regel 6: alle karakterlinjer har fagstatus {eneste}.", "2.8")
    # Regel 7
    if statuser in _KOMBINASJONER:
        return ferdig(
            _KOMBINASJONER[statuser],
            f"Regel 7: karakterlinjene har bare fagstatusene {_statuser(statuser)}.",
            "2.9",
        )
    # Regel 8
    rest = statuser - _IGNORERES_I_REGEL_8
    ignorert = statuser & _IGNORERES_I_REGEL_8
    forklaring.append(
        linje(
            f"Regel 8: fagstatusene {_statuser(statuser)}; S, F og P ses bort fra"
            + (f" ({_statuser(ignorert)} fjernet)" if ignorert else "")
            + f", igjen er {_statuser(rest) or 'ingen'}.",
            "2.10",
        )
    )
    for status, kode in (("A", SPESIALUNDERVISNING), ("E", ELEV), ("N", ELEV)):
        if status in rest:
            return ferdig(kode, f"Regel 8: minst én karakterlinje har fagstatus {status}.", "2.10")
    lesemate = f"Lesemåte regel8_fortsettelse={regler.regel8_fortsettelse} (kilden er ufullstendig her)"
    if regler.regel8_fortsettelse == "b08":
        if len(rest) == 1:
            (eneste,) = rest
            if eneste in _BARE_EN:
                return ferdig(
                    _BARE_EN[eneste],
                    f"{lesemate}: eneste gjenværende fagstatus er {eneste}, som i regel 6.",
                    "2.10",
                )
        if rest & {"V", "R"}:
            return ferdig(
                VOKSEN, f"{lesemate}: minst én karakterlinje har fagstatus V eller R (B08).", "2.10"
            )
        if "M" in rest:
            return ferdig(
                FAGOPPLAERING_I_SKOLE, f"{lesemate}: minst én karakterlinje har fagstatus M.", "2.10"
            )
        if rest and rest <= _E_KOMBINASJON:
            return ferdig(ELEV, f"{lesemate}: en kombinasjon av {_statuser(rest)} er elev etter B08.", "2.10")
    return ferdig(UKJENT, f"{lesemate}: ingen regel treffer kombinasjonen.", "2.10")
