"""Pass 2 of the SAS import (``sas_import``): set-based writes from temporary tables, in the caller's transaction.

The checked records are COPYed into ``tmp_sas_*`` tables (dropped at commit); every write is one statement over
all rows: ``UPDATE … FROM`` only where a value really differs (``IS DISTINCT FROM``, so the same file again changes
nothing and writes no history), ``INSERT … SELECT`` for what is new, and history rows (django-simple-history's own
tables) by ``INSERT … SELECT`` from the rows that changed. The overwrite rules per field are documented in
docs/sas.md §10; the expressions below are those rules.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Model

from inntak.elev.models import Elevfag, Elevforhold, Vitnemalsmerknad
from vigo.models import Person

HISTORIKK_GRUNN = "SAS-import"

TABELLER = {
    "el": """fnr text, etternavn text, fornavn text, mellomnavn text, adresse text, postnummer text,
             poststed text, kommune_id int, fodselsdato date""",
    "ek": """ek_nr int, fnr text, skole_id int, skolear_id int, programomrade_id int, klasse text, startdato date,
             avbruddsdato date, avbruddsarsak text, deltid bool, bevistype text, fullfortkode text,
             fravaer_dager int, fravaer_timer int, ordenskarakter text, oppforselskarakter text,
             rettstype_importert text, voksen bool, malform text, fravaer_dager_totalt int, saerskilt_sprak bool,
             fravaer_timer_totalt int, rett_pabygging bool, standard_start date""",
    "kl": """ek_nr int, fag_id int, fagstatus_id int, karakter_t1 text, karakter_t2 text, standpunkt text,
             skriftlig text, muntlig text, annen text, eksamensform text, skole2_id int, skolear2_id int,
             startdato date, avbruddsdato date, elevtimer int, bruk_elevtimer bool, termin text, fagmerknad text,
             fagmerknad_parameter text, karakterstatus text, realkompetanse_dato date""",
    "vm": "ek_nr int, kode text, parameter1 text, parameter2 text",
}
KOLONNER = {k: [d.split()[0] for d in v.replace("\n", " ").split(",")] for k, v in TABELLER.items()}


def copy_verdi(verdi: Any) -> str:
    """One value in COPY's text format (by exact type first: this runs for every field of 300 000 lines)."""
    if verdi is None:
        return "\\N"
    t = type(verdi)
    if t is str:
        if "\\" in verdi or "\t" in verdi or "\n" in verdi or "\r" in verdi:
            return verdi.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return verdi
    if t is bool:
        return "t" if verdi else "f"
    if t is int:
        return str(verdi)
    return verdi.isoformat() if hasattr(verdi, "isoformat") else copy_verdi(str(verdi))


def copy_linje(verdier: Iterable[Any]) -> str:
    return "\t".join([copy_verdi(v) for v in verdier]) + "\n"


def _q(navn: str) -> str:
    return connection.ops.quote_name(navn)


def opprett_og_fyll(filer: dict[str, io.TextIOBase]) -> None:
    """Create the temporary tables and COPY the spooled rows into them."""
    with connection.cursor() as c:
        # ON COMMIT DROP does not fire when the import runs inside an outer transaction (tests, a caller's atomic).
        c.execute("DROP TABLE IF EXISTS tmp_sas_el, tmp_sas_ek, tmp_sas_kl, tmp_sas_vm, tmp_sas_endret, tmp_sas_fag, "
                  "tmp_sas_vmn")  # fmt: skip
        for navn, ddl in TABELLER.items():
            c.execute(f"CREATE TEMP TABLE tmp_sas_{navn} ({ddl}) ON COMMIT DROP")
            fil = filer[navn]
            fil.seek(0)
            c.cursor.copy_expert(
                f"COPY tmp_sas_{navn} ({', '.join(KOLONNER[navn])}) FROM STDIN", fil, size=1 << 20
            )
        c.execute("CREATE TEMP TABLE tmp_sas_endret (tabell text, id int, type char(1)) ON COMMIT DROP")
        c.execute("CREATE INDEX ON tmp_sas_ek (ek_nr)")
        c.execute("ANALYZE tmp_sas_el; ANALYZE tmp_sas_ek; ANALYZE tmp_sas_kl; ANALYZE tmp_sas_vm")


def _historikk(modell: type[Model], tabell: str, bruker_id: int | None, na) -> None:
    """History rows (simple_history's table) for the rows of ``modell`` listed in tmp_sas_endret as ``tabell``."""
    hist = modell.history.model  # type: ignore[attr-defined]
    kolonner = [f.column for f in hist._meta.concrete_fields if not f.name.startswith("history_")]
    liste = ", ".join(_q(k) for k in kolonner)
    kilde = ", ".join(f"r.{_q(k)}" for k in kolonner)
    with connection.cursor() as c:
        c.execute(
            f"INSERT INTO {_q(hist._meta.db_table)} ({liste}, history_date, history_change_reason, history_type, "
            f"history_user_id) SELECT {kilde}, %s, %s, e.type, %s FROM {_q(modell._meta.db_table)} r "
            f"JOIN tmp_sas_endret e ON e.id = r.id AND e.tabell = %s",
            [na, HISTORIKK_GRUNN, bruker_id, tabell],
        )


def _med_historikk(c, modell: type[Model], type_: str, sql: str, params: list[Any], bruker_id, na) -> int:
    """Run a data-modifying ``sql`` (no RETURNING; target aliased ``f``) and write a history row straight from
    each row it returns (new values): no list of ids and no second pass over the table for 300 000 lines."""
    hist = modell.history.model  # type: ignore[attr-defined]
    kolonner = [f.column for f in hist._meta.concrete_fields if not f.name.startswith("history_")]
    liste = ", ".join(_q(k) for k in kolonner)
    c.execute(
        f"WITH r AS ({sql} RETURNING {', '.join('f.' + _q(k) for k in kolonner)}) "
        f"INSERT INTO {_q(hist._meta.db_table)} ({liste}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {liste}, %s, %s, %s, %s FROM r",
        [*params, na, HISTORIKK_GRUNN, type_, bruker_id],
    )
    return c.rowcount


def _merk(c, tabell: str, type_: str, sql: str, params: list[Any]) -> int:
    """Run a data-modifying ``sql`` that RETURNs ids and record them in tmp_sas_endret; gives the count."""
    c.execute(
        f"WITH r AS ({sql}) INSERT INTO tmp_sas_endret (tabell, id, type) SELECT %s, id, %s FROM r",
        [*params, tabell, type_],
    )
    return c.rowcount


# --- Persons ($EL) -------------------------------------------------------------------------------------------
_PERSON_NY = {
    "fornavn": "CASE WHEN p.fornavn = '' AND p.etternavn = '' AND t.etternavn <> '' THEN t.fornavn ELSE p.fornavn END",
    "mellomnavn": "CASE WHEN p.fornavn = '' AND p.etternavn = '' AND t.etternavn <> '' THEN t.mellomnavn "
    "ELSE p.mellomnavn END",
    "etternavn": "CASE WHEN p.fornavn = '' AND p.etternavn = '' AND t.etternavn <> '' THEN t.etternavn "
    "ELSE p.etternavn END",
    "adresse": "COALESCE(NULLIF(t.adresse, ''), p.adresse)",
    "postnummer": "COALESCE(NULLIF(t.postnummer, ''), p.postnummer)",
    "poststed": "CASE WHEN t.postnummer <> '' AND t.poststed <> '' THEN t.poststed ELSE p.poststed END",
    "kommune_id": "COALESCE(t.kommune_id, p.kommune_id)",
}


def skriv_personer(fylke_id: int, bruker_id: int | None, na) -> dict[str, int]:
    """New persons are created in the import's county; a known person is changed only when the county manages
    the person (``Person.fylke``), and only by the rules in ``_PERSON_NY`` (name fills a blank, the address
    overwrites when filled, nothing is blanked)."""
    tabell = _q(Person._meta.db_table)
    gamle = ", ".join(f"p.{k}" for k in _PERSON_NY)
    nye = ", ".join(_PERSON_NY.values())
    sett = ", ".join(f"{k} = {v}" for k, v in _PERSON_NY.items())
    with connection.cursor() as c:
        endret = _merk(c, "person", "~",
            f"UPDATE {tabell} p SET {sett}, endret = %s FROM tmp_sas_el t WHERE p.fodselsnummer = t.fnr "
            f"AND p.fylke_id = %s AND ({gamle}) IS DISTINCT FROM ({nye}) RETURNING p.id",
            [na, fylke_id])  # fmt: skip
        ny = _merk(c, "person", "+",
            f"INSERT INTO {tabell} (fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato, adresse, postnummer, "
            f"poststed, kommune_id, fylke_id, epost, mobil, malform, opprettet, endret) "
            f"SELECT t.fnr, t.fornavn, t.mellomnavn, t.etternavn, t.fodselsdato, t.adresse, t.postnummer, "
            f"t.poststed, t.kommune_id, %s, '', '', 'B', %s, %s FROM tmp_sas_el t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {tabell} p WHERE p.fodselsnummer = t.fnr) RETURNING id",
            [fylke_id, na, na])  # fmt: skip
        c.execute("SELECT count(*) FROM tmp_sas_el")
        alle = c.fetchone()[0]
        # The elevkurs rows name their person by id from here on.
        c.execute("ALTER TABLE tmp_sas_ek ADD COLUMN person_id int, ADD COLUMN elevkurs_id int")
        c.execute(f"UPDATE tmp_sas_ek t SET person_id = p.id FROM {tabell} p WHERE p.fodselsnummer = t.fnr")
    _historikk(Person, "person", bruker_id, na)
    return {"ny": ny, "endret": endret, "uendret": alle - ny - endret}


# --- Elevkurs ($EK) ------------------------------------------------------------------------------------------
def _fylkets(felt: str, standard: str, blank: str) -> str:
    """A field the county may have decided in 4S001: blank in the file keeps VIGO's value on a 4S001 elevkurs."""
    return f"CASE WHEN e.kilde = '4S001' AND {blank} THEN e.{felt} ELSE COALESCE(t.{felt}, {standard}) END"


# The school's fields: the file is the truth, blank clears (docs/sas.md §10).
_EK_NY = {
    "klasse": "t.klasse",
    "startdato": "COALESCE(t.startdato, e.startdato)",
    "avbruddsdato": "t.avbruddsdato",
    "avbruddsarsak": "t.avbruddsarsak",
    "deltid": "COALESCE(t.deltid, false)",
    "bevistype": "t.bevistype",
    "fullfortkode": "COALESCE(NULLIF(t.fullfortkode, ''), 'X')",
    "fravaer_dager": "t.fravaer_dager",
    "fravaer_timer": "t.fravaer_timer",
    "fravaer_dager_totalt": "t.fravaer_dager_totalt",
    "fravaer_timer_totalt": "t.fravaer_timer_totalt",
    "ordenskarakter": "t.ordenskarakter",
    "oppforselskarakter": "t.oppforselskarakter",
    # County decisions (adult rights, særskilt språkopplæring, målform): kept on a 4S001 elevkurs when blank.
    "voksen": _fylkets("voksen", "false", "t.voksen IS NULL"),
    "rettstype_importert": _fylkets("rettstype_importert", "''", "t.rettstype_importert = ''"),
    "rett_pabygging": _fylkets("rett_pabygging", "false", "t.rett_pabygging IS NULL"),
    "saerskilt_sprak": _fylkets("saerskilt_sprak", "false", "t.saerskilt_sprak IS NULL"),
    "malform": _fylkets("malform", "''", "t.malform = ''"),
}
# A new elevkurs: no VIGO value to keep; a blank startdato (privatist) gets the skoleår's first day.
_EK_INNSATT = {
    "startdato": "COALESCE(t.startdato, t.standard_start)",
    "voksen": "COALESCE(t.voksen, false)",
    "rettstype_importert": "t.rettstype_importert",
    "rett_pabygging": "COALESCE(t.rett_pabygging, false)",
    "saerskilt_sprak": "COALESCE(t.saerskilt_sprak, false)",
    "malform": "t.malform",
}
_EK_NOKKEL = ("person_id", "skole_id", "skolear_id", "programomrade_id")


def skriv_elevkurs(bruker_id: int | None, na) -> dict[str, int]:
    tabell = _q(Elevforhold._meta.db_table)
    gamle = ", ".join(f"e.{k}" for k in _EK_NY)
    nye = ", ".join(_EK_NY.values())
    sett = ", ".join(f"{k} = {v}" for k, v in _EK_NY.items())
    lik = " AND ".join(f"e.{k} = t.{k}" for k in _EK_NOKKEL)
    nye_innsatt = ", ".join(_EK_INNSATT.get(k, v) for k, v in _EK_NY.items())
    with connection.cursor() as c:
        endret = _merk(c, "ek", "~",
            f"UPDATE {tabell} e SET {sett}, endret = %s FROM tmp_sas_ek t WHERE {lik} "
            f"AND ({gamle}) IS DISTINCT FROM ({nye}) RETURNING e.id", [na])  # fmt: skip
        ny = _merk(c, "ek", "+",
            f"INSERT INTO {tabell} ({', '.join(_EK_NOKKEL)}, {', '.join(_EK_NY)}, kilde, opprettet, endret) "
            f"SELECT {', '.join('t.' + k for k in _EK_NOKKEL)}, {nye_innsatt}, 'sas', %s, %s FROM tmp_sas_ek t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {tabell} e WHERE {lik}) RETURNING id", [na, na])  # fmt: skip
        c.execute(f"UPDATE tmp_sas_ek t SET elevkurs_id = e.id FROM {tabell} e WHERE {lik}")
        alle = c.rowcount
        c.execute("ANALYZE tmp_sas_ek")
    _historikk(Elevforhold, "ek", bruker_id, na)
    return {"ny": ny, "endret": endret, "uendret": alle - ny - endret}


def elevkurs_med_avbrudd() -> list[int]:
    """Elevkurs new or changed by this import that have an avbruddsdato (for the avbrudd cascade)."""
    with connection.cursor() as c:
        c.execute(
            f"SELECT e.id FROM {_q(Elevforhold._meta.db_table)} e JOIN tmp_sas_endret n ON n.id = e.id "
            "AND n.tabell = 'ek' WHERE e.avbruddsdato IS NOT NULL ORDER BY e.id"
        )
        return [r[0] for r in c.fetchall()]


# --- Elevfag ($KL) -------------------------------------------------------------------------------------------
_KL_FELT = ("karakter_t1", "karakter_t2", "standpunkt", "skriftlig", "muntlig", "annen", "eksamensform",
            "skole2_id", "skolear2_id", "startdato", "avbruddsdato", "termin", "fagmerknad", "fagmerknad_parameter",
            "karakterstatus", "realkompetanse_dato")  # fmt: skip
_KL_NY = {
    "elevkurs_id": "n.elevkurs_id",
    "fagstatus_id": "COALESCE(n.fagstatus_id, f.fagstatus_id)",
    **{k: f"n.{k}" for k in _KL_FELT},
    # Elevtimer only on fag where they are the basis of kursprosent (Fag.elevtimer_grunnlag); else VIGO's stays.
    "elevtimer": "CASE WHEN n.bruk_elevtimer THEN n.elevtimer ELSE f.elevtimer END",
}


def skriv_elevfag(bruker_id: int | None, na, standard_fagstatus_id: int | None) -> dict[str, int]:
    """The file is the full list of fag lines for each elevkurs it holds: lines for the same (person, skole,
    skoleår) missing from the file are deleted (with a '-' history row)."""
    tabell = _q(Elevfag._meta.db_table)
    gamle = ", ".join(f"f.{k}" for k in _KL_NY)
    nye = ", ".join(_KL_NY.values())
    sett = ", ".join(f"{k} = {v}" for k, v in _KL_NY.items())
    lik = "f.person_id = n.person_id AND f.skole_id = n.skole_id AND f.skolear_id = n.skolear_id AND f.fag_id = n.fag_id"
    with connection.cursor() as c:
        c.execute(
            "CREATE TEMP TABLE tmp_sas_fag ON COMMIT DROP AS SELECT e.person_id, e.skole_id, e.skolear_id, "
            "e.elevkurs_id, k.* FROM tmp_sas_kl k JOIN tmp_sas_ek e ON e.ek_nr = k.ek_nr"
        )
        c.execute("CREATE INDEX ON tmp_sas_fag (person_id, skole_id, skolear_id, fag_id)")
        c.execute("ANALYZE tmp_sas_fag")
        # Deleted lines get their history row before the row goes.
        c.execute(
            f"INSERT INTO tmp_sas_endret (tabell, id, type) SELECT 'kl', f.id, '-' FROM {tabell} f "
            "WHERE (f.person_id, f.skole_id, f.skolear_id) IN (SELECT person_id, skole_id, skolear_id FROM tmp_sas_ek) "
            "AND NOT EXISTS (SELECT 1 FROM tmp_sas_fag n WHERE " + lik + ")"
        )
        slettet = c.rowcount
    if slettet:
        _historikk(Elevfag, "kl", bruker_id, na)
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {tabell} f USING tmp_sas_endret n WHERE n.tabell = 'kl' AND n.id = f.id")
            c.execute("DELETE FROM tmp_sas_endret WHERE tabell = 'kl'")
    with connection.cursor() as c:
        endret = _med_historikk(c, Elevfag, "~",
            f"UPDATE {tabell} f SET {sett}, endret = %s FROM tmp_sas_fag n WHERE {lik} "
            f"AND ({gamle}) IS DISTINCT FROM ({nye})", [na], bruker_id, na)  # fmt: skip
        innsatt = ", ".join(["n.person_id", "n.skole_id", "n.skolear_id", "n.fag_id", "n.elevkurs_id",
                             "COALESCE(n.fagstatus_id, %s)", *(f"n.{k}" for k in _KL_FELT),
                             "CASE WHEN n.bruk_elevtimer THEN n.elevtimer END"])  # fmt: skip
        ny = _med_historikk(c, Elevfag, "+",
            f"INSERT INTO {tabell} AS f (person_id, skole_id, skolear_id, fag_id, elevkurs_id, fagstatus_id, "
            f"{', '.join(_KL_FELT)}, elevtimer, opprettet, endret) SELECT {innsatt}, %s, %s FROM tmp_sas_fag n "
            f"WHERE NOT EXISTS (SELECT 1 FROM {tabell} g WHERE {lik.replace('f.', 'g.')})",
            [standard_fagstatus_id, na, na], bruker_id, na)  # fmt: skip
        c.execute("SELECT count(*) FROM tmp_sas_fag")
        alle = c.fetchone()[0]
    return {"ny": ny, "endret": endret, "uendret": alle - ny - endret, "slettet": slettet}


# --- Vitnemålsmerknader ($VM) --------------------------------------------------------------------------------
def skriv_vitnemalsmerknader(na) -> dict[str, int]:
    """Replaced per elevkurs in the file: upsert on (elevkurs, kode), and merknader the file no longer has for
    an elevkurs it holds are deleted. The table keeps no history (no HistoricalRecords on the model)."""
    tabell = _q(Vitnemalsmerknad._meta.db_table)
    with connection.cursor() as c:
        c.execute(
            "CREATE TEMP TABLE tmp_sas_vmn ON COMMIT DROP AS SELECT e.elevkurs_id, v.kode, v.parameter1, "
            "v.parameter2 FROM tmp_sas_vm v JOIN tmp_sas_ek e ON e.ek_nr = v.ek_nr"
        )
        c.execute(
            f"DELETE FROM {tabell} m WHERE m.elevkurs_id IN (SELECT elevkurs_id FROM tmp_sas_ek) AND NOT EXISTS "
            "(SELECT 1 FROM tmp_sas_vmn n WHERE n.elevkurs_id = m.elevkurs_id AND n.kode = m.kode)"
        )
        slettet = c.rowcount
        c.execute(
            f"UPDATE {tabell} m SET parameter1 = n.parameter1, parameter2 = n.parameter2 FROM tmp_sas_vmn n "
            "WHERE n.elevkurs_id = m.elevkurs_id AND n.kode = m.kode "
            "AND (m.parameter1, m.parameter2) IS DISTINCT FROM (n.parameter1, n.parameter2)"
        )
        endret = c.rowcount
        c.execute(
            f"INSERT INTO {tabell} (elevkurs_id, kode, parameter1, parameter2, opprettet) SELECT n.elevkurs_id, "
            "n.kode, n.parameter1, n.parameter2, %s FROM tmp_sas_vmn n WHERE NOT EXISTS (SELECT 1 FROM "
            f"{tabell} m WHERE m.elevkurs_id = n.elevkurs_id AND m.kode = n.kode)",
            [na],
        )
        ny = c.rowcount
        c.execute("SELECT count(*) FROM tmp_sas_vmn")
        alle = c.fetchone()[0]
    return {"ny": ny, "endret": endret, "uendret": alle - ny - endret, "slettet": slettet}
