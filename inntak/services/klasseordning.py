"""Klasseordning (1S001): create and change tilbud, and copy a year's klasseordning to the next (job 1A001).

``opprett_tilbud`` and ``endre_tilbud`` are the only writers of a single tilbud (the admin calls them): they check
the programområde against the school year and the user's county, and write the admin log entry (Tilbud has no
history table) in the same transaction.
"""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.models import Tilbud
from kodeverk.models import Fylke, Programomrade, Skole, Skolear
from vigo.scoping import krev_fylke


def kontroller_programomrade(programomrade: Programomrade, skolear: Skolear) -> None:
    """A tilbud's programområde must be valid when its school year starts (admin forms call this in ``clean``)."""
    if not programomrade.gyldig_pa(skolear.startdato):
        raise ValidationError(
            {"programomrade": _("Programområdet %(kode)s er ikke gyldig i skoleåret %(ar)s.")
             % {"kode": programomrade.kode, "ar": skolear.kode}}
        )  # fmt: skip


def _logg(bruker, tilbud: Tilbud, handling: int, melding) -> None:
    if bruker is not None and getattr(bruker, "is_authenticated", False):
        LogEntry.objects.log_actions(
            user_id=bruker.pk,
            queryset=[tilbud],
            action_flag=handling,
            change_message=melding,
            single_object=True,
        )


def _lagre(tilbud: Tilbud, bruker) -> None:
    if bruker is not None:
        krev_fylke(bruker, tilbud.skole.fylke_id)
    tilbud.fylke_id = tilbud.skole.fylke_id
    tilbud.full_clean()
    tilbud.save()


@transaction.atomic
def opprett_tilbud(
    *,
    skole: Skole,
    programomrade: Programomrade,
    skolear: Skolear,
    plasser: int,
    antall_klasser: int = 1,
    landslinje: bool = False,
    statlig: bool = False,
    voksenopplaering: bool = False,
    kvote_prosent: int = 0,
    inntakskrav: str = "",
    status: str = "apen",
    bruker=None,
    endringsmelding="",
) -> Tilbud:
    """One tilbud (skole × programområde × skoleår) in the school's county. ``bruker`` None: a system job."""
    kontroller_programomrade(programomrade, skolear)
    tilbud = Tilbud(
        skole=skole,
        programomrade=programomrade,
        skolear=skolear,
        plasser=plasser,
        antall_klasser=antall_klasser,
        landslinje=landslinje,
        statlig=statlig,
        voksenopplaering=voksenopplaering,
        kvote_prosent=kvote_prosent,
        inntakskrav=inntakskrav,
        status=status,
    )
    _lagre(tilbud, bruker)
    _logg(bruker, tilbud, ADDITION, endringsmelding)
    return tilbud


@transaction.atomic
def endre_tilbud(tilbud: Tilbud, *, bruker=None, endringsmelding="", **felt) -> Tilbud:
    """Change the fields ``felt`` of a tilbud; a new programområde or year is checked like a new tilbud."""
    if bruker is not None:
        krev_fylke(bruker, tilbud.fylke_id)  # the county that has the tilbud now
    for navn, verdi in felt.items():
        setattr(tilbud, navn, verdi)
    if {"programomrade", "skolear"} & set(felt):
        kontroller_programomrade(tilbud.programomrade, tilbud.skolear)
    _lagre(tilbud, bruker)
    _logg(bruker, tilbud, CHANGE, endringsmelding)
    return tilbud


def utgatt(programomrade: Programomrade, skolear: Skolear) -> bool:
    """Expired: gyldig_til is before the first day of the new school year."""
    return programomrade.gyldig_til is not None and programomrade.gyldig_til < skolear.startdato


@transaction.atomic
def kopier_klasseordning(fylke: Fylke, fra: Skolear, til: Skolear) -> dict:
    """Copy every tilbud of ``fra`` in ``fylke`` to ``til``; idempotent (existing tilbud in ``til`` are kept).

    Tilbud whose programområde has expired (gyldig_til before ``til`` starts) are not copied but reported, so the
    county can replace them with the new codes.
    """
    if til.startdato <= fra.startdato:
        raise ValidationError(_("Skoleåret det kopieres til må komme etter %(ar)s.") % {"ar": fra.kode})
    kilde = Tilbud.objects.filter(fylke=fylke, skolear=fra).select_related("programomrade", "skole")
    finnes = set(Tilbud.objects.filter(fylke=fylke, skolear=til).values_list("skole_id", "programomrade_id"))
    nye, utgatte, eksisterte = [], {}, 0
    for t in kilde:
        if utgatt(t.programomrade, til):
            utgatte.setdefault(t.programomrade.kode, []).append(t.skole.navn)
            continue
        if (t.skole_id, t.programomrade_id) in finnes:
            eksisterte += 1
            continue
        nye.append(
            Tilbud(
                fylke=fylke,
                skole_id=t.skole_id,
                programomrade_id=t.programomrade_id,
                skolear=til,
                plasser=t.plasser,
                antall_klasser=t.antall_klasser,
                landslinje=t.landslinje,
                statlig=t.statlig,
                voksenopplaering=t.voksenopplaering,
                kvote_prosent=t.kvote_prosent,
                inntakskrav=t.inntakskrav,
                status=t.status,
            )  # fmt: skip
        )
    Tilbud.objects.bulk_create(nye, batch_size=2000)
    return {
        "fra": fra.kode,
        "til": til.kode,
        "kopiert": len(nye),
        "fantes_fra_for": eksisterte,
        "utgatte_koder": sorted(utgatte),
        "utgatte_tilbud": sum(len(v) for v in utgatte.values()),
    }
