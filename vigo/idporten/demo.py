"""`make run` prints synthetic fødselsnumre to try the applicant portal with (vigo/kjor.py): a demo person with a
søknad, preferably one with an offer in a published round, and a demo person without a søknad for the coming intake
who lives in a county with open tilbud (to try «Søk videregående opplæring»; inntak.demodata.lag_sokere_uten_soknad
adds a few). Only where TestID is available."""

from __future__ import annotations

SYNTETISK = r"^\d{2}(8[1-9]|9[0-2])"  # synthetic fødselsnumre: month + 80


def _med_soknad(qs):
    # The relation names are the intake's (inntak.Soknad.person, inntak.Tildeling.soknad): a lookup, no import.
    med_tilbud = qs.filter(
        soknader__tildelinger__inntakskjoring__publisert=True,
        soknader__tildelinger__tilbud__isnull=False,
    )
    # Preferably an offer on a lower wish with a waitlist place on a higher one, so the new user can try
    # «ja og stå på venteliste» at once.
    return (
        med_tilbud.filter(
            soknader__tildelinger__onske_nr__gt=1, soknader__ventelister__inntakskjoring__publisert=True
        ).first()
        or med_tilbud.first()
        or qs.filter(soknader__isnull=False).first()
    )


def _uten_soknad(qs):
    """The first young person (ungdomsrett) in a county with open ordinary tilbud for the coming school year who has
    no søknad for it. The intake's models are looked up through the app registry (the core imports no domain)."""
    import datetime

    from django.apps import apps
    from django.utils import timezone

    from kodeverk.skolear import neste_inntaksar

    try:
        Tilbud = apps.get_model("inntak", "Tilbud")
    except LookupError:
        return None
    ar = neste_inntaksar(timezone.localdate())
    apne = Tilbud.objects.filter(
        skolear__kode=ar.kode, status="apen", voksenopplaering=False, programomrade__niva="VG1"
    )
    kandidater = qs.filter(
        fylke__in=apne.values("fylke_id"),
        fodselsdato__gt=datetime.date(ar.startar - 20, 1, 1),
        fodselsdato__lte=datetime.date(ar.startar - 15, 12, 31),
    ).exclude(soknader__skolear__kode=ar.kode)
    # One with grades first (inntak.demodata.lag_sokere_uten_soknad gives them some): the points show at once.
    return kandidater.filter(karakterer__isnull=False).distinct().first() or kandidater.first()


def testid_linje(port: str = "8000") -> str:
    """Lines for the start banner, or "" where TestID is off or there is no demo applicant."""
    from vigo.idporten.views import testid_tilgjengelig
    from vigo.models import Person

    if not testid_tilgjengelig():
        return ""
    try:
        qs = Person.objects.filter(fodselsnummer__regex=SYNTETISK).order_by("pk")
        person = _med_soknad(qs)
    except Exception:  # the banner must never stop `make run`
        return ""
    ut = ""
    if person is not None:
        ut += (
            f"  Søker (TestID): http://127.0.0.1:{port}/innlogging/soker/testid/ "
            f"med fødselsnummer {person.fodselsnummer} (syntetisk)\n"
        )
    try:
        ny = _uten_soknad(qs)
    except Exception:
        ny = None
    if ny is not None:
        ut += f"  Søker uten søknad (TestID, kan søke): fødselsnummer {ny.fodselsnummer} (syntetisk)\n"
    return ut
