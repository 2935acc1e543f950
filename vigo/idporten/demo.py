"""`make run` prints a synthetic fødselsnummer to try the applicant portal with (vigo/kjor.py): a demo person
with a søknad, preferably one with an offer in a published round. Only where TestID is available."""

from __future__ import annotations


def testid_linje(port: str = "8000") -> str:
    """One line for the start banner, or "" where TestID is off or there is no demo applicant."""
    from vigo.idporten.views import testid_tilgjengelig
    from vigo.models import Person

    if not testid_tilgjengelig():
        return ""
    try:
        # The relation names are the intake's (inntak.Soknad.person, inntak.Tildeling.soknad): a lookup, no import.
        qs = Person.objects.filter(fodselsnummer__regex=r"^\d{2}(8[1-9]|9[0-2])").order_by("pk")
        person = (
            qs.filter(
                soknader__tildelinger__inntakskjoring__publisert=True,
                soknader__tildelinger__tilbud__isnull=False,
            ).first()
            or qs.filter(soknader__isnull=False).first()
        )
    except Exception:  # the banner must never stop `make run`
        return ""
    if person is None:
        return ""
    return (
        f"  Søker (TestID): http://127.0.0.1:{port}/innlogging/soker/testid/ "
        f"med fødselsnummer {person.fodselsnummer} (syntetisk)\n"
    )
