"""Set-based poengberegning in PostgreSQL (job 1P001): one INSERT … SELECT … ON CONFLICT per chunk of søknader.

Why SQL: a county has tens of thousands of applicants and the nation hundreds of thousands, each with ~25 grades;
computing row by row in Python would move millions of rows out of the database. The statements mirror the
algorithm in ``inntak.regler.poeng`` step by step, in NUMERIC with ``round(numeric, 2)`` (half away from zero =
half up for these non-negative values), never float. The per-applicant explanation in the UI comes from the Python
module; tests check that both give the same numbers (tests/inntak/test_poeng.py, tests/inntak/test_poeng_2024.py).

Two statements, one per regime of the rule set (``Regelsett.regime``):

* ``POENG_SQL`` (forskrift 2006, school years up to 2024-2025): U0–U7, T1–T2, valgfag, half test, rounding A/B.
  Unchanged, so old runs replay to the same numbers; the only addition is U0 (privatist rows, which could not be
  stored before, are left out, as in the Python module).
* ``POENG_SQL_2024`` (opplæringsforskrifta 2024, from 2025-2026): P (one place per fag, vurdering and trinn, the
  best result counts: § 4-25 e), N1–N7, T1–T2 (IV/IM = 0 also with documented absence), valgfag, individual
  treatment only at Vg1 (§ 4-20 a: fritak + IV in more than half the subjects; § 4-20 d: GK in more than half) or
  when nothing counts, rounding A only. Stored grades carry no programme (§ 4-25 f is a calculator input), so the
  batch sees one programme per applicant.

Which grades belong to a søknad (data choice, the same for SQL and Python, see ``TRINN_FOR_NIVA``): Vg1 uses the
grunnskole vitnemål (trinn GS), Vg2 the Vg1 grades, Vg3 the Vg1 and Vg2 grades (§ 6-21, § 6-34).

Table names are unqualified, so the benchmark can run the very same statement in a throwaway schema by setting
``search_path``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from django.db import connection
from django.utils import timezone

from inntak.regler import Regelsett, UkjentRegelsett, hent_regelsett

NIVAER = ("VG1", "VG2", "VG3")
TRINN_FOR_NIVA = {"VG1": ("GS",), "VG2": ("VG1",), "VG3": ("VG1", "VG2")}
CHUNK = 10_000

_RADER = """
    SELECT k.fagkode AS fag,
           k.fagtype = 'valgfag' AS valgfag,
           k.vurdering,
           k.karakter,
           k.dokumentert_fravaer,
           -- U1-U4: fagtype and level rules (G/NG/LG only exist on the orden/oppførsel scale: U1)
           (k.fagtype IN ('orden', 'oppforsel') OR k.karakter IN ('G', 'NG', 'LG')
            OR (so.niva = 'VG1' AND k.vurdering = 'halvar')
            OR (so.niva = 'VG3' AND k.trinn = 'VG1' AND (k.vurdering = 'halvar' OR %(vg3_kun_vg2)s))
           ) AS regel
      FROM inntak_karakter k
     WHERE k.person_id = so.person_id
       AND k.trinn = ANY (CASE so.niva WHEN 'VG1' THEN ARRAY['GS'] WHEN 'VG2' THEN ARRAY['VG1']
                          ELSE ARRAY['VG1', 'VG2'] END)
       AND NOT k.privatist  -- U0: the 2006 rule set has no rule for privatist results
"""

_VERDI = """
    SELECT r.fag, r.valgfag,
           -- U5-U7 give NULL (left out of sum and divisor); T1: IV and undocumented IM = 0; T2: 1-6
           CASE WHEN r.regel THEN NULL
                WHEN r.karakter IN ('1', '2', '3', '4', '5', '6') THEN ascii(r.karakter) - 48
                WHEN r.karakter = 'IV' OR (r.karakter = 'IM' AND NOT r.dokumentert_fravaer) THEN 0
           END AS verdi,
           -- fagposisjon: a subject on the vitnemål for the half test (step 5)
           (NOT r.regel AND r.vurdering IN ('standpunkt', 'halvar')
            AND r.karakter NOT IN ('D', 'B', 'IB', 'GK')) AS fagposisjon
      FROM ({rader} OFFSET 0) r
"""

# Shared by both regimes' statements, so they cannot drift: the sums of ordinary and valgfag values, and the upsert.
_SUMMER = """                   count(v.verdi) FILTER (WHERE NOT v.valgfag) AS n_vanlig,
                   coalesce(sum(v.verdi) FILTER (WHERE NOT v.valgfag), 0)::numeric AS s_vanlig,
                   count(v.verdi) FILTER (WHERE v.valgfag) AS n_valg,
                   coalesce(sum(v.verdi) FILTER (WHERE v.valgfag), 0)::numeric AS s_valg,
                   coalesce(min(v.fag) FILTER (WHERE v.valgfag AND v.verdi IS NOT NULL)
                            <> max(v.fag) FILTER (WHERE v.valgfag AND v.verdi IS NOT NULL), false) AS flere_valgfag
"""
_UPSERT = """ON CONFLICT (soknad_id) DO UPDATE SET
    poeng = EXCLUDED.poeng,
    gjennomsnitt = EXCLUDED.gjennomsnitt,
    sum_karakterer = EXCLUDED.sum_karakterer,
    antall = EXCLUDED.antall,
    antall_fag = EXCLUDED.antall_fag,
    antall_fag_med_karakter = EXCLUDED.antall_fag_med_karakter,
    individuell_behandling = EXCLUDED.individuell_behandling,
    regelsett = EXCLUDED.regelsett,
    avrunding = EXCLUDED.avrunding,
    beregnet = EXCLUDED.beregnet
"""


def _felles(sql: str) -> str:
    return sql.replace("{summer}", _SUMMER).replace("{upsert}", _UPSERT)


# Per søknad, a LATERAL aggregate over its own grades: an index lookup per søknad instead of a hash join that
# would scan the whole grade table once per chunk. An aggregate without GROUP BY always yields one row, so a
# søknad without grades still gets its (individuell behandling) row.
POENG_SQL = """
INSERT INTO inntak_poeng (soknad_id, poeng, gjennomsnitt, sum_karakterer, antall, antall_fag,
                          antall_fag_med_karakter, individuell_behandling, regelsett, avrunding, beregnet)
SELECT b.soknad_id,
       CASE WHEN b.individuell THEN NULL
            WHEN %(avrunding)s = 'A' THEN round(b.s / b.n, 2) * 10
            ELSE round(b.s * 10 / b.n, 2) END,
       CASE WHEN b.individuell THEN NULL ELSE round(b.s / b.n, 2) END,
       round(b.s, 2), b.n, b.p, b.k, b.individuell, %(regelsett)s, %(avrunding)s, %(beregnet)s
  FROM (
    SELECT a.soknad_id, a.p, a.k,
           -- step 4: two or more different valgfag count as one grade, their average to two decimals
           a.s_vanlig + CASE WHEN a.flere_valgfag THEN round(a.s_valg / a.n_valg, 2) ELSE a.s_valg END AS s,
           a.n_vanlig + CASE WHEN a.flere_valgfag THEN 1 ELSE a.n_valg END AS n,
           -- step 5: nothing counts, or a numeric grade in fewer than half the subjects
           (a.n_vanlig + a.n_valg = 0 OR 2 * a.k < a.p) AS individuell
      FROM (
        SELECT so.id AS soknad_id, agg.*
          FROM inntak_soknad so
         CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE v.fagposisjon) AS p,
                   count(*) FILTER (WHERE v.fagposisjon AND v.verdi >= 1) AS k,
{summer}              FROM ({verdi} OFFSET 0) v  -- OFFSET 0: compute each row's values once, not once per use
         ) agg
         WHERE {filter}
      ) a
  ) b
{upsert}"""
POENG_SQL = _felles(POENG_SQL)

# --- Opplæringsforskrifta 2024 (inntak.regler.poeng, steps P, N1-N7, T1-T2) -----------------------------------
_TALLVERDI = """CASE WHEN {k}.karakter IN ('1', '2', '3', '4', '5', '6') THEN ascii({k}.karakter) - 48
                WHEN {k}.karakter IN ('IV', 'IM') THEN 0 END"""

_RADER_2024 = """
    SELECT k.fagkode AS fag,
           k.fagtype = 'valgfag' AS valgfag,
           k.vurdering,
           k.karakter,
           -- N1-N4: fagtype and level rules. N3: at Vg3 a Vg1 halvår does not count when the subject (the first
           -- three letters of the fagkode) has a standpunkt or halvår with a grade or IV on Vg2.
           (k.fagtype IN ('orden', 'oppforsel') OR k.karakter IN ('G', 'NG', 'LG')
            OR (so.niva = 'VG1' AND k.vurdering = 'halvar')
            OR (so.niva = 'VG3' AND k.trinn = 'VG1'
                AND (%(vg3_kun_vg2)s
                     -- CASE: the lookup runs only for a Vg1 halvår at Vg3, not for every row
                     OR CASE WHEN k.vurdering = 'halvar' THEN EXISTS (
                            SELECT 1 FROM inntak_karakter v2
                             WHERE v2.person_id = so.person_id AND v2.trinn = 'VG2'
                               AND v2.vurdering IN ('standpunkt', 'halvar')
                               AND v2.karakter IN ('1', '2', '3', '4', '5', '6', 'IV')
                               AND left(v2.fagkode, 3) = left(k.fagkode, 3)) ELSE false END))
           ) AS regel,
           -- P: one place per (fag, vurdering, trinn); of a school and a privatist result the best counts
           -- (§ 4-25 e): highest value first, a counting row before one that does not, then the school result.
           row_number() OVER (PARTITION BY k.fagkode, k.vurdering, k.trinn
                              ORDER BY {tallverdi} DESC NULLS LAST, k.privatist) AS plass
      FROM inntak_karakter k
     WHERE k.person_id = so.person_id
       AND k.trinn = ANY (CASE so.niva WHEN 'VG1' THEN ARRAY['GS'] WHEN 'VG2' THEN ARRAY['VG1']
                          ELSE ARRAY['VG1', 'VG2'] END)
""".format(tallverdi=_TALLVERDI.format(k="k"))

_VERDI_2024 = """
    SELECT r.fag, r.valgfag, r.karakter,
           -- N5-N7 give NULL (left out of sum and divisor); T1: IV and IM = 0, documented absence or not; T2: 1-6
           CASE WHEN r.regel THEN NULL ELSE {tallverdi} END AS verdi,
           -- fagposisjon: a subject on the vitnemål (D/B/IB are not; GK is, for § 4-20 d)
           (NOT r.regel AND r.vurdering IN ('standpunkt', 'halvar') AND r.karakter NOT IN ('D', 'B', 'IB'))
               AS fagposisjon
      FROM ({{rader}} OFFSET 0) r
     WHERE r.plass = 1
""".format(tallverdi=_TALLVERDI.format(k="r"))

POENG_SQL_2024 = """
INSERT INTO inntak_poeng (soknad_id, poeng, gjennomsnitt, sum_karakterer, antall, antall_fag,
                          antall_fag_med_karakter, individuell_behandling, regelsett, avrunding, beregnet)
SELECT b.soknad_id,
       CASE WHEN b.individuell THEN NULL ELSE round(b.s / b.n, 2) * 10 END,  -- reading A only (§ 4-19 a)
       CASE WHEN b.individuell THEN NULL ELSE round(b.s / b.n, 2) END,
       round(b.s, 2), b.n, b.p, b.k, b.individuell, %(regelsett)s, %(avrunding)s, %(beregnet)s
  FROM (
    SELECT a.soknad_id, a.p, a.k,
           a.s_vanlig + CASE WHEN a.flere_valgfag THEN round(a.s_valg / a.n_valg, 2) ELSE a.s_valg END AS s,
           a.n_vanlig + CASE WHEN a.flere_valgfag THEN 1 ELSE a.n_valg END AS n,
           -- nothing counts; or at Vg1 (§ 4-20 a, d) fritak + IV, or GK, in more than half the subjects.
           -- Vg2/Vg3 have no such rule (§ 4-26).
           (a.n_vanlig + a.n_valg = 0 OR (a.niva = 'VG1' AND (2 * a.m > a.p OR 2 * a.g > a.p))) AS individuell
      FROM (
        SELECT so.id AS soknad_id, so.niva, agg.*
          FROM inntak_soknad so
         CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE v.fagposisjon) AS p,
                   count(*) FILTER (WHERE v.fagposisjon AND v.verdi >= 1) AS k,
                   count(*) FILTER (WHERE v.fagposisjon AND v.karakter IN ('F', 'IV')) AS m,
                   count(*) FILTER (WHERE v.fagposisjon AND v.karakter = 'GK') AS g,
{summer}              FROM ({verdi} OFFSET 0) v
         ) agg
         WHERE {filter}
      ) a
  ) b
{upsert}"""
POENG_SQL_2024 = _felles(POENG_SQL_2024)

_UTVALG = "so.fylke_id = %(fylke)s AND so.skolear_id = %(skolear)s AND so.niva = ANY(%(nivaer)s)"
_CHUNK_FILTER = _UTVALG + " AND so.id > %(fra)s AND so.id <= %(til)s"
_ID_FILTER = "so.id = ANY(%(ids)s)"


def poeng_sql(filter_sql: str, ny_forskrift: bool = False) -> str:
    """The full statement of the regime with ``filter_sql`` as the WHERE clause on ``inntak_soknad so``."""
    if ny_forskrift:
        return POENG_SQL_2024.format(verdi=_VERDI_2024.format(rader=_RADER_2024), filter=filter_sql)
    return POENG_SQL.format(verdi=_VERDI.format(rader=_RADER), filter=filter_sql)


def _parametere(regelsett: Regelsett) -> dict:
    return {
        "regelsett": regelsett.id,
        "avrunding": regelsett.avrunding,
        "vg3_kun_vg2": regelsett.vg3_kun_vg2,
        "beregnet": timezone.now(),
    }


def regelsett_for(skolear_kode: str, avrunding: str | None = None) -> Regelsett:
    """The rule set of the school year (``inntak.regler.regelsett``), optionally with reading A/B overridden.

    A reading the rule set does not offer (B from 2025-2026) raises ``ValueError`` with the Norwegian reason.
    """
    return hent_regelsett(skolear_kode).med_avrunding(avrunding or None)


def regelsett_med_lagret_lesemate(skolear_kode: str, avrunding: str | None) -> Regelsett:
    """The rule set with the reading a stored batch result used, when the rule set still offers it.

    Points stored for 2025-2026 onward before the new rules may carry reading B; recomputing or explaining them
    uses the rule set's own reading (A) instead of failing.
    """
    regelsett = hent_regelsett(skolear_kode)
    return regelsett.med_avrunding(avrunding if avrunding in regelsett.avrundinger else None)


def beregn_poeng(
    *,
    fylke_id: int,
    skolear_id: int,
    regelsett: Regelsett,
    nivaer: Sequence[str] = NIVAER,
    chunk: int = CHUNK,
    fremdrift: Callable[[int, int, str], None] | None = None,
) -> dict:
    """Compute and upsert Poeng for every søknad of the county, school year and levels, ``chunk`` at a time.

    Idempotent: a re-run overwrites the same rows with the same values (only ``beregnet`` changes). Each chunk
    commits on its own when called outside a transaction, so progress is visible and a cancelled run keeps
    what it finished.
    """
    start = time.perf_counter()
    felles = {"fylke": fylke_id, "skolear": skolear_id, "nivaer": list(nivaer)}
    sql = poeng_sql(_CHUNK_FILTER, regelsett.ny_forskrift)
    with connection.cursor() as c:
        c.execute(f"SELECT count(*) FROM inntak_soknad so WHERE {_UTVALG}", felles)
        totalt = c.fetchone()[0]
        ferdig, fra = 0, 0
        if fremdrift:
            fremdrift(0, totalt, f"Beregner poeng for {totalt} søknader")
        while ferdig < totalt:
            c.execute(
                f"SELECT max(id), count(*) FROM (SELECT so.id FROM inntak_soknad so WHERE {_UTVALG} "
                "AND so.id > %(fra)s ORDER BY so.id LIMIT %(chunk)s) t",
                {**felles, "fra": fra, "chunk": chunk},
            )
            til, antall = c.fetchone()
            if not antall:
                break
            c.execute(sql, {**felles, **_parametere(regelsett), "fra": fra, "til": til})
            ferdig += antall
            fra = til
            if fremdrift:
                fremdrift(ferdig, totalt, f"{ferdig} av {totalt} søknader beregnet")
        c.execute(
            "SELECT count(*) FILTER (WHERE p.individuell_behandling) FROM inntak_poeng p "
            f"JOIN inntak_soknad so ON so.id = p.soknad_id WHERE {_UTVALG}",
            felles,
        )
        individuell = c.fetchone()[0]
    return {
        "soknader": ferdig,
        "individuell_behandling": individuell,
        "regelsett": regelsett.id,
        "avrunding": regelsett.avrunding,
        "sekunder": round(time.perf_counter() - start, 2),
    }


def beregn_poeng_for_soknader(soknad_ids: Sequence[int], avrunding: str | None = None) -> int:
    """Recompute the given søknader (e.g. after new grades) with the same statement; returns rows written."""
    from inntak.models import Poeng, Soknad

    skrevet = 0
    per_ar: dict[str, list[int]] = {}
    for pk, kode in Soknad.objects.filter(pk__in=list(soknad_ids)).values_list("pk", "skolear__kode"):
        per_ar.setdefault(kode, []).append(pk)
    with connection.cursor() as c:
        for kode, ids in per_ar.items():
            # Keep the reading (A/B) the last batch used for these søknader, unless told otherwise.
            try:
                if avrunding:
                    regelsett = regelsett_for(kode, avrunding)
                else:
                    lagret = (
                        Poeng.objects.filter(soknad_id__in=ids).values_list("avrunding", flat=True).first()
                    )
                    regelsett = regelsett_med_lagret_lesemate(kode, lagret)
            except UkjentRegelsett:
                continue  # no rule set for that year: job 1P001 reports it when it is run
            c.execute(poeng_sql(_ID_FILTER, regelsett.ny_forskrift), {**_parametere(regelsett), "ids": ids})
            skrevet += c.rowcount
    return skrevet
