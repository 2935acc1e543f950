"""ssbResultat + ssbResultatfag (job 1L010): the results of a school year per elevkurs and per elevfag for the
county's upper-secondary schools, to Utdanningsdirektoratet (med SSB) (docs/leveranser/ssb.md).

The layout is partly public: the column names and their order are SSB's (the «resultat» and «karakter» lists), and
some columns have SSB field numbers (R.n / RF.n) and Registreringshåndbok variables from the public SAS interface.
The file frame (semicolon CSV with a header row, CRLF, UTF-8) is our documented model.

Both files are written by PostgreSQL's COPY (``Leveransedefinisjon.sql``) and checked by set-based controls: at
200 000 elevkurs and 3 000 000 elevfag the rows never become Python objects. Every SELECT names its tables
unqualified, so the benchmark runs the same SQL in its own schema through ``search_path``.
"""

from __future__ import annotations

from rapporter.leveranser.definisjon import (
    Delfil,
    Felt,
    Forutsetning,
    Leveransedefinisjon,
    SqlKontroll,
    registrer,
)
from rapporter.leveranser.sqldeler import dato as _dato
from rapporter.leveranser.sqldeler import filid as _filid
from rapporter.leveranser.sqldeler import select as _select
from rapporter.leveranser.sqldeler import tekst as _tekst

F, A = "FEIL", "ADVARSEL"
KODE = "1L010"
FULLFORTKODER = ("B", "I", "M", "A", "H", "L", "K", "S", "X")  # Regbok B21 as the SAS import accepts them


def _jn(uttrykk: str) -> str:
    return f"CASE WHEN {uttrykk} THEN 'J' ELSE 'N' END"


def _parametere(fylke, skolear) -> dict:
    return {"fylke": fylke.pk, "fylkenr": fylke.nummer, "skolear": skolear.pk}


# --- ssbResultat: one line per elevkurs -----------------------------------------------------------------------
# (SELECT expression, field). The field's name is the SSB column name and the CSV header.
RESULTAT: tuple[tuple[str, Felt], ...] = (
    (_filid("ssbResultat"), Felt("FilID", "utledet", "Filens id: ssbResultat_<fylke>_<skoleår>")),
    ("ek.id", Felt("RadID", "elev.Elevforhold.id", "Elevkursets interne id (stabil nøkkel)")),
    ("row_number() OVER (ORDER BY s.skolenummer, ek.id)", Felt("RadNr", "utledet", "Radnummer i filen")),
    ("p.fodselsnummer", Felt("Fødselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer", "R.1; A01",
                             format="9(11)")),
    ("replace(sa.kode, '-', '')", Felt("Skoleår", "kodeverk.Skolear.kode", "Skoleåret resultatene gjelder",
                                       "R.2", format="9(8)")),
    ("s.skolenummer", Felt("Skolenummer", "kodeverk.Skole.skolenummer", "VIGO skolenummer", "R.3; A06",
                           format="9(5)")),
    ("po.kode", Felt("Programområdekode", "kodeverk.Programomrade.kode", "Programområdekode", "R.4; A03",
                     format="x(10)")),
    (_tekst("concat_ws(' ', p.etternavn, p.fornavn, nullif(p.mellomnavn, ''))"),
     Felt("Elevnavn", "vigo.Person", "«Etternavn Fornavn Mellomnavn»", "R.8")),
    (_tekst("s.navn"), Felt("Skolenavn", "kodeverk.Skole.navn", "Skolens navn")),
    ("s.organisasjonsnummer", Felt("Organisasjonsnummer", "kodeverk.Skole.organisasjonsnummer",
                                   "Skolens organisasjonsnummer", "A07", format="9(9)")),
    (_dato("ek.startdato"), Felt("Startdato", "elev.Elevforhold.startdato", "Startdato på programområdet",
                                 "R.11; B02", format="ÅÅÅÅMMDD")),
    (_dato("ek.avbruddsdato"), Felt("Avbruddsdato", "elev.Elevforhold.avbruddsdato", "Avbruddsdato",
                                    "R.12; B04", format="ÅÅÅÅMMDD")),
    ("ek.fullfortkode", Felt("Fullførtkode", "elev.Elevforhold.fullfortkode", "Fullførtkode (blank fra SAS = X)",
                             "R.13; B21", format="x(1)")),
    ("coalesce(nullif(ek.rettstype, ''), ek.rettstype_importert)",
     Felt("Rettstype ved inntak", "elev.Elevforhold.rettstype", "U, V eller F; importert rettstype for voksne "
          "når den beregnede mangler", "R.14", format="x(1)")),
    ("coalesce(esm.kode, es.kode, '')", Felt("Elevstatus", "elev.Elevforhold.elevstatus",
                                             "Elevstatus (manuell overstyrer beregnet)", "B08", format="x(1)")),
    (_dato("f.rkv"), Felt("Godkjent realkompetansevurdering dato", "elev.Elevfag.realkompetanse_dato",
                          "Siste realkompetansevurdert dato blant fagene på elevkurset (lesemåte)",
                          format="ÅÅÅÅMMDD")),
    ("''", Felt("Karakterpoeng", "", "Tom: VIGO har ingen definert karakterpoengsum per elevkurs")),
    ("ek.kursprosent::text", Felt("Kursprosent", "elev.Elevforhold.kursprosent",
                                  "Kursprosent med punktum som desimaltegn")),
    ("ek.fravaer_dager", Felt("Antall dager fravær", "elev.Elevforhold.fravaer_dager", "Dager fravær",
                              "R.18; B24", format="9(3)")),
    ("ek.fravaer_timer", Felt("Antall enkelttimer fravær", "elev.Elevforhold.fravaer_timer", "Enkelttimer fravær",
                              "R.19; B24", format="9(4)")),
    ("coalesce(f.antall, 0)", Felt("Antall fag på elevkurset", "elev.Elevfag", "Faglinjer på elevkurset")),
    ("coalesce(f.stryk, 0)", Felt("Antall stryk på elevkurset", "elev.Elevfag",
                                  "Fag med karakteren 1 i standpunkt eller eksamen")),
    ("ek.bevistype", Felt("Bevistype", "elev.Elevforhold.bevistype", "VM vitnemål, KB kompetansebevis",
                          "R.22; B22", format="x(2)")),
    ("ek.forrige_elevstatus", Felt("Forrige elevstatus", "elev.Elevforhold.forrige_elevstatus",
                                   "Elevstatus per 1. oktober", format="x(1)")),
    ("ek.malform", Felt("Målform", "elev.Elevforhold.malform", "Norsk hovedmål: B, N eller S", "R.24; B27",
                        format="x(1)")),
    ("coalesce(r.rettstype, '')", Felt("Rettstype i hjemfylket", "elev.Rett.rettstype",
                                       "Retten 5A019 beregnet for personen og skoleåret (lesemåte)", format="x(1)")),
    (_jn("ek.rett_pabygging"), Felt("Påbyggingsrett", "elev.Elevforhold.rett_pabygging", "Rett til påbygging (J/N)",
                                    "E.19", format="x(1)")),
)  # fmt: skip

_RESULTAT_FRA = """
FROM elev_elevforhold ek
JOIN kodeverk_skole s ON s.id = ek.skole_id
JOIN kodeverk_skolear sa ON sa.id = ek.skolear_id
JOIN vigo_person p ON p.id = ek.person_id
JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
LEFT JOIN kodeverk_elevstatus es ON es.id = ek.elevstatus_id
LEFT JOIN kodeverk_elevstatus esm ON esm.id = ek.elevstatus_manuell_id
LEFT JOIN elev_rett r ON r.person_id = ek.person_id AND r.skolear_id = ek.skolear_id
LEFT JOIN (
    SELECT ef.elevkurs_id, count(*) AS antall,
           count(*) FILTER (WHERE '1' IN (ef.standpunkt, ef.skriftlig, ef.muntlig, ef.annen)) AS stryk,
           max(ef.realkompetanse_dato) AS rkv
    FROM elev_elevfag ef JOIN kodeverk_skole fs ON fs.id = ef.skole_id
    WHERE fs.fylke_id = %(fylke)s AND ef.skolear_id = %(skolear)s AND ef.elevkurs_id IS NOT NULL
    GROUP BY ef.elevkurs_id
) f ON f.elevkurs_id = ek.id
WHERE s.fylke_id = %(fylke)s AND ek.skolear_id = %(skolear)s
ORDER BY s.skolenummer, ek.id
"""


def resultat_sql(fylke, skolear):
    return _select(RESULTAT, _RESULTAT_FRA), _parametere(fylke, skolear)


# --- ssbResultatfag: one line per elevfag ---------------------------------------------------------------------
RESULTATFAG: tuple[tuple[str, Felt], ...] = (
    (_filid("ssbResultatfag"), Felt("Filid", "utledet", "Filens id: ssbResultatfag_<fylke>_<skoleår>")),
    ("ef.id", Felt("Radid", "elev.Elevfag.id", "Elevfagets interne id (stabil nøkkel)")),
    ("row_number() OVER (ORDER BY s.skolenummer, ef.elevkurs_id, ef.id)", Felt("Radnr", "utledet", "Radnummer")),
    ("p.fodselsnummer", Felt("Fødselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer", "R.1; A01",
                             format="9(11)")),
    ("replace(sa.kode, '-', '')", Felt("Skoleår", "kodeverk.Skolear.kode", "Skoleår", "R.2", format="9(8)")),
    ("s.skolenummer", Felt("Skolenummer", "kodeverk.Skole.skolenummer", "Skolenummer", "R.3; A06", format="9(5)")),
    ("coalesce(po.kode, '')", Felt("Programområdekode", "elev.Elevfag.elevkurs.programomrade",
                                   "Elevkursets programområde", "R.4; A03", format="x(10)")),
    ("fg.kode", Felt("Fagkode", "kodeverk.Fag.kode", "Fagkode", "RF.5; A04", format="x(7)")),
    ("fst.kode", Felt("Fagstatus", "kodeverk.Fagstatus.kode", "Fagstatus", "RF.10; B07", format="x(1)")),
    ("ef.karakter_t1", Felt("KarakterHalvårsvurdering1", "elev.Elevfag.karakter_t1", "Halvårsvurdering 1",
                            "RF.11; B26", format="x(2)")),
    ("ef.karakter_t2", Felt("KarakterHalvårsvurdering2", "elev.Elevfag.karakter_t2", "Halvårsvurdering 2",
                            "RF.12; B26", format="x(2)")),
    ("ef.standpunkt", Felt("KarakterStandpunkt", "elev.Elevfag.standpunkt", "Standpunkt", "RF.13; B26",
                           format="x(2)")),
    ("ef.skriftlig", Felt("KarakterSkriftligEksamen", "elev.Elevfag.skriftlig", "Skriftlig eksamen", "RF.16; B26",
                          format="x(2)")),
    ("ef.muntlig", Felt("KarakterMuntligEksamen", "elev.Elevfag.muntlig", "Muntlig eksamen", "RF.19; B26",
                        format="x(2)")),
    ("ef.annen", Felt("KarakterAnnen", "elev.Elevfag.annen", "Annen eksamen", "RF.22; B26", format="x(2)")),
    ("coalesce(replace(sa2.kode, '-', ''), '')", Felt("Skoleår2", "elev.Elevfag.skolear2",
                                                      "Faget tatt et annet skoleår", "RF.23", format="9(8)")),
    ("coalesce(s2.skolenummer, '')", Felt("Skolenummer2", "elev.Elevfag.skole2", "Faget tatt ved en annen skole",
                                          "RF.24", format="9(5)")),
    (_jn("ef.avbruddsdato IS NULL AND fst.kode <> 'S'"),
     Felt("ErLinjaAktiv", "elev.Elevfag", "J når eleven fortsatt har faget (ikke sluttet, ingen avbruddsdato)",
          format="x(1)")),
    ("ef.elevtimer", Felt("Elevtimer", "elev.Elevfag.elevtimer", "Elevtimer", "RF.26; B09", format="9(4)")),
    ("ef.forrige_fagstatus", Felt("ForrigeFagstatus", "elev.Elevfag.forrige_fagstatus", "Fagstatus per 1. oktober",
                                  format="x(1)")),
    ("ef.fagmerknad", Felt("FagmerknadKode", "elev.Elevfag.fagmerknad", "Fagmerknad (FAM)", "RF.30; B16",
                           format="x(5)")),
    ("ef.karakterstatus", Felt("Karakterstatus", "elev.Elevfag.karakterstatus", "Karakterstatus", "RF.31; B23",
                               format="x(1)")),
)  # fmt: skip

_RESULTATFAG_FRA = """
FROM elev_elevfag ef
JOIN kodeverk_skole s ON s.id = ef.skole_id
JOIN kodeverk_skolear sa ON sa.id = ef.skolear_id
JOIN vigo_person p ON p.id = ef.person_id
JOIN kodeverk_fag fg ON fg.id = ef.fag_id
JOIN kodeverk_fagstatus fst ON fst.id = ef.fagstatus_id
LEFT JOIN elev_elevforhold ek ON ek.id = ef.elevkurs_id
LEFT JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
LEFT JOIN kodeverk_skole s2 ON s2.id = ef.skole2_id
LEFT JOIN kodeverk_skolear sa2 ON sa2.id = ef.skolear2_id
WHERE s.fylke_id = %(fylke)s AND ef.skolear_id = %(skolear)s
ORDER BY s.skolenummer, ef.elevkurs_id, ef.id
"""


def resultatfag_sql(fylke, skolear):
    return _select(RESULTATFAG, _RESULTATFAG_FRA), _parametere(fylke, skolear)


# --- Controls: set-based, each a SELECT of (post, melding) -------------------------------------------------------
# Every finding names the record by its internal id only (elevkurs:<id>, elevfag:<id>), never a person.
_EK = """
FROM elev_elevforhold ek
JOIN kodeverk_skole s ON s.id = ek.skole_id
JOIN kodeverk_skolear sa ON sa.id = ek.skolear_id
{join}
WHERE s.fylke_id = %(fylke)s AND ek.skolear_id = %(skolear)s AND ({hvor})
"""
_EF = """
FROM elev_elevfag ef
JOIN kodeverk_skole s ON s.id = ef.skole_id
{join}
WHERE s.fylke_id = %(fylke)s AND ef.skolear_id = %(skolear)s AND ({hvor})
"""


def _kontroll(tabell: str, melding: str, hvor: str, join: str = ""):
    """A control over the county's elevkurs («ek») or elevfag («ef») of the school year."""
    post = "'elevkurs:' || ek.id" if tabell == "ek" else "'elevfag:' || ef.id"
    sql = f"SELECT {post}, {melding} " + (_EK if tabell == "ek" else _EF).format(join=join, hvor=hvor)

    def kilde(fylke, skolear):
        return sql, _parametere(fylke, skolear)

    return kilde


# An elevkurs always has a programområde (the column is NOT NULL); «missing» is one that is blank or not valid in
# the school year (expired in the kodeverk), which SSB cannot place. An elevfag line without elevkurs has none,
# except a privatist's (fagstatus P): a privatist has no elevkurs, and the exam is reported per fag.
_PO = "JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id"
MANGLER_PROGRAMOMRADE = SqlKontroll("Mangler programområde", F, _kontroll(
    "ek", "CASE WHEN btrim(po.kode) = '' THEN 'Elevkurset mangler programområdekode.' "
    "ELSE 'Elevkurset har programområdet ' || po.kode || ', som ikke gjelder for skoleåret ' || sa.kode "
    "|| '. Rett programområdet før leveransen kan sendes.' END",
    "btrim(po.kode) = '' OR po.gyldig_til < sa.startdato OR po.gyldig_fra > sa.sluttdato", _PO))  # fmt: skip
FAG_UTEN_ELEVKURS = SqlKontroll("Mangler programområde", F, _kontroll(
    "ef", "'Faglinjen hører ikke til noe elevkurs og mangler derfor programområde.'",
    "ef.elevkurs_id IS NULL AND fs.kode <> 'P'", "JOIN kodeverk_fagstatus fs ON fs.id = ef.fagstatus_id"))  # fmt: skip
FODSELSNUMMER = SqlKontroll("Ugyldig fødselsnummer", F, _kontroll(
    "ek", "'Personen på elevkurset mangler gyldig fødselsnummer (11 siffer).'",
    "p.fodselsnummer IS NULL OR p.fodselsnummer !~ '^[0-9]{11}$'",
    "JOIN vigo_person p ON p.id = ek.person_id"))  # fmt: skip
UGYLDIG_FULLFORTKODE = SqlKontroll("Ugyldig fullførtkode", F, _kontroll(
    "ek", "'Fullførtkoden «' || ek.fullfortkode || '» finnes ikke (gyldige: " + " ".join(FULLFORTKODER) + ").'",
    "ek.fullfortkode <> '' AND ek.fullfortkode NOT IN (" + ", ".join(f"'{k}'" for k in FULLFORTKODER) + ")"))  # fmt: skip
# Blank from SAS becomes X (docs/leveranser/ssb.md) and is a legal state, so a missing code warns; a broken-off
# course gets S automatically and is not reported.
MANGLER_FULLFORTKODE = SqlKontroll("Mangler fullførtkode", A, _kontroll(
    "ek", "'Elevkurset mangler fullførtkode ved skoleslutt (blank eller X).'",
    "ek.fullfortkode IN ('', 'X') AND ek.avbruddsdato IS NULL"))  # fmt: skip
AVBRUDD_FOR_START = SqlKontroll("Avbruddsdato før startdato", F, _kontroll(
    "ek", "'Avbruddsdatoen ' || to_char(ek.avbruddsdato, 'DD.MM.YYYY') || ' er før startdatoen ' "
    "|| to_char(ek.startdato, 'DD.MM.YYYY') || '.'",
    "ek.avbruddsdato < ek.startdato"))  # fmt: skip
UTEN_FAG = SqlKontroll("Elevkurs uten fag", A, _kontroll(
    "ek", "'Elevkurset har ingen faglinjer; antall fag og stryk blir 0.'",
    "NOT EXISTS (SELECT 1 FROM elev_elevfag x WHERE x.elevkurs_id = ek.id)"))  # fmt: skip
MANGLER_ELEVSTATUS = SqlKontroll("Mangler elevstatus", A, _kontroll(
    "ek", "'Elevkurset har ingen elevstatus. Kjør beregningen av elevstatus og kursprosent.'",
    "ek.elevstatus_id IS NULL AND ek.elevstatus_manuell_id IS NULL"))  # fmt: skip
GRUNNSKOLEFAG = SqlKontroll("Fag på feil nivå", F, _kontroll(
    "ef", "'Faget ' || fg.kode || ' er et grunnskolefag på et elevkurs i videregående.'",
    "fg.grunnskole", "JOIN kodeverk_fag fg ON fg.id = ef.fag_id"))  # fmt: skip
_KARAKTERER = ("karakter_t1", "karakter_t2", "standpunkt", "skriftlig", "muntlig", "annen")
UGYLDIG_KARAKTER = SqlKontroll("Ugyldig karakter", F, _kontroll(
    "ef", "'Faglinjen har karakterer som ikke finnes i kodeverket: ' || array_to_string(ARRAY(SELECT DISTINCT k "
    "FROM unnest(ARRAY[" + ", ".join(f"ef.{k}" for k in _KARAKTERER) + "]) k WHERE k <> '' AND NOT EXISTS "
    "(SELECT 1 FROM kodeverk_karakterverdi kv WHERE kv.kode = k AND kv.skala <> 'orden') ORDER BY k), ', ') || '.'",
    " OR ".join(f"(ef.{k} <> '' AND ef.{k} NOT IN (SELECT kode FROM kodeverk_karakterverdi WHERE skala <> 'orden'))"
                for k in _KARAKTERER)))  # fmt: skip

KONTROLLER = (
    MANGLER_PROGRAMOMRADE, FAG_UTEN_ELEVKURS, FODSELSNUMMER, UGYLDIG_FULLFORTKODE, AVBRUDD_FOR_START,
    GRUNNSKOLEFAG, UGYLDIG_KARAKTER, MANGLER_FULLFORTKODE, UTEN_FAG, MANGLER_ELEVSTATUS,
)  # fmt: skip

SSB_RESULTAT = registrer(
    Leveransedefinisjon(
        kode=KODE,
        navn="Elevdata ssbResultat og ssbResultatfag",
        mottaker="Utdanningsdirektoratet (med SSB)",
        populasjon="Resultatene for skoleåret (om høsten: skoleåret som nettopp er avsluttet) for fylkets skoler: "
        "ssbResultat har én post per elevkurs, ssbResultatfag én post per elevfag.",
        felt=tuple(f for _, f in RESULTAT),
        sql=resultat_sql,
        delfiler=(
            Delfil(
                nokkel="fag",
                navn="ssbResultatfag",
                felt=tuple(f for _, f in RESULTATFAG),
                filnavn="ssbResultatfag_{fylke}_{skolear}_{dato}.csv",
                sql=resultatfag_sql,
            ),
        ),
        tegnsett="utf-8",
        filnavn="ssbResultat_{fylke}_{skolear}_{dato}.csv",
        forutsetninger=(Forutsetning("5A018"), Forutsetning("5A019")),
        sql_kontroller=KONTROLLER,
        layout="Kolonnerekkefølgen er SSBs (offentlig); filrammen (CSV med semikolon, overskriftsrad, CRLF, "
        "UTF-8) er vår dokumenterte modell.",
        arshjul="Juli: ssbResultat og ssbResultatfag (1. levering); endelig levering i september/oktober etter "
        "klager og ny eksamen. 5A018 og 5A019 kjøres først.",
        beskrivelse="Resultatene per elevkurs og fag for skoleåret, grunnlag for SSBs og Udirs statistikk over "
        "gjennomføring og karakterer.",
    )
)
