"""Rett: 5A018 «Utvid kvoter for rett», 5A019 «Oppdater rett» and the caseworker's registrations (docs/elev.md §5,
«Rett: jobbene 5A018, 5A019 og 5A001»).

The rule is ``inntak.elev.regler.rett``; this module only gathers its inputs and stores its outputs. The inputs of
one person are read by one SQL statement (``_PERSON_SQL``) that both the job (streamed through a server-side cursor,
ordered by person) and the person page (``selectors.rett.forklar_rett``) use, so the page explains exactly what the
job computed.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from inntak.elev.models import Elevforhold, Rett, Rettsgrunnlag, Rettshendelse
from inntak.elev.regler import rett as regler
from kodeverk.models import Programomrade, Skole, Skolear
from vigo.models import Person
from vigo.scoping import avgrens

log = logging.getLogger(__name__)

TELLEDATO = "inntak.telledato_rett"
CHUNK = 5000

# Innføringsår (minority-language introductory year) does not use the right (docs/elev.md §5.5). No register field
# says it; the reading here: a programområde whose Grep name contains «innføring» (innføringsklasse,
# innføringstilbud) or whose local code starts with INN. Unverified as VIGO's marker; one place to change it.
INNFORING_SQL = "(po.navn ILIKE '%%innføring%%' OR po.kode LIKE 'INN%%')"

# Rett fields compared to decide whether a stored row changed (and written by the upsert).
FELT = ("regime", "rettstype", "rett_til", "ar_brukt", "kvote", "ar_igjen", "omval_igjen", "voksen_mulig")


def _t(modell) -> str:
    return connection.ops.quote_name(modell._meta.db_table)


def skolear_objekt(skolear) -> Skolear:
    """A Skolear from an instance, its pk or its code («2026-2027»)."""
    if isinstance(skolear, Skolear):
        return skolear
    if isinstance(skolear, int) or (isinstance(skolear, str) and skolear.isdigit()):
        return Skolear.objects.get(pk=int(skolear))
    return Skolear.objects.get(kode=skolear)


def telledato(fylke, skolear: Skolear) -> tuple[int, int]:
    """The county's telledato for the school year as (month, day) (system parameter, default 1 November)."""
    from vigo.parametere.selectors import parameter

    if fylke is None:
        return regler.STANDARD.telledato
    dato = parameter(fylke, skolear, TELLEDATO)
    return (dato.month, dato.day)


def _sjekk_regelsett(ar: int) -> None:
    if ar < regler.FORSTE_AR_GAMMEL:
        raise ValidationError(
            f"Ingen rettsregler for skoleåret {ar}-{ar + 1} (femårsregelen før 2017 er ikke lagt inn)."
        )


# --- The inputs of the rule, one row per person ---------------------------------------------------------------
# ``{personer}`` is a table or sub-select with a column person_id. Every elevkurs of the person counts (any county),
# as does every omval/utvidelse. The stored Rett row of the school year comes along, so the job compares without a
# second read.
_PERSON_SQL = """
SELECT p.id, p.fodselsnummer, p.fodselsdato,
       rg.grunnskole, rg.kompetanse_oppnadd, rg.voksen_valgt, rg.saerlige_grunner,
       k.ar, k.avbrudd, k.prosent, k.innforing, k.po,
       h.omval, h.grunn, h.antall,
       r.regime, r.rettstype, r.rett_til, r.ar_brukt, r.kvote, r.ar_igjen, r.omval_igjen, r.voksen_mulig
FROM {personer} x
JOIN {person} p ON p.id = x.person_id
LEFT JOIN {grunnlag} rg ON rg.person_id = p.id
LEFT JOIN {rett} r ON r.person_id = p.id AND r.skolear_id = %(skolear_id)s
LEFT JOIN LATERAL (
    SELECT array_agg(substr(sa.kode, 1, 4)::int ORDER BY sa.kode, ef.id) AS ar,
           array_agg(ef.avbruddsdato ORDER BY sa.kode, ef.id) AS avbrudd,
           array_agg(ef.kursprosent ORDER BY sa.kode, ef.id) AS prosent,
           array_agg({innforing} ORDER BY sa.kode, ef.id) AS innforing,
           array_agg(po.kode ORDER BY sa.kode, ef.id) AS po
    FROM {elevforhold} ef
    JOIN {skolear} sa ON sa.id = ef.skolear_id
    JOIN {programomrade} po ON po.id = ef.programomrade_id
    WHERE ef.person_id = p.id
) k ON true
LEFT JOIN LATERAL (
    SELECT array_agg(rh.dato ORDER BY rh.dato, rh.id) FILTER (WHERE rh.type = 'omval') AS omval,
           array_agg(rh.grunn ORDER BY rh.dato, rh.id) FILTER (WHERE rh.type = 'utvidelse') AS grunn,
           array_agg(rh.ar ORDER BY rh.dato, rh.id) FILTER (WHERE rh.type = 'utvidelse') AS antall
    FROM {hendelse} rh WHERE rh.person_id = p.id
) h ON true
ORDER BY p.id
"""


def _sql(personer: str) -> str:
    return _PERSON_SQL.format(
        personer=personer, person=_t(Person), grunnlag=_t(Rettsgrunnlag), rett=_t(Rett),
        elevforhold=_t(Elevforhold), skolear=_t(Skolear), programomrade=_t(Programomrade),
        hendelse=_t(Rettshendelse), innforing=INNFORING_SQL,
    )  # fmt: skip


def utvidelsesgrunn(grunn: str) -> str:
    """The reason code of an extension: the text before the first colon («spesialundervisning: vedtak …»)."""
    return grunn.split(":", 1)[0].strip().lower()


def bygg_person(rad: tuple) -> regler.Person:
    """``regler.rett.Person`` from one row of ``_PERSON_SQL``."""
    (_, _, fodselsdato, grunnskole, kompetanse, voksen_valgt, saerlige, ar, avbrudd, prosent, innforing, po,
     omval, grunner, antall) = rad[:15]  # fmt: skip
    kurs = tuple(
        regler.Rettskurs(
            skolear=a, avbruddsdato=d, kursprosent=k, innforingsar=bool(i), programomrade=p or ""
        )
        for a, d, k, i, p in zip(
            ar or (), avbrudd or (), prosent or (), innforing or (), po or (), strict=True
        )
    )
    utvidelser = tuple(
        regler.Utvidelse(utvidelsesgrunn(g), n or 0)
        for g, n in zip(grunner or (), antall or (), strict=True)
        if utvidelsesgrunn(g) in regler.UTVIDELSESGRUNNER and n
    )
    return regler.Person(
        fodselsdato=fodselsdato,
        grunnskole=True if grunnskole is None else grunnskole,
        kompetanse_oppnadd=kompetanse,
        kurs=kurs,
        omval=tuple(omval or ()),
        utvidelser=utvidelser,
        voksen_valgt=bool(voksen_valgt),
        saerlige_grunner=bool(saerlige),
    )


def inndata_for_person(person_id: int, skolear: Skolear) -> tuple | None:
    """The row of ``_PERSON_SQL`` for one person (the person page)."""
    with connection.cursor() as c:
        c.execute(_sql("(SELECT %(person_id)s::bigint AS person_id)"),
                  {"person_id": person_id, "skolear_id": skolear.pk})  # fmt: skip
        return c.fetchone()


def beregn(person: regler.Person, skolear: Skolear, telle: tuple[int, int]) -> regler.Rett:
    return regler.rett(person, skolear.startar, telledato=telle)


def _verdier(r: regler.Rett) -> tuple:
    return (r.regime, r.rettstype or "", r.rett_til, r.ar_brukt, r.kvote, r.ar_igjen, r.omval_igjen,
            r.voksen_mulig)  # fmt: skip


def _copy_verdi(v: Any) -> str:
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


# --- 5A019 ------------------------------------------------------------------------------------------------------
def _personer_i_fylket(c, fylke_id: int, skolear: Skolear, person_ids: Iterable[int] | None) -> int:
    """Fill the temp table tmp_rett_personer; returns the count."""
    c.execute("DROP TABLE IF EXISTS tmp_rett_personer")
    c.execute("CREATE TEMP TABLE tmp_rett_personer (person_id bigint PRIMARY KEY) ON COMMIT DROP")
    if person_ids is not None:
        ids = sorted(set(person_ids))
        c.execute("INSERT INTO tmp_rett_personer SELECT unnest(%s::bigint[]) ON CONFLICT DO NOTHING", [ids])
    else:
        from inntak.models import Soknad, SoknadStatus

        c.execute(
            f"""INSERT INTO tmp_rett_personer
                SELECT DISTINCT ef.person_id FROM {_t(Elevforhold)} ef
                JOIN {_t(Skole)} s ON s.id = ef.skole_id WHERE s.fylke_id = %(fylke)s
                UNION
                SELECT so.person_id FROM {_t(Soknad)} so
                WHERE so.fylke_id = %(fylke)s AND so.skolear_id = %(skolear)s AND so.status = %(tildelt)s""",
            {"fylke": fylke_id, "skolear": skolear.pk, "tildelt": SoknadStatus.TILDELT},
        )
    c.execute("ANALYZE tmp_rett_personer")
    c.execute("SELECT count(*) FROM tmp_rett_personer")
    return c.fetchone()[0]


ENDRINGSKOLONNER = ("person_id", "fodselsnummer", "endring", "regime", "rettstype_for", "rettstype_etter",
                    "rett_til_for", "rett_til_etter", "ar_brukt_for", "ar_brukt_etter", "ar_igjen_for",
                    "ar_igjen_etter", "omval_igjen_for", "omval_igjen_etter")  # fmt: skip


def oppdater_rett(
    *,
    fylke,
    skolear,
    kjoring=None,
    fremdrift: Callable[[int, int, str], None] | None = None,
    person_ids: Iterable[int] | None = None,
    rapport: IO[str] | None = None,
) -> dict:
    """5A019 «Oppdater rett»: compute the right for the school year of every person with an elevkurs at a school in
    ``fylke`` (any year) and every person with a søknad «tildelt» in the county for the year (or only
    ``person_ids``), store it in ``Rett`` (person, skoleår) where it changed, and set ``Elevforhold.rettstype`` on
    the year's elevkurs at the county's schools.

    Set-based: the persons go to a temp table, their inputs are streamed by a server-side cursor ordered by person
    in chunks of ``CHUNK``, changed rows are COPYed to a temp table per chunk and upserted once. Every person whose
    stored right changed (or who got one for the first time: ``endring`` = «ny») is written as a CSV row to
    ``rapport`` (``ENDRINGSKOLONNER``). The computed columns are written without history rows (they are recomputed
    on every run; the change feed sees them through ``endret``).
    """
    ar = skolear_objekt(skolear)
    _sjekk_regelsett(ar.startar)
    fylke_id = getattr(fylke, "pk", fylke)
    telle = telledato(fylke, ar)
    skriver = csv.writer(rapport, delimiter=";") if rapport is not None else None
    if skriver:
        skriver.writerow(ENDRINGSKOLONNER)
    naa = timezone.now()
    tall = {"personer": 0, "endret": 0, "nye": 0, "uendret": 0, "elevkurs_oppdatert": 0}
    per_type: dict[str, int] = {}
    with transaction.atomic():
        with connection.cursor() as c:
            totalt = _personer_i_fylket(c, fylke_id, ar, person_ids)
            c.execute("DROP TABLE IF EXISTS tmp_rett_ny")
            c.execute(
                "CREATE TEMP TABLE tmp_rett_ny (person_id bigint, regime varchar(20), rettstype varchar(1), "
                "rett_til date, ar_brukt smallint, kvote smallint, ar_igjen smallint, omval_igjen smallint, "
                "voksen_mulig boolean) ON COMMIT DROP"
            )
            connection.ensure_connection()
            strom = connection.connection.cursor(name="rett_strom")
            strom.itersize = CHUNK
            strom.execute(_sql("tmp_rett_personer"), {"skolear_id": ar.pk})
            ferdig = 0
            while True:
                rader = strom.fetchmany(CHUNK)
                if not rader:
                    break
                buf = io.StringIO()
                for rad in rader:
                    r = beregn(bygg_person(rad), ar, telle)
                    ny = _verdier(r)
                    per_type[ny[1] or "-"] = per_type.get(ny[1] or "-", 0) + 1
                    gammel = rad[15:23]
                    if gammel[0] is not None and tuple(gammel) == ny:
                        tall["uendret"] += 1
                        continue
                    buf.write("\t".join(_copy_verdi(v) for v in (rad[0], *ny)) + "\n")
                    er_ny = gammel[0] is None
                    tall["nye" if er_ny else "endret"] += 1
                    if skriver:
                        skriver.writerow([rad[0], rad[1], "ny" if er_ny else "endret", ny[0], gammel[1] or "",
                                          ny[1], gammel[2] or "", ny[2] or "", _tom(gammel[3]), ny[3],
                                          _tom(gammel[5]), _tom(ny[5]), _tom(gammel[6]), _tom(ny[6])])  # fmt: skip
                if buf.tell():
                    buf.seek(0)
                    c.cursor.copy_expert("COPY tmp_rett_ny FROM STDIN", buf)
                ferdig += len(rader)
                if fremdrift:
                    fremdrift(ferdig, totalt, f"Rett beregnet for {ferdig} av {totalt} personer")
            strom.close()
            tall["personer"] = ferdig
            felt = ", ".join(FELT)
            c.execute(
                f"""INSERT INTO {_t(Rett)} (person_id, skolear_id, {felt}, kjoring_id, beregnet)
                    SELECT person_id, %(skolear)s, {felt}, %(kjoring)s, %(naa)s FROM tmp_rett_ny
                    ON CONFLICT (person_id, skolear_id) DO UPDATE SET
                    {", ".join(f"{f} = EXCLUDED.{f}" for f in FELT)},
                    kjoring_id = EXCLUDED.kjoring_id, beregnet = EXCLUDED.beregnet""",
                {"skolear": ar.pk, "kjoring": getattr(kjoring, "pk", kjoring), "naa": naa},
            )
            c.execute(
                f"""UPDATE {_t(Elevforhold)} ef SET rettstype = r.rettstype, endret = %(naa)s
                    FROM {_t(Rett)} r, tmp_rett_personer x, {_t(Skole)} s
                    WHERE r.person_id = ef.person_id AND r.skolear_id = %(skolear)s
                      AND x.person_id = ef.person_id AND ef.skolear_id = %(skolear)s
                      AND s.id = ef.skole_id AND s.fylke_id = %(fylke)s
                      AND ef.rettstype IS DISTINCT FROM r.rettstype""",
                {"naa": naa, "skolear": ar.pk, "fylke": fylke_id},
            )
            tall["elevkurs_oppdatert"] = c.rowcount
    log.info(
        "5A019 oppdater rett: %s personer, %s endret, %s nye",
        tall["personer"], tall["endret"], tall["nye"],
        extra={"fylke_id": fylke_id, "skolear": ar.kode},
    )  # fmt: skip
    return {"skolear": ar.kode, **tall, "rettstype": dict(sorted(per_type.items()))}


def _tom(v: Any) -> str:
    return "" if v is None else str(v)


# --- 5A018 ------------------------------------------------------------------------------------------------------
def utvid_kvoter(*, fylke, skolear, kjoring=None) -> dict:
    """5A018 «Utvid kvoter for rett».

    What VIGO's job does is **not verified** (the name is the only evidence, docs/elev.md §5.6). Here it applies the
    registered extensions (``Rettshendelse`` of type ``utvidelse``) to the quota of the stored right, set-based,
    for the persons of the county (elevkurs at its schools) whose right for the school year follows the old law:
    kvote = 3 + 1 for omval before the school year + min(sum of tilrettelegging years, 2) + læreplan years, and
    ``ar_igjen`` = max(kvote − ``ar_brukt``, 0) — the same arithmetic as the rule. It also reports extensions the
    rule cannot read (a reason code outside ``UTVIDELSESGRUNNER`` or no number of years), so they are corrected
    before 5A019, which recomputes everything from the same registrations. New-law rights have no quota and are
    left alone.
    """
    ar = skolear_objekt(skolear)
    _sjekk_regelsett(ar.startar)
    fylke_id = getattr(fylke, "pk", fylke)
    koder = list(regler.UTVIDELSESGRUNNER)
    tilrettelegging = list(regler.TILRETTELEGGING)
    grunn = "lower(trim(split_part(rh.grunn, ':', 1)))"
    params = {"fylke": fylke_id, "skolear": ar.pk, "koder": koder, "tilr": tilrettelegging,
              "start": datetime.date(ar.startar, 8, 1), "kvote": regler.KVOTE_GAMMEL,
              "maks": regler.MAKS_TILRETTELEGGING_AR, "omval": regler.MAKS_OMVAL_AR, "gammel": regler.GAMMEL_LOV}  # fmt: skip
    i_fylket = f"""SELECT DISTINCT ef.person_id FROM {_t(Elevforhold)} ef JOIN {_t(Skole)} s ON s.id = ef.skole_id
                   WHERE s.fylke_id = %(fylke)s"""
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            f"""SELECT count(*) FILTER (WHERE {grunn} = ANY(%(koder)s) AND rh.ar > 0),
                       count(*) FILTER (WHERE NOT ({grunn} = ANY(%(koder)s) AND rh.ar > 0)),
                       count(DISTINCT rh.person_id)
                FROM {_t(Rettshendelse)} rh WHERE rh.type = 'utvidelse' AND rh.person_id IN ({i_fylket})""",
            params,
        )
        gyldige, ugyldige, personer = c.fetchone()
        c.execute(
            f"""WITH u AS (
                  SELECT rh.person_id,
                         least(coalesce(sum(rh.ar) FILTER (WHERE {grunn} = ANY(%(tilr)s)), 0), %(maks)s)
                         + coalesce(sum(rh.ar) FILTER (WHERE {grunn} = 'laereplan'), 0) AS ekstra
                  FROM {_t(Rettshendelse)} rh
                  WHERE rh.type = 'utvidelse' AND rh.ar > 0 AND rh.person_id IN ({i_fylket})
                  GROUP BY rh.person_id),
                o AS (SELECT DISTINCT person_id FROM {_t(Rettshendelse)}
                      WHERE type = 'omval' AND dato < %(start)s)
                UPDATE {_t(Rett)} r
                SET kvote = ny.kvote, ar_igjen = greatest(ny.kvote - r.ar_brukt, 0)
                FROM (SELECT u.person_id, %(kvote)s + u.ekstra
                             + CASE WHEN o.person_id IS NULL THEN 0 ELSE %(omval)s END AS kvote
                      FROM u LEFT JOIN o ON o.person_id = u.person_id) ny
                WHERE r.person_id = ny.person_id AND r.skolear_id = %(skolear)s AND r.regime = %(gammel)s
                  AND r.kvote IS DISTINCT FROM ny.kvote""",
            params,
        )
        endret = c.rowcount
    return {"skolear": ar.kode, "personer": personer, "utvidelser": gyldige, "ugyldige": ugyldige,
            "kvote_endret": endret}  # fmt: skip


def ugyldige_utvidelser(fylke) -> Iterator[tuple[int, str, int | None]]:
    """(person_id, grunn, ar) of extensions in the county the rule cannot read (for 5A018's file)."""
    fylke_id = getattr(fylke, "pk", fylke)
    qs = (
        Rettshendelse.objects.filter(
            type=Rettshendelse.Type.UTVIDELSE, person__elevforhold__skole__fylke_id=fylke_id
        )  # fmt: skip
        .distinct()
        .order_by("person_id", "dato")
        .values_list("person_id", "grunn", "ar")
    )
    for pid, grunn, antall in qs.iterator(chunk_size=2000):
        if utvidelsesgrunn(grunn) not in regler.UTVIDELSESGRUNNER or not antall:
            yield pid, grunn, antall


# --- The caseworker's registrations -------------------------------------------------------------------------------
def _krev(bruker, tillatelser: Iterable[str], person: Person) -> None:
    if bruker is None or not all(bruker.has_perm(t) for t in tillatelser):
        raise PermissionDenied("Du har ikke tilgang til å endre retten til videregående opplæring.")
    if not avgrens(Person.objects.filter(pk=person.pk), bruker).exists():
        raise PermissionDenied("Du har ikke tilgang til denne personen.")
    if bruker.skole_id is not None:  # a school sees its pupils, but the right is the county's decision
        raise PermissionDenied("Skoler kan ikke endre retten til videregående opplæring.")


@transaction.atomic
def registrer_rettshendelse(
    bruker, person: Person, *, type: str, dato: datetime.date, ar: int | None = None, grunn: str
) -> Rettshendelse:
    """Register an omval (§ 5-5) or an extension of the right (old law). An extension's ``grunn`` starts with one
    of the codes ``regler.rett.UTVIDELSESGRUNNER`` (e.g. «spesialundervisning: vedtak 12.03.2025») and needs
    ``ar`` ≥ 1. The row itself is the audit (who, when, why); 5A018/5A019 read it."""
    _krev(bruker, ["elev.add_rettshendelse"], person)
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError("Oppgi en grunn.")
    if type not in Rettshendelse.Type.values:
        raise ValidationError(f"Ukjent type rettshendelse «{type}».")
    if type == Rettshendelse.Type.UTVIDELSE:
        if utvidelsesgrunn(grunn) not in regler.UTVIDELSESGRUNNER:
            raise ValidationError(
                "Grunnen for en utvidelse må begynne med en av kodene: "
                + ", ".join(regler.UTVIDELSESGRUNNER)
                + " (f.eks. «spesialundervisning: vedtak …»)."
            )
        if not ar or ar < 1:
            raise ValidationError("Oppgi hvor mange år retten utvides med (minst 1).")
    elif ar is not None:
        raise ValidationError("Antall år oppgis bare for utvidelser.")
    if dato > timezone.localdate():
        raise ValidationError("Datoen kan ikke være fram i tid.")
    hendelse = Rettshendelse.objects.create(
        person=person, type=type, dato=dato, ar=ar, grunn=grunn[:200], registrert_av=bruker
    )
    log.info("Rettshendelse registrert", extra={"person_id": person.pk, "type": type})
    return hendelse


GRUNNLAGSFELT = ("grunnskole", "kompetanse_oppnadd", "voksen_valgt", "saerlige_grunner")


@transaction.atomic
def endre_rettsgrunnlag(bruker, person: Person, *, grunn: str, **felt) -> Rettsgrunnlag:
    """Change the facts the rule reads about a person (``GRUNNLAGSFELT``). The history row carries the user and
    ``grunn`` (first 100 characters, simple-history's limit) in the same transaction."""
    _krev(bruker, ["elev.add_rettsgrunnlag", "elev.change_rettsgrunnlag"], person)
    ukjente = set(felt) - set(GRUNNLAGSFELT)
    if ukjente:
        raise ValueError(f"Kan ikke endre {', '.join(sorted(ukjente))} med endre_rettsgrunnlag.")
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError("Oppgi en grunn til endringen.")
    kompetanse = felt.get("kompetanse_oppnadd")
    if kompetanse is not None and kompetanse > timezone.localdate():
        raise ValidationError("Datoen for oppnådd kompetanse kan ikke være fram i tid.")
    rg = Rettsgrunnlag.objects.select_for_update().filter(person=person).first() or Rettsgrunnlag(
        person=person
    )
    for navn, verdi in felt.items():
        setattr(rg, navn, verdi)
    rg._history_user = bruker
    rg._change_reason = grunn[:100]
    rg.save()
    log.info("Rettsgrunnlag endret", extra={"person_id": person.pk})
    return rg
