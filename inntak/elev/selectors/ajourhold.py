"""8A011 «Ajourholdskontroll»: the intake's admitted-and-accepted applicants against the register up to 31 August.

The schools correct the machine intake at school start with the B01 ajourhold codes (Regbok B01, docs/elev.md
«Årsavslutning av inntaket»); the report shows the differences the register already tells, per school, so the
inntakskontor can check them before 5A001 moves søkere into the register:

* ``N`` Ikke møtt ved skolestart – admitted and accepted, but no elevkurs at the admitted school;
* ``E`` Endret programområde på samme skole – an elevkurs at the admitted school on another programområde (Regbok
  does not show this code's letter; ``E`` is ours, docs/elev-og-eksport.md §11);
* ``I`` Inntatt i august – an elevkurs in the common intake (a tilbud of the county and year) without a matching
  accepted offer (from the waiting list or directly after school start);
* ``S`` Avbrutt skolegangen i august – the admitted elevkurs has an avbruddsdato from 1 August to the date;
* ``V`` Nei til plass fra venteliste – a «nei» in a later round after standing on the waiting list.

Reads only (values, no model instances), one query per table.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from inntak.elev.models import Elevforhold
from inntak.models import Svar, SvarType, Tilbud, Tildeling
from kodeverk.models import Fylke, Skolear

IKKE_MOTT, ENDRET, INNTATT, AVBRUTT, NEI_VENTELISTE = "N", "E", "I", "S", "V"
KODER = {
    INNTATT: "Inntatt i august",
    ENDRET: "Endret programområde på samme skole",
    IKKE_MOTT: "Ikke møtt ved skolestart",
    AVBRUTT: "Avbrutt skolegangen i august",
    NEI_VENTELISTE: "Nei til plass fra venteliste",
}
KOLONNER = (
    "kode", "beskrivelse", "skolenummer", "skole", "person_id", "fodselsnummer", "navn", "tilbud_programomrade",
    "elevkurs_programomrade", "dato",
)  # fmt: skip
JA = (SvarType.JA, SvarType.JA_VENTELISTE)


def standard_til_dato(skolear: Skolear) -> datetime.date:
    return datetime.date(skolear.startdato.year, 8, 31)


def _navn(f: str, m: str, e: str) -> str:
    return " ".join(x for x in (f, m, e) if x)


def _siste_svar(fylke: Fylke, skolear: Skolear) -> dict[int, dict]:
    """soknad id -> the latest published round's tildeling and answer, plus whether it stood on a waiting list."""
    tildelt: dict[int, tuple] = {}
    for r in (
        Tildeling.objects.filter(inntakskjoring__fylke=fylke, inntakskjoring__skolear=skolear,
                                 inntakskjoring__publisert=True)
        .order_by("soknad_id", "inntakskjoring__runde")
        .values_list("soknad_id", "inntakskjoring_id", "inntakskjoring__runde", "tilbud__skole_id",
                     "tilbud__programomrade_id")
    ):  # fmt: skip
        tildelt[r[0]] = r  # the last (highest round) wins
    svar: dict[tuple[int, int], str] = {}
    venteliste: set[int] = set()
    nei_senere: dict[int, int] = {}
    for soknad_id, kj_id, runde, s in (
        Svar.objects.filter(inntakskjoring__fylke=fylke, inntakskjoring__skolear=skolear,
                            inntakskjoring__publisert=True)
        .order_by("soknad_id", "inntakskjoring__runde")
        .values_list("soknad_id", "inntakskjoring_id", "inntakskjoring__runde", "svar")
    ):  # fmt: skip
        svar[(soknad_id, kj_id)] = s
        if s in (SvarType.VENTELISTE, SvarType.JA_VENTELISTE):
            venteliste.add(soknad_id)
        elif s == SvarType.NEI and soknad_id in venteliste and runde > 1:
            nei_senere[soknad_id] = runde
    ut = {}
    for soknad_id, (_, kj_id, _runde, skole_id, po_id) in tildelt.items():
        ut[soknad_id] = {"skole": skole_id, "po": po_id, "svar": svar.get((soknad_id, kj_id), ""),
                         "nei_venteliste": soknad_id in nei_senere}  # fmt: skip
    for soknad_id in nei_senere.keys() - ut.keys():
        ut[soknad_id] = {"skole": None, "po": None, "svar": SvarType.NEI, "nei_venteliste": True}
    return ut


def ajourholdsrapport(*, fylke: Fylke, skolear: Skolear, til_dato: datetime.date | None = None) -> list[dict]:
    """The B01 differences for the county and year up to ``til_dato`` (default 31 August), sorted by school."""
    from inntak.models import Soknad
    from kodeverk.models import Programomrade, Skole

    til_dato = til_dato or standard_til_dato(skolear)
    start = skolear.startdato
    svar = _siste_svar(fylke, skolear)
    soknader = {
        pk: (person_id, f, m, e, fnr)
        for pk, person_id, f, m, e, fnr in Soknad.objects.filter(fylke=fylke, skolear=skolear, pk__in=list(svar))
        .values_list("pk", "person_id", "person__fornavn", "person__mellomnavn", "person__etternavn",
                     "person__fodselsnummer")
    }  # fmt: skip
    felles = set(
        Tilbud.objects.filter(fylke=fylke, skolear=skolear).values_list("skole_id", "programomrade_id")
    )
    elevkurs: dict[int, list[tuple]] = defaultdict(list)
    personer: dict[int, tuple] = {}
    for ek in Elevforhold.objects.filter(skole__fylke=fylke, skolear=skolear, startdato__lte=til_dato).values_list(
        "person_id", "skole_id", "programomrade_id", "startdato", "avbruddsdato", "person__fornavn",
        "person__mellomnavn", "person__etternavn", "person__fodselsnummer",
    ):  # fmt: skip
        elevkurs[ek[0]].append(ek[1:5])
        personer[ek[0]] = (_navn(ek[5], ek[6], ek[7]), ek[8])
    skoler = dict(Skole.objects.filter(fylke=fylke).values_list("pk", "skolenummer"))
    skolenavn = dict(Skole.objects.filter(fylke=fylke).values_list("pk", "navn"))
    po_koder: dict[int, str] = {}

    rader: list[dict] = []
    # (person, skole, po) of the elevkurs an accepted offer already explains
    forklart: set[tuple[int, int, int]] = set()

    def rad(kode, person_id, navn, fnr, skole_id, tilbud_po=None, ek_po=None, dato=None):
        rader.append({"kode": kode, "beskrivelse": KODER[kode], "skole_id": skole_id,
                      "skolenummer": skoler.get(skole_id, ""), "skole": skolenavn.get(skole_id, ""),
                      "person_id": person_id, "fodselsnummer": fnr, "navn": navn, "tilbud_programomrade": tilbud_po,
                      "elevkurs_programomrade": ek_po, "dato": dato})  # fmt: skip

    for soknad_id, s in svar.items():
        if soknad_id not in soknader:
            continue
        person_id, f, m, e, fnr = soknader[soknad_id]
        navn = _navn(f, m, e)
        if s["nei_venteliste"]:
            rad(NEI_VENTELISTE, person_id, navn, fnr, s["skole"], s["po"])
            continue
        if s["skole"] is None or s["svar"] not in JA:
            continue
        egne = elevkurs.get(person_id, [])
        match = [k for k in egne if (k[0], k[1]) == (s["skole"], s["po"])]
        samme_skole = [k for k in egne if k[0] == s["skole"] and k[1] != s["po"]]
        if match:
            forklart.add((person_id, s["skole"], s["po"]))
            avbrudd = match[0][3]
            if avbrudd is not None and start <= avbrudd <= til_dato:
                rad(AVBRUTT, person_id, navn, fnr, s["skole"], s["po"], s["po"], avbrudd)
        elif samme_skole:
            k = samme_skole[0]
            forklart.add((person_id, k[0], k[1]))
            rad(ENDRET, person_id, navn, fnr, s["skole"], s["po"], k[1], k[2])
        else:
            rad(IKKE_MOTT, person_id, navn, fnr, s["skole"], s["po"])
    for person_id, egne in elevkurs.items():
        for skole_id, po_id, startdato, _avbrudd in egne:
            if (skole_id, po_id) in felles and (person_id, skole_id, po_id) not in forklart:
                navn, fnr = personer[person_id]
                rad(INNTATT, person_id, navn, fnr, skole_id, None, po_id, startdato)
    ids = {r[k] for r in rader for k in ("tilbud_programomrade", "elevkurs_programomrade") if r[k]}
    po_koder = dict(Programomrade.objects.filter(pk__in=ids).values_list("pk", "kode"))
    for r in rader:
        for k in ("tilbud_programomrade", "elevkurs_programomrade"):
            r[k] = po_koder.get(r[k], "") if r[k] else ""
    rader.sort(key=lambda r: (r["skolenummer"], r["kode"], r["navn"]))
    return rader


def antall_per_skole(rader: list[dict]) -> dict[str, dict[str, int]]:
    """«skolenummer skolenavn» -> {kode: antall}."""
    ut: dict[str, dict[str, int]] = {}
    for r in rader:
        nokkel = f"{r['skolenummer']} {r['skole']}".strip() or "(ingen skole)"
        ut.setdefault(nokkel, {}).setdefault(r["kode"], 0)
        ut[nokkel][r["kode"]] += 1
    return ut
