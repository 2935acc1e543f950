"""Fixtures of the SAS/school API: a small kodeverk for grades and subjects, API clients with keys."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from kodeverk import models as km
from kodeverk.koder import KARAKTERVERDIER
from tests.fabrikker import syntetisk_fnr
from vigo.api.services import lag_nokkel, opprett_klient
from vigo.models import ApiKlient, Scope

ALLE_SCOPES = list(Scope.values)
GRUNNSKOLEFAG = ["NOR0214", "NOR0215", "MAT0010", "ENG0012", "NAT0010", "VAL0001"]
VGSFAG = ["NOR1211", "MAT1019", "ENG1007"]


@pytest.fixture
def sas_kodeverk(kodeverk) -> dict:
    """kodeverk (two counties, three schools, STUSP1----) + skoleår, fag, statuser and karakterverdier."""
    fellesfag = km.Fagtype.objects.create(kode="fellesfag", navn="Fellesfag")
    valgfag = km.Fagtype.objects.create(kode="valgfag", navn="Valgfag")
    for kode in GRUNNSKOLEFAG:
        km.Fag.objects.create(
            kode=kode, navn=kode, grunnskole=True, fagtype=valgfag if kode == "VAL0001" else fellesfag
        )
    for kode in VGSFAG:
        km.Fag.objects.create(kode=kode, navn=kode, fagtype=fellesfag)
    for kode, navn, verdi, skala in KARAKTERVERDIER:
        km.Karakterverdi.objects.create(kode=kode, navn=navn, tallverdi=verdi, skala=skala)
    for kode in ("E", "F", "S"):
        km.Fagstatus.objects.create(kode=kode, navn=kode)
        km.Elevstatus.objects.create(kode=kode, navn=kode)
    km.Skolear.objects.create(kode="2025-2026", startdato=datetime.date(2025, 8, 1),
                              sluttdato=datetime.date(2026, 7, 31), aktiv=True)  # fmt: skip
    return kodeverk


@pytest.fixture
def lag_klient(sas_kodeverk) -> Callable[..., tuple[ApiKlient, str]]:
    """lag_klient("skole_a" | "A", scopes=[...], utloper=None) → (klient, nøkkel)."""

    def _lag(hvor: str = "skole_a", scopes: list[str] | None = None, utloper=None) -> tuple[ApiKlient, str]:
        if hvor.startswith("skole"):
            skole = sas_kodeverk[hvor]
            klient = opprett_klient(navn=f"SAS {skole.navn}", fylke=skole.fylke, skole=skole,
                                    scopes=ALLE_SCOPES if scopes is None else scopes)  # fmt: skip
        else:
            klient = opprett_klient(navn=f"Fylke {hvor}", fylke=sas_kodeverk[hvor],
                                    scopes=ALLE_SCOPES if scopes is None else scopes)  # fmt: skip
        _nokkel, hemmelig = lag_nokkel(klient, utloper=utloper)
        return klient, hemmelig

    return _lag


class Api:
    """Django test client with the key header; JSON in and out."""

    def __init__(self, nokkel: str):
        self.client = Client()
        self.headers = {"Authorization": f"Api-Key {nokkel}"}

    def get(self, sti: str, data: dict | None = None, **kw):
        return self.client.get(sti, data, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, sti: str, data, **kw):
        return self.client.post(sti, data, content_type="application/json",
                                headers={**self.headers, **kw.pop("headers", {})}, **kw)  # fmt: skip


@pytest.fixture
def api_a(lag_klient) -> Api:
    """Full-scope client of skole A (50001, fylke 50)."""
    return Api(lag_klient("skole_a")[1])


@pytest.fixture
def api_b(lag_klient) -> Api:
    """Full-scope client of skole B (03001, fylke 03)."""
    return Api(lag_klient("skole_b")[1])


def elev(fnr: str | None = None, **kw) -> dict:
    return {"fodselsnummer": fnr or syntetisk_fnr(), "fornavn": "Kari", "etternavn": "Nordmann", **kw}


def elevforhold(fnr: str, skolenummer: str = "50001", **kw) -> dict:
    return {"fodselsnummer": fnr, "skolenummer": skolenummer, "skolear": "2025-2026",
            "programomrade": "STUSP1----", "startdato": "2025-08-18", **kw}  # fmt: skip
