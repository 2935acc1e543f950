"""Test data for the fagopplæring deliveries (1L020–1L022, 5A105), built on the fagopplæring test builders.

The delivery school year is 2026-2027: count date 1 October 2026, SSB prøve year 1 October 2025–30 September 2026.
"""

from __future__ import annotations

import datetime

from fagopplaering.models import Avslutningskode, Formidling, Prove, Provenemnd
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory, syntetisk_fnr
from tests.fagopplaering.fabrikker import lag_bedrift, lag_godkjenning, lag_gyldig_orgnr, lag_kontrakt

D = datetime.date


def lag_prove(person, fylke, programomrade, resultat_dato, *, kandidattype="laerling", resultat="B", nemnd=None,
              kontrakt=None, status=Prove.Status.VURDERT, **kw) -> Prove:  # fmt: skip
    """A prøve with its result written directly (test setup; the product goes through fagopplaering.services)."""
    return Prove.objects.create(
        fylke=fylke, person=person, kontrakt=kontrakt, kandidattype=kandidattype, provetype=kw.pop("provetype", "fag"),
        programomrade=programomrade, oppmeldt_av="bedrift", oppmeldt_dato=resultat_dato - datetime.timedelta(days=60),
        status=status, nemnd=nemnd, fra_dato=resultat_dato - datetime.timedelta(days=2), til_dato=resultat_dato,
        resultat=resultat, resultat_dato=resultat_dato, **kw,
    )  # fmt: skip


def avslutt(kontrakt, dato: datetime.date, kode: str = "AB"):
    kontrakt.status = "avsluttet"
    kontrakt.avsluttet_dato = dato
    kontrakt.avslutningskode = Avslutningskode.objects.get(kode=kode)
    kontrakt.save()
    return kontrakt


def lag_oppsett(fag: dict) -> dict:
    """County A: one company approved for elektriker with five contracts around 1 October 2026 and prøver around
    the SSB year; county B: one contract and one prøve that must never appear in A's files."""
    a, b, el = fag["A"], fag["B"], fag["elektriker"]
    bedrift = lag_bedrift(
        "Lyn Elektro AS", orgnr=lag_gyldig_orgnr(), kommune=Kommune.objects.get(nummer="5001")
    )
    godkj = lag_godkjenning(bedrift, a, el)
    nemnd = Provenemnd.objects.create(fylke=a, navn="Nemnd elektriker", periode_fra=2024, periode_til=2027)
    p = {
        n: PersonFactory(fylke=a, fornavn=n, etternavn="Lærling")
        for n in ("lop", "slutt", "senere", "ny", "ute")
    }
    k = {
        # løpende 1.10.2026
        "lop": lag_kontrakt(p["lop"], a, bedrift, el, fra=D(2025, 8, 15), mnd=24, hjemfylke=a),
        # ended 15.09.2026: before the count date
        "slutt": avslutt(lag_kontrakt(p["slutt"], a, bedrift, el, fra=D(2024, 9, 1), mnd=24), D(2026, 9, 15)),
        # ended 01.11.2026: løpende on 1 October, «Avsl k» AB
        "senere": avslutt(
            lag_kontrakt(p["senere"], a, bedrift, el, fra=D(2024, 11, 1), mnd=24), D(2026, 11, 1)
        ),
        # starts 01.11.2026: after the count date
        "ny": lag_kontrakt(p["ny"], a, bedrift, el, fra=D(2026, 11, 1), mnd=24),
        # læretid ended 31.12.2024 but never avsluttet
        "ute": lag_kontrakt(p["ute"], a, bedrift, el, fra=D(2023, 1, 1), mnd=24),
    }
    pr = {
        "i_aret": lag_prove(p["senere"], a, el, D(2026, 6, 10), nemnd=nemnd, kontrakt=k["senere"]),
        "forrige_ar": lag_prove(p["slutt"], a, el, D(2025, 9, 20), nemnd=nemnd, kontrakt=k["slutt"]),
        "neste_ar": lag_prove(
            p["lop"],
            a,
            el,
            D(2026, 10, 15),
            nemnd=nemnd,
            kontrakt=k["lop"],
            resultat="IB",
            tilleggsprotokoll="Begrunnelse",
        ),  # fmt: skip
    }
    pb = PersonFactory(fylke=b, fornavn="Oslo", etternavn="Lærling")
    kb = lag_kontrakt(pb, b, bedrift, el, fra=D(2025, 8, 15), mnd=24)
    prb = lag_prove(pb, b, el, D(2026, 6, 10), kontrakt=kb)
    return {"A": a, "B": b, "el": el, "bedrift": bedrift, "godkjenning": godkj, "nemnd": nemnd, "p": p, "k": k,
            "pr": pr, "kb": kb, "prb": prb, "ar": fag["skolear"]}  # fmt: skip


def lag_voksne(o: dict) -> dict:
    """Prøver in school year 2025-2026 (1.8.2025–31.7.2026) for 5A105: who is an adult candidate and who is not."""
    a, el, nemnd = o["A"], o["el"], o["nemnd"]
    ung = PersonFactory(fylke=a, fornavn="Ung", etternavn="Lærling")  # born 2009
    eldre = PersonFactory(
        fylke=a, fornavn="Eldre", etternavn="Lærling", fodselsnummer=syntetisk_fnr(D(1990, 3, 3))
    )
    praksis = PersonFactory(fylke=a, fornavn="Praksis", etternavn="Kandidat")
    uten_rett = PersonFactory(fylke=a, fornavn="Voksen", etternavn="Lærling")
    k_voksen = lag_kontrakt(uten_rett, a, o["bedrift"], el, fra=D(2024, 1, 1), ungdomsrett=False)
    return {
        "ung": lag_prove(ung, a, el, D(2026, 3, 1), nemnd=nemnd),
        "eldre": lag_prove(eldre, a, el, D(2026, 3, 2), nemnd=nemnd),
        "praksis": lag_prove(praksis, a, el, D(2026, 3, 3), nemnd=nemnd, kandidattype="praksiskandidat"),
        "uten_rett": lag_prove(uten_rett, a, el, D(2026, 3, 4), nemnd=nemnd, kontrakt=k_voksen),
        "utenfor": lag_prove(eldre, a, el, D(2026, 8, 5), nemnd=nemnd),  # next school year
    }


def lag_formidling(o: dict, skolear, status=Formidling.Status.SOKT) -> Formidling:
    person = PersonFactory(fylke=o["A"], fornavn="Søker", etternavn="Lære")
    return Formidling.objects.create(person=person, fylke=o["A"], skolear=skolear, programomrade=o["el"],
                                     status=status, status_dato=D(2026, 3, 1), onskenr=1)  # fmt: skip
