"""Fixtures for the intake tests: school years, categories, the real Fag list, programområder and tilbud."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from kodeverk import koder
from kodeverk import models as km


def _fag() -> None:
    km.Fagtype.objects.bulk_create([km.Fagtype(kode=k, navn=n) for k, n in koder.FAGTYPER])
    typer = dict(km.Fagtype.objects.values_list("kode", "pk"))
    sti = Path(km.__file__).resolve().parent / "data" / "fag.csv"
    with open(sti, encoding="utf-8") as fh:
        km.Fag.objects.bulk_create(
            [
                km.Fag(
                    kode=r["fagkode"],
                    navn=r["navn"],
                    fagtype_id=typer.get(r["fagtype"]),
                    grunnskole=r["grunnskole"] == "1",
                )
                for r in csv.DictReader(fh)
            ]  # fmt: skip
        )


@pytest.fixture
def inntak(kodeverk):
    """Two school years, categories, Fag, four Vg1 programmes and tilbud in county A (two schools) and B."""
    from inntak.models import Tilbud

    ar = km.Skolear.objects.create(
        kode="2026-2027", startdato=datetime.date(2026, 8, 1), sluttdato=datetime.date(2027, 7, 31)
    )
    neste = km.Skolear.objects.create(
        kode="2027-2028", startdato=datetime.date(2027, 8, 1), sluttdato=datetime.date(2028, 7, 31)
    )
    km.Behandlingskategori.objects.bulk_create(
        [
            km.Behandlingskategori(kode=k, navn=n, gruppe=g, hjemmel=h, niva=nv)
            for k, n, g, h, nv in koder.BEHANDLINGSKATEGORIER
        ]  # fmt: skip
    )
    _fag()
    po = {"ST": km.Programomrade.objects.get(kode="STUSP1----")}
    for up, kode, navn in (("HS", "HSHSF1----", "Helse- og oppvekstfag"), ("EL", "ELELE1----", "Elektro"),
                           ("TP", "TPTIP1----", "Teknologi- og industrifag")):  # fmt: skip
        u = km.Utdanningsprogram.objects.create(kode=up, navn=navn)
        po[up] = km.Programomrade.objects.create(kode=kode, navn=navn, niva="VG1", utdanningsprogram=u)
    po["DH"] = km.Programomrade.objects.create(
        kode="DHDHV1----", navn="Design og håndverk", niva="VG1", gyldig_til=datetime.date(2020, 7, 31)
    )
    po["STREA2"] = km.Programomrade.objects.create(
        kode="STREA2----", navn="Realfag vg2", niva="VG2", utdanningsprogram=po["ST"].utdanningsprogram
    )
    po["STREA3"] = km.Programomrade.objects.create(
        kode="STREA3----", navn="Realfag vg3", niva="VG3", utdanningsprogram=po["ST"].utdanningsprogram
    )
    a, a2, b = kodeverk["skole_a"], kodeverk["skole_a2"], kodeverk["skole_b"]

    def t(skole, p, plasser=30, **kw):
        return Tilbud.objects.create(fylke=skole.fylke, skole=skole, programomrade=po[p], skolear=ar,
                                     plasser=plasser, **kw)  # fmt: skip

    tilbud = {
        "st": t(a, "ST"), "hs": t(a, "HS", 15), "el": t(a, "EL", 15), "tp": t(a, "TP", 15),
        "st2": t(a2, "ST"), "hs2": t(a2, "HS", 15), "dh": t(a2, "DH", 15), "rea": t(a, "STREA2"), "rea3": t(a, "STREA3"),
        "b_st": t(b, "ST"), "b_hs": t(b, "HS", 15), "b_el": t(b, "EL", 15),
    }  # fmt: skip
    return SimpleNamespace(ar=ar, neste=neste, po=po, t=tilbud, kv=kodeverk, A=kodeverk["A"], B=kodeverk["B"])


@pytest.fixture
def lag_soknad(inntak):
    """Register a valid søknad through the service (defaults: county A, Vg1, ungdomsrett, three programmes)."""
    from inntak import services
    from tests.fabrikker import PersonFactory

    def _lag(person=None, fylke=None, onsker=None, **kw):
        fylke = fylke or inntak.A
        if onsker is None:
            onsker = ["st", "hs", "el"] if fylke == inntak.A else ["b_st", "b_hs", "b_el"]
        person = person or PersonFactory(fylke=fylke)
        return services.registrer_soknad(
            person=person,
            skolear=kw.pop("skolear", inntak.ar),
            fylke=fylke,
            niva=kw.pop("niva", "VG1"),
            rettstatus=kw.pop("rettstatus", "ungdomsrett"),
            onsker=[inntak.t[o] if isinstance(o, str) else o for o in onsker],
            **kw,
        )

    return _lag
