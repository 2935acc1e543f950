"""Data builders for the student-register deliveries (1L011 ssbElev, 1L012 Lånekassen): a school year with the code
tables, elevkurs with fag lines in either county, and the 1 October snapshot (5A021)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from inntak.elev.models import Elevfag, Elevforhold
from kodeverk import koder
from kodeverk import models as km
from tests.fabrikker import PersonFactory

START = datetime.date(2026, 8, 19)  # first school day
SLUTTET_FOR = datetime.date(2026, 9, 15)  # an avbrudd before 1 October
FAG = {  # kode: (årstimer, elevtimer_grunnlag)
    "NOR1211": (56, False),
    "MAT1019": (140, False),
    "ENG1007": (140, False),
    "NOR3001": (112, True),  # Regbok B09: elevtimer required
    "KRO1017": (56, False),
}
VANLIG = (("NOR1211", "E"), ("MAT1019", "E"), ("ENG1007", "E"))


def lag_elevverden(kodeverk) -> dict:
    """School year 2026-2027 with the code tables, ST with årstimer 840 and the fag above (on the ``kodeverk``
    fixture's two counties)."""
    ar = km.Skolear.objects.create(kode="2026-2027", startdato=datetime.date(2026, 8, 1),
                                   sluttdato=datetime.date(2027, 7, 31))  # fmt: skip
    km.Fagstatus.objects.bulk_create([km.Fagstatus(kode=k, navn=n) for k, n in koder.FAGSTATUS])
    km.Elevstatus.objects.bulk_create([km.Elevstatus(kode=k, navn=n) for k, n in koder.ELEVSTATUS])
    km.Karakterverdi.objects.bulk_create(
        [km.Karakterverdi(kode=k, navn=n, tallverdi=t, skala=s) for k, n, t, s in koder.KARAKTERVERDIER]
    )
    for kode, (timer, grunnlag) in FAG.items():
        km.Fag.objects.create(kode=kode, navn=kode, arstimer=timer, elevtimer_grunnlag=grunnlag)
    st = km.Programomrade.objects.get(kode="STUSP1----")
    st.arstimer = 840
    st.save()
    return {**kodeverk, "ar": ar, "st": st}


def lag_kurs(
    v, linjer=VANLIG, *, skole=None, person=None, startdato=START, avbrudd=None, **felt
) -> Elevforhold:
    """An elevkurs (elevstatus E) with fag lines ``(fagkode, fagstatus[, {field: value}])``."""
    skole = skole or v["skole_a"]
    person = person or PersonFactory(fylke=skole.fylke)
    ek = Elevforhold.objects.create(
        person=person, skole=skole, programomrade=v["st"], skolear=v["ar"], startdato=startdato,
        avbruddsdato=avbrudd, elevstatus=km.Elevstatus.objects.get(kode="E"), **felt,
    )  # fmt: skip
    for linje in linjer:
        lag_fag(v, ek, *linje)
    return ek


def lag_fag(v, ek, fagkode: str, fagstatus: str = "E", ekstra: dict | None = None) -> Elevfag:
    return Elevfag.objects.create(
        person=ek.person, skole=ek.skole, skolear=v["ar"], fag=km.Fag.objects.get(kode=fagkode),
        fagstatus=km.Fagstatus.objects.get(kode=fagstatus), elevkurs=ek, startdato=ek.startdato, **(ekstra or {}),
    )  # fmt: skip


def lag_privatist(v, fagkode: str, *, skole=None, **karakterer) -> Elevfag:
    """A privatist's result line: fagstatus P, no elevkurs (as inntak.elev.services.privatist registers it)."""
    skole = skole or v["skole_a"]
    return Elevfag.objects.create(
        person=PersonFactory(fylke=skole.fylke), skole=skole, skolear=v["ar"], fag=km.Fag.objects.get(kode=fagkode),
        fagstatus=km.Fagstatus.objects.get(kode="P"), termin="V", **karakterer,
    )  # fmt: skip


def telledato(v, fylke=None) -> datetime.date:
    """Run the 1 October snapshot (5A021) for the county. The rows were created today, so the snapshot is taken
    as of today: that way the history holds them (a 1 October snapshot would find none of them)."""
    from inntak.elev.services.beregning import ta_telledato

    dato = timezone.localdate()
    ta_telledato(fylke=fylke or v["A"], skolear=v["ar"], dato=dato)
    return dato
