"""factory-boy factories and helpers for tests."""

from __future__ import annotations

import datetime
import itertools

import factory
from django.contrib.auth.models import Group

from kodeverk import models as km
from vigo.fodselsnummer import lag_syntetisk
from vigo.models import Bruker, Person, Rolle

_individ = itertools.count(500)


def _individ_for(ar: int) -> int:
    """An individnummer the century rule accepts for the birth year (500–999 from 2000, 900–999 for 1940–1999,
    000–499 for 1900–1999), so a number for any birth date reads back as that date."""
    n = next(_individ)
    if 2000 <= ar <= 2039:
        return 500 + n % 500
    if 1940 <= ar <= 1999:
        return 900 + n % 100
    return n % 500


def syntetisk_fnr(fodt: datetime.date | None = None) -> str:
    fodt = fodt or datetime.date(2009, 5, 17)
    while True:
        nr = lag_syntetisk(fodt, _individ_for(fodt.year))
        if nr:
            return nr


class FylkeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = km.Fylke
        django_get_or_create = ("nummer",)

    nummer = "50"
    navn = "Trøndelag"


class SkoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = km.Skole

    skolenummer = factory.Sequence(lambda n: f"{50000 + n:05d}")
    organisasjonsnummer = "974760673"
    navn = factory.Sequence(lambda n: f"Testskole {n} videregående skole")
    fylke = factory.SubFactory(FylkeFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    fodselsnummer = factory.LazyFunction(syntetisk_fnr)
    fornavn = factory.Iterator(["Emma", "Jakob", "Nora", "Emil", "Sofie"])
    etternavn = factory.Iterator(["Hansen", "Olsen", "Berg", "Lie", "Moe"])
    fylke = factory.SubFactory(FylkeFactory)


def lag_kodeverk() -> dict:
    a = FylkeFactory(nummer="50", navn="Trøndelag")
    b = FylkeFactory(nummer="03", navn="Oslo")
    km.Kommune.objects.create(nummer="5001", navn="Trondheim", fylke=a)
    km.Kommune.objects.create(nummer="0301", navn="Oslo", fylke=b)
    skole_a = SkoleFactory(skolenummer="50001", navn="Charlottenlund vgs", fylke=a)
    skole_a2 = SkoleFactory(skolenummer="50002", navn="Byåsen vgs", fylke=a)
    skole_b = SkoleFactory(skolenummer="03001", navn="Oslo katedralskole", fylke=b)
    up = km.Utdanningsprogram.objects.create(kode="ST", navn="Studiespesialisering", studieforberedende=True)
    km.Programomrade.objects.create(
        kode="STUSP1----", navn="Studiespesialisering", niva="VG1", utdanningsprogram=up
    )
    return {"A": a, "B": b, "skole_a": skole_a, "skole_a2": skole_a2, "skole_b": skole_b}


def lag_bruker(brukernavn: str, rolle: str, fylke, skole=None, **kw) -> Bruker:
    from vigo.roller import opprett_roller

    if not Group.objects.filter(name=rolle).exists():
        opprett_roller()
    b = Bruker.objects.create_user(brukernavn, password="Test-passord-123", fylke=fylke, skole=skole, **kw)
    b.groups.add(Group.objects.get(name=rolle))
    if rolle == Rolle.SYSADMIN:
        b.is_superuser = True
        b.is_staff = True
        b.save()
    if rolle == Rolle.FYLKESADMIN:
        b.is_staff = True
        b.save()
    return b


def lag_brukere(kv: dict) -> dict:
    ut = {}
    for nokkel in ("A", "B"):
        fylke = kv[nokkel]
        skole = kv["skole_a"] if nokkel == "A" else kv["skole_b"]
        ut[nokkel] = {
            rolle: lag_bruker(f"{rolle.value.lower()[:10]}_{nokkel}", rolle, fylke,
                              skole=skole if rolle == Rolle.SKOLE else None)
            for rolle in Rolle
        }  # fmt: skip
    return ut


def bare_ungdomsrett_krever_tre_utdanningsprogram(fylke, skolear) -> None:
    """The county keeps the 2006 scope of the Vg1 three-programme rule (only applicants with ungdomsrett), as
    ``inntak.tre_utdanningsprogram_for_alle_vg1`` = nei allows from 2025-2026 (§ 4-7 andre ledd otherwise asks it
    of every Vg1 applicant). For tests whose applicants without rett have fewer than three programmes."""
    from vigo.models import Systemparameter

    Systemparameter.objects.update_or_create(
        fylke=fylke,
        skolear_id=skolear if isinstance(skolear, str) else skolear.kode,
        nokkel="inntak.tre_utdanningsprogram_for_alle_vg1",
        defaults={"verdi": False},
    )


def publiser(ik, **kw):
    """Publish a run as the confirmed publishing page does (the count confirmed; a svarfrist in the past is
    taken as seen from the day before it)."""
    import datetime

    from inntak.kjoring import services

    if kw.get("svarfrist") and "idag" not in kw:
        kw["idag"] = kw["svarfrist"] - datetime.timedelta(days=1)
    return services.publiser_runde(ik, bekreftet_antall=ik.antall_sokere, **kw)


def sett_karakterer(person, rader, kilde: str = "manuell", trinn: str = "GS") -> list[dict]:
    """Test data: replace ``person``'s grades on ``trinn`` through the writer the import and the REST API use
    (``erstatt_mange``: history, case log, points recomputed), each row validated with ``valider_rad``."""
    from inntak.services.karakterer import erstatt_mange, fagregister, valider_rad

    fag = fagregister(getattr(r, "fag", None) or r["fag"] for r in rader)
    gode = [valider_rad(r, trinn, fag) for r in rader]
    erstatt_mange({person.pk: gode}, trinn=trinn, fylke_id=person.fylke_id, kilde=kilde)
    return gode
