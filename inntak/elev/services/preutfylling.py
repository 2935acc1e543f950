"""5A006 «Preutfylling»: next year's søknader for the county's current Vg1/Vg2 pupils, prefilled.

A prefilled søknad has status ``preutfylt``: it is in no intake run (``inntak.kjoring.snapshot`` skips it) until
the applicant saves the wishes in the portal (``soknad_soker.lagre_onsker`` moves it to ``registrert``) or a
caseworker moves it on. It is made through the caseworkers' service (``inntak.services.soknad.registrer_soknad``:
the same validation, history, points and case log as any other) with the natural next programområder at the
pupil's school as suggested wishes; the case log says it was prefilled. Pupils the rules cannot give a valid wish
list are skipped with the reason. Idempotent: a pupil who already has a søknad in the county for the year is
skipped.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation

from inntak.elev.models import Elevforhold
from inntak.elev.services.arsavslutning import _kontekst, _skolear, krev_tilgang
from inntak.models import Soknad, SoknadStatus, Tilbud
from inntak.services.soknad import logg, registrer_soknad
from inntak.services.soknad_soker import rettstatus_for, sokergruppe_for
from kodeverk.models import Fylke, Skolear

logger = logging.getLogger(__name__)

TILLATELSE = "inntak.add_soknad"
NESTE_NIVA = {"VG1": "VG2", "VG2": "VG3"}


def _forslag(til_skolear: Skolear, fylke: Fylke) -> dict[tuple[int, int | None, str], list[Tilbud]]:
    """(skole, utdanningsprogram, nivå) -> the open tilbud of next year, in programområde order."""
    ut: dict[tuple[int, int | None, str], list[Tilbud]] = {}
    qs = Tilbud.objects.filter(
        skolear=til_skolear,
        fylke=fylke,
        status="apen",
        voksenopplaering=False,
        programomrade__niva__in=("VG2", "VG3"),
    ).select_related("skole", "programomrade__utdanningsprogram", "skolear")
    for t in qs.order_by("programomrade__kode"):
        ut.setdefault((t.skole_id, t.programomrade.utdanningsprogram_id, t.programomrade.niva), []).append(t)
    return ut


def kandidater(fylke: Fylke, fra_skolear: Skolear):
    """The county's pupils in ``fra_skolear`` on Vg1/Vg2 who have not broken off: one elevkurs per person (the
    highest level, then the latest start)."""
    return (
        Elevforhold.objects.filter(
            skole__fylke=fylke,
            skolear=fra_skolear,
            avbruddsdato__isnull=True,
            programomrade__niva__in=NESTE_NIVA,
        )
        .exclude(Q(elevstatus__kode="S") | Q(elevstatus_manuell__kode="S"))
        .order_by("person_id", "-programomrade__niva", "-startdato")
        .distinct("person_id")
    )


def _avbrutte(fylke: Fylke, fra_skolear: Skolear) -> int:
    return (
        Elevforhold.objects.filter(
            skole__fylke=fylke, skolear=fra_skolear, programomrade__niva__in=NESTE_NIVA
        )
        .filter(Q(avbruddsdato__isnull=False) | Q(elevstatus__kode="S") | Q(elevstatus_manuell__kode="S"))
        .values("person_id")
        .distinct()
        .count()
    )


def preutfyll(bruker, *, fylke: Fylke, fra_skolear, til_skolear, kjoring=None) -> dict:
    """5A006: create next year's prefilled søknader. Returns counts and the skipped pupils with the reason
    (``hoppet_over``: person id, reason; no names)."""
    krev_tilgang(bruker, fylke, TILLATELSE, "preutfylle søknader")
    fra, til = _skolear(fra_skolear), _skolear(til_skolear)
    if til.startdato <= fra.startdato:
        raise ValidationError("Skoleåret det preutfylles for må komme etter skoleåret elevene går i nå.")
    ktx = _kontekst(kjoring)
    forslag = _forslag(til, fylke)
    har_soknad = set(Soknad.objects.filter(fylke=fylke, skolear=til).values_list("person_id", flat=True))
    elever = list(kandidater(fylke, fra).values_list("pk", flat=True))
    n = len(elever)
    opprettet = 0
    hoppet: list[dict] = []
    grunner: Counter = Counter()
    for i, pk in enumerate(elever, 1):
        ek = Elevforhold.objects.select_related("person__fylke", "programomrade", "skole", "skolear").get(
            pk=pk
        )
        person, niva = ek.person, NESTE_NIVA[ek.programomrade.niva]
        grunn = ""
        if person.pk in har_soknad:
            grunn = "har allerede søknad"
        else:
            tilbud = forslag.get((ek.skole_id, ek.programomrade.utdanningsprogram_id, niva), [])
            if not tilbud:
                grunn = "ingen åpne tilbud på neste nivå ved skolen"
            else:
                grunn = _opprett(bruker, person, fylke, til, niva, tilbud, ek)
                if not grunn:
                    opprettet += 1
                    har_soknad.add(person.pk)
        if grunn:
            grunner[grunn] += 1
            hoppet.append({"person_id": person.pk, "elevkurs_id": ek.pk, "grunn": grunn})
        if ktx is not None and (i % 200 == 0 or i == n):
            ktx.fremdrift(i, n, f"Preutfyller søknader ({i} av {n})")
    logger.info(
        "5A006 preutfylling", extra={"fylke_id": fylke.pk, "opprettet": opprettet, "hoppet": len(hoppet)}
    )
    return {
        "fra_skolear": fra.kode,
        "til_skolear": til.kode,
        "elever": n,
        "opprettet": opprettet,
        "hoppet_over": len(hoppet),
        "grunner": dict(grunner),
        "avbrutt_ikke_med": _avbrutte(fylke, fra),
        "hoppet_over_liste": hoppet,
    }


def _opprett(bruker, person, fylke, til, niva, tilbud, ek) -> str:
    """Register the søknad; on broken wish rules try the first suggestion alone. Returns "" or the reason."""
    forsok = [tilbud, tilbud[:1]] if len(tilbud) > 1 else [tilbud]
    feil: list[str] = []
    for onsker in forsok:
        try:
            with translation.override("nb"):
                soknad = registrer_soknad(
                    person=person,
                    skolear=til,
                    fylke=fylke,
                    hjemfylke=person.fylke or fylke,
                    niva=niva,
                    rettstatus=rettstatus_for(person, til),
                    sokergruppe=sokergruppe_for(person, til),
                    onsker=onsker,
                    behandlingskategori="ORD",
                    bruker=bruker,
                    status=SoknadStatus.PREUTFYLT,
                )
                logg(
                    soknad,
                    "preutfylt",
                    f"Preutfylt av 5A006 fra elevkurset {ek.programomrade.kode} ved {ek.skole.navn} "
                    f"({ek.skolear.kode}); søkeren må se over ønskene før søknadsfristen.",
                    bruker,
                )
            return ""
        except ValidationError as e:
            feil = e.messages
    return "ugyldige ønsker: " + " ".join(feil)[:300]
