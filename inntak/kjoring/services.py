"""Writes of the intake run: compute a run (``kjor_inntak``) and publish it (``publiser_runde``).

Each function is one state change with its log row (``Inntakshendelse``; per søknad ``Saksbehandlingslogg``) in
one transaction. The engine (``inntak.motor``) is framework-free; this module is the only place that feeds it
from the database and writes its result back. Answers and the svarfrist are in ``inntak.kjoring.svar``.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inntak.kjoring.lagring import skriv_rader
from inntak.kjoring.snapshot import bygg_snapshot
from inntak.models import Inntakshendelse, Inntakskjoring, Saksbehandlingslogg, Tildeling, Venteliste
from inntak.motor import (
    kjor,
    les_resultat,
    les_snapshot,
    resultat_til_json,
    snapshot_til_json,
    til_json_tekst,
    velg_seed,
    verifiser,
)
from inntak.motor.prioritet import STANDARD_REGELSETT
from kodeverk.models import Fylke, Skolear

Fremdrift = Callable[..., None]
STANDARD_SVARFRIST_DAGER = 7


class PubliseringFeil(ValidationError):
    """The run cannot be published; ``brudd`` holds the verification violations (may be empty)."""

    def __init__(self, melding: str, brudd: list[str] | None = None) -> None:
        self.brudd = brudd or []
        super().__init__([melding, *self.brudd[:20]])


def hendelse(ik: Inntakskjoring, handling: str, tekst: str, bruker=None) -> Inntakshendelse:
    ekte = bruker is not None and getattr(bruker, "is_authenticated", False)
    return Inntakshendelse.objects.create(
        inntakskjoring=ik, handling=handling, tekst=tekst[:4000], bruker=bruker if ekte else None
    )


def _sha(resultat_json: dict[str, Any]) -> str:
    return hashlib.sha256(til_json_tekst(resultat_json).encode()).hexdigest()


def forrige_publiserte(fylke_id: int, skolear_id: int, niva: str, runde: int) -> Inntakskjoring | None:
    return (
        Inntakskjoring.objects.filter(
            fylke_id=fylke_id, skolear_id=skolear_id, niva=niva, runde__lt=runde, publisert=True
        )
        .defer("snapshot", "resultat")
        .order_by("-runde")
        .first()
    )


def sjekk_runde(fylke: Fylke, skolear: Skolear, niva: str, runde: int, simulering: bool) -> None:
    """A published run needs the earlier round published and this and later rounds unpublished."""
    if runde < 1:
        raise ValidationError("Runde må være 1 eller høyere.")
    if simulering:
        return
    publiserte = Inntakskjoring.objects.filter(fylke=fylke, skolear=skolear, niva=niva, publisert=True)
    if publiserte.filter(runde=runde).exists():
        raise ValidationError(f"Runde {runde} er allerede publisert for {niva} {skolear}.")
    if publiserte.filter(runde__gt=runde).exists():
        raise ValidationError(f"En senere runde enn {runde} er allerede publisert.")
    if runde > 1 and not publiserte.filter(runde=runde - 1).exists():
        raise ValidationError(f"Runde {runde - 1} må være publisert før runde {runde} kan kjøres.")


def kjor_inntak(
    *,
    fylke: Fylke,
    skolear: Skolear,
    niva: str,
    runde: int,
    simulering: bool = True,
    kapasitet: dict[str, int] | None = None,
    navn: str = "",
    kjoring=None,
    bruker=None,
    regelsett: str = STANDARD_REGELSETT,
    fremdrift: Fremdrift | None = None,
) -> Inntakskjoring:
    """Build the snapshot from the database, run the engine, verify, and store snapshot, result and rows.

    A failed verification is stored (``verifisering``) and blocks publishing; it does not raise here, so the
    caseworker can see the violations.
    """
    niva = niva.upper()
    kapasitet = {str(k): int(v) for k, v in (kapasitet or {}).items()}
    if kapasitet and not simulering:
        raise ValidationError("Kapasitetsoverstyring er bare tillatt i prøveinntak (simulering).")
    if any(v < 0 for v in kapasitet.values()):
        raise ValidationError("Kapasiteten kan ikke være negativ.")
    sjekk_runde(fylke, skolear, niva, runde, simulering)
    melde = fremdrift or (lambda *a, **k: None)
    start = time.perf_counter()
    melde(0, 4, "Leser grunnlaget fra databasen", tving=True)
    seed = velg_seed()
    grunnlag = bygg_snapshot(fylke_id=fylke.pk, skolear_id=skolear.pk, niva=niva, runde=runde, seed=seed,
                             kapasitet=kapasitet, regelsett=regelsett)  # fmt: skip
    snapshot = les_snapshot(grunnlag.snapshot)
    melde(1, 4, f"Kjører inntaksmotoren for {len(snapshot.sokere)} søkere", tving=True)
    resultat = kjor(snapshot)
    melde(2, 4, "Verifiserer resultatet uavhengig", tving=True)
    brudd = verifiser(snapshot, resultat)
    resultat_json = resultat_til_json(resultat)
    melde(3, 4, "Lagrer tildelinger, ventelister og poenggrenser", tving=True)
    with transaction.atomic():
        ik = Inntakskjoring.objects.create(
            fylke=fylke, skolear=skolear, niva=niva, runde=runde, simulering=simulering, navn=navn[:200],
            kjoring=kjoring, seed=seed, regelsett=regelsett, snapshot=snapshot_til_json(snapshot),
            resultat=resultat_json, resultat_sha256=_sha(resultat_json), verifisering=brudd,
            advarsler=grunnlag.advarsler, kapasitetsoverstyring=kapasitet, startet_av=_ekte(bruker),
        )  # fmt: skip
        tall = skriv_rader(ik, snapshot, resultat, grunnlag)
        for navn_, verdi in tall.items():
            setattr(ik, navn_, verdi)
        ik.sekunder = round(time.perf_counter() - start, 2)
        ik.save(update_fields=[*tall, "sekunder"])
        art = "Prøveinntak" if simulering else "Inntak"
        hendelse(ik, "kjort", f"{art} kjørt: {tall['antall_sokere']} søkere, {tall['antall_tildelt']} tildelt, "
                 f"{len(brudd)} brudd i verifiseringen, seed {seed}.", bruker)  # fmt: skip
    melde(4, 4, "Ferdig", tving=True)
    return ik


def _ekte(bruker):
    return bruker if bruker is not None and getattr(bruker, "is_authenticated", False) else None


def reverifiser(ik: Inntakskjoring) -> list[str]:
    """Re-read the stored snapshot and result and verify again (also detects a result changed after the run)."""
    brudd: list[str] = []
    if _sha(ik.resultat) != ik.resultat_sha256:
        brudd.append("Det lagrede resultatet er endret etter kjøringen (sjekksummen stemmer ikke).")
    try:
        brudd += verifiser(les_snapshot(ik.snapshot), les_resultat(ik.resultat))
    except ValueError as feil:
        brudd.append(f"Lagret grunnlag eller resultat kan ikke leses: {feil}")
    return brudd


def publiser_runde(
    ik: Inntakskjoring, *, bruker=None, svarfrist: datetime.date | None = None
) -> Inntakskjoring:
    """Publish a verified, non-simulated run: the round's offers become the county's decision."""
    if ik.simulering:
        raise PubliseringFeil("Et prøveinntak (simulering) kan ikke publiseres.")
    brudd = reverifiser(ik)
    if brudd != ik.verifisering:
        Inntakskjoring.objects.filter(pk=ik.pk).update(verifisering=brudd)
        ik.verifisering = brudd
    if brudd:
        raise PubliseringFeil(
            f"Kjøringen kan ikke publiseres: verifiseringen fant {len(brudd)} brudd.", brudd
        )
    svarfrist = svarfrist or timezone.localdate() + datetime.timedelta(days=STANDARD_SVARFRIST_DAGER)
    with transaction.atomic():
        ik = Inntakskjoring.objects.select_for_update().get(pk=ik.pk)
        if ik.publisert:
            raise PubliseringFeil("Kjøringen er allerede publisert.")
        try:
            sjekk_runde(ik.fylke, ik.skolear, ik.niva, ik.runde, simulering=False)
        except ValidationError as feil:
            raise PubliseringFeil(" ".join(feil.messages)) from None
        ik.publisert = True
        ik.publisert_tidspunkt = timezone.now()
        ik.publisert_av = _ekte(bruker)
        ik.svarfrist = svarfrist
        ik.save(update_fields=["publisert", "publisert_tidspunkt", "publisert_av", "svarfrist"])
        _logg_per_soknad(ik, bruker)
        hendelse(ik, "publisert", f"Runde {ik.runde} publisert med svarfrist {svarfrist:%d.%m.%Y}.", bruker)
    return ik


def _logg_per_soknad(ik: Inntakskjoring, bruker) -> None:
    """One saksbehandlingslogg row per søknad in the run (bulk; the run can hold tens of thousands)."""
    venter: dict[int, int] = {}
    for sid in Venteliste.objects.filter(inntakskjoring=ik).values_list("soknad_id", flat=True):
        venter[sid] = venter.get(sid, 0) + 1
    rader = []
    ekte = _ekte(bruker)
    for sid, tilbud_id, nr, skole, prog in Tildeling.objects.filter(inntakskjoring=ik).values_list(
        "soknad_id", "tilbud_id", "onske_nr", "tilbud__skole__navn", "tilbud__programomrade__navn"
    ):
        if tilbud_id is None:
            tekst = f"Inntak runde {ik.runde}: ingen plass."
        else:
            hvor = f"ønske {nr}" if nr else "fast plass utenfor ønskene"
            tekst = f"Inntak runde {ik.runde}: tilbud på {skole} – {prog} ({hvor})."
        if venter.get(sid):
            tekst += f" Venteliste på {venter[sid]} høyere ønske(r)."
        rader.append(Saksbehandlingslogg(soknad_id=sid, handling="inntak", tekst=tekst, bruker=ekte))
    Saksbehandlingslogg.objects.bulk_create(rader, batch_size=5000)


def slett_simulering(ik: Inntakskjoring, *, bruker=None) -> None:
    if not ik.simulering:
        raise ValidationError("Bare prøveinntak kan slettes.")
    ik.delete()
