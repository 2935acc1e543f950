"""Reading the document templates: the version in force, the versions of a type, the county's overview."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from vigo import dokumentmal as register
from vigo.models import Dokumentmal


def standardmal(fylke, kode: str) -> Dokumentmal:
    """The built-in body of the type as an unsaved, published version 0 (never saved)."""
    dt = register.hent(kode)
    return Dokumentmal(
        fylke=fylke,
        dokumenttype=kode,
        versjon=0,
        navn=dt.navn,
        innhold=dt.standardmal,
        format=dt.format,
        status=Dokumentmal.Status.PUBLISERT,
        merknad="Innebygd standardmal",
    )


def aktiv_mal(fylke, kode: str) -> Dokumentmal:
    """The version every document issued now uses: the county's published one, else the built-in default.
    Raises KeyError for a type no app has registered."""
    register.hent(kode)
    mal = Dokumentmal.objects.filter(
        fylke=fylke, dokumenttype=kode, status=Dokumentmal.Status.PUBLISERT
    ).first()
    return mal or standardmal(fylke, kode)


def utkast(fylke, kode: str) -> Dokumentmal | None:
    return Dokumentmal.objects.filter(
        fylke=fylke, dokumenttype=kode, status=Dokumentmal.Status.UTKAST
    ).first()


def versjoner(fylke, kode: str) -> QuerySet[Dokumentmal]:
    """The county's saved versions of a type, newest first, with who made and published them."""
    return (
        Dokumentmal.objects.filter(fylke=fylke, dokumenttype=kode)
        .select_related("opprettet_av", "publisert_av")
        .order_by("-versjon")
    )


@dataclass
class Oversiktsrad:
    type: register.Dokumenttype
    publisert: Dokumentmal | None
    utkast: Dokumentmal | None

    @property
    def har_nyere_utkast(self) -> bool:
        return self.utkast is not None and (
            self.publisert is None or self.utkast.versjon > self.publisert.versjon
        )

    @property
    def formatnavn(self) -> str:
        return register.formatnavn(self.publisert.format if self.publisert else self.type.format)


def oversikt(fylke) -> list[Oversiktsrad]:
    """Every registered type with the county's published version (None: the built-in default applies) and its
    draft, in two queries."""
    lagret = Dokumentmal.objects.filter(
        fylke=fylke, status__in=[Dokumentmal.Status.PUBLISERT, Dokumentmal.Status.UTKAST]
    ).select_related("publisert_av", "opprettet_av")
    per_type: dict[tuple[str, str], Dokumentmal] = {(m.dokumenttype, m.status): m for m in lagret}
    return [
        Oversiktsrad(
            type=dt,
            publisert=per_type.get((dt.kode, Dokumentmal.Status.PUBLISERT)),
            utkast=per_type.get((dt.kode, Dokumentmal.Status.UTKAST)),
        )
        for dt in register.typer()
    ]
