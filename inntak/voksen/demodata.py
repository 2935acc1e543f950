"""Demo data for the intake of adults (kapittel 13): five tilbud for adults and 30 adult søknader in the county,
then one placement run, so «Inntak av voksne» shows both waiting applicants and places after ``make run``.

Synthetic persons only (Test Norge fødselsnumre). Idempotent: skipped when the county already has adult søknader
for the year. One of the tilbud is at the demo school user's school (the first school, as in ``vigo.demodata``).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inntak.demodata import VG1, VG2, intaksar
from inntak.models import Onske, Saksbehandlingslogg, Soknad, Tilbud
from inntak.models.soknad import Inntakstype
from inntak.models.voksen import VoksenplassStatus
from inntak.voksen.services import endre_voksenplass_status, plasser_voksne
from kodeverk.models import Behandlingskategori, Fylke, Programomrade, Skole, Skolear
from vigo.demodata import ETTERNAVN, FORNAVN, GATER, lag_fodselsnummer
from vigo.models import Person

ANTALL_SOKERE = 30
# (level, plasser): three Vg1 and two Vg2 tilbud, few places, so some applicants wait.
TILBUD = [("VG1", 4), ("VG1", 3), ("VG1", 3), ("VG2", 3), ("VG2", 2)]
HJEMLER = ["18-3", "18-3", "18-3", "18-6", "18-4", "18-4", "18-7", ""]


def lag_voksen_demodata(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    ar = intaksar()
    skolear = Skolear.objects.filter(kode=f"{ar}-{ar + 1}").first()
    if skolear is None:
        ut("Inntak av voksne: skoleåret mangler; hopper over.")
        return
    if Soknad.objects.filter(fylke=fylke, skolear=skolear, inntakstype=Inntakstype.VOKSEN).exists():
        ut(f"Inntak av voksne: {fylke.navn} har allerede voksne søkere for {skolear}; hopper over.")
        return
    skoler = list(Skole.objects.filter(fylke=fylke, aktiv=True, privat=False).order_by("skolenummer")[:3])
    kategori = Behandlingskategori.objects.filter(kode="ORD").first()
    po = {
        p.kode: p
        for p in Programomrade.objects.filter(kode__in=[*VG1, *VG2])
        if p.gyldig_pa(skolear.startdato)
    }
    if not skoler or kategori is None or not po:
        ut("Inntak av voksne: skoler, programområder eller behandlingskategori mangler; hopper over.")
        return
    with transaction.atomic():
        tilbud = _tilbud(fylke, skolear, skoler, po)
        if not tilbud:
            ut("Inntak av voksne: fant ingen ledige programområder for tilbud til voksne; hopper over.")
            return
        soknader = _soknader(fylke, skolear, tilbud, kategori, rng)
        telling = plasser_voksne(fylke, skolear, None, naa=timezone.now() - datetime.timedelta(days=2))
        forste = Soknad.objects.filter(pk__in=[s.pk for s in soknader], voksenplass__isnull=False).order_by(
            "pk"
        )
        for s in forste[:3]:
            endre_voksenplass_status(s.voksenplass, VoksenplassStatus.AKSEPTERT, None)
    ut(f"Inntak av voksne i {fylke.navn} {skolear}: {len(tilbud)} tilbud for voksne, {len(soknader)} søknader, "
       f"{telling['tildelt']} fikk plass, {telling['venter']} venter.")  # fmt: skip


def _tilbud(fylke, skolear, skoler, po) -> list[Tilbud]:
    opptatt = set(
        Tilbud.objects.filter(skolear=skolear, skole__in=skoler).values_list("skole_id", "programomrade_id")
    )
    nye = []
    for i, (niva, plasser) in enumerate(TILBUD):
        skole = skoler[i % len(skoler)]
        for kode in sorted(po):
            p = po[kode]
            if p.niva == niva and (skole.pk, p.pk) not in opptatt and not kode.startswith("ST"):
                opptatt.add((skole.pk, p.pk))
                nye.append(Tilbud(fylke=fylke, skole=skole, programomrade=p, skolear=skolear, plasser=plasser,
                                  voksenopplaering=True))  # fmt: skip
                break
    Tilbud.objects.bulk_create(nye)
    return nye


def _soknader(fylke, skolear, tilbud, kategori, rng: random.Random) -> list[Soknad]:
    brukt = set(Person.objects.values_list("fodselsnummer", flat=True))
    naa = timezone.now()
    personer, soknader, onsker = [], [], []
    for _ in range(ANTALL_SOKERE):
        fodt = datetime.date(skolear.startar - rng.randint(25, 50), 1, 1) + datetime.timedelta(
            rng.randint(0, 364)
        )
        personer.append(Person(fodselsnummer=lag_fodselsnummer(rng, fodt, brukt), fornavn=rng.choice(FORNAVN),
                               etternavn=rng.choice(ETTERNAVN), fodselsdato=fodt, fylke=fylke,
                               adresse=f"{rng.choice(GATER)} {rng.randint(1, 120)}"))  # fmt: skip
    bulk_create_with_history(personer, Person)
    for person in personer:
        niva = rng.choice([t.programomrade.niva for t in tilbud])  # weighted by the number of tilbud
        aktuelle = [t for t in tilbud if t.programomrade.niva == niva]
        valgt = rng.sample(aktuelle, min(len(aktuelle), rng.randint(1, 3)))
        hjemmel = rng.choice(HJEMLER)
        komplett = (
            None
            if rng.random() < 0.12
            else naa - datetime.timedelta(minutes=rng.randint(60 * 24 * 3, 60 * 24 * 90))
        )
        soknader.append(Soknad(person=person, skolear=skolear, fylke=fylke, hjemfylke=fylke,
                               niva=valgt[0].programomrade.niva, rettstatus="voksenrett" if hjemmel else "uten_rett",
                               sokergruppe="voksen", behandlingskategori=kategori, voksen=True,
                               inntakstype=Inntakstype.VOKSEN, voksenrett_hjemmel=hjemmel, komplett=komplett,
                               status="klar" if komplett else "registrert"))  # fmt: skip
        onsker.append(valgt)
    bulk_create_with_history(soknader, Soknad)
    bulk_create_with_history(
        [Onske(soknad=s, tilbud=t, nr=nr) for s, liste in zip(soknader, onsker, strict=True)
         for nr, t in enumerate(liste, 1)], Onske)  # fmt: skip
    Saksbehandlingslogg.objects.bulk_create(
        [Saksbehandlingslogg(soknad=s, handling="registrert", tekst="Søknad registrert i inntaket av voksne "
                             "(demodata).") for s in soknader])  # fmt: skip
    return soknader
