"""Person register at national scale: ``python -m bench personer`` (or ``python -m bench.personer_bench``).

A throwaway test database (``create_test_db``, migrated like the real one; destroyed afterwards) gets a national
data set loaded with COPY: 11 counties × 40 schools, 600 000 persons, 200 000 søknader (3 % from a gjesteelev
registered by another county) with three wishes each, and 150 000 elevforhold. Then, for a county user (inntak)
and a school user, through the same code the pages use (``vigo.selectors.sok_personer`` + ``avgrens``):

- person search by name (one and two words) and by fødselsnummer (whole number and a birth date prefix): count
  and the first page of 50, as the list page does;
- the person list page without a search (count + first page), through the whole Django stack (test client);
- ``GET /api/v1/personer/`` (cursor page of 100 by id), through the whole stack.

Target: p95 < 50 ms each. The EXPLAIN (ANALYZE) plans of the main queries are printed. Results go to
``var/bench.json``. ``--behold NAVN`` keeps the database (for experiments), ``--bruk NAVN`` reuses a kept one.
"""

from __future__ import annotations

import argparse
import datetime
import io
import math
import os
import random
import time

MAL_MS = 50.0
FYLKER = [("03", "Oslo", 12), ("11", "Rogaland", 9), ("15", "Møre og Romsdal", 5), ("18", "Nordland", 5),
          ("31", "Østfold", 6), ("32", "Akershus", 13), ("34", "Innlandet", 7), ("39", "Vestfold", 5),
          ("42", "Agder", 6), ("46", "Vestland", 12), ("50", "Trøndelag", 9)]  # fmt: skip
SKOLER_PER_FYLKE = 40
PROGRAMMER = ["ST", "HS", "EL", "TP", "BA", "IM", "ID", "RM", "NA", "SR"]
PERSONER = 600_000
SOKNADER = 200_000
ELEVFORHOLD = 150_000
GJENTAK = 40

FORNAVN = (
    "Ole Jan Per Bjørn Lars Kjell Knut Svein Arne Hans Geir Thomas Tor Morten Erik Martin Andreas John "
    "Anders Rune Trond Jon Harald Olav Stian Jonas Magnus Henrik Mathias Emil Elias Noah Oskar Jakob "
    "Filip Isak Aksel Sander Kristian Eirik Sigurd Tobias Vetle Håkon Even Ola Mons Kari Anne Inger Marit "
    "Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne Randi Ida Nina Maria Elisabeth "
    "Kristin Silje Hanne Nora Emma Sara Sofie Olivia Maja Ella Leah Frida Ingeborg Tiril Thea Vilde "
    "Hedda Julie Amalie Selma Live Sunniva Synnøve Åse Gro Tone Turid Wenche"
).split()
ETTERNAVN = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen "
    "Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen "
    "Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen "
    "Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe "
    "Nygård Bakke Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen "
    "Sæther Aas Myhre Hanssen Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik "
    "Rønning Arnesen Antonsen Næss Vik Haug Ellingsen Thorsen Edvardsen Birkeland Isaksen Gulbrandsen "
    "Ruud Aasen Strøm Myklebust Tangen Ødegård Eliassen Helland Bøe Jenssen Aune Mikkelsen Tveit "
    "Brekke Abrahamsen Madsen Flaten Vestvik Fjellheim Kvamme Grønli Sletten Ulvestad Wold"
).split()


def _p95(tider: list[float]) -> float:
    ordnet = sorted(tider)
    return ordnet[max(0, math.ceil(0.95 * len(ordnet)) - 1)]


def _copy(c, tabell: str, kolonner: str, linjer) -> None:
    buf = io.StringIO()
    buf.writelines(linjer)
    buf.seek(0)
    c.cursor.copy_expert(f"COPY {tabell} ({kolonner}) FROM STDIN", buf)


# Name frequencies: a mild Zipf over the lists, so the most common name is about 3 % of persons. In the real
# register the most common surname (Hansen) is under 1 % and the most common first names about 1 % (SSB,
# navnestatistikk): the set is harsher than reality without being an outlier no register has.
_FORNAVN_VEKT = [1 / (i + 20) for i in range(len(FORNAVN))]
_ETTERNAVN_VEKT = [1 / (i + 20) for i in range(len(ETTERNAVN))]


def _navn(rng: random.Random) -> tuple[str, str, str]:
    fornavn = rng.choices(FORNAVN, _FORNAVN_VEKT)[0]
    etternavn = rng.choices(ETTERNAVN, _ETTERNAVN_VEKT)[0]
    mellomnavn = rng.choice(ETTERNAVN) if rng.random() < 0.25 else ""
    return fornavn, mellomnavn, etternavn


def last(rng: random.Random) -> dict:
    """Code registers with the ORM (small), persons, søknader, wishes and elevforhold with COPY (large)."""
    from django.db import connection

    from inntak.models import Tilbud
    from kodeverk import koder
    from kodeverk import models as km

    fylker = [km.Fylke.objects.create(nummer=nr, navn=navn) for nr, navn, _ in FYLKER]
    vekt = [v for _, _, v in FYLKER]
    skolear = km.Skolear.objects.create(kode="2026-2027", startdato=datetime.date(2026, 8, 1),
                                        sluttdato=datetime.date(2027, 7, 31))  # fmt: skip
    km.Behandlingskategori.objects.bulk_create([km.Behandlingskategori(kode=k, navn=n, gruppe=g, hjemmel=h, niva=nv)
                                                for k, n, g, h, nv in koder.BEHANDLINGSKATEGORIER])  # fmt: skip
    ordinar = km.Behandlingskategori.objects.get(kode="ORD").pk
    po = []
    for kode in PROGRAMMER:
        up = km.Utdanningsprogram.objects.create(kode=kode, navn=f"Utdanningsprogram {kode}")
        po.append(km.Programomrade.objects.create(kode=f"{kode}XXX1----", navn=f"Vg1 {kode}", niva="VG1",
                                                  utdanningsprogram=up).pk)  # fmt: skip
    skoler = {f.pk: km.Skole.objects.bulk_create([
        km.Skole(skolenummer=f"{f.nummer}{i:03d}", organisasjonsnummer="974760673", navn=f"{f.navn} {i} vgs", fylke=f)
        for i in range(SKOLER_PER_FYLKE)]) for f in fylker}  # fmt: skip
    tilbud = {}
    for f in fylker:
        rader = Tilbud.objects.bulk_create([Tilbud(fylke=f, skole=s, programomrade_id=p, skolear=skolear, plasser=30)
                                            for s in skoler[f.pk] for p in po])  # fmt: skip
        tilbud[f.pk] = [t.pk for t in rader]

    naa = "2026-03-01T00:00:00+00:00"
    personer, soknader, onsker, elevforhold = [], [], [], []
    fylke_for: list[int] = [0]
    brukt: dict[datetime.date, int] = {}
    for i in range(1, PERSONER + 1):
        f = rng.choices(fylker, vekt)[0].pk
        fylke_for.append(f)
        fodt = datetime.date(1996, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 16))
        n = brukt[fodt] = brukt.get(fodt, 0) + 1
        fnr = f"{fodt.day:02d}{fodt.month + 80:02d}{fodt:%y}{n:05d}"  # Test Norge month; unique, not validated here
        fornavn, mellomnavn, etternavn = _navn(rng)
        endret = f"2026-0{1 + i % 3}-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00"
        personer.append(
            f"{i}\t{fnr}\t{fornavn}\t{mellomnavn}\t{etternavn}\t{fodt}\t\t\t\t\t\tnb\t{naa}\t{endret}\t{f}\n"
        )
    sokere = rng.sample(range(1, PERSONER + 1), SOKNADER)
    for sid, pid in enumerate(sokere, 1):
        hjem = fylke_for[pid]
        f = rng.choice(fylker).pk if rng.random() < 0.03 else hjem  # gjesteelev: applies in another county
        soknader.append(f"{sid}\tVG1\tungdomsrett\tordinaer\tf\tf\tklar\t{naa}\t{naa}\t{ordinar}\t{f}\t{hjem}\t{pid}\t"
                        f"{skolear.pk}\n")  # fmt: skip
        for nr, t in enumerate(rng.sample(tilbud[f], 3), 1):
            onsker.append(f"{sid}\t{nr}\t{t}\n")
    for pid in rng.sample(range(1, PERSONER + 1), ELEVFORHOLD):
        s = rng.choice(skoler[fylke_for[pid]]).pk
        elevforhold.append(f"{pid}\t{s}\t{rng.choice(po)}\t{skolear.pk}\t2026-08-15\t\t{naa}\t{naa}\n")
    with connection.cursor() as c:
        _copy(c, "vigo_person", "id, fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato, adresse, postnummer, "
              "poststed, epost, mobil, malform, opprettet, endret, fylke_id", personer)  # fmt: skip
        _copy(c, "inntak_soknad", "id, niva, rettstatus, sokergruppe, deltid, voksen, status, registrert, endret, "
              "behandlingskategori_id, fylke_id, hjemfylke_id, person_id, skolear_id", soknader)  # fmt: skip
        _copy(c, "inntak_onske", "soknad_id, nr, tilbud_id", onsker)
        _copy(c, "elev_elevforhold", "person_id, skole_id, programomrade_id, skolear_id, startdato, avbruddsarsak, opprettet, "
              "endret",
              elevforhold)  # fmt: skip
        for tabell in ("vigo_person", "inntak_soknad", "inntak_onske", "elev_elevforhold"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabell}', 'id'), (SELECT max(id) FROM {tabell}))"
            )
        c.execute("VACUUM ANALYZE")
    return {"fylker": fylker, "skoler": skoler}


def _brukere(data: dict):
    from django.contrib.auth.models import Group

    from kodeverk.models import Fylke, Skole
    from vigo.models import Bruker, Rolle
    from vigo.roller import opprett_roller

    opprett_roller()
    fylke = Fylke.objects.filter(nummer="50").first() or Fylke.objects.order_by("nummer").first()
    skole = Skole.objects.filter(fylke=fylke).order_by("skolenummer")[3]
    ut = {}
    for navn, rolle, sk in (("fylke", Rolle.INNTAK, None), ("skole", Rolle.SKOLE, skole)):
        b, _ = Bruker.objects.get_or_create(username=f"benk_{navn}", defaults={"fylke": fylke, "skole": sk})
        b.groups.add(Group.objects.get(name=rolle))
        ut[navn] = Bruker.objects.get(pk=b.pk)
    return ut


def _tid(f, antall: int = GJENTAK) -> list[float]:
    f()  # warm-up
    tider = []
    for _ in range(antall):
        t = time.perf_counter()
        f()
        tider.append((time.perf_counter() - t) * 1000)
    return tider


def _side(qs) -> None:
    """What the list page asks the database: the count, then the first page of 50."""
    from django.core.paginator import Paginator

    side = Paginator(qs, 50).get_page(1)
    list(side.object_list)


def _api_qs(bruker):
    """The query of GET /api/v1/personer/ (first cursor page: ordered by id, 101 rows)."""
    from vigo.api.personer import PersonViewSet
    from vigo.scoping import avgrens

    return avgrens(PersonViewSet.queryset.all(), bruker).order_by("pk")[:101]


def _plan(qs, tittel: str, telling: bool = False) -> None:
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    if telling:
        sql = f"SELECT COUNT(*) FROM ({sql}) t"
    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
        plan = "\n".join(r[0] for r in c.fetchall())
    print(f"   --- plan: {tittel}\n" + "\n".join("      " + linje for linje in plan.splitlines()), flush=True)


def kjor(data: dict | None) -> dict[str, float]:
    from django.test import Client
    from django.urls import reverse

    from bench.inntaksmotor_bench import lagre_maling
    from vigo import selectors
    from vigo.models import Person

    brukere = _brukere(data)
    fylke_id = brukere["fylke"].fylke_id
    i_fylket = list(Person.objects.filter(fylke_id=fylke_id).order_by("?").values_list("fodselsnummer", "etternavn",
                                                                                       "fornavn")[:GJENTAK])  # fmt: skip
    navnesok = [f"{fn}" for _, en, fn in i_fylket[:10]] + [f"{en[:5]}" for _, en, _ in i_fylket[10:20]] + [
        f"{fn} {en}" for _, en, fn in i_fylket[20:30]] + ["Ole", "Hansen", "Vestvik", "Fjellh", "Ulvestad Ida", "Sletten"]  # fmt: skip
    fnrsok = [fnr for fnr, _, _ in i_fylket[:20]] + [fnr[:6] for fnr, _, _ in i_fylket[20:40]]
    resultater: dict[str, float] = {}

    def mal(navn: str, funksjoner) -> None:
        tider = [t for f in funksjoner for t in _tid(f, max(1, GJENTAK // len(funksjoner)))]
        resultater[navn] = _p95(tider)
        print(f"   {navn}: p95 {resultater[navn]:.1f} ms, median {sorted(tider)[len(tider) // 2]:.1f} ms "
              f"({len(tider)} målinger)", flush=True)  # fmt: skip

    for hvem, bruker in brukere.items():
        client = Client()
        client.force_login(bruker)
        mal(f"{hvem}_navnesok", [lambda q=q, b=bruker: _side(selectors.sok_personer(b, q)) for q in navnesok])
        mal(f"{hvem}_fnrsok", [lambda q=q, b=bruker: _side(selectors.sok_personer(b, q)) for q in fnrsok])
        mal(f"{hvem}_liste", [lambda b=bruker: _side(selectors.sok_personer(b))])
        mal(f"{hvem}_listeside", [lambda c=client: c.get(reverse("person_liste"))])
        mal(f"{hvem}_api", [lambda c=client: c.get("/api/v1/personer/")])
        qs = selectors.sok_personer(bruker)
        print(f"   {hvem}: {qs.count()} personer i tilgangen", flush=True)
        _plan(qs.order_by().values("pk"), f"{hvem}: antall (liste uten søk)", telling=True)
        _plan(qs[:50], f"{hvem}: første side av listen")
        _plan(
            selectors.sok_personer(bruker, navnesok[-1])[:50],
            f"{hvem}: navnesøk «{navnesok[-1]}», første side",
        )
        _plan(selectors.sok_personer(bruker, fnrsok[-1])[:50], f"{hvem}: fødselsnummersøk «{fnrsok[-1]}»")
        _plan(_api_qs(bruker), f"{hvem}: /api/v1/personer/ (første side)")
    for navn, verdi in resultater.items():
        lagre_maling(f"personer_{navn}_p95", verdi, "ms", MAL_MS)
    over = [n for n, v in resultater.items() if v >= MAL_MS]
    print(f"   mål p95 < {MAL_MS:.0f} ms: {'OK' if not over else 'OVER MÅL: ' + ', '.join(over)}", flush=True)
    return resultater


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--behold", metavar="NAVN", help="behold databasen under dette navnet")
    parser.add_argument("--bruk", metavar="NAVN", help="bruk en beholdt database (ingen lasting)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    settings.DEBUG = False
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # fmt: skip
    gammel = settings.DATABASES["default"]["NAME"]
    if args.bruk:
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = args.bruk
        try:
            kjor(None)
        finally:
            teardown_test_environment()
        return
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        args.behold or f"test_personer_bench_{os.getpid()}"
    )
    t = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"   testdatabase migrert på {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        data = last(random.Random(2026))
        print(f"   lastet {PERSONER} personer, {SOKNADER} søknader, {ELEVFORHOLD} elevforhold med COPY på "
              f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
        kjor(data)
    finally:
        if not args.behold:
            connection.creation.destroy_test_db(gammel, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
