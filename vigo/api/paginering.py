"""Keyset pagination for change feeds: ordered by (endret, id), ``?endret_etter=<ISO>&markor=…&antall=…``.

Why keyset and not DRF's CursorPagination: one bulk request gives thousands of rows the same ``endret``; DRF's
cursor handles ties with an offset (slow and fragile), while (endret, id) is a strict total order that a cursor
can continue from exactly. Clients store the ``endret`` of the last row they saw and pass it as
``endret_etter`` next time (with a few minutes' overlap: rows are visible from their commit, not from
``endret``).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import Any

from django.db.models import BooleanField, F, Func, QuerySet, Value
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from vigo.api.selectors import Utvalg
from vigo.api.validering import Avvist, parameterfeil

STANDARD_ANTALL = 100
MAKS_ANTALL = 1000

PARAMETRE_MARKOR = [
    OpenApiParameter("markor", OpenApiTypes.STR, description="Fra «neste»-lenken; ikke lag den selv."),
    OpenApiParameter(
        "antall",
        {"type": "integer", "minimum": 1, "maximum": MAKS_ANTALL},
        description=f"Poster per side (1–{MAKS_ANTALL}, standard {STANDARD_ANTALL}).",
    ),  # fmt: skip
]
PARAMETRE_ENDRING = [
    OpenApiParameter(
        "endret_etter",
        OpenApiTypes.DATETIME,
        description="Bare poster endret etter dette tidspunktet (ISO 8601, f.eks. 2025-08-01T00:00:00Z).",
    ),
    *PARAMETRE_MARKOR,
]


class Etter(Func):
    """``(a, b) > (x, y)``: a row comparison PostgreSQL answers with one seek in the (…, endret, id) indexes,
    where ``a > x OR (a = x AND b > y)`` would scan every row sharing the timestamp of a bulk write."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        deler, parametre = [], []
        for uttrykk in self.get_source_expressions():
            sql, p = compiler.compile(uttrykk)
            deler.append(sql)
            parametre.extend(p)
        return f"(({deler[0]}, {deler[1]}) > ({deler[2]}, {deler[3]}))", parametre


def _avvis(felt: str, melding: str) -> Avvist:
    return parameterfeil(felt, melding)


class Markorside:
    """One page of ``qs`` in (endret, id) order, or in id order when ``med_endret`` is False."""

    def __init__(self, request: Request, *, med_endret: bool = True):
        self.request = request
        self.med_endret = med_endret
        p = request.query_params
        self.antall = self._antall(p.get("antall"))
        self.endret_etter = self._tidspunkt(p.get("endret_etter")) if med_endret else None
        self.markor = self._markor(p.get("markor")) if p.get("markor") else None

    def _antall(self, verdi: str | None) -> int:
        if verdi is None:
            return STANDARD_ANTALL
        if not verdi.isdigit() or not 1 <= int(verdi) <= MAKS_ANTALL:
            raise _avvis("antall", _("«antall» må være et heltall fra 1 til %(m)d.") % {"m": MAKS_ANTALL})
        return int(verdi)

    def _tidspunkt(self, verdi: str | None) -> datetime.datetime | None:
        if verdi is None:
            return None
        try:
            tid = parse_datetime(verdi.replace(" ", "+"))
            if tid is not None:  # to UTC: PostgreSQL refuses odd offsets such as -23:03
                tid = (tid if tid.tzinfo else tid.replace(tzinfo=datetime.UTC)).astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            tid = None
        if tid is None:
            raise _avvis("endret_etter", _("«endret_etter» må være et ISO 8601-tidspunkt."))
        return tid

    def _markor(self, verdi: str) -> tuple[datetime.datetime | None, int]:
        try:
            data = json.loads(base64.urlsafe_b64decode(verdi.encode("ascii") + b"==="))
            tid = (
                datetime.datetime.fromisoformat(data[0]).astimezone(datetime.UTC)
                if data[0] is not None
                else None
            )
            pk = int(data[1])
            if not 0 <= pk < 2**63:
                raise ValueError(pk)
            return tid, pk
        except (ValueError, TypeError, IndexError, KeyError, OverflowError, binascii.Error, UnicodeError):
            raise _avvis("markor", _("Ugyldig markør; bruk lenken i «neste».")) from None

    def hent(self, qs: QuerySet, utvalg: Utvalg) -> list[dict[str, Any]]:
        if self.endret_etter is not None:
            qs = qs.filter(endret__gt=self.endret_etter)
        if self.markor is not None:
            tid, pk = self.markor
            if self.med_endret and tid is not None:
                qs = qs.filter(Etter(F("endret"), F("id"), Value(tid), Value(pk)))
            else:
                qs = qs.filter(id__gt=pk)
        rekkefolge = ("endret", "id") if self.med_endret else ("id",)
        return utvalg.rader(qs.order_by(*rekkefolge)[: self.antall + 1])

    def svar(self, rader: list[dict[str, Any]]) -> dict[str, Any]:
        neste = None
        if len(rader) > self.antall:
            rader = rader[: self.antall]
            siste = rader[-1]
            tid = siste["endret"].isoformat() if self.med_endret else None
            kode = base64.urlsafe_b64encode(json.dumps([tid, siste["id"]]).encode()).decode().rstrip("=")
            neste = replace_query_param(self.request.build_absolute_uri(), "markor", kode)
        return {"neste": neste, "resultater": rader}
