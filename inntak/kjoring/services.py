"""Writes of the intake run: compute a run (``kjor_inntak``), publish it (``publiser_runde``), delete a simulation
or discard an unpublished run (``slett_kjoring``).

Each function is one state change with its log row (``Inntakshendelse``; per søknad ``Saksbehandlingslogg``) in
one transaction, allowed by the lifecycle table in ``inntak.kjoring.livslop``. The engine (``inntak.motor``) is
framework-free; this module is the only place that feeds it from the database and writes its result back.
Answers and the svarfrist are in ``inntak.kjoring.svar``.

Rounds follow each other: a round is run for real only when the earlier round is published and its svarfrist
processed (otherwise applicants who did not answer still hold places), unless the caseworker overrides with a
reason that is stored on the run and logged.
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

from inntak.kjoring import livslop
from inntak.kjoring.lagring import skriv_rader
from inntak.kjoring.snapshot import bygg_snapshot
from inntak.models import Inntakshendelse, Inntakskjoring, Saksbehandlingslogg, Svar, Tildeling, Venteliste
from inntak.models.inntakskjoring import SvarType
from inntak.motor import (
    kjor_med_kvoter,
    les_resultat,
    les_snapshot,
    resultat_til_json,
    snapshot_til_json,
    til_json_tekst,
    velg_seed,
    verifiser,
)
from inntak.motor.rekkefolge import regelsett_for_skolear
from kodeverk.models import Fylke, Skolear
from vigo.parametere.selectors import parameter

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
        inntakskjoring=ik, fylke_id=ik.fylke_id, kjoring_tekst=beskriv(ik)[:200], handling=handling,
        tekst=tekst[:4000], bruker=bruker if ekte else None,
    )  # fmt: skip


def beskriv(ik: Inntakskjoring) -> str:
    art = "Prøveinntak" if ik.simulering else "Inntak"
    return f"{art} #{ik.pk}: {ik.niva} {ik.skolear.kode}, runde {ik.runde}"


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


def sjekk_runde(
    fylke: Fylke, skolear: Skolear, niva: str, runde: int, simulering: bool, overstyring: str = ""
) -> bool:
    """A real run needs the earlier round published with its svarfrist processed, and this and later rounds
    unpublished. Returns True when the svarfrist rule is overridden (``overstyring`` is the reason)."""
    if runde < 1:
        raise ValidationError("Runde må være 1 eller høyere.")
    if simulering:
        return False
    publiserte = Inntakskjoring.objects.filter(fylke=fylke, skolear=skolear, niva=niva, publisert=True)
    if publiserte.filter(runde=runde).exists():
        raise ValidationError(f"Runde {runde} er allerede publisert for {niva} {skolear}.")
    if publiserte.filter(runde__gt=runde).exists():
        raise ValidationError(f"En senere runde enn {runde} er allerede publisert.")
    if runde == 1:
        return False
    forrige = publiserte.filter(runde=runde - 1).defer("snapshot", "resultat").first()
    if forrige is None:
        raise ValidationError(f"Runde {runde - 1} må være publisert før runde {runde} kan kjøres.")
    if forrige.svarfrist_behandlet is None:
        if overstyring.strip():
            return True
        frist = f" ({forrige.svarfrist:%d.%m.%Y})" if forrige.svarfrist else ""
        raise ValidationError(
            f"Svarfristen i runde {runde - 1}{frist} er ikke behandlet (jobb 1I002). Søkere som ikke har svart, "
            f"holder ennå plassene sine. Behandle svarfristen først, eller oppgi en begrunnelse for å overstyre."
        )
    return False


def velg_loddtrekning(
    fylke: Fylke, skolear: Skolear, niva: str, runde: int, seed_fra: Inntakskjoring | None, ny: bool
) -> tuple[int, Inntakskjoring | None]:
    """The lottery of a new run: a given run's, by default the latest published run's (any round) or else the
    base simulation's of this round (latest without capacity changes), so that comparing two runs shows the
    change and not lottery noise. ``ny`` draws a new one."""
    if seed_fra is not None:
        if (seed_fra.fylke_id, seed_fra.skolear_id, seed_fra.niva) != (fylke.pk, skolear.pk, niva):
            raise ValidationError(
                "Loddtrekningen kan bare hentes fra en kjøring for samme fylke, skoleår og nivå."
            )
        return seed_fra.seed, seed_fra
    if ny:
        return velg_seed(), None
    samme = Inntakskjoring.objects.filter(fylke=fylke, skolear=skolear, niva=niva).only("pk", "seed")
    kilde = (
        samme.filter(publisert=True).order_by("-runde", "-pk").first()
        or samme.filter(simulering=True, runde=runde, kapasitetsoverstyring={}).order_by("-pk").first()
    )
    return (kilde.seed, kilde) if kilde is not None else (velg_seed(), None)


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
    regelsett: str | None = None,
    fremdrift: Fremdrift | None = None,
    seed_fra: Inntakskjoring | None = None,
    ny_loddtrekning: bool = False,
    overstyring: str = "",
) -> Inntakskjoring:
    """Build the snapshot from the database, run the engine, verify, and store snapshot, result and rows.

    A real (non-simulated) run ends «klar til publisering»; publishing is the separate, confirmed
    ``publiser_runde``. A failed verification is stored (``verifisering``) and blocks publishing; it does not raise
    here, so the caseworker can see the violations. ``regelsett`` (priority groups) defaults to the school
    year's: ``udir-2-2021`` up to 2024-2025, ``forskrift-2024`` from 2025-2026 (``regelsett_for_skolear``).
    """
    niva = niva.upper()
    regelsett = regelsett or regelsett_for_skolear(skolear.kode)
    kapasitet = {str(k): int(v) for k, v in (kapasitet or {}).items()}
    if kapasitet and not simulering:
        raise ValidationError("Kapasitetsoverstyring er bare tillatt i prøveinntak (simulering).")
    if any(v < 0 for v in kapasitet.values()):
        raise ValidationError("Kapasiteten kan ikke være negativ.")
    overstyrt = sjekk_runde(fylke, skolear, niva, runde, simulering, overstyring)
    seed, kilde = velg_loddtrekning(fylke, skolear, niva, runde, seed_fra, ny_loddtrekning)
    melde = fremdrift or (lambda *a, **k: None)
    start = time.perf_counter()
    melde(0, 4, "Leser grunnlaget fra databasen", tving=True)
    grunnlag = bygg_snapshot(fylke_id=fylke.pk, skolear_id=skolear.pk, niva=niva, runde=runde, seed=seed,
                             kapasitet=kapasitet, regelsett=regelsett)  # fmt: skip
    snapshot = les_snapshot(grunnlag.snapshot)
    melde(1, 4, f"Kjører inntaksmotoren for {len(snapshot.sokere)} søkere", tving=True)
    # § 4-6: a quota's unused places go to the points competition; the final snapshot is the one stored.
    snapshot, resultat, kvotemerknader = kjor_med_kvoter(snapshot)
    grunnlag.advarsler += kvotemerknader
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
            seed_fra=kilde, rekkefolge_overstyrt=overstyring.strip() if overstyrt else "",
        )  # fmt: skip
        tall = skriv_rader(ik, snapshot, resultat, grunnlag)
        for navn_, verdi in tall.items():
            setattr(ik, navn_, verdi)
        ik.sekunder = round(time.perf_counter() - start, 2)
        ik.save(update_fields=[*tall, "sekunder"])
        art = "Prøveinntak" if simulering else "Inntak"
        lodd = f"samme loddtrekning som #{kilde.pk}" if kilde else "ny loddtrekning"
        hendelse(ik, "kjort", f"{art} kjørt: {tall['antall_sokere']} søkere, {tall['antall_tildelt']} tildelt, "
                 f"{len(brudd)} brudd i verifiseringen, {lodd}.", bruker)  # fmt: skip
        if overstyrt:
            hendelse(ik, "overstyrt", f"Kjørt før svarfristen i runde {runde - 1} er behandlet. Begrunnelse: "
                     f"{overstyring.strip()}", bruker)  # fmt: skip
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
    ik: Inntakskjoring,
    *,
    bruker=None,
    svarfrist: datetime.date | None = None,
    bekreftet_antall: int | None = None,
    idag: datetime.date | None = None,
) -> Inntakskjoring:
    """Publish a verified, non-simulated run: the round's offers become the county's decision.

    ``bekreftet_antall`` is the number of søkere the caseworker confirmed on the publishing page; it must match
    the run, so a click can never publish something other than what was shown.
    """
    try:
        livslop.krev(ik, livslop.Handling.PUBLISER)
    except ValidationError as feil:
        raise PubliseringFeil(" ".join(feil.messages)) from None
    if bekreftet_antall is None or int(bekreftet_antall) != ik.antall_sokere:
        raise PubliseringFeil(
            f"Bekreft publiseringen: runden sendes til {ik.antall_sokere} søkere, og antallet må bekreftes."
        )
    brudd = reverifiser(ik)
    if brudd != ik.verifisering:
        Inntakskjoring.objects.filter(pk=ik.pk).update(verifisering=brudd)
        ik.verifisering = brudd
    if brudd:
        raise PubliseringFeil(
            f"Kjøringen kan ikke publiseres: verifiseringen fant {len(brudd)} brudd.", brudd
        )
    idag = idag or timezone.localdate()
    if svarfrist is None:
        # The county's svarfrist length for the school year (registered default: STANDARD_SVARFRIST_DAGER).
        dager = parameter(ik.fylke_id, ik.skolear_id, "inntak.svarfrist_dager")
        svarfrist = idag + datetime.timedelta(days=dager)
    if svarfrist <= idag:
        raise PubliseringFeil("Svarfristen må være etter i dag.")
    with transaction.atomic():
        ik = Inntakskjoring.objects.select_for_update().select_related("skolear").get(pk=ik.pk)
        livslop.krev(ik, livslop.Handling.PUBLISER)
        try:
            sjekk_runde(ik.fylke, ik.skolear, ik.niva, ik.runde, False, ik.rekkefolge_overstyrt)
        except ValidationError as feil:
            raise PubliseringFeil(" ".join(feil.messages)) from None
        forrige = forrige_publiserte(ik.fylke_id, ik.skolear_id, ik.niva, ik.runde)
        if forrige and forrige.svarfrist_behandlet and ik.opprettet < forrige.svarfrist_behandlet:
            raise PubliseringFeil(
                f"Kjøringen ble beregnet før svarfristen i runde {forrige.runde} ble behandlet, og bygger på "
                f"plasser som siden er tapt. Kjør runden på nytt."
            )
        ik.publisert = True
        ik.publisert_tidspunkt = timezone.now()
        ik.publisert_av = _ekte(bruker)
        ik.svarfrist = svarfrist
        ik.save(update_fields=["publisert", "publisert_tidspunkt", "publisert_av", "svarfrist"])
        _logg_per_soknad(ik, bruker)
        overfort = _overfor_svar(ik, forrige)
        hendelse(ik, "publisert", f"Runde {ik.runde} publisert til {ik.antall_sokere} søkere med svarfrist "
                 f"{svarfrist:%d.%m.%Y}; {overfort} svar overført fra forrige runde.", bruker)  # fmt: skip
    return ik


def _overfor_svar(ik: Inntakskjoring, forrige: Inntakskjoring | None) -> int:
    """Answers that still hold in the new round (docs/regler/regler-2006.md §3.6, see docs/inntak/runder.md).

    A søker who keeps the place from the earlier round keeps the answer: «ja» stays «ja», «ja og stå på venteliste»
    stays so for the chosen higher wishes still waitlisted (else it becomes «ja»); a fixed place already accepted
    stays accepted; «stå på venteliste» stays for a søker who is still only on waitlists. A new offer needs a new
    answer. Carried answers are marked ``overfort`` and keep the original time of answering.
    """
    if forrige is None:
        return 0
    S = SvarType
    tidligere: dict[int, Svar] = {}
    for s in (
        Svar.objects.filter(
            inntakskjoring__fylke_id=ik.fylke_id,
            inntakskjoring__skolear_id=ik.skolear_id,
            inntakskjoring__niva=ik.niva,
            inntakskjoring__publisert=True,
            inntakskjoring__runde__lt=ik.runde,
        )  # fmt: skip
        .exclude(svar=S.IKKE_BESVART)
        .order_by("inntakskjoring__runde", "pk")
        .only("soknad_id", "svar", "venteliste_tilbud", "besvart", "registrert_av_id")
    ):
        tidligere[s.soknad_id] = s
    venter: dict[int, list[int]] = {}
    for sid, tid in (
        Venteliste.objects.filter(inntakskjoring=ik)
        .order_by("onske_nr")
        .values_list("soknad_id", "tilbud_id")
    ):
        liste = venter.setdefault(sid, [])
        if tid not in liste:  # on both waitlists of a tilbud with a § 4-6 quota: one tilbud
            liste.append(tid)
    nye = []
    for sid, tilbud_id, beholdt, fast in Tildeling.objects.filter(
        inntakskjoring=ik, soknad_id__in=list(tidligere)
    ).values_list("soknad_id", "tilbud_id", "beholdt", "fast_plass"):
        gammel = tidligere[sid]
        svar, vl = None, []
        if tilbud_id is not None and (beholdt or fast) and gammel.svar in (S.JA, S.JA_VENTELISTE):
            vl = [t for t in venter.get(sid, []) if t in set(gammel.venteliste_tilbud or [])]
            svar = S.JA_VENTELISTE if gammel.svar == S.JA_VENTELISTE and vl else S.JA
        elif tilbud_id is None and gammel.svar == S.VENTELISTE and venter.get(sid):
            svar, vl = S.VENTELISTE, venter[sid]
        if svar is not None:
            nye.append(Svar(inntakskjoring=ik, soknad_id=sid, svar=svar, tilbud_id=tilbud_id, venteliste_tilbud=vl,
                            besvart=gammel.besvart, registrert_av_id=gammel.registrert_av_id, overfort=True))  # fmt: skip
    Svar.objects.bulk_create(nye, batch_size=5000)
    return len(nye)


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


def slett_kjoring(ik: Inntakskjoring, *, bruker=None, begrunnelse: str = "") -> None:
    """Delete a simulation, or discard a real run that was never published; the log row outlives the run."""
    handling = livslop.Handling.SLETT if ik.simulering else livslop.Handling.FORKAST
    livslop.krev(ik, handling)
    with transaction.atomic():
        ik = Inntakskjoring.objects.select_for_update().defer("snapshot", "resultat").get(pk=ik.pk)
        livslop.krev(ik, handling)
        tekst = (f"{beskriv(ik)} slettet ({ik.antall_sokere} søkere, {ik.antall_tildelt} tildelt, "
                 f"kjørt {timezone.localtime(ik.opprettet):%d.%m.%Y %H:%M}).")  # fmt: skip
        if begrunnelse.strip():
            tekst += f" Begrunnelse: {begrunnelse.strip()}"
        hendelse(ik, "slettet", tekst, bruker)
        ik.delete()


def slett_simulering(ik: Inntakskjoring, *, bruker=None) -> None:
    if not ik.simulering:
        raise ValidationError("Bare prøveinntak kan slettes.")
    slett_kjoring(ik, bruker=bruker)
