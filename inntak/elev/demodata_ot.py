"""Demo data of oppfølgingstjenesten: two OT units, an OT caseworker with særtilgang and about 30 youth with mixed
statuses and a few notes, in the demo county (user ``ot``) and the second county (user ``ot`` + its number).

Usable as a ``vigo.demodata.registrer_steg`` step: ``lag_demo_ot(fylke, rng, ut)``. Idempotent: a county that has
OT youth already is skipped."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from inntak.elev.models import Elevforhold, Otenhet, OtNotat, Otstatus, OtUngdom
from inntak.elev.regler.ot import fodselsdato_grenser
from kodeverk.models import Fylke
from vigo.demodata import DEMO_PASSORD
from vigo.models import Bruker, Person, Rolle

ANTALL = 30
ENHETER = [("OT-SØR", "OT sør"), ("OT-NORD", "OT nord")]
# Weighted towards the first status, as in a county's list in the autumn.
STATUSER = (
    ["OTUK"] * 8 + ["OTOV"] * 5 + ["OTAR", "OTAP", "OTKO", "OTEV", "OTLL", "OTNO", "OTMI", "OTSY", "OTFA_IM"]
)
ARSAKER = (
    [OtUngdom.Arsak.SLUTTER] * 4
    + [OtUngdom.Arsak.TAKKET_NEI] * 2
    + [
        OtUngdom.Arsak.IKKE_STARTET,
        OtUngdom.Arsak.IKKE_SOKER,
        OtUngdom.Arsak.MANUELL,
    ]
)
NOTATER = [
    "Ringt til ungdommen; avtalt møte neste uke.",
    "Møte gjennomført. Ønsker arbeidspraksis; kontakt med NAV er opprettet.",
    "Ikke nådd på telefon; sendt SMS.",
    "Har fått lærlingplass fra januar.",
]


def _ot_bruker(fylke: Fylke, brukernavn: str, ut) -> Bruker:
    bruker, ny = Bruker.objects.get_or_create(
        username=brukernavn,
        defaults={"first_name": "Oda", "last_name": "Oppfølging", "fylke": fylke,
                  "email": f"{brukernavn}@fylke.example"},
    )  # fmt: skip
    if ny:
        bruker.set_password(DEMO_PASSORD)
        bruker.save()
        bruker.groups.add(Group.objects.get(name=Rolle.OT))
    # OT's notes are sensitive: the demo caseworker has særtilgang to show them (also when the core's demo users,
    # vigo.demodata.BRUKERE, made the user first).
    bruker.user_permissions.add(
        Permission.objects.get(content_type__app_label="vigo", codename="saertilgang")
    )
    ut(f"OT-bruker i {fylke.navn}: {brukernavn} (passord {DEMO_PASSORD}, med særtilgang)")
    return bruker


@transaction.atomic
def _lag_for(fylke: Fylke, brukernavn: str, rng: random.Random, ut, antall: int) -> int:
    bruker = _ot_bruker(fylke, brukernavn, ut)
    enheter = [
        Otenhet.objects.get_or_create(fylke=fylke, kode=kode, defaults={"navn": f"{navn} ({fylke.navn})"})[0]
        for kode, navn in ENHETER
    ]
    if OtUngdom.objects.filter(fylke=fylke).exists():
        ut(f"{fylke.navn} har allerede OT-ungdom; hopper over.")
        return 0
    idag = timezone.localdate()
    eldste, yngste = fodselsdato_grenser(idag)
    personer = list(
        Person.objects.filter(fylke=fylke, fodselsdato__range=(eldste, yngste))
        .order_by("pk")
        .values_list("pk", flat=True)[: antall * 3]
    )
    valgt = rng.sample(personer, min(antall, len(personer)))
    statuser = {s.kode: s for s in Otstatus.objects.all()}
    siste = {}
    for pid, ek in (
        Elevforhold.objects.filter(person_id__in=valgt)
        .order_by("person_id", "startdato")
        .values_list("person_id", "pk")
    ):
        siste[pid] = ek
    laget = 0
    for i, pid in enumerate(valgt):
        status = statuser.get(STATUSER[i % len(STATUSER)]) or statuser["OTUK"]
        ot = OtUngdom(
            person_id=pid, fylke=fylke, status=status, arsak=ARSAKER[i % len(ARSAKER)], elevkurs_id=siste.get(pid),
            status_dato=idag - datetime.timedelta(days=rng.randint(1, 120)),
            otenhet=enheter[i % 2] if status.kode != "OTUK" else None,
            aktiv=status.gruppe != Otstatus.Gruppe.IKKE_MALGRUPPE,
        )  # fmt: skip
        ot._history_user = bruker
        ot._change_reason = "demodata"
        ot.save()
        if status.kode in ("OTOV", "OTAP", "OTLL") or i % 7 == 0:
            for tekst in rng.sample(NOTATER, 2):
                OtNotat.objects.create(ot_ungdom=ot, tekst=tekst, skrevet_av=bruker)
        laget += 1
    ut(f"OT i {fylke.navn}: {len(enheter)} enheter og {laget} ungdommer.")
    return laget


def lag_demo_ot(
    fylke: Fylke, rng: random.Random | None = None, ut: Callable[[str], None] | None = None
) -> int:
    """The demo county (user ``ot``) and, like ``vigo.demodata.lag_demodata``, the second active county (user
    ``ot`` + its number, e.g. ``ot03`` for Oslo, with fewer youth). Returns the number of youth created."""
    rng = rng or random.Random(1)
    ut = ut or (lambda tekst: None)
    laget = _lag_for(fylke, "ot", rng, ut, ANTALL)
    annet = Fylke.objects.filter(aktiv=True).exclude(pk=fylke.pk).order_by("nummer").first()
    if annet:
        laget += _lag_for(annet, f"ot{annet.nummer}", rng, ut, ANTALL // 3)
    return laget
