"""The computed columns of the student register, recomputed set-based (docs/elev.md §9).

Elevstatus (Vedlegg 1, first rule that matches), kursprosent and the missing-elevtimer flag, the avbrudd cascade
(B04), the fullførtkode at year end (B21) and the 1 October snapshot. The rules themselves are the framework-free
functions in ``inntak/elev/regler``; this module only reads their inputs in chunks, calls them, and writes back the
rows whose values changed, with django-simple-history rows written in the same statement.

Why set-based: a county has up to 200 000 elevkurs with about 12 fag lines each. Loading them as ORM objects would
take minutes and gigabytes; here the inputs stream from one server-side cursor (5 000 elevkurs a chunk, the fag
lines as arrays), the results go back with COPY into a temporary table and one ``UPDATE … FROM … WHERE … IS
DISTINCT FROM`` per chunk, so an unchanged elevkurs is never touched (a second run changes nothing).
"""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from inntak.elev.models import Elevfag, Elevforhold
from inntak.elev.regler import avbrudd as avbruddsregler
from inntak.elev.regler.elevstatus import ELEVSTATUS, elevstatus
from inntak.elev.regler.kursprosent import STANDARD as KURSPROSENTREGLER
from inntak.elev.regler.kursprosent import Fagtimer, elevtimer_pakrevd, kursprosent
from inntak.elev.selectors.beregning import Kodeverk, grunnlag_rader, hent_kodeverk, lag_grunnlag
from kodeverk.models import Elevstatus, Fagstatus, Skolear

logger = logging.getLogger(__name__)

__all__ = [
    "GRUNN_BEREGNING",
    "GRUNN_KASKADE",
    "beregn_elevkurs",
    "kaskade_avbrudd",
    "sett_fullfortkode_ved_skoleslutt",
    "ta_telledato",
]

BIT = 5_000
MAKS_ADVARSLER = 50_000
# The change reasons of the history rows; opphev_avbrudd finds the cascade's own rows by GRUNN_KASKADE.
GRUNN_BEREGNING = "Beregning av elevstatus og kursprosent"
GRUNN_KASKADE = "Avbruddskaskade (B04)"
GRUNN_FULLFORT = "Fullførtkode ved skoleslutt (B21)"
GRUNN_MANGLER = "Elevtimer er grunnlag for kursprosent, men mangler (B09)."
GRUNN_TELLEDATO = "Telledato (forrige elevstatus og fagstatus)"
OSLO = ZoneInfo("Europe/Oslo")

NULL = "\\N"  # COPY text format
Fremdrift = Callable[[int, int, str], None]


# --- History rows written by the same statement as the update ---------------------------------------------------
def _med_historikk(modell: type[Model], oppdatering: str, *, tabell_alias: str) -> str:
    """``WITH endret AS (<UPDATE … RETURNING alias.*>) INSERT INTO <history> … SELECT … FROM endret``.

    The parameters ``%(na)s``, ``%(grunn)s`` and ``%(bruker)s`` fill history_date, the change reason and the user;
    the statement's rowcount is the number of rows changed."""
    historikk = modell.history.model

    # Built at import, so no database connection may be asked (collectstatic runs without one): PostgreSQL quoting.
    def qn(navn: str) -> str:
        return '"' + navn.replace('"', '""') + '"'

    felt = [f.column for f in historikk.tracked_fields]
    kolonner = ", ".join(qn(k) for k in felt)
    return (
        f"WITH endret AS ({oppdatering} RETURNING {tabell_alias}.*) "
        f"INSERT INTO {qn(historikk._meta.db_table)} ({kolonner}, history_date, history_change_reason, "
        f"history_type, history_user_id) "
        f"SELECT {kolonner}, %(na)s, %(grunn)s, '~', %(bruker)s FROM endret"
    )


def _grunn(grunn: str, kjoring) -> str:
    return f"{grunn} (kjøring {kjoring.pk})" if kjoring is not None else grunn


def _bruker_id(bruker=None, kjoring=None) -> int | None:
    if bruker is not None:
        return bruker.pk
    return getattr(kjoring, "startet_av_id", None)


# --- Codes -------------------------------------------------------------------------------------------------------
def sikre_elevstatuskoder() -> dict[str, int]:
    """Elevstatus code → id, with the codes the rules can give added where the code table lacks them.

    Why: the code list imported from kodeverk has the B08 codes, but Vedlegg 1 also gives ``X`` and ``H``
    (docs/elev.md §2.1); the elevkurs column is a foreign key, so the code must exist to be stored."""
    finnes = dict(Elevstatus.objects.values_list("kode", "pk"))
    mangler = [k for k in ELEVSTATUS if k not in finnes]
    if mangler:
        Elevstatus.objects.bulk_create(
            [Elevstatus(kode=k, navn=ELEVSTATUS[k][:200]) for k in mangler], ignore_conflicts=True
        )
        finnes = dict(Elevstatus.objects.values_list("kode", "pk"))
        logger.info("Elevstatuskoder lagt til i kodeverket: %s", ", ".join(mangler))
    return finnes


def _fagstatus_id(kode: str) -> int:
    try:
        return Fagstatus.objects.values_list("pk", flat=True).get(kode=kode)
    except Fagstatus.DoesNotExist:
        raise ValueError(f"Fagstatus «{kode}» finnes ikke i kodeverket.") from None


# --- The rules, memoised per run ---------------------------------------------------------------------------------
class _Beregner:
    """Calls the pure rules once per distinct input. Many elevkurs share a fag combination, so the cache keys
    are the raw ids from SQL (cheap to hash); rule inputs are built only on a miss. The caches are emptied when
    they grow large, so memory stays bounded whatever the county's size."""

    MAKS = 50_000

    def __init__(self, kv: Kodeverk, koder: dict[str, int]):
        self.kv, self.koder = kv, koder
        self.status: dict[tuple, int] = {}
        self.prosent: dict[tuple, tuple] = {}
        self.linjer: dict[tuple, Fagtimer] = {}
        # The rule reads a line's elevtimer only when its fag is flagged as the basis (docs/elev.md §3.5), so
        # elevtimer on other fag are left out of the cache key.
        self.grunnlag_fag = frozenset(fag_id for fag_id, (_k, _t, grunnlag_) in kv.fag.items() if grunnlag_)
        self.pakrevd = {kode: elevtimer_pakrevd(kode) for kode, _t, _g in kv.fag.values()}

    def elevstatus_id(self, rad: Sequence[Any]) -> int:
        avbrudd, voksen, skolenr, pokode, gyldig_fra, manuell_id, fagstatus = (
            rad[i] for i in (1, 2, 3, 4, 5, 7, 13)
        )
        bedrift = skolenr.endswith("000")
        # Only what the rules read goes into the key: rule 4 reads reform and kategori for «000» schools only,
        # rule 2 only whether there is a sluttdato, rules 5–8 the fag statuses as a set.
        nokkel = (manuell_id, avbrudd is not None, voksen, bedrift, pokode if bedrift else None,
                  gyldig_fra if bedrift else None, tuple(sorted(set(fagstatus or ()))))  # fmt: skip
        svar = self.status.get(nokkel)
        if svar is None:
            if len(self.status) >= self.MAKS:
                self.status.clear()
            svar = self.status[nokkel] = self.koder[elevstatus(lag_grunnlag(rad, self.kv).kurs)[0]]
        return svar

    def kursprosent(self, rad: Sequence[Any]) -> tuple:
        """``(prosent or None, fagkoder missing elevtimer, fagkoder without Grep hours, B09 fag not flagged)``."""
        arstimer, fag, fagstatus, elevtimer = rad[6], rad[12], rad[13], rad[14]
        if elevtimer and any(t is not None for t in elevtimer):
            grunnlag_fag = self.grunnlag_fag
            timer = tuple(t if f in grunnlag_fag else None for f, t in zip(fag, elevtimer, strict=True))
        else:
            timer = len(fag or ())
        nokkel = (arstimer, tuple(fag or ()), tuple(fagstatus or ()), timer)
        svar = self.prosent.get(nokkel)
        if svar is None:
            if len(self.prosent) >= self.MAKS:
                self.prosent.clear()
                self.linjer.clear()
            svar = self.prosent[nokkel] = self._kursprosent(lag_grunnlag(rad, self.kv, self.linjer))
        return svar

    def _kursprosent(self, g) -> tuple:
        prosent = kursprosent(g.linjer, dict(g.grep_timer), g.arstimer).prosent if g.arstimer else None
        grep = dict(g.grep_timer)
        mangler = tuple(linje.fagkode for linje in g.linjer if _mangler_elevtimer(linje))
        uten = tuple(f.fagkode for f in g.linjer if not f.elevtimer_grunnlag and f.fagkode not in grep)
        pakrevd = tuple(f.fagkode for f in g.linjer if not f.elevtimer_grunnlag and self.pakrevd[f.fagkode])
        return prosent, mangler, uten, pakrevd


def _mangler_elevtimer(linje: Fagtimer) -> bool:
    """The line's fag is flagged «elevtimer er grunnlag for kurs%» and has none, and the line counts at all."""
    return (
        linje.elevtimer_grunnlag
        and linje.elevtimer is None
        and linje.fagstatus not in KURSPROSENTREGLER.ikke_tellende_fagstatuser
    )


# --- 1. Elevstatus, kursprosent, mangler_elevtimer ---------------------------------------------------------------
def beregn_elevkurs(
    *,
    fylke=None,
    skolear=None,
    elevkurs_ids: Sequence[int] | None = None,
    kjoring=None,
    fremdrift: Fremdrift | None = None,
    bruker=None,
    bit: int = BIT,
) -> dict[str, Any]:
    """Recompute elevstatus, kursprosent and mangler_elevtimer for every elevkurs of ``fylke`` and ``skolear``
    (or the given ``elevkurs_ids``; then fylke and skolear may be None) and write back the rows that changed.

    Returns counts and ``advarsler``: one dict per fag line where required elevtimer are missing
    (``elevkurs_id``, ``skolenummer``, ``programomrade``, ``fagkode``, ``grunn``), at most ``MAKS_ADVARSLER``
    (``advarsler_utelatt`` says how many more). Each chunk is committed on its own, so a long run shows progress
    and holds few locks; a run that stops half-way is finished by running it again.
    """
    koder = sikre_elevstatuskoder()
    kv = hent_kodeverk()
    fylke_id = getattr(fylke, "pk", fylke)
    skolear_id = getattr(skolear, "pk", skolear)
    totalt = _antall(fylke_id, skolear_id, elevkurs_ids)
    resultat: dict[str, Any] = {
        "beregnet": 0,
        "endret": 0,
        "mangler_elevtimer": 0,
        "uten_timegrunnlag": 0,
        "programomrader_uten_arstimer": set(),
        "fag_uten_arstimer": set(),
        "fag_pakrevd_uten_grunnlag": set(),
        "advarsler": [],
        "advarsler_utelatt": 0,
    }
    na = timezone.now()
    param = {"na": na, "grunn": _grunn(GRUNN_BEREGNING, kjoring), "bruker": _bruker_id(bruker, kjoring)}
    if fremdrift:
        fremdrift(0, totalt, "Beregner elevstatus og kursprosent")
    beregner = _Beregner(kv, koder)
    _lag_temptabell()
    for rader in grunnlag_rader(fylke_id=fylke_id, skolear_id=skolear_id, elevkurs_ids=elevkurs_ids, bit=bit):
        endringer = [_beregn_en(rad, beregner, resultat) for rad in rader]
        endringer = [e for e in endringer if e is not None]
        resultat["beregnet"] += len(rader)
        if endringer:
            with transaction.atomic():
                resultat["endret"] += _skriv_bit(endringer, param)
        if fremdrift:
            fremdrift(resultat["beregnet"], totalt, "Beregner elevstatus og kursprosent")
    # Not in a finally: after an error inside the caller's transaction the connection accepts no statement, and
    # the session's temporary table is harmless (created IF NOT EXISTS and truncated per chunk).
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS elev_beregnet_tmp")
    for nokkel in ("programomrader_uten_arstimer", "fag_uten_arstimer", "fag_pakrevd_uten_grunnlag"):
        resultat[nokkel] = sorted(resultat[nokkel])
    logger.info(
        "Elevstatus og kursprosent beregnet: %s elevkurs, %s endret, %s mangler elevtimer",
        resultat["beregnet"], resultat["endret"], resultat["mangler_elevtimer"],
    )  # fmt: skip
    return resultat


def _antall(fylke_id, skolear_id, elevkurs_ids) -> int:
    qs = Elevforhold.objects.all()
    if fylke_id is not None:
        qs = qs.filter(skole__fylke_id=fylke_id)
    if skolear_id is not None:
        qs = qs.filter(skolear_id=skolear_id)
    if elevkurs_ids is not None:
        qs = qs.filter(pk__in=list(elevkurs_ids))
    return qs.count()


def _beregn_en(rad: Sequence[Any], beregner: _Beregner, resultat: dict[str, Any]) -> tuple | None:
    """The new values of one elevkurs (a row of the selector's SQL), or None when they equal the stored ones."""
    ek_id, skolenr, pokode = rad[0], rad[3], rad[4]
    lagret_status, lagret_prosent, lagret_mangler, aldri = rad[8], rad[9], rad[10], rad[11]
    elevstatus_id = beregner.elevstatus_id(rad)
    prosent, mangler, uten_timer, pakrevd = beregner.kursprosent(rad)
    if prosent is None:
        resultat["uten_timegrunnlag"] += 1
        resultat["programomrader_uten_arstimer"].add(pokode)
    resultat["fag_uten_arstimer"].update(uten_timer)
    resultat["fag_pakrevd_uten_grunnlag"].update(pakrevd)
    for fagkode in mangler:
        if len(resultat["advarsler"]) >= MAKS_ADVARSLER:
            resultat["advarsler_utelatt"] += 1
            continue
        resultat["advarsler"].append({"elevkurs_id": ek_id, "skolenummer": skolenr, "programomrade": pokode,
                                      "fagkode": fagkode, "grunn": GRUNN_MANGLER})  # fmt: skip
    har_mangler = bool(mangler)
    resultat["mangler_elevtimer"] += har_mangler
    if (
        not aldri
        and elevstatus_id == lagret_status
        and prosent == lagret_prosent
        and har_mangler == lagret_mangler
    ):
        return None
    return (ek_id, elevstatus_id, prosent, har_mangler)


def _lag_temptabell() -> None:
    with connection.cursor() as c:
        c.execute(
            "CREATE TEMP TABLE IF NOT EXISTS elev_beregnet_tmp (id bigint PRIMARY KEY, elevstatus_id bigint, "
            "kursprosent numeric(6, 2), mangler_elevtimer boolean NOT NULL)"
        )


_OPPDATER_BEREGNET = _med_historikk(
    Elevforhold,
    "UPDATE elev_elevforhold ek SET elevstatus_id = b.elevstatus_id, kursprosent = b.kursprosent, "
    "mangler_elevtimer = b.mangler_elevtimer, beregnet = %(na)s, endret = %(na)s "
    "FROM elev_beregnet_tmp b WHERE ek.id = b.id AND (ek.beregnet IS NULL OR "
    "(ek.elevstatus_id, ek.kursprosent, ek.mangler_elevtimer) "
    "IS DISTINCT FROM (b.elevstatus_id, b.kursprosent, b.mangler_elevtimer))",
    tabell_alias="ek",
)


def _skriv_bit(endringer: list[tuple], param: dict[str, Any]) -> int:
    buf = io.StringIO()
    for ek_id, es_id, prosent, mangler in endringer:
        verdi = NULL if prosent is None else str(prosent)
        buf.write(f"{ek_id}\t{es_id}\t{verdi}\t{'t' if mangler else 'f'}\n")
    buf.seek(0)
    with connection.cursor() as c:
        c.execute("TRUNCATE elev_beregnet_tmp")
        c.cursor.copy_expert(
            "COPY elev_beregnet_tmp (id, elevstatus_id, kursprosent, mangler_elevtimer) FROM STDIN", buf
        )
        c.execute(_OPPDATER_BEREGNET, param)
        return c.rowcount


# --- 2. The avbrudd cascade (B04) --------------------------------------------------------------------------------
# The same rule as regler.avbrudd.avbryt: lines with H2, standpunkt or an exam grade are spared (Elevfag.vurdert),
# and a line already S with an avbruddsdato on or before the elevkurs's keeps its own date (docs/elev.md §4.2).
_UVURDERT = " AND ".join(
    f"COALESCE(ef.{felt}, '') = ''" for felt in ("karakter_t2", "standpunkt", "skriftlig", "muntlig", "annen")
)
_KASKADE_FAG = _med_historikk(
    Elevfag,
    "UPDATE elev_elevfag ef SET fagstatus_id = %(s_fag)s, avbruddsdato = ek.avbruddsdato, endret = %(na)s "
    "FROM elev_elevforhold ek WHERE ef.elevkurs_id = ek.id AND ek.id = ANY(%(ider)s) "
    f"AND ek.avbruddsdato IS NOT NULL AND {_UVURDERT} "
    "AND NOT (ef.fagstatus_id = %(s_fag)s AND ef.avbruddsdato IS NOT NULL AND ef.avbruddsdato <= ek.avbruddsdato)",
    tabell_alias="ef",
)
# Elevstatus S is rule 2 of Vedlegg 1; a manual elevstatus still wins (rule 1), as the recomputation would give.
_KASKADE_KURS = _med_historikk(
    Elevforhold,
    "UPDATE elev_elevforhold ek SET elevstatus_id = COALESCE(ek.elevstatus_manuell_id, %(s_elev)s), "
    f"fullfortkode = '{avbruddsregler.SLUTTET}', endret = %(na)s "
    "WHERE ek.id = ANY(%(ider)s) AND ek.avbruddsdato IS NOT NULL "
    "AND (ek.elevstatus_id, ek.fullfortkode) IS DISTINCT FROM "
    f"(COALESCE(ek.elevstatus_manuell_id, %(s_elev)s), '{avbruddsregler.SLUTTET}')",
    tabell_alias="ek",
)


def kaskade_avbrudd(elevkurs_ids: list[int], *, bruker=None, grunn: str = "") -> int:
    """For the given elevkurs that have an avbruddsdato: the fag lines get the same avbruddsdato and fagstatus S,
    the elevkurs elevstatus S (unless set manually) and fullførtkode S, except lines already graded (H2,
    standpunkt, exam). Returns the number of fag lines changed. Set-based; history rows in the same statements.

    Called by the SAS import after a file and by :func:`avbryt_elevkurs`. Elevkurs without avbruddsdato are left
    alone, so the caller may pass every elevkurs the file touched."""
    ider = list(elevkurs_ids)
    if not ider:
        return 0
    param = {
        "ider": ider,
        "s_fag": _fagstatus_id(avbruddsregler.SLUTTET),
        "s_elev": sikre_elevstatuskoder()[avbruddsregler.SLUTTET],
        "na": timezone.now(),
        "grunn": f"{GRUNN_KASKADE}: {grunn}" if grunn else GRUNN_KASKADE,
        "bruker": getattr(bruker, "pk", None),
    }
    with transaction.atomic(), connection.cursor() as c:
        c.execute(_KASKADE_FAG, param)
        antall = c.rowcount
        c.execute(_KASKADE_KURS, param)
    return antall


# --- 4. Fullførtkode at year end (B21) ---------------------------------------------------------------------------
def sett_fullfortkode_ved_skoleslutt(*, fylke, skolear, kjoring=None, bruker=None) -> dict[str, Any]:
    """Fullførtkode at the end of the school year for every elevkurs of the county (docs/elev.md §9.5):

    * an avbrutt elevkurs gets (keeps) ``S``;
    * a blank code becomes ``X`` (a blank from SAS is already ``X`` since the import; blank here means no school
      system ever sent one, e.g. an elevkurs registered in VIGO) and ``X`` stays ``X``;
    * a valid code from the school stays; an unknown code is left as it is and counted in ``ugyldige``.

    The rule (``regler.avbrudd.fullfortkode_ved_skoleslutt``) is applied to each distinct (code, avbrutt) pair,
    and the result is written with one set-based UPDATE."""
    fylke_id = getattr(fylke, "pk", fylke)
    skolear_id = getattr(skolear, "pk", skolear)
    filt = ("FROM elev_elevforhold ek JOIN kodeverk_skole s ON s.id = ek.skole_id "
            "WHERE s.fylke_id = %s AND ek.skolear_id = %s")  # fmt: skip
    with connection.cursor() as c:
        c.execute(
            f"SELECT ek.fullfortkode, ek.avbruddsdato IS NOT NULL, count(*) {filt} GROUP BY 1, 2",
            [fylke_id, skolear_id],
        )
        grupper = c.fetchall()
    overgang: list[tuple[str, bool, str]] = []
    ugyldige: dict[str, int] = {}
    for kode, avbrutt, antall in grupper:
        inn = "" if kode == avbruddsregler.BLANK_FRA_SAS else kode
        try:
            ny, _forklaring = avbruddsregler.fullfortkode_ved_skoleslutt(inn, avbrutt=avbrutt)
        except avbruddsregler.Ugyldig:
            ugyldige[kode] = ugyldige.get(kode, 0) + antall
            continue
        if ny != kode:
            overgang.append((kode, avbrutt, ny))
    endret = 0
    if overgang:
        # psycopg2 does not mix named and positional parameters, so the VALUES are named too.
        verdier = ", ".join(f"(%(f{i})s, %(a{i})s, %(t{i})s)" for i in range(len(overgang)))
        sql = _med_historikk(
            Elevforhold,
            f"UPDATE elev_elevforhold ek SET fullfortkode = m.til, endret = %(na)s "
            f"FROM kodeverk_skole s, (VALUES {verdier}) AS m(fra, avbrutt, til) "
            "WHERE s.id = ek.skole_id AND s.fylke_id = %(fylke)s AND ek.skolear_id = %(ar)s "
            "AND ek.fullfortkode = m.fra AND (ek.avbruddsdato IS NOT NULL) = m.avbrutt",
            tabell_alias="ek",
        )
        param = {"na": timezone.now(), "grunn": _grunn(GRUNN_FULLFORT, kjoring),
                 "bruker": _bruker_id(bruker, kjoring), "fylke": fylke_id, "ar": skolear_id}  # fmt: skip
        for i, (fra, avbrutt, til) in enumerate(overgang):
            param.update({f"f{i}": fra, f"a{i}": avbrutt, f"t{i}": til})
        with transaction.atomic(), connection.cursor() as c:
            c.execute(sql, param)
            endret = c.rowcount
    return {
        "elevkurs": sum(g[2] for g in grupper),
        "endret": endret,
        "til_x": sum(g[2] for g in grupper if g[0] == "" and not g[1]),
        "til_s": sum(
            g[2] for g in grupper if g[1] and g[0] != avbruddsregler.SLUTTET and g[0] not in ugyldige
        ),
        "ugyldige": sum(ugyldige.values()),
        "ugyldige_koder": sorted(ugyldige),
    }


# --- 5. The 1 October snapshot -----------------------------------------------------------------------------------
def standard_telledato(skolear: Skolear) -> datetime.date:
    """1 October of the school year's first calendar year."""
    return datetime.date(skolear.startar, 10, 1)


_TELLEDATO_KURS = _med_historikk(
    Elevforhold,
    """UPDATE elev_elevforhold ek SET forrige_elevstatus = v.kode, telledato = %(dato)s, endret = %(na)s
    FROM (
        SELECT ek2.id,
               CASE WHEN h.history_id IS NOT NULL THEN COALESCE(es_h.kode, '')
                    WHEN ek2.opprettet < %(grense)s THEN COALESCE(es_n.kode, '')
                    ELSE '' END AS kode
        FROM elev_elevforhold ek2
        JOIN kodeverk_skole s ON s.id = ek2.skole_id
        LEFT JOIN LATERAL (
            SELECT hh.history_id, hh.elevstatus_id FROM elev_historicalelevforhold hh
            WHERE hh.id = ek2.id AND hh.history_date < %(grense)s
            ORDER BY hh.history_date DESC, hh.history_id DESC LIMIT 1
        ) h ON true
        LEFT JOIN kodeverk_elevstatus es_h ON es_h.id = h.elevstatus_id
        LEFT JOIN kodeverk_elevstatus es_n ON es_n.id = ek2.elevstatus_id
        WHERE s.fylke_id = %(fylke)s AND ek2.skolear_id = %(ar)s
    ) v
    WHERE ek.id = v.id AND (ek.forrige_elevstatus, ek.telledato) IS DISTINCT FROM (v.kode, %(dato)s::date)""",
    tabell_alias="ek",
)
_TELLEDATO_FAG = _med_historikk(
    Elevfag,
    """UPDATE elev_elevfag ef SET forrige_fagstatus = v.kode, endret = %(na)s
    FROM (
        SELECT ef2.id,
               CASE WHEN h.history_id IS NOT NULL THEN COALESCE(fs_h.kode, '')
                    WHEN ef2.opprettet < %(grense)s THEN COALESCE(fs_n.kode, '')
                    ELSE '' END AS kode
        FROM elev_elevfag ef2
        JOIN elev_elevforhold ek2 ON ek2.id = ef2.elevkurs_id
        JOIN kodeverk_skole s ON s.id = ek2.skole_id
        LEFT JOIN LATERAL (
            SELECT hh.history_id, hh.fagstatus_id FROM elev_historicalelevfag hh
            WHERE hh.id = ef2.id AND hh.history_date < %(grense)s
            ORDER BY hh.history_date DESC, hh.history_id DESC LIMIT 1
        ) h ON true
        LEFT JOIN kodeverk_fagstatus fs_h ON fs_h.id = h.fagstatus_id
        LEFT JOIN kodeverk_fagstatus fs_n ON fs_n.id = ef2.fagstatus_id
        WHERE s.fylke_id = %(fylke)s AND ek2.skolear_id = %(ar)s
    ) v
    WHERE ef.id = v.id AND ef.forrige_fagstatus IS DISTINCT FROM v.kode""",
    tabell_alias="ef",
)


def ta_telledato(
    *, fylke, skolear, dato: datetime.date | None = None, kjoring=None, bruker=None
) -> dict[str, Any]:
    """The 1 October snapshot (docs/elev.md §9.6): ``forrige_elevstatus`` and ``telledato`` on every elevkurs of
    the county and school year, ``forrige_fagstatus`` on their fag lines, as they were at the end of ``dato``
    (default 1 October of the school year's first year).

    «As they were»: the latest history row before midnight after ``dato`` (Europe/Oslo); a row without history
    before then counts with its current value if it existed then, else blank. So a run on a later day gives the
    values of the date, and a second run writes the same values (and changes nothing)."""
    skolear_obj = skolear if isinstance(skolear, Skolear) else Skolear.objects.get(pk=skolear)
    dato = dato or standard_telledato(skolear_obj)
    grense = datetime.datetime.combine(dato + datetime.timedelta(days=1), datetime.time(), tzinfo=OSLO)
    param = {
        "dato": dato,
        "grense": grense,
        "fylke": getattr(fylke, "pk", fylke),
        "ar": skolear_obj.pk,
        "na": timezone.now(),
        "grunn": _grunn(f"{GRUNN_TELLEDATO} {dato:%d.%m.%Y}", kjoring),
        "bruker": _bruker_id(bruker, kjoring),
    }
    with transaction.atomic(), connection.cursor() as c:
        c.execute(_TELLEDATO_FAG, param)
        fag = c.rowcount
        c.execute(_TELLEDATO_KURS, param)
        kurs = c.rowcount
    antall_kurs = Elevforhold.objects.filter(skole__fylke_id=param["fylke"], skolear=skolear_obj).count()
    return {
        "telledato": dato.isoformat(),
        "elevkurs": antall_kurs,
        "endret_elevkurs": kurs,
        "endret_fag": fag,
    }


# The one-elevkurs services for the UI live in their own module (size); importable from here as well.
from inntak.elev.services.beregning_manuell import (  # noqa: E402
    avbryt_elevkurs,
    fjern_manuell_elevstatus,
    opphev_avbrudd,
    sett_manuell_elevstatus,
)

__all__ += ["avbryt_elevkurs", "fjern_manuell_elevstatus", "opphev_avbrudd", "sett_manuell_elevstatus"]
