"""Reads of the kodeverk API: whole national code lists (schools: the client's county's), as plain dicts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from kodeverk import models as km
from vigo.api.selectors import Utvalg


def _rader(qs: QuerySet, felt: dict[str, str]) -> list[dict[str, Any]]:
    return Utvalg(felt).rader(qs)


def _tekst(verdier: Iterable[dict[str, Any]], felt: str) -> list[dict[str, Any]]:
    for rad in verdier:
        if rad[felt] is not None:
            rad[felt] = str(rad[felt])
    return list(verdier)


def programomrader() -> list[dict[str, Any]]:
    felt = {k: k for k in ("kode", "navn", "navn_nn", "niva", "gyldig_fra", "gyldig_til", "poengberegnes",
                           "landslinje")}  # fmt: skip
    return _rader(
        km.Programomrade.objects.order_by("kode"), {**felt, "utdanningsprogram": "utdanningsprogram__kode"}
    )


def fag() -> list[dict[str, Any]]:
    felt = {k: k for k in ("kode", "navn", "navn_nn", "grunnskole", "aktiv")}
    return _rader(km.Fag.objects.order_by("kode"), {**felt, "fagtype": "fagtype__kode"})


def skoler(bruker) -> list[dict[str, Any]]:
    """The schools of the client's county (the school register is public; NSR publishes it)."""
    felt = {k: k for k in ("skolenummer", "organisasjonsnummer", "navn", "skoleeiertype", "privat", "aktiv")}
    qs = km.Skole.objects.filter(fylke_id=bruker.fylke_id).order_by("skolenummer")
    return _rader(qs, {**felt, "fylkesnummer": "fylke__nummer", "kommunenummer": "kommune__nummer"})


def karakterverdier() -> list[dict[str, Any]]:
    rader = _rader(
        km.Karakterverdi.objects.order_by("kode"), {k: k for k in ("kode", "navn", "tallverdi", "skala")}
    )
    return _tekst(rader, "tallverdi")


def fagstatuser() -> list[dict[str, Any]]:
    return _rader(km.Fagstatus.objects.order_by("kode"), {k: k for k in ("kode", "navn", "aktiv")})


def elevstatuser() -> list[dict[str, Any]]:
    return _rader(km.Elevstatus.objects.order_by("kode"), {k: k for k in ("kode", "navn", "aktiv")})


def skolear() -> list[dict[str, Any]]:
    return _rader(
        km.Skolear.objects.order_by("kode"), {k: k for k in ("kode", "startdato", "sluttdato", "aktiv")}
    )
