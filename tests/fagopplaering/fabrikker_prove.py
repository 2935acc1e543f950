"""Shared test data for prøver: an approved contract that ends in the spring, a register with grades, a nemnd."""

from __future__ import annotations

import datetime

from fagopplaering.models import Nemndmedlem, Provenemnd
from inntak.elev.models import Elevfag, Elevforhold
from kodeverk import models as km
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import (
    lag_bedrift,
    lag_faglig_leder,
    lag_godkjenning,
    lag_gyldig_orgnr,
    lag_kontrakt,
)

D = datetime.date


def lag_fag(kode: str, navn: str, fagtype: str) -> km.Fag:
    ft = km.Fagtype.objects.get_or_create(kode=fagtype, defaults={"navn": fagtype})[0]
    return km.Fag.objects.get_or_create(kode=kode, defaults={"navn": navn, "fagtype": ft, "arstimer": 140})[0]


def lag_karakterer(
    person, skole, rader: list[tuple[str, str, str, str]], *, ar: str = "2024-2025", niva="VG2"
):
    """rader: (fagkode, navn, fagtype, standpunkt). One Vg2 year in the student register."""
    km.Fagstatus.objects.get_or_create(kode="E", defaults={"navn": "Elev"})
    km.Elevstatus.objects.get_or_create(kode="E", defaults={"navn": "Elev"})
    skolear = km.Skolear.objects.get(kode=ar)
    up = km.Utdanningsprogram.objects.get_or_create(kode="EL", defaults={"navn": "Elektro og datateknologi"})[
        0
    ]
    po = km.Programomrade.objects.get_or_create(kode=f"ELELE{niva[-1]}----" if niva == "VG2" else "ELVG1-----",
                                                defaults={"navn": f"Elenergi {niva}", "niva": niva,
                                                          "utdanningsprogram": up})[0]  # fmt: skip
    ek = Elevforhold.objects.create(person=person, skole=skole, programomrade=po, skolear=skolear,
                                    startdato=skolear.startdato, fravaer_dager=2, fravaer_timer=5,
                                    ordenskarakter="G", oppforselskarakter="G")  # fmt: skip
    for kode, navn, fagtype, kar in rader:
        Elevfag.objects.create(person=person, skole=skole, skolear=skolear, fag=lag_fag(kode, navn, fagtype),
                               fagstatus=km.Fagstatus.objects.get(kode="E"), elevkurs=ek, standpunkt=kar)  # fmt: skip
    return ek


GODE_KARAKTERER = [("NOR1206", "Norsk", "fellesfag", "4"), ("ENG1007", "Engelsk", "fellesfag", "3"),
                   ("ELE2001", "Elenergi og ekom", "programfag", "5")]  # fmt: skip


def lag_prove_oppsett(fag: dict, brukere: dict, *, karakterer=GODE_KARAKTERER) -> dict:
    """County A (50): a company approved for elektriker, an approved lærekontrakt 15.02.2025–14.02.2027 (so an
    oppmelding in December 2026 is in time), the lærling's Vg2 grades, and a nemnd (leiar + medlem) for 2024–2027."""
    from vigo.models import Rolle

    a = fag["A"]
    bedrift = lag_bedrift(
        "Lyn Elektro AS", orgnr=lag_gyldig_orgnr(), kommune=Kommune.objects.get(nummer="5001")
    )
    godkj = lag_godkjenning(bedrift, a, fag["elektriker"])
    lag_faglig_leder(godkj)
    person = PersonFactory(fylke=a, fornavn="Ola", etternavn="Lærling")
    kontrakt = lag_kontrakt(person, a, bedrift, fag["elektriker"], fra=D(2025, 2, 15), mnd=24)
    lag_karakterer(person, fag["skole_a"], karakterer)
    nemnd = Provenemnd.objects.create(
        fylke=a, navn="Prøvenemnd elektriker", periode_fra=2024, periode_til=2027
    )
    nemnd.laerefag.set([fag["elektriker"]])
    leiar = Nemndmedlem.objects.create(nemnd=nemnd, person=PersonFactory(fylke=a, fornavn="Lise", etternavn="Leder"),
                                       rolle="leiar", oppnevnt_dato=D(2024, 1, 1), fra=D(2024, 1, 1),
                                       fagbrev="Elektriker")  # fmt: skip
    medlem = Nemndmedlem.objects.create(nemnd=nemnd, person=PersonFactory(fylke=a, fornavn="Mats", etternavn="Medlem"),
                                        rolle="medlem", oppnevnt_dato=D(2024, 1, 1), fra=D(2024, 1, 1),
                                        fagbrev="Elektriker")  # fmt: skip
    return {"A": a, "B": fag["B"], "fag": fag, "bedrift": bedrift, "person": person, "kontrakt": kontrakt,
            "nemnd": nemnd, "leiar": leiar, "medlem": medlem, "bruker": brukere["A"][Rolle.FAGOPPLAERING],
            "brukere": brukere}  # fmt: skip


def lag_prove_rader(fylke, kontrakt, annet_fylke=None) -> tuple:
    """One row of every prøve model in the admin inside ``fylke`` (for the admin walks next to
    ``lag_fagopplaering_rader``): a nemnd with a member (a person of the county), a loan of the nemnd to ``fylke``
    from a nemnd of the same county (so the row stays in the county), a prøve, a klage and a document."""
    from fagopplaering import models as fm

    person = kontrakt.person
    nemnd = fm.Provenemnd.objects.create(
        fylke=fylke, navn=f"Nemnd {fylke.nummer}", periode_fra=2024, periode_til=2027
    )
    nemnd.laerefag.set([kontrakt.programomrade])
    medlem = fm.Nemndmedlem.objects.create(nemnd=nemnd, person=PersonFactory(fylke=fylke), rolle="leiar",
                                           oppnevnt_dato=D(2024, 1, 1), fra=D(2024, 1, 1))  # fmt: skip
    lan = fm.Nemndlan.objects.create(nemnd=nemnd, lanefylke=fylke, fra=D(2025, 1, 1))
    prove = fm.Prove.objects.create(fylke=fylke, person=person, kontrakt=kontrakt, kandidattype="laerling",
                                    provetype="fag", programomrade=kontrakt.programomrade, oppmeldt_av="bedrift",
                                    oppmeldt_dato=D(2026, 6, 1), status="vurdert", resultat="IB",
                                    resultat_dato=D(2026, 6, 20), resultatbrev_dato=D(2026, 6, 21), nemnd=nemnd)  # fmt: skip
    klage = fm.Klage.objects.create(prove=prove, mottatt=D(2026, 7, 1), type="karakter", instans="klagenemnd")
    dok = fm.Fagdokument.objects.create(fylke=fylke, person=person, prove=prove, dokumenttype="resultatbrev",
                                        status="utstedt", utstedt_dato=D(2026, 6, 21))  # fmt: skip
    return (nemnd, medlem, lan, prove, klage, dok)
