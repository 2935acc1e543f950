"""The student-register deliveries (docs/leveranser/elev.md): ssbElev + ssbElevfag per 1 October (1L011) and the
results file to Lånekassen (1L012).

Both formats are closed. ssbElev/ssbElevfag are our documented model on the SAS $EK/$KL fields and SSB's
``resultat``/``karakter`` column lists (the same shape as ssbResultat in rapporter/leveranser/ssb.py), counted per
the telledato, with the E/EF numbers the public SAS interface gives; the Lånekassen file is our model of «elevkurs +
fag per skoleår» (elev-og-eksport §10). Both are SQL sources (PostgreSQL COPY) with set-based controls: a county
holds tens of thousands of elevkurs and hundreds of thousands of fag lines.

The 1 October population reads the register's snapshot (job 5A021, ``inntak.elev.services.beregning.ta_telledato``):
``Elevforhold.telledato``/``forrige_elevstatus`` and ``Elevfag.forrige_fagstatus``. An elevkurs the snapshot has not
reached is counted on the school year's standard telledato (1 October) and stopped by a FEIL control.

Every SELECT is parameterised with ``%(name)s`` only (no literal percent sign: the engine binds with psycopg2
``mogrify``) and names its tables unqualified (the benchmark runs with its own search_path).
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
from rapporter.leveranser.sqldeler import fnr_fiktivt, fnr_gyldig
from rapporter.leveranser.sqldeler import select as _select
from rapporter.leveranser.sqldeler import tekst as _tekst

F, A = "FEIL", "ADVARSEL"
TILLATELSE = "elev.change_elevforhold"  # who runs the register's jobs (5A020–5A022) may deliver its files
# Fag lines Lånekassen does not count (elev-og-eksport §3: fritak and realkompetanse; G «Godkjent», an earlier
# subject approved, like R). The three the kursprosent rule leaves out (inntak/elev/regler/kursprosent.py).
IKKE_TELLENDE = ("F", "R", "G")
Kolonner = tuple[tuple[str, Felt], ...]  # (SELECT expression, field): the field names the CSV header


# --- Shared SQL pieces ---------------------------------------------------------------------------------------------
def _jn(uttrykk: str) -> str:
    # NULL (no elevkurs on a Lånekassen line) stays empty rather than «N».
    return f"CASE WHEN {uttrykk} THEN 'J' WHEN NOT ({uttrykk}) THEN 'N' END"


ELEVNAVN = _tekst("concat_ws(' ', p.etternavn, p.fornavn, NULLIF(p.mellomnavn, ''))")  # SAS E.8 order


def _parametere(fylke, skolear) -> dict:
    from inntak.elev.regler.kursprosent import ELEVTIMER_PAKREVD
    from inntak.elev.services.beregning import standard_telledato

    return {
        "fylke": fylke.pk,
        "fylkenr": fylke.nummer,
        "ar": skolear.pk,
        "standard": standard_telledato(skolear),
        "start": skolear.startdato,
        "pakrevd": "^(" + "|".join(f"(?:{m})" for m in ELEVTIMER_PAKREVD) + ")$",
        "ikke_tellende": IKKE_TELLENDE,
    }


# --- 1L011 ssbElev + ssbElevfag ------------------------------------------------------------------------------------
# The population: elevkurs of the county's schools in the school year, active on their telledato.
TELLEDATO = "COALESCE(ek.telledato, %(standard)s::date)"
POPULASJON = f"""WITH pop AS (
    SELECT ek.id, {TELLEDATO} AS teldato
    FROM elev_elevforhold ek JOIN kodeverk_skole s ON s.id = ek.skole_id
    WHERE s.fylke_id = %(fylke)s AND ek.skolear_id = %(ar)s AND ek.startdato <= {TELLEDATO}
      AND (ek.avbruddsdato IS NULL OR ek.avbruddsdato > {TELLEDATO})
)"""
# The fag lines of those elevkurs that had started on the telledato (a fag begun later was not followed then).
FAGLINJER = """pop JOIN elev_elevfag ef ON ef.elevkurs_id = pop.id
    JOIN elev_elevforhold ek ON ek.id = pop.id
    JOIN kodeverk_fag f ON f.id = ef.fag_id
    JOIN kodeverk_fagstatus fs ON fs.id = ef.fagstatus_id"""
FAG_VED_TELLEDATO = "(ef.startdato IS NULL OR ef.startdato <= pop.teldato)"
# Midnight after the telledato, Oslo time: what existed before it existed «on» the telledato (as in 5A021).
GRENSE = "((ek.telledato + 1)::timestamp AT TIME ZONE 'Europe/Oslo')"
AKTIV = "COALESCE(NULLIF(ef.forrige_fagstatus, ''), fs.kode) <> 'S' AND (ef.avbruddsdato IS NULL " \
    "OR ef.avbruddsdato > pop.teldato)"  # fmt: skip
NOKKEL: Kolonner = (  # the $EK/$KL key (elev-og-eksport §9.1)
    ("p.fodselsnummer", Felt("Fødselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer", "E.1; A01",
                             format="9(11)")),
    ("replace(sa.kode, '-', '')", Felt("Skoleår", "kodeverk.Skolear.kode", "Skoleår", "E.2", format="9(8)")),
    ("s.skolenummer", Felt("Skolenummer", "kodeverk.Skole.skolenummer", "VIGO skolenummer", "E.3; A06",
                           format="9(5)")),
    ("po.kode", Felt("Programområdekode", "kodeverk.Programomrade.kode", "Programområdekode", "E.4; A03",
                     format="x(10)")),
)  # fmt: skip

ELEV: Kolonner = (
    (_filid("ssbElev"), Felt("FilID", "utledet", "Filens id: ssbElev_<fylke>_<skoleår>")),
    ("ek.id", Felt("RadID", "elev.Elevforhold.id", "Elevkursets interne id (stabil nøkkel)")),
    ("row_number() OVER (ORDER BY s.skolenummer, ek.id)", Felt("RadNr", "utledet", "Radnummer i filen")),
    *NOKKEL,
    (ELEVNAVN, Felt("Elevnavn", "vigo.Person", "«Etternavn Fornavn Mellomnavn»", "E.8")),
    (_tekst("s.navn"), Felt("Skolenavn", "kodeverk.Skole.navn", "Skolens navn")),
    ("s.organisasjonsnummer", Felt("Organisasjonsnummer", "kodeverk.Skole.organisasjonsnummer",
                                   "Skolens organisasjonsnummer", "A07", format="9(9)")),
    (_tekst("ek.klasse"), Felt("Klassekode", "elev.Elevforhold.klasse", "Klasse")),
    (_dato("ek.startdato"), Felt("Startdato", "elev.Elevforhold.startdato", "Startdato på programområdet", "B02",
                                 format="ÅÅÅÅMMDD")),
    (_dato("ek.avbruddsdato"), Felt("Avbruddsdato", "elev.Elevforhold.avbruddsdato",
                                    "Avbruddsdato (bare etter telledatoen)", "B04", format="ÅÅÅÅMMDD")),
    (_jn("ek.deltid"), Felt("Deltidselev", "elev.Elevforhold.deltid", "Deltidselev (J/N)")),
    ("ek.rettstype_importert", Felt("Rettstype importert", "elev.Elevforhold.rettstype_importert",
                                    "Rettstype fra skolen (U, V, I)", "E.13")),
    ("ek.rettstype", Felt("Rettstype ved inntak", "elev.Elevforhold.rettstype", "Rettstype ved inntak")),
    (_jn("ek.voksen"), Felt("Voksen", "elev.Elevforhold.voksen", "Voksen i opplæringstilbud tilpasset voksne")),
    (_jn("ek.rett_pabygging"), Felt("Påbyggingsrett", "elev.Elevforhold.rett_pabygging", "Rett til påbygging",
                                    "E.19")),
    ("ek.malform", Felt("Målform", "elev.Elevforhold.malform", "Norsk hovedmål (B/N/S)", "B27")),
    (_jn("ek.saerskilt_sprak"), Felt("Særskilt språkopplæring", "elev.Elevforhold.saerskilt_sprak",
                                     "Vedtak om særskilt språkopplæring (J/N)")),
    ("es.kode", Felt("Elevstatus", "elev.Elevforhold.elevstatus", "Elevstatus i dag", "B08")),
    ("ek.forrige_elevstatus", Felt("Forrige elevstatus", "elev.Elevforhold.forrige_elevstatus",
                                   "Elevstatus per telledato (5A021)", "B08")),
    (_dato("ek.telledato"), Felt("Telledato", "elev.Elevforhold.telledato", "Telledatoen 5A021 brukte",
                                 format="ÅÅÅÅMMDD")),
    ("ek.kursprosent", Felt("Kursprosent", "elev.Elevforhold.kursprosent", "Kursprosent (5A020), punktum")),
    (_jn("ek.mangler_elevtimer"), Felt("Mangler elevtimer", "elev.Elevforhold.mangler_elevtimer",
                                       "Påkrevde elevtimer mangler (J/N)")),
    ("antall.n", Felt("Antall fag på elevkurset", "elev.Elevfag", "Faglinjer i ssbElevfag for elevkurset")),
)  # fmt: skip

ELEVFAG: Kolonner = (
    (_filid("ssbElevfag"), Felt("Filid", "utledet", "Filens id: ssbElevfag_<fylke>_<skoleår>")),
    ("ef.id", Felt("Radid", "elev.Elevfag.id", "Faglinjens interne id (stabil nøkkel)")),
    ("row_number() OVER (ORDER BY s.skolenummer, ek.id, f.kode, ef.id)", Felt("Radnr", "utledet", "Radnummer")),
    *NOKKEL,
    ("f.kode", Felt("Fagkode", "kodeverk.Fag.kode", "Fagkode", "EF.5; A04", format="x(7)")),
    ("fs.kode", Felt("Fagstatus", "elev.Elevfag.fagstatus", "Fagstatus i dag", "EF.10; B07")),
    ("ef.forrige_fagstatus", Felt("ForrigeFagstatus", "elev.Elevfag.forrige_fagstatus",
                                  "Fagstatus per telledato (5A021)", "B07")),
    (_dato("ef.startdato"), Felt("Startdato", "elev.Elevfag.startdato", "Startdato på faget", "B03",
                                 format="ÅÅÅÅMMDD")),
    (_dato("ef.avbruddsdato"), Felt("Avbruddsdato", "elev.Elevfag.avbruddsdato", "Avbruddsdato på faget", "B05",
                                    format="ÅÅÅÅMMDD")),
    ("ef.elevtimer", Felt("Elevtimer", "elev.Elevfag.elevtimer", "Elevtimer", "EF.13; B09", format="9(4)")),
    ("f.arstimer", Felt("Årstimer", "kodeverk.Fag.arstimer", "Fagets årstimer (Grep)")),
    (_jn("f.elevtimer_grunnlag"), Felt("ElevtimerGrunnlag", "kodeverk.Fag.elevtimer_grunnlag",
                                       "Elevtimer er grunnlag for kursprosent (J/N)")),
    ("replace(sa2.kode, '-', '')", Felt("Skoleår2", "elev.Elevfag.skolear2", "Faget tatt et annet skoleår",
                                        format="9(8)")),
    ("s2.skolenummer", Felt("Skolenummer2", "elev.Elevfag.skole2", "Faget tatt ved en annen skole",
                            format="9(5)")),
    ("ef.termin", Felt("Termin", "elev.Elevfag.termin", "H eller V")),
    ("ef.fagmerknad", Felt("FagmerknadKode", "elev.Elevfag.fagmerknad", "Fagmerknad (FAM)", "B16")),
    (_jn(AKTIV), Felt("ErLinjaAktiv", "utledet", "Aktiv på telledatoen: ikke sluttet og ikke avbrutt (J/N)")),
)  # fmt: skip


def _ssb_elev(fylke, skolear):
    sql = f"""{POPULASJON}
{_select(ELEV)}
FROM pop
JOIN elev_elevforhold ek ON ek.id = pop.id
JOIN vigo_person p ON p.id = ek.person_id
JOIN kodeverk_skole s ON s.id = ek.skole_id
JOIN kodeverk_skolear sa ON sa.id = ek.skolear_id
JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
LEFT JOIN kodeverk_elevstatus es ON es.id = ek.elevstatus_id
CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM elev_elevfag ef WHERE ef.elevkurs_id = pop.id AND {FAG_VED_TELLEDATO}
) antall
ORDER BY s.skolenummer, ek.id"""
    return sql, _parametere(fylke, skolear)


def _ssb_elevfag(fylke, skolear):
    sql = f"""{POPULASJON}
{_select(ELEVFAG)}
FROM {FAGLINJER}
JOIN vigo_person p ON p.id = ek.person_id
JOIN kodeverk_skole s ON s.id = ek.skole_id
JOIN kodeverk_skolear sa ON sa.id = ek.skolear_id
JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
LEFT JOIN kodeverk_skole s2 ON s2.id = ef.skole2_id
LEFT JOIN kodeverk_skolear sa2 ON sa2.id = ef.skolear2_id
WHERE {FAG_VED_TELLEDATO}
ORDER BY s.skolenummer, ek.id, f.kode, ef.id"""
    return sql, _parametere(fylke, skolear)


def _kontroll(velg: str, fra_og_med: str):
    """An SQL control over the 1 October population: ``velg`` gives (post, melding), ``fra_og_med`` the rest."""

    def sql(fylke, skolear):
        return f"{POPULASJON}\nSELECT {velg}\nFROM {fra_og_med}", _parametere(fylke, skolear)

    return sql


_KURS = "pop JOIN elev_elevforhold ek ON ek.id = pop.id"
_KURS_PERSON = f"{_KURS} JOIN vigo_person p ON p.id = ek.person_id"
_POST_KURS = "'elevkurs:' || ek.id"
_POST_FAG = "'elevfag:' || ef.id"

SSB_KONTROLLER = (
    SqlKontroll("Telledato mangler", F, _kontroll(
        f"{_POST_KURS}, 'Elevkurset har ingen telledato: 5A021 Telledato 01.10 er ikke kjørt etter at det ble "
        "registrert. Kjør 5A021 på nytt for skoleåret.'",
        f"{_KURS} WHERE ek.telledato IS NULL")),
    SqlKontroll("Ugyldig fødselsnummer", F, _kontroll(
        f"{_POST_KURS}, 'Personen har ikke et gyldig fødselsnummer (11 siffer med riktige kontrollsiffer).'",
        f"{_KURS_PERSON} WHERE NOT {fnr_gyldig('p.fodselsnummer')} AND NOT {fnr_fiktivt('p.fodselsnummer')}")),
    SqlKontroll("Fiktivt fødselsnummer", A, _kontroll(
        f"{_POST_KURS}, 'Personen har et fiktivt fødselsnummer fra VIGO. Bytt til F- eller D-nummer når det "
        "finnes.'",
        f"{_KURS_PERSON} WHERE {fnr_fiktivt('p.fodselsnummer')}")),
    SqlKontroll("Utgått programområde", F, _kontroll(
        f"{_POST_KURS}, 'Programområdet ' || po.kode || ' gjelder ikke for skoleåret.'",
        f"{_KURS} JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id "
        "WHERE po.gyldig_til < %(start)s OR po.gyldig_fra > %(start)s")),
    SqlKontroll("Fagstatus mangler per telledato", F, _kontroll(
        f"{_POST_FAG}, 'Faglinjen fantes på telledatoen, men har ingen fagstatus per telledato. Kjør 5A021 "
        "Telledato 01.10 på nytt.'",
        f"{FAGLINJER} WHERE {FAG_VED_TELLEDATO} AND ef.forrige_fagstatus = '' AND ek.telledato IS NOT NULL "
        f"AND ef.opprettet < {GRENSE}")),
    SqlKontroll("Faglinje registrert etter telledato", A, _kontroll(
        f"{_POST_FAG}, 'Faglinjen ble registrert etter telledatoen og har ingen fagstatus per telledato; filen "
        "har bare dagens fagstatus.'",
        f"{FAGLINJER} WHERE {FAG_VED_TELLEDATO} AND ef.forrige_fagstatus = '' AND ek.telledato IS NOT NULL "
        f"AND ef.opprettet >= {GRENSE}")),
    SqlKontroll("Elevtimer mangler", A, _kontroll(
        f"{_POST_FAG}, 'Faget ' || f.kode || ' krever elevtimer (Regbok B09), men faglinjen har ingen. "
        "Kursprosenten blir for lav.'",
        f"{FAGLINJER} WHERE {FAG_VED_TELLEDATO} AND ef.elevtimer IS NULL AND fs.kode NOT IN %(ikke_tellende)s "
        "AND (f.elevtimer_grunnlag OR f.kode ~ %(pakrevd)s)")),
    SqlKontroll("Elevkurs uten fag", A, _kontroll(
        f"{_POST_KURS}, 'Elevkurset har ingen fag per telledato.'",
        f"{_KURS} WHERE NOT EXISTS (SELECT 1 FROM elev_elevfag ef WHERE ef.elevkurs_id = pop.id "
        f"AND {FAG_VED_TELLEDATO})")),
    SqlKontroll("Elevstatus per telledato mangler", A, _kontroll(
        f"{_POST_KURS}, 'Elevkurset har ingen elevstatus per telledato (beregnet eller registrert etter "
        "telledatoen); filen har bare dagens elevstatus.'",
        f"{_KURS} WHERE ek.telledato IS NOT NULL AND ek.forrige_elevstatus = ''")),
    SqlKontroll("Flere aktive elevkurs", A, _kontroll(
        f"{_POST_KURS}, 'Personen har ' || n.antall || ' aktive elevkurs på telledatoen.'",
        f"{_KURS} JOIN (SELECT ek2.person_id, count(*) AS antall FROM pop JOIN elev_elevforhold ek2 "
        "ON ek2.id = pop.id GROUP BY ek2.person_id HAVING count(*) > 1) n ON n.person_id = ek.person_id")),
    SqlKontroll("Faglinje uten elevkurs", A, _kontroll(
        f"{_POST_FAG}, 'Faglinjen er ikke knyttet til et elevkurs og kommer ikke med i ssbElevfag.'",
        "elev_elevfag ef JOIN kodeverk_fagstatus fs ON fs.id = ef.fagstatus_id "
        "WHERE ef.elevkurs_id IS NULL AND fs.kode <> 'P' AND ef.skolear_id = %(ar)s AND EXISTS (SELECT 1 "
        "FROM pop JOIN elev_elevforhold ek ON ek.id = pop.id WHERE ek.person_id = ef.person_id "
        "AND ek.skole_id = ef.skole_id)")),
)  # fmt: skip

SSB_ELEV = registrer(
    Leveransedefinisjon(
        kode="1L011",
        navn="Elevdata ssbElev og ssbElevfag",
        mottaker="Utdanningsdirektoratet (med SSB)",
        populasjon="Elevkurs ved fylkets skoler i skoleåret som var aktive på telledatoen (startdato på eller før "
        "telledatoen, ingen avbruddsdato eller avbrudd etter den), én post per elevkurs; ssbElevfag har én post "
        "per faglinje på disse elevkursene som var startet på telledatoen. Telledatoen er den 5A021 lagret på "
        "elevkurset (standard 1. oktober).",
        felt=tuple(f for _, f in ELEV),
        sql=_ssb_elev,
        delfiler=(
            Delfil(
                nokkel="fag",
                navn="ssbElevfag",
                felt=tuple(f for _, f in ELEVFAG),
                filnavn="ssbElevfag_{fylke}_{skolear}_{dato}.csv",
                sql=_ssb_elevfag,
            ),
        ),
        tegnsett="utf-8",
        filnavn="ssbElev_{fylke}_{skolear}_{dato}.csv",
        forutsetninger=(Forutsetning("5A019"), Forutsetning("5A021", "skolear")),
        sql_kontroller=SSB_KONTROLLER,
        layout="Dokumentert modell (formatet er lukket): SAS-feltene $EK/$KL og SSBs kolonnelister, med "
        "E/EF-numrene fra det offentlige SAS-grensesnittet der de er kjent",
        tillatelse=TILLATELSE,
        arshjul="ssbElev og ssbElevfag til Udir (med SSB): 1. levering i begynnelsen av november, endelig "
        "levering i slutten av november; 5A019 Oppdater rett og 5A021 Telledato 01.10 kjøres først",
        beskrivelse="Elever og fag per 1. oktober med forrige elevstatus og fagstatus fra telledatojobben, "
        "grunnlag for utdanningsstatistikken og KOSTRA.",
    )
)


# --- 1L012 Lånekassen ---------------------------------------------------------------------------------------------
# One record per counted fag line of the county's schools in the school year (on an elevkurs, or on its own:
# privatister and single-fag lines), plus one record without fag for an elevkurs that has no counted fag line.
LINJER = """WITH kurs AS (
    SELECT ek.id FROM elev_elevforhold ek JOIN kodeverk_skole s ON s.id = ek.skole_id
    WHERE s.fylke_id = %(fylke)s AND ek.skolear_id = %(ar)s
), fag AS (
    SELECT ef.id, ef.elevkurs_id FROM elev_elevfag ef
    JOIN kodeverk_skole s ON s.id = ef.skole_id
    JOIN kodeverk_fagstatus fs ON fs.id = ef.fagstatus_id
    WHERE s.fylke_id = %(fylke)s AND ef.skolear_id = %(ar)s AND fs.kode NOT IN %(ikke_tellende)s
), linjer AS (
    SELECT fag.id AS ef_id, fag.elevkurs_id AS ek_id FROM fag
    UNION ALL
    SELECT NULL, kurs.id FROM kurs WHERE NOT EXISTS (SELECT 1 FROM fag WHERE fag.elevkurs_id = kurs.id)
)"""
LINJE_JOIN = """linjer l
    LEFT JOIN elev_elevfag ef ON ef.id = l.ef_id
    LEFT JOIN elev_elevforhold ek ON ek.id = l.ek_id
    LEFT JOIN kodeverk_fag f ON f.id = ef.fag_id
    LEFT JOIN kodeverk_fagstatus fs ON fs.id = ef.fagstatus_id
    JOIN vigo_person p ON p.id = COALESCE(ek.person_id, ef.person_id)"""
UTEN_SLUTTKARAKTER = "ef.standpunkt = '' AND ef.skriftlig = '' AND ef.muntlig = '' AND ef.annen = ''"


DELTAKER = "CASE WHEN ek.id IS NOT NULL THEN 'ELEV' WHEN fs.kode = 'P' THEN 'PRIVATIST' ELSE 'ENKELTFAG' END"
TIMER = "CASE WHEN f.elevtimer_grunnlag AND ef.elevtimer IS NOT NULL THEN ef.elevtimer ELSE f.arstimer END"
LANEKASSEN_KOLONNER: Kolonner = (
    ("p.fodselsnummer", Felt("fodselsnummer", "vigo.Person.fodselsnummer", "Fødselsnummer", "A01",
                             format="9(11)")),
    (ELEVNAVN, Felt("elevnavn", "vigo.Person", "«Etternavn Fornavn Mellomnavn»")),
    ("replace(sa.kode, '-', '')", Felt("skolear", "kodeverk.Skolear.kode", "Skoleåret resultatene gjelder",
                                       format="9(8)")),
    ("s.skolenummer", Felt("skolenummer", "kodeverk.Skole.skolenummer", "VIGO skolenummer", "A06",
                           format="9(5)")),
    ("s.organisasjonsnummer", Felt("organisasjonsnummer", "kodeverk.Skole.organisasjonsnummer",
                                   "Lærestedets organisasjonsnummer", "A07", format="9(9)")),
    (DELTAKER, Felt("deltakertype", "utledet", "ELEV (på et elevkurs), PRIVATIST eller ENKELTFAG (faglinje "
                    "uten elevkurs)")),
    ("po.kode", Felt("programomradekode", "kodeverk.Programomrade.kode", "Programområdekode (tom uten "
                     "elevkurs)", "A03", format="x(10)")),
    ("po.niva", Felt("niva", "kodeverk.Programomrade.niva", "Nivå (VG1, VG2, VG3 ...)")),
    (_dato("ek.startdato"), Felt("startdato", "elev.Elevforhold.startdato", "Startdato på programområdet",
                                 "B02", format="ÅÅÅÅMMDD")),
    (_dato("ek.avbruddsdato"), Felt("avbruddsdato", "elev.Elevforhold.avbruddsdato",
                                    "Avbruddsdato på programområdet", "B04", format="ÅÅÅÅMMDD")),
    (_jn("ek.deltid"), Felt("deltid", "elev.Elevforhold.deltid", "Deltidselev (J/N)")),
    (_jn("ek.voksen"), Felt("voksen", "elev.Elevforhold.voksen", "Voksen i opplæringstilbud tilpasset voksne")),
    ("ek.rettstype", Felt("rettstype", "elev.Elevforhold.rettstype", "Rettstype ved inntak (U, V, F)")),
    ("es.kode", Felt("elevstatus", "elev.Elevforhold.elevstatus", "Elevstatus", "B08")),
    ("ek.fullfortkode", Felt("fullfortkode", "elev.Elevforhold.fullfortkode", "Fullførtkode", "B21")),
    ("ek.bevistype", Felt("bevistype", "elev.Elevforhold.bevistype", "VM eller KB", "B22")),
    ("ek.kursprosent", Felt("kursprosent", "elev.Elevforhold.kursprosent", "Kursprosent (5A020), punktum")),
    ("po.arstimer", Felt("arstimer_programomrade", "kodeverk.Programomrade.arstimer", "Programområdets "
                         "årstimer")),
    ("f.kode", Felt("fagkode", "kodeverk.Fag.kode", "Fagkode", "A04", format="x(7)")),
    ("fs.kode", Felt("fagstatus", "elev.Elevfag.fagstatus", "Fagstatus", "B07")),
    (_dato("ef.startdato"), Felt("fag_startdato", "elev.Elevfag.startdato", "Startdato på faget", "B03",
                                 format="ÅÅÅÅMMDD")),
    (_dato("ef.avbruddsdato"), Felt("fag_avbruddsdato", "elev.Elevfag.avbruddsdato", "Avbruddsdato på faget",
                                    "B05", format="ÅÅÅÅMMDD")),
    ("f.arstimer", Felt("arstimer_fag", "kodeverk.Fag.arstimer", "Fagets årstimer (Grep)")),
    ("ef.elevtimer", Felt("elevtimer", "elev.Elevfag.elevtimer", "Registrerte elevtimer", "B09")),
    (TIMER, Felt("timer", "utledet", "Timene som teller: elevtimer der faget har elevtimer som grunnlag, "
                 "ellers årstimer")),
    ("ef.termin", Felt("termin", "elev.Elevfag.termin", "H eller V")),
    ("ef.karakter_t2", Felt("karakter_halvar2", "elev.Elevfag.karakter_t2", "Halvårsvurdering 2", "B26")),
    ("ef.standpunkt", Felt("standpunkt", "elev.Elevfag.standpunkt", "Standpunktkarakter", "B26")),
    ("ef.skriftlig", Felt("skriftlig", "elev.Elevfag.skriftlig", "Skriftlig eksamen", "B26")),
    ("ef.muntlig", Felt("muntlig", "elev.Elevfag.muntlig", "Muntlig eksamen", "B26")),
    ("ef.annen", Felt("annen", "elev.Elevfag.annen", "Annen eksamen (praktisk o.l.)", "B26")),
    ("ef.karakterstatus", Felt("karakterstatus", "elev.Elevfag.karakterstatus", "Karakterstatus (N, U, S, E, K)",
                               "B23")),
)  # fmt: skip


def _lanekassen(fylke, skolear):
    sql = f"""{LINJER}
{_select(LANEKASSEN_KOLONNER)}
FROM {LINJE_JOIN}
JOIN kodeverk_skole s ON s.id = COALESCE(ek.skole_id, ef.skole_id)
JOIN kodeverk_skolear sa ON sa.id = %(ar)s
LEFT JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
LEFT JOIN kodeverk_elevstatus es ON es.id = ek.elevstatus_id
ORDER BY s.skolenummer, p.fodselsnummer, po.kode NULLS LAST, f.kode NULLS FIRST, ef.id"""
    return sql, _parametere(fylke, skolear)


def _lk_kontroll(velg: str, resten: str):
    def sql(fylke, skolear):
        return f"{LINJER}\nSELECT {velg}\nFROM {LINJE_JOIN}\n{resten}", _parametere(fylke, skolear)

    return sql


_KARAKTERER = "(VALUES ('halvårsvurdering 2', ef.karakter_t2), ('standpunkt', ef.standpunkt), " \
    "('skriftlig eksamen', ef.skriftlig), ('muntlig eksamen', ef.muntlig), ('annen eksamen', ef.annen))"  # fmt: skip

LANEKASSEN_KONTROLLER = (
    SqlKontroll("Ugyldig fødselsnummer", F, _lk_kontroll(
        "DISTINCT 'person:' || p.id, 'Personen har ikke et gyldig fødselsnummer (11 siffer med riktige "
        "kontrollsiffer).'",
        f"WHERE NOT {fnr_gyldig('p.fodselsnummer')} AND NOT {fnr_fiktivt('p.fodselsnummer')}")),
    SqlKontroll("Fiktivt fødselsnummer", A, _lk_kontroll(
        "DISTINCT 'person:' || p.id, 'Personen har et fiktivt fødselsnummer fra VIGO; Lånekassen finner ikke "
        "personen på det.'",
        f"WHERE {fnr_fiktivt('p.fodselsnummer')}")),
    SqlKontroll("Ukjent karakter", F, _lk_kontroll(
        f"{_POST_FAG}, 'Karakteren «' || k.verdi || '» (' || k.kolonne || ') finnes ikke i kodeverket.'",
        f"CROSS JOIN LATERAL {_KARAKTERER} AS k(kolonne, verdi) WHERE k.verdi <> '' AND NOT EXISTS "
        "(SELECT 1 FROM kodeverk_karakterverdi kv WHERE kv.kode = k.verdi)")),
    SqlKontroll("Mangler sluttkarakter", A, _lk_kontroll(
        f"{_POST_FAG}, 'Faget ' || f.kode || ' har verken standpunkt, eksamenskarakter eller halvårsvurdering "
        "2.'",
        f"WHERE ef.id IS NOT NULL AND fs.kode <> 'S' AND ef.avbruddsdato IS NULL AND ek.avbruddsdato IS NULL "
        f"AND {UTEN_SLUTTKARAKTER} AND ef.karakter_t2 = ''")),
    SqlKontroll("Elevtimer mangler", A, _lk_kontroll(
        f"{_POST_FAG}, 'Faget ' || f.kode || ' krever elevtimer (Regbok B09), men faglinjen har ingen.'",
        "WHERE ef.id IS NOT NULL AND ef.elevtimer IS NULL AND (f.elevtimer_grunnlag OR f.kode ~ %(pakrevd)s)")),
    SqlKontroll("Fullførtkode mangler", A, _lk_kontroll(
        f"DISTINCT {_POST_KURS}, 'Elevkurset har ingen fullførtkode (blank eller X). Den settes ved "
        "skoleslutt (5A022).'",
        "WHERE ek.id IS NOT NULL AND ek.fullfortkode IN ('', 'X')")),
    SqlKontroll("Elevkurs uten tellende fag", A, _lk_kontroll(
        f"{_POST_KURS}, 'Elevkurset har ingen fag som teller (bare fritak, realkompetanse eller godkjent, "
        "eller ingen fag); posten har tomme fagfelt.'",
        "WHERE l.ef_id IS NULL")),
)  # fmt: skip

LANEKASSEN = registrer(
    Leveransedefinisjon(
        kode="1L012",
        navn="Resultater til Lånekassen",
        mottaker="Lånekassen",
        populasjon="Alle faglinjer ved fylkets skoler i skoleåret unntatt fritak (F), realkompetansevurdert (R) "
        "og godkjent (G), én post per person og fag med elevkursets felt gjentatt: elever, privatister og "
        "personer som tar enkeltfag uten elevkurs. Et elevkurs uten tellende fag gir én post med tomme fagfelt.",
        felt=tuple(f for _, f in LANEKASSEN_KOLONNER),
        sql=_lanekassen,
        tegnsett="utf-8",
        filnavn="lanekassen_{fylke}_{skolear}_{dato}.csv",
        sql_kontroller=LANEKASSEN_KONTROLLER,
        tillatelse=TILLATELSE,
        arshjul="1. september: eksamensresultater for skoleåret som nettopp er slutt (registrering innen 31. "
        "august); 1. mars: høsteksamen; ny fil etter hver SSB-levering og etter oppdaterte privatskoledata",
        beskrivelse="Resultatene i skoleåret per person og fag, med timene som teller for støtten, også for dem "
        "uten ungdomsrett (privatister, enkeltfag, voksne). Lånekassens format er lukket; dette er vår "
        "dokumenterte modell.",
    )
)
