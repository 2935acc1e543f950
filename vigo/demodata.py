"""Synthetic demo data: one user per role and synthetic persons with Test Norge fødselsnumre (month + 80).

Never real personal data. Other apps add their own steps with ``registrer_steg`` (called in AppConfig.ready).
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from kodeverk.models import Fylke, Kommune, Postnummer, Skole
from vigo.fodselsnummer import lag_syntetisk
from vigo.models import Bruker, Foresatt, Person, Rolle

DEMO_PASSORD = "Demo-passord-2026"
FORNAVN = (
    "Emma Nora Olivia Ella Sofie Leah Frida Ingrid Maja Astrid Sara Selma Ada Hedda Tiril Amalie Sigrid Ida Vilde "
    "Mathilde Jakob Emil Noah Oliver Filip William Lucas Liam Henrik Oskar Aksel Theodor Elias Kasper Magnus Johannes "
    "Sander Jonas Tobias Isak Mohammed Ali Sebastian Even Sindre Eirik Håkon Ola Kari Aisha Mina Linnea Julie Iben"
).split()
ETTERNAVN = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen Eriksen "
    "Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen "
    "Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen "
    "Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke Kristensen Fredriksen Holm Lien Ahmed"
).split()
GATER = (
    "Storgata Kirkegata Skolegata Sjøgata Parkveien Solbakken Furuveien Bjørkeveien Granlia Elvegata Fjordgata "
    "Lia Myrvegen Åsveien Bakkegata Industriveien Eikeveien Torget Strandveien Heiveien"
).split()

BRUKERE = [
    # brukernavn, rolle, fornavn, etternavn, er_stab, på_skole
    ("inntak", Rolle.INNTAK, "Ingrid", "Inntak", False, False),
    ("fagopplaering", Rolle.FAGOPPLAERING, "Frode", "Fagopplæring", False, False),
    ("fylkesadmin", Rolle.FYLKESADMIN, "Anne", "Administrator", True, False),
    ("skole", Rolle.SKOLE, "Sigurd", "Skolebruker", False, True),
    ("ot", Rolle.OT, "Oda", "Oppfølging", False, False),  # inntak.elev.demodata_ot gives særtilgang
    ("lese", Rolle.LESE, "Liv", "Leser", False, False),
    ("sysadmin", Rolle.SYSADMIN, "Sven", "Systemadmin", True, False),
]

Steg = Callable[[Fylke, random.Random, Callable[[str], None]], None]
_STEG: list[tuple[int, Steg]] = []


def registrer_steg(steg: Steg, rekkefolge: int = 100) -> None:
    if all(s is not steg for _, s in _STEG):
        _STEG.append((rekkefolge, steg))


def lag_fodselsnummer(rng: random.Random, fodselsdato: datetime.date, brukt: set[str]) -> str:
    while True:
        individ = rng.randint(500, 999) if fodselsdato.year >= 2000 else rng.randint(0, 499)
        nr = lag_syntetisk(fodselsdato, individ)
        if nr and nr not in brukt:
            brukt.add(nr)
            return nr


def opprett_brukere(fylke: Fylke, ut: Callable[[str], None], suffiks: str = "") -> list[Bruker]:
    skole = Skole.objects.filter(fylke=fylke, aktiv=True, privat=False).order_by("skolenummer").first()
    brukere = []
    for navn, rolle, fornavn, etternavn, stab, pa_skole in BRUKERE:
        brukernavn = f"{navn}{suffiks}"
        b, ny = Bruker.objects.get_or_create(
            username=brukernavn,
            defaults={"first_name": fornavn, "last_name": etternavn, "fylke": fylke, "is_staff": stab,
                      "skole": skole if pa_skole else None, "email": f"{brukernavn}@fylke.example"},
        )  # fmt: skip
        if ny:
            b.set_password(DEMO_PASSORD)
            b.is_superuser = rolle == Rolle.SYSADMIN
            b.save()
            b.groups.add(Group.objects.get(name=rolle))
        brukere.append(b)
    ut(f"Brukere i {fylke.navn}: {', '.join(b.username for b in brukere)} (passord {DEMO_PASSORD})")
    return brukere


@transaction.atomic
def lag_personer(fylke: Fylke, antall: int, rng: random.Random, ut: Callable[[str], None]) -> list[Person]:
    """Young applicants (born 15-17 years before the current year) with two guardians each."""
    brukt = set(Person.objects.values_list("fodselsnummer", flat=True))
    kommuner = list(Kommune.objects.filter(fylke=fylke))
    postnumre = list(Postnummer.objects.filter(kommune__fylke=fylke)) or list(Postnummer.objects.all()[:50])
    ar = datetime.date.today().year
    personer, foresatte, register = [], [], {}
    for _ in range(antall):
        fodt = datetime.date(ar - rng.choice((16, 16, 16, 17, 18, 19)), 1, 1) + datetime.timedelta(
            rng.randint(0, 364)
        )
        etternavn = rng.choice(ETTERNAVN)
        post = rng.choice(postnumre)
        adresse = f"{rng.choice(GATER)} {rng.randint(1, 120)}"
        kommune = post.kommune or rng.choice(kommuner)
        p = Person(fodselsnummer=lag_fodselsnummer(rng, fodt, brukt), fornavn=rng.choice(FORNAVN),
                   etternavn=etternavn, fodselsdato=fodt, adresse=adresse, postnummer=post.nummer,
                   poststed=post.poststed, kommune=kommune, fylke=fylke,
                   mobil=f"4{rng.randint(0, 9999999):07d}", malform=rng.choice(["nb"] * 9 + ["nn"]))  # fmt: skip
        p.epost = f"{p.fornavn.lower()}.{p.etternavn.lower()}{rng.randint(1, 999)}@epost.example"
        personer.append(p)
        for rel in ("mor", "far"):
            fodt_f = fodt - datetime.timedelta(days=rng.randint(24 * 365, 45 * 365))
            f = Person(fodselsnummer=lag_fodselsnummer(rng, fodt_f, brukt),
                       fornavn=rng.choice(FORNAVN), etternavn=etternavn, fodselsdato=fodt_f, adresse=adresse,
                       postnummer=post.nummer, poststed=post.poststed, kommune=kommune, fylke=fylke,
                       mobil=f"9{rng.randint(0, 9999999):07d}")  # fmt: skip
            foresatte.append((p, f, rel))
    bulk_create_with_history(personer + [f for _, f, _ in foresatte], Person, batch_size=2000)
    bulk_create_with_history(
        [Foresatt(person=p, foresatt=f, relasjon=r) for p, f, r in foresatte], Foresatt, batch_size=2000
    )
    for p in personer + [f for _, f, _ in foresatte]:
        register[p.fodselsnummer] = {"fornavn": p.fornavn, "etternavn": p.etternavn, "adresse": p.adresse,
                                     "postnummer": p.postnummer, "poststed": p.poststed,
                                     "kommunenummer": p.kommune.nummer if p.kommune else ""}  # fmt: skip
    _skriv_folkeregister(register)
    ut(f"Personer i {fylke.navn}: {len(personer)} søkere og {len(foresatte)} foresatte")
    return personer


def _skriv_folkeregister(nye: dict) -> None:
    sti = Path(settings.FOLKEREGISTER_FIL)
    sti.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(sti.read_text(encoding="utf-8")) if sti.exists() else {}
    data.update(nye)
    sti.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def lag_demodata(fylkesnummer: str, seed: int, antall_personer: int, ut: Callable[[str], None]) -> None:
    rng = random.Random(seed)
    fylke = Fylke.objects.get(nummer=fylkesnummer)
    opprett_brukere(fylke, ut)
    # A second county's users show that scoping works (log in as inntak03 and see none of fylke 50's persons).
    annet = Fylke.objects.filter(aktiv=True).exclude(pk=fylke.pk).order_by("nummer").first()
    if annet:
        opprett_brukere(annet, ut, suffiks=annet.nummer)
    if not Person.objects.filter(fylke=fylke).exists():
        lag_personer(fylke, antall_personer, rng, ut)
        if annet:
            lag_personer(annet, max(50, antall_personer // 20), rng, ut)
    else:
        ut(f"{fylke.navn} har allerede personer; hopper over personer.")
    for _, steg in sorted(_STEG, key=lambda s: s[0]):
        steg(fylke, rng, ut)
