"""Test data for the landing page, search, panel, person section and API (helper H5): two counties, a company and
an opplæringskontor with a member in county A, a company in county B, running, ending-soon, interrupted, pending
and ended contracts, and formidlinger. Dates are relative to today, so «løpende i dag» holds whenever it runs."""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

from django.utils import timezone
from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.models import Avslutningskode, Bedriftstype, Formidling, Medlemskap
from fagopplaering.regler.datoer import legg_til_maneder
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory, syntetisk_fnr
from tests.fagopplaering.fabrikker import (
    lag_avbrudd,
    lag_bedrift,
    lag_faglig_leder,
    lag_godkjenning,
    lag_kontrakt,
)

_neste = itertools.count(4000001)


def orgnr() -> str:
    """A valid organisasjonsnummer (mod 11, weights 3 2 7 6 5 4 3 2) in a series the other helpers do not use."""
    while True:
        grunn = f"9{next(_neste):07d}"
        siffer = (
            11 - sum(v * int(t) for v, t in zip((3, 2, 7, 6, 5, 4, 3, 2), grunn, strict=True)) % 11
        ) % 11
        if siffer < 10:
            assert stdnum_orgnr.is_valid(grunn + str(siffer))
            return grunn + str(siffer)


def avslutt(kontrakt, dato: datetime.date, kode: str = "AB", mate: str = "prove"):
    """Test setup: the contract ended on ``dato`` with ``kode`` (the product goes through the contract service)."""
    kontrakt.status = "avsluttet"
    kontrakt.avsluttet_dato = dato
    kontrakt.avslutningskode = Avslutningskode.objects.get(kode=kode)
    kontrakt.avslutningsmate = mate
    kontrakt.save()
    return kontrakt


def lag_oversiktsdata(fag) -> SimpleNamespace:
    idag = timezone.localdate()
    a, b = fag["A"], fag["B"]
    el, barne = fag["elektriker"], fag["barne"]
    trondheim, oslo = Kommune.objects.get(nummer="5001"), Kommune.objects.get(nummer="0301")
    skolear = fag["skolear"][2026]

    elektro = lag_bedrift("Lysverket Elektro AS", kommune=trondheim, orgnr=orgnr())
    kontor = lag_bedrift(
        "Opplæringskontoret for elektrofag",
        kommune=trondheim,
        type=Bedriftstype.OPPLAERINGSKONTOR,
        orgnr=orgnr(),
    )
    medlem = lag_bedrift("Kabel og Kraft AS", kommune=trondheim, orgnr=orgnr())
    oslo_bedrift = lag_bedrift("Hovedstaden Barnehage AS", kommune=oslo, orgnr=orgnr())
    g_el = lag_godkjenning(elektro, a, el)
    lag_faglig_leder(g_el)
    g_k = lag_godkjenning(kontor, a, el)
    lag_faglig_leder(g_k)
    g_m = lag_godkjenning(medlem, a, el)
    lag_faglig_leder(g_m)
    Medlemskap.objects.create(opplaeringskontor=kontor, medlem=medlem, fylke=a, fra=datetime.date(2020, 1, 1))
    lag_godkjenning(oslo_bedrift, b, barne)

    ola = PersonFactory(
        fylke=a, fornavn="Ola", etternavn="Lærling", fodselsnummer=syntetisk_fnr(datetime.date(2007, 3, 1))
    )
    kari = PersonFactory(
        fylke=a, fornavn="Kari", etternavn="Kandidat", fodselsnummer=syntetisk_fnr(datetime.date(2007, 6, 1))
    )
    per = PersonFactory(
        fylke=a, fornavn="Per", etternavn="Søker", fodselsnummer=syntetisk_fnr(datetime.date(2009, 2, 1))
    )
    oslo_person = PersonFactory(
        fylke=b, fornavn="Olav", etternavn="Oslogutt", fodselsnummer=syntetisk_fnr(datetime.date(2007, 1, 1))
    )

    def fra_for(maneder_igjen: int) -> datetime.date:
        """A start date such that a 24-month contract has ``maneder_igjen`` months left."""
        return legg_til_maneder(idag, maneder_igjen - 24) + datetime.timedelta(days=1)

    lopende = lag_kontrakt(ola, a, elektro, el, fra=fra_for(12))
    snart = lag_kontrakt(kari, a, kontor, el, fra=fra_for(2), medlemsbedrift=medlem, type_kode="OK")
    avbrutt = lag_kontrakt(per, a, elektro, el, fra=fra_for(18))
    lag_avbrudd(avbrutt, idag - datetime.timedelta(days=10))  # open: not løpende today
    venter = lag_kontrakt(ola, a, kontor, barne, fra=idag - datetime.timedelta(days=5), godkjent=False)
    avsluttet = avslutt(
        lag_kontrakt(kari, a, elektro, barne, fra=datetime.date(2021, 8, 1)), datetime.date(2023, 7, 31)
    )
    oslo_kontrakt = lag_kontrakt(oslo_person, b, oslo_bedrift, barne, fra=fra_for(10))

    def formidling(person, fylke, po, status, **kw):
        return Formidling.objects.create(person=person, fylke=fylke, skolear=skolear, programomrade=po, status=status,
                                         status_dato=idag, **kw)  # fmt: skip

    f_per = formidling(per, a, el, Formidling.Status.SOKT, ungdomsrett=True)
    f_kari = formidling(kari, a, barne, Formidling.Status.TILBUD, bedrift=elektro, ungdomsrett=True)
    f_ola = formidling(ola, a, barne, Formidling.Status.KONTRAKT, bedrift=kontor)
    f_oslo = formidling(oslo_person, b, barne, Formidling.Status.FORMIDLET)
    return SimpleNamespace(**locals())
