"""Data builders for the ssbResultat tests: a finished school year in counties A and B with elevkurs and fag."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from inntak.elev.models import Elevfag, Elevforhold, Rett
from kodeverk import koder
from kodeverk import models as km
from tests.fabrikker import PersonFactory


def lag_koder() -> None:
    """The fixed code lists the delivery reads (the kodeverk importer loads them in production)."""
    km.Karakterverdi.objects.bulk_create(
        [km.Karakterverdi(kode=k, navn=n, tallverdi=v, skala=s) for k, n, v, s in koder.KARAKTERVERDIER]
    )
    km.Fagstatus.objects.bulk_create([km.Fagstatus(kode=k, navn=n) for k, n in koder.FAGSTATUS])
    km.Elevstatus.objects.bulk_create([km.Elevstatus(kode=k, navn=n) for k, n in koder.ELEVSTATUS])


def lag_elevkurs(person, skole, po, ar, *, fag=(), karakter="4", **kw) -> Elevforhold:
    """An elevkurs that passes every control: status E, fullførtkode B, vitnemål, one line per fag."""
    verdier = {
        "startdato": ar.startdato, "elevstatus": km.Elevstatus.objects.get(kode="E"), "fullfortkode": "B",
        "bevistype": "VM", "malform": "B", "rettstype": "U", "kursprosent": Decimal("100.00"), "fravaer_dager": 2,
        "fravaer_timer": 5, "forrige_elevstatus": "E", **kw,
    }  # fmt: skip
    ek = Elevforhold.objects.create(person=person, skole=skole, programomrade=po, skolear=ar, **verdier)
    fs = km.Fagstatus.objects.get(kode="E")
    for f in fag:
        Elevfag.objects.create(person=person, skole=skole, skolear=ar, fag=f, fagstatus=fs, elevkurs=ek,
                               karakter_t1=karakter, karakter_t2=karakter, standpunkt=karakter, elevtimer=140,
                               forrige_fagstatus="E")  # fmt: skip
    return ek


def lag_arsresultat(kv: dict) -> SimpleNamespace:
    """Last school year (2025-2026) finished in both counties: two pupils at two schools in A, one in B."""
    lag_koder()
    ar = km.Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                                   sluttdato=datetime.date(2026, 7, 31))  # fmt: skip
    st = km.Programomrade.objects.get(kode="STUSP1----")
    fag = [
        km.Fag.objects.create(kode="NOR1211", navn="Norsk hovedmål"),
        km.Fag.objects.create(kode="MAT1019", navn="Matematikk 1P"),
        km.Fag.objects.create(kode="ENG1007", navn="Engelsk"),
    ]
    aase = PersonFactory(fylke=kv["A"], fornavn="Åse", etternavn="Sæther", mellomnavn="Ø.")
    bjorn = PersonFactory(fylke=kv["A"], fornavn="Bjørn", etternavn="Lie")
    oslo = PersonFactory(fylke=kv["B"], fornavn="Ola", etternavn="Oslogutt")
    ek1 = lag_elevkurs(
        aase, kv["skole_a"], st, ar, fag=fag, kursprosent=Decimal("87.50"), rett_pabygging=True
    )
    ek2 = lag_elevkurs(bjorn, kv["skole_a2"], st, ar, fag=fag[:2], karakter="1", fullfortkode="I",
                       avbruddsdato=datetime.date(2026, 3, 2))  # fmt: skip
    ek_b = lag_elevkurs(oslo, kv["skole_b"], st, ar, fag=fag)
    Elevfag.objects.filter(elevkurs=ek1, fag=fag[0]).update(realkompetanse_dato=datetime.date(2026, 6, 1))
    Rett.objects.create(person=aase, skolear=ar, regime="opplaeringslova-2023", rettstype="U",
                        beregnet=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))  # fmt: skip
    return SimpleNamespace(ar=ar, st=st, fag=fag, ek1=ek1, ek2=ek2, ek_b=ek_b, aase=aase, bjorn=bjorn, oslo=oslo,
                           A=kv["A"], B=kv["B"], kv=kv)  # fmt: skip
