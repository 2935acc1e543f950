"""Benchmark of the NVB export with control: ``python -m bench nvb`` (or ``python -m bench.nvb_bench [N]``).

10 000 issued vitnemål after fagopplæring (each a realistic lærling document: three ¤P lines Vg1, Vg2 and the lærefag
with påstand B, twelve ¤F lines with the prøve itself as a programfag line, merknad VMM31), 200 annulled documents
already sent (årsak KLA, replaced by one of the new ones) and 1 % planted FEIL (half of them a person with a VIGO
fiktivt fødselsnummer, half an invalid standpunkt grade) are generated set-based with ``generate_series`` into a
throwaway schema with the same table definitions as the app. The ¤V content is one template built in Python with
``fagopplaering.services.dokument._som_json`` (the shape the product stores) and varied per row in SQL with
``jsonb_set``; the persons get valid fødselsnumre with check digits computed in SQL. Then
``fagopplaering.services.nvb.eksporter`` runs exactly as the job does (its queries name tables unqualified, so
``search_path`` points it at the schema; the transport writes to a temporary directory). The schema is dropped
afterwards; real data are never read or written.

Prints and stores in ``var/bench.json``: the export (target < 60 s), documents per second and peak memory. Fails
when the control refuses anything but exactly the planted FEIL documents, or when the written file, read back
with ``fagopplaering.nvb.format.les``, does not hold the exported ¤V and ¤D lines without FEIL.
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.inntaksmotor_bench import lagre_maling  # one writer of var/bench.json

SKJEMA = f"nvb_bench_{os.getpid()}"
MAL_SEKUNDER = 60
STANDARD_ANTALL = 10_000
ANNULLERTE = 200
FEIL_HVER = 200  # i % 200 = 0: fiktivt fødselsnummer, i % 200 = 100: ugyldig karakter → 1 % FEIL
ORGNR = "817920632"  # a valid orgnr (the default for county 50 in fagopplaering/parametere.py)
SKOLENR = "50999"
TABELLER = ("kodeverk_fylke", "kodeverk_skolear", "vigo_systemparameter", "vigo_person", "fagopplaering_prove",
            "fagopplaering_fagdokument", "fagopplaering_hendelse")  # fmt: skip
# LIKE … INCLUDING ALL copies indexes (the unique Vgdoknr and fødselsnummer among them) but no foreign keys, so the
# prøve table is there for completeness and stays empty; the export reads fagdokument (joined to itself for
# erstattet_av), the county's system parameters, and writes fagdokument and one hendelse.


def _topp_minne_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _vektsum(vekter: tuple[int, ...], ekstra: str = "") -> str:
    """SQL for the weighted digit sum of the nine-digit text ``ni`` (the mod-11 check digits, as
    ``fagopplaering.nvb.kontroll._kontrollsifre``), inlined so the planner runs it as plain arithmetic."""
    return " + ".join(
        [f"{v} * substr(ni, {k}, 1)::int" for k, v in enumerate(vekter, 1)] + ([ekstra] if ekstra else [])
    )


def _mal(utstedt: datetime.date, bestatt: datetime.date) -> dict:
    """The ¤V template as the product stores it (``Fagdokument.nvb``); vgdoknr, person and name vary in SQL."""
    from fagopplaering.nvb import modell as nvb
    from fagopplaering.services.dokument import _som_json

    ar1, ar2 = str(bestatt.year - 3), str(bestatt.year - 2)

    def fag(kode, ft, standpunkt, omfang, ar, eksamen="-", form=""):
        return nvb.Fag(fagkode=kode, fagtypekode=ft, linjenr="1", karakter_standpunkt=standpunkt,
                       karakter_eksamen=eksamen, eksamensformkode=form, omfang=omfang, terminkode="V", aar=ar,
                       fagstatuskode="E")  # fmt: skip

    fagliste = [
        fag("NOR1267", "FF", "4", "112", ar2, "4", "S"),
        fag("ENG1007", "FF", "4", "140", ar1),
        fag("MAT1001", "FF", "3", "84", ar1),
        fag("NAT1001", "FF", "4", "56", ar1),
        fag("SAF1001", "FF", "5", "84", ar2),
        fag("KRO1017", "FF", "5", "56", ar1),
        fag("ELE1001", "FP", "4", "140", ar1),
        fag("ELE1002", "FP", "5", "140", ar1, "5", "P"),
        fag("ELE2001", "FP", "4", "196", ar2),
        fag("ELE2002", "FP", "3", "196", ar2),
        fag("YFF2001", "FP", "5", "168", ar2),
        fag("ELELE3----", "FP", "-", "", str(bestatt.year), "B", "P"),  # the fagprøve itself
    ]
    dok = nvb.Dokument(
        vgdoknr="", foerstegangsvm="J", reformkode="KL", vgdoktypekode="VM", avgangsaar=str(utstedt.year),
        orgnr=ORGNR, utstedersted="Steinkjer", dato_utstedt=utstedt, skolenavn="Benkfylket fylkeskommune",
        rektornavn="Fagopplæringssjefen", underskrivernavn="Fagopplæringssjefen", foedtdato="", personnummer="",
        personnavn="", omfang=str(sum(int(f.omfang) for f in fagliste if f.omfang)), orden="G", adferd="G",
        maalformkode="B",
        programomrader=[
            nvb.Programomrade(promrkode="ELELE1----", nivaakode="VG1", aarstall=ar1, fravaer_dager="3",
                              fravaer_timer="12"),
            nvb.Programomrade(promrkode="ELELE2----", nivaakode="VG2", aarstall=ar2, fravaer_dager="1",
                              fravaer_timer="4"),
            nvb.Programomrade(promrkode="ELELE3----", nivaakode="VG3", paastandkode="B", aarstall=str(bestatt.year),
                              fravaer_dager="0", fravaer_timer="0"),
        ],
        fag=fagliste,
        merknader=[nvb.Merknad(merknadnr="1", merknadkode="VMM31", parameter1=bestatt.strftime("%d.%m.%Y"))],
    )  # fmt: skip
    return _som_json(dok)


def _last(c, antall: int, idag: datetime.date) -> dict:
    """Loads the schema; returns what the checks need (the planted FEIL Vgdoknr, the expected counts)."""
    from fagopplaering.nvb.modell import lag_vgdoknr
    from fagopplaering.services.nvb_innhold import fra_json
    from kodeverk.skolear import skolear_for_dato

    s = SKJEMA
    n = int(antall)
    utstedt, bestatt = idag - datetime.timedelta(days=30), idag - datetime.timedelta(days=45)
    mal = _mal(utstedt, bestatt)
    # The template alone must pass the control without any message: a VARSEL on every document would turn the
    # export into 10 000 single-row saves and measure something else.
    from fagopplaering.nvb import modell as nvb
    from fagopplaering.nvb.kontroll import kontroller_dokument

    prove = fra_json({**mal, "vgdoknr": lag_vgdoknr("V", ORGNR, utstedt.year, 1), "foedtdato": "010105",
                      "personnummer": "50048", "personnavn": "Prøve Prøvesen"})  # fmt: skip
    avsender = nvb.Avsender(orgnr=ORGNR, skolenr=SKOLENR, systemversjon="benk", tid_fil_laget=None)
    if meldinger := kontroller_dokument(prove, avsender, idag=idag):
        raise SystemExit(f"Malen gir kontrollmeldinger: {[m.kode for m in meldinger]}")
    # Løpenr ≥ 10 000 use the letter scheme (A000 …), so a full-size run covers it too.
    nye = [lag_vgdoknr("V", ORGNR, utstedt.year, i) for i in range(1, n + 1)]
    gamle = [lag_vgdoknr("V", ORGNR, utstedt.year - 1, j) for j in range(1, ANNULLERTE + 1)]

    c.execute(f"CREATE SCHEMA {s}")
    for tabell in TABELLER:
        c.execute(f"CREATE TABLE {s}.{tabell} (LIKE public.{tabell} INCLUDING ALL)")
    c.execute(f"""INSERT INTO {s}.kodeverk_fylke (id, nummer, navn, aktiv, maks_onsker, tillat_venteliste_ved_ja)
        VALUES (1, '50', 'Benkfylket', true, 10, true)""")
    ar = skolear_for_dato(idag)
    c.execute(f"""INSERT INTO {s}.kodeverk_skolear (id, kode, startdato, sluttdato, aktiv)
        SELECT i, (%s + i)::text || '-' || (%s + i + 1)::text, make_date(%s + i, 8, 1), make_date(%s + i + 1, 7, 31),
               i = 0
        FROM generate_series(-1, 1) i""", [ar.startar] * 4)  # fmt: skip
    for kode in sorted({ar.kode, skolear_for_dato(idag + datetime.timedelta(days=1)).kode}):  # over midnight
        for nokkel, verdi in (("fagopplaering.nvb_orgnr", ORGNR), ("fagopplaering.nvb_skolenr", SKOLENR),
                              ("fagopplaering.utstedersted", "Steinkjer"),
                              ("felles.avsender_navn", "Benkfylket fylkeskommune")):  # fmt: skip
            c.execute(f"""INSERT INTO {s}.vigo_systemparameter (fylke_id, skolear_id, nokkel, verdi, endret)
                VALUES (1, %s, %s, to_jsonb(%s::text), now())""", [kode, nokkel, verdi])  # fmt: skip
    # Persons born 2000–2009 with valid fødselsnumre (individnummer 500–999, the first j with check digits); every
    # FEIL_HVER-th a VIGO fiktivt number (day + 40, løpenr 99, fylke 50) like 55030899250.
    c.execute(f"""INSERT INTO {s}.vigo_person (id, fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato, adresse,
        postnummer, poststed, epost, mobil, malform, opprettet, endret, fylke_id, kommune_id)
        SELECT i, CASE WHEN i % {FEIL_HVER} = 0
                       THEN lpad((extract(day FROM fk.fodt)::int + 40)::text, 2, '0') || to_char(fk.fodt, 'MMYY')
                            || '99' || (i % 10)::text || '50'
                       ELSE g.fnr END,
               (ARRAY['Ola', 'Kari', 'Bjørn', 'Ingrid', 'Jonas', 'Åse', 'Emil', 'Sofie', 'Ærling'])[1 + i % 9],
               CASE WHEN i % 7 = 0 THEN 'Marie' ELSE '' END,
               (ARRAY['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Sæther', 'Pedersen', 'Nilsen', 'Berg', 'Haugen',
                      'Løvås', 'Bakken'])[1 + (i / 9) % 11],
               CASE WHEN i % {FEIL_HVER} = 0 THEN fk.fodt ELSE f.fodt END, '', '7700', 'Steinkjer', '', '', 'nb',
               now(), now(), 1, NULL
        FROM generate_series(1, {n}) i,
             LATERAL (SELECT DATE '2000-01-01' + i % 3650 AS fodt) f,
             LATERAL (SELECT DATE '2005-01-01' + (i / {FEIL_HVER}) % 3650 AS fodt) fk,
             LATERAL (SELECT a.ni || k.k1 || k.k2 AS fnr
                      FROM generate_series(0, 9) j,
                      LATERAL (SELECT to_char(f.fodt, 'DDMMYY') || (500 + (i / 3650) * 10 + j)::text AS ni) a,
                      LATERAL (SELECT (11 - ({_vektsum((3, 7, 6, 1, 8, 9, 4, 5, 2))}) % 11) % 11 AS k1
                               FROM (SELECT a.ni) x) k1,
                      LATERAL (SELECT k1.k1, (11 - ({_vektsum((5, 4, 3, 2, 7, 6, 5, 4, 3), "2 * k1.k1")}) % 11) % 11
                                      AS k2 FROM (SELECT a.ni) x) k
                      WHERE k.k1 < 10 AND k.k2 < 10 ORDER BY j LIMIT 1) g""")  # fmt: skip
    c.execute(f"SELECT count(*) FROM {s}.vigo_person")
    if c.fetchone()[0] != n:
        raise SystemExit("Fant ikke gyldig fødselsnummer for alle personene.")
    # The issued documents: the template with the row's Vgdoknr, fødselsnummer split in V14/V15 and name; every
    # FEIL_HVER-th (offset by half) with standpunkt «7» in the first subject.
    c.execute(f"""INSERT INTO {s}.fagopplaering_fagdokument (id, fylke_id, person_id, prove_id, dokumenttype,
        mal_versjon, status, vgdoknr, nvb, kontroll, kontrollert, fil, utstedt_dato, utstedt_av_id, annullert_dato,
        annulleringsarsak, annullert_av, erstattet_av_id, nvb_sendt, annullering_sendt, nvb_eksportert_id,
        annullering_eksportert_id, opprettet)
        SELECT i, 1, i, NULL, 'vitnemal', 1, 'utstedt', (%(nye)s::text[])[i],
               CASE WHEN i %% {FEIL_HVER} = {FEIL_HVER // 2}
                    THEN jsonb_set(v.nvb, '{{fag,0,karakter_standpunkt}}', '"7"') ELSE v.nvb END,
               '[]', now(), '', %(utstedt)s, NULL, NULL, '', '', NULL, NULL, NULL, NULL, NULL, now()
        FROM generate_series(1, {n}) i
        JOIN {s}.vigo_person p ON p.id = i,
        LATERAL (SELECT jsonb_set(jsonb_set(jsonb_set(jsonb_set(%(mal)s::jsonb,
                    '{{vgdoknr}}', to_jsonb((%(nye)s::text[])[i])),
                    '{{foedtdato}}', to_jsonb(left(p.fodselsnummer, 6))),
                    '{{personnummer}}', to_jsonb(substr(p.fodselsnummer, 7))),
                    '{{personnavn}}', to_jsonb(concat_ws(' ', p.fornavn, nullif(p.mellomnavn, ''), p.etternavn)))
                    AS nvb) v""", {"nye": nye, "mal": json.dumps(mal), "utstedt": utstedt})  # fmt: skip
    # Last year's documents annulled after a klage (KLA) and replaced by one of the new ones; sent before, the
    # annulment not yet.
    c.execute(f"""INSERT INTO {s}.fagopplaering_fagdokument (id, fylke_id, person_id, prove_id, dokumenttype,
        mal_versjon, status, vgdoknr, nvb, kontroll, kontrollert, fil, utstedt_dato, utstedt_av_id, annullert_dato,
        annulleringsarsak, annullert_av, erstattet_av_id, nvb_sendt, annullering_sendt, nvb_eksportert_id,
        annullering_eksportert_id, opprettet)
        SELECT {n} + j, 1, e.id, NULL, 'vitnemal', 1, 'annullert', (%(gamle)s::text[])[j],
               jsonb_set(e.nvb, '{{vgdoknr}}', to_jsonb((%(gamle)s::text[])[j])), '[]', now(), '',
               %(utstedt)s - 365, NULL, %(annullert)s, 'KLA', 'Saksbehandler ' || (j %% 5), e.id,
               now() - interval '330 days', NULL, NULL, NULL, now()
        FROM generate_series(1, {ANNULLERTE}) j
        JOIN {s}.fagopplaering_fagdokument e ON e.id = 1 + (j * 47) %% {n}""",
              {"gamle": gamle, "utstedt": utstedt, "annullert": idag - datetime.timedelta(days=5)})  # fmt: skip
    for tabell in TABELLER:
        c.execute(f"ANALYZE {s}.{tabell}")
    planted = {nye[i - 1] for i in range(1, n + 1) if i % FEIL_HVER in (0, FEIL_HVER // 2)}
    return {"planted": planted, "dokumenter": n - len(planted), "annulleringer": ANNULLERTE}


def _rundtur(fil: Path, forventet: dict, idag: datetime.date) -> list[str]:
    """The written file read back: its ¤V and ¤D counts, the ¤A counts, no read errors and no FEIL. Returns the
    problems (empty when all is well)."""
    from fagopplaering.nvb.format import les
    from fagopplaering.nvb.kontroll import kontroller

    lesing = les(fil.read_text(encoding="utf-8"))
    v = sum(len(a.dokumenter) for a in lesing.fil)
    d = sum(len(a.annulleringer) for a in lesing.fil)
    avvik = []
    if lesing.meldinger:
        avvik.append(f"{len(lesing.meldinger)} lesefeil ({lesing.meldinger[0].kode})")
    if (v, d) != (forventet["dokumenter"], forventet["annulleringer"]):
        avvik.append(
            f"filen har {v} ¤V og {d} ¤D, ventet {forventet['dokumenter']} og {forventet['annulleringer']}"
        )
    if any(a.oppgitt_antall != a.antall() for a in lesing.fil):
        avvik.append("antallene i ¤A stemmer ikke med innholdet")
    if funnet := {dok.vgdoknr for _, dok in lesing.fil.dokumenter()} & forventet["planted"]:
        avvik.append(f"{len(funnet)} dokumenter med FEIL ble sendt")
    feil = [m for m in kontroller(lesing.fil, idag=idag) if m.alvor == "FEIL"]
    if feil:
        avvik.append(f"kontrollen av filen gir {len(feil)} FEIL ({feil[0].kode})")
    return avvik


def main(antall: int = STANDARD_ANTALL) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from fagopplaering.models import Fagdokument
    from fagopplaering.services.nvb import eksporter
    from kodeverk.models import Fylke

    idag = timezone.localdate()
    with connection.cursor() as c, tempfile.TemporaryDirectory(prefix="nvb_bench_") as utboks:
        try:
            t = time.perf_counter()
            forventet = _last(c, antall, idag)
            print(f"   lastet {antall} utstedte vitnemål ({len(forventet['planted'])} med FEIL) og {ANNULLERTE} "
                  f"annullerte på {time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
            c.execute(f"SET search_path TO {SKJEMA}, public")
            settings.NVB_TRANSPORT = {"BACKEND": "fil", "KATALOG": utboks}
            fylke = Fylke.objects.get(pk=1)
            for_rss = _topp_minne_mb()
            t = time.perf_counter()
            ut = eksporter(fylke, idag=idag)
            sekunder = time.perf_counter() - t
            topp_rss = _topp_minne_mb()
            per_s = antall / sekunder if sekunder else 0.0
            avvist = set(ut.avvist)
            varsler = sum(1 for m in ut.meldinger if m.alvor != "FEIL")
            print(f"   eksport: {ut.dokumenter} dokumenter, {ut.annulleringer} annulleringer, {len(avvist)} stoppet "
                  f"av kontrollen ({len(ut.meldinger)} meldinger, {varsler} ikke FEIL), {len(ut.innhold) / 1e6:.1f} MB "
                  f"på {sekunder:.1f} s ({per_s:.0f} dokumenter/s)", flush=True)  # fmt: skip
            avvik = []
            if avvist != forventet["planted"]:
                avvik.append(f"kontrollen stoppet {len(avvist)} dokumenter, {len(forventet['planted'])} har FEIL "
                             f"({len(avvist - forventet['planted'])} feil stoppet, "
                             f"{len(forventet['planted'] - avvist)} sluppet gjennom)")  # fmt: skip
            sendt = Fagdokument.objects.filter(status="utstedt", nvb_sendt__isnull=False).count()
            ann_sendt = Fagdokument.objects.filter(
                status="annullert", annullering_sendt__isnull=False
            ).count()
            med_kontroll = Fagdokument.objects.filter(vgdoknr__in=avvist).exclude(kontroll=[]).count()
            if (sendt, ann_sendt, med_kontroll) != (forventet["dokumenter"], ANNULLERTE, len(avvist)):
                avvik.append(f"markert sendt: {sendt} dokumenter og {ann_sendt} annulleringer, {med_kontroll} "
                             "stoppede med meldinger")  # fmt: skip
            t = time.perf_counter()
            avvik += (
                _rundtur(Path(ut.referanse), forventet, idag) if ut.referanse else ["ingen fil ble skrevet"]
            )
            print(f"   rundtur: filen lest tilbake og kontrollert på {time.perf_counter() - t:.1f} s – "
                  f"{'OK' if not avvik else '; '.join(avvik)}", flush=True)  # fmt: skip
            status = "OK" if sekunder < MAL_SEKUNDER else "OVER MÅL"
            print(f"   nvb-eksport {sekunder:.1f} s (mål < {MAL_SEKUNDER} s), {per_s:.0f} dok/s, topp-RSS "
                  f"{topp_rss:.0f} MB (før eksporten {for_rss:.0f} MB) – {status}", flush=True)  # fmt: skip
            if antall == STANDARD_ANTALL:  # the stored names are for the standard size
                lagre_maling("nvb_eksport_10000_s", sekunder, "s", MAL_SEKUNDER)
                lagre_maling("nvb_eksport_dok_per_s", per_s, "dok/s", None)
                lagre_maling("nvb_eksport_minne_mb", topp_rss, "MB", None)
            if avvik:
                raise SystemExit("NVB-eksporten ga feil resultat: " + "; ".join(avvik))
            if sekunder >= MAL_SEKUNDER:
                raise SystemExit(f"NVB-eksporten brukte {sekunder:.1f} s (mål < {MAL_SEKUNDER} s).")
        finally:
            c.execute("SET search_path TO public")
            c.execute(f"DROP SCHEMA IF EXISTS {SKJEMA} CASCADE")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else STANDARD_ANTALL)
