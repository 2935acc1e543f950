"""Reads for the computed columns of an elevkurs (docs/elev.md §9): the rule inputs straight from SQL, and the
explanation the person page shows.

One SQL statement gives everything the rules in ``inntak/elev/regler`` need per elevkurs (its fag lines as arrays,
the programområde's årstimer, the school number, the manual override), so the batch (``services.beregning``) and
the page (:func:`forklar_elevkurs`) read the same inputs and can never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from inntak.elev.regler.elevstatus import ELEVSTATUS, Elevkurs, elevstatus
from inntak.elev.regler.kilde import linje
from inntak.elev.regler.kursprosent import Fagtimer, kursprosent

__all__ = [
    "Grunnlag",
    "Kodeverk",
    "forklar_elevkurs",
    "forklar_elevkurser",
    "grunnlag_rader",
    "hent_kodeverk",
    "lag_grunnlag",
]

# Lesemåte (docs/elev.md §9.2): the reform is read from the programområde's gyldig_fra, as the code table has no
# reform column; the kategori is characters 7–8 of the programområde code (the first two variant characters).
KL_FRA = datetime.date(2006, 8, 1)
LK20_FRA = datetime.date(2020, 8, 1)


def reform_for(gyldig_fra: datetime.date | None) -> str:
    if gyldig_fra is None or gyldig_fra >= LK20_FRA:
        return "LK20"
    return "KL" if gyldig_fra >= KL_FRA else "R94"


def kategori_for(programomradekode: str) -> str | None:
    return programomradekode[6:8] if len(programomradekode) >= 8 else None


@dataclass(frozen=True)
class Kodeverk:
    """The small code tables as dicts, read once per run (a few thousand fag at most)."""

    fag: dict[int, tuple[str, int | None, bool]]  # id -> (kode, årstimer, elevtimer_grunnlag)
    fagstatus: dict[int, str]
    elevstatus: dict[int, str]


def hent_kodeverk() -> Kodeverk:
    with connection.cursor() as c:
        c.execute("SELECT id, kode, arstimer, elevtimer_grunnlag FROM kodeverk_fag")
        fag = {r[0]: (r[1], r[2], r[3]) for r in c.fetchall()}
        c.execute("SELECT id, kode FROM kodeverk_fagstatus")
        fagstatus = dict(c.fetchall())
        c.execute("SELECT id, kode FROM kodeverk_elevstatus")
        elevstatus_ = dict(c.fetchall())
    return Kodeverk(fag=fag, fagstatus=fagstatus, elevstatus=elevstatus_)


@dataclass(frozen=True)
class Grunnlag:
    """One elevkurs as the rules see it, plus what is stored now (to write back only what changed)."""

    id: int
    skolenummer: str
    programomrade: str
    kurs: Elevkurs
    linjer: tuple[Fagtimer, ...]
    grep_timer: tuple[tuple[str, int], ...]
    arstimer: int | None
    lagret_elevstatus_id: int | None
    lagret_kursprosent: Decimal | None
    lagret_mangler_elevtimer: bool
    aldri_beregnet: bool


GRUNNLAG_SQL = """
SELECT ek.id, ek.avbruddsdato, ek.voksen, s.skolenummer, po.kode, po.gyldig_fra, po.arstimer,
       ek.elevstatus_manuell_id, ek.elevstatus_id, ek.kursprosent, ek.mangler_elevtimer, ek.beregnet IS NULL,
       l.fag_ider, l.fagstatus_ider, l.elevtimer
FROM elev_elevforhold ek
JOIN kodeverk_skole s ON s.id = ek.skole_id
JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
LEFT JOIN LATERAL (
    SELECT array_agg(ef.fag_id ORDER BY ef.fag_id, ef.id) AS fag_ider,
           array_agg(ef.fagstatus_id ORDER BY ef.fag_id, ef.id) AS fagstatus_ider,
           array_agg(ef.elevtimer ORDER BY ef.fag_id, ef.id) AS elevtimer
    FROM elev_elevfag ef WHERE ef.elevkurs_id = ek.id
) l ON true
WHERE {filter}
ORDER BY ek.id
"""


def filter_sql(
    *, fylke_id: int | None, skolear_id: int | None, elevkurs_ids: Sequence[int] | None
) -> tuple[str, list[Any]]:
    deler, param = [], []
    if fylke_id is not None:
        deler.append("s.fylke_id = %s")
        param.append(fylke_id)
    if skolear_id is not None:
        deler.append("ek.skolear_id = %s")
        param.append(skolear_id)
    if elevkurs_ids is not None:
        deler.append("ek.id = ANY(%s)")
        param.append(list(elevkurs_ids))
    if not deler:
        raise ValueError("Beregningen må avgrenses til fylke og skoleår eller en liste med elevkurs.")
    return " AND ".join(deler), param


def lag_grunnlag(rad: Sequence[Any], kv: Kodeverk, linjecache: dict | None = None) -> Grunnlag:
    """A row of :data:`GRUNNLAG_SQL` as rule inputs. ``linjecache`` ((fag, fagstatus, elevtimer) → ``Fagtimer``)
    lets a batch reuse the line objects instead of building millions of them."""
    (ek_id, avbrudd, voksen, skolenr, pokode, gyldig_fra, arstimer, manuell_id, es_id, prosent, mangler,
     aldri, fag_ider, fagstatus_ider, elevtimer) = rad  # fmt: skip
    statuser: list[str] = []
    linjer: list[Fagtimer] = []
    grep: dict[str, int] = {}
    for fag_id, fs_id, timer in zip(fag_ider or (), fagstatus_ider or (), elevtimer or (), strict=True):
        kode, fagtimer, grunnlag_ = kv.fag[fag_id]
        status = kv.fagstatus[fs_id]
        statuser.append(status)
        if linjecache is None:
            linjer.append(Fagtimer(kode, status, timer, grunnlag_))
        else:
            nokkel = (fag_id, fs_id, timer)
            linje_ = linjecache.get(nokkel)
            if linje_ is None:
                linje_ = linjecache[nokkel] = Fagtimer(kode, status, timer, grunnlag_)
            linjer.append(linje_)
        if fagtimer is not None:
            grep[kode] = fagtimer
    kurs = Elevkurs(
        fagstatuser=tuple(statuser),
        manuell=kv.elevstatus.get(manuell_id) if manuell_id else None,
        sluttdato=avbrudd,
        voksen=voksen,
        skolenummer=skolenr,
        reform=reform_for(gyldig_fra),
        kategori=kategori_for(pokode),
    )
    return Grunnlag(
        id=ek_id,
        skolenummer=skolenr,
        programomrade=pokode,
        kurs=kurs,
        linjer=tuple(linjer),
        grep_timer=tuple(sorted(grep.items())),
        arstimer=arstimer,
        lagret_elevstatus_id=es_id,
        lagret_kursprosent=prosent,
        lagret_mangler_elevtimer=mangler,
        aldri_beregnet=aldri,
    )


def grunnlag_rader(
    *,
    fylke_id: int | None = None,
    skolear_id: int | None = None,
    elevkurs_ids: Sequence[int] | None = None,
    bit: int = 5_000,
) -> Iterator[list[tuple]]:
    """The rows of :data:`GRUNNLAG_SQL` in chunks of ``bit`` elevkurs, ordered by id, from a server-side cursor
    (bounded memory whatever the county's size). :func:`lag_grunnlag` turns a row into rule inputs."""
    hvor, param = filter_sql(fylke_id=fylke_id, skolear_id=skolear_id, elevkurs_ids=elevkurs_ids)
    connection.ensure_connection()
    with connection.chunked_cursor() as c:
        c.execute(GRUNNLAG_SQL.format(filter=hvor), param)
        while rader := c.fetchmany(bit):
            yield rader


def forklar_elevkurs(elevkurs) -> dict[str, Any]:
    """Elevstatus and kursprosent of one elevkurs with the rules' explanations, for the person page.

    Keys: ``elevstatus`` (code), ``elevstatus_navn``, ``elevstatus_forklaring`` (list[str], with the manual
    override line when it is set), ``manuell`` (bool), ``kursprosent`` (the rule's ``Kursprosent`` with
    ``forklaring`` and ``advarsler``, or None) and ``kursprosent_mangler`` (why it is None, else None).
    """
    svar = forklar_elevkurser([elevkurs]).get(elevkurs.pk)
    if svar is None:
        raise ValueError("Fant ikke elevkurset.")
    return svar


def forklar_elevkurser(elevkurs: Sequence) -> dict[int, dict[str, Any]]:
    """:func:`forklar_elevkurs` for several elevkurs (a person's) in a fixed number of queries: id → dict."""
    if not elevkurs:
        return {}
    kv = hent_kodeverk()
    grunner = {ek.pk: ek.elevstatus_manuell_grunn for ek in elevkurs}
    hvor, param = filter_sql(fylke_id=None, skolear_id=None, elevkurs_ids=list(grunner))
    with connection.cursor() as c:
        c.execute(GRUNNLAG_SQL.format(filter=hvor), param)
        rader = c.fetchall()
    return {rad[0]: _forklar(lag_grunnlag(rad, kv), grunner[rad[0]]) for rad in rader}


def _forklar(g: Grunnlag, manuell_grunn: str) -> dict[str, Any]:
    kode, forklaring = elevstatus(g.kurs)
    if g.kurs.manuell:
        grunn = manuell_grunn or "ingen grunn oppgitt"
        forklaring.append(
            linje(
                f"Manuell elevstatus {g.kurs.manuell} er satt og overstyrer beregningen (grunn: {grunn}).",
                "9.4",
            )
        )
    prosent = None
    mangler = None
    if not g.arstimer:
        mangler = linje(
            f"Programområdet {g.programomrade} har ikke årstimer i kodeverket, så kursprosenten kan ikke beregnes.",
            "9.3",
        )
    else:
        prosent = kursprosent(g.linjer, dict(g.grep_timer), g.arstimer)
    return {
        "elevstatus": kode,
        "elevstatus_navn": ELEVSTATUS.get(kode, kode),
        "elevstatus_forklaring": forklaring,
        "manuell": bool(g.kurs.manuell),
        "kursprosent": prosent,
        "kursprosent_mangler": mangler,
    }
