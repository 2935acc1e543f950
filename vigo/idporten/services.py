"""Login and logout of applicants: each is one function that writes its audit row (vigo.Innsyn, linked to the
person, never with the fødselsnummer in the text) in the same transaction as the session change. Log lines carry
the person's id only."""

from __future__ import annotations

import logging
import time

from django.contrib import auth
from django.db import transaction

from vigo.idporten import okt
from vigo.models import Innsyn, Person
from vigo.revisjon import logg_innsyn

log = logging.getLogger(__name__)

METODER = {"idporten": "ID-porten", "testid": "TestID"}


def _aktor(metode: str) -> str:
    return f"søker ({METODER.get(metode, metode)})"


@transaction.atomic
def logg_inn(request, person: Person, *, metode: str, niva: str, id_token: str = "") -> None:
    """Start an applicant session for ``person``: a new session key (no fixation), no caseworker login in the
    same session, and the audit row."""
    if request.user.is_authenticated:
        auth.logout(request)  # flushes the session: a caseworker and an applicant never share one
    else:
        request.session.pop(okt.NOKKEL, None)
        request.session.cycle_key()
    naa = time.time()
    d = {"person": person.pk, "metode": metode, "niva": niva, "inn": naa, "aktiv": naa}
    if id_token:
        d["id_token"] = id_token
    request.session[okt.NOKKEL] = d
    logg_innsyn(
        Innsyn.Handling.VIS,
        f"Innlogging i søkerportalen med {METODER.get(metode, metode)} (nivå {niva})",
        aktor=_aktor(metode),
        person=person,
        request=request,
    )
    log.info("Søker logget inn: person %s med %s (nivå %s)", person.pk, metode, niva)


@transaction.atomic
def ingen_person(request, *, metode: str) -> None:
    """A valid login for a fødselsnummer without a person in the register: no session, nothing created; the
    attempt is audited without a person (and without the number)."""
    logg_innsyn(
        Innsyn.Handling.VIS,
        f"Innlogging i søkerportalen med {METODER.get(metode, metode)}: ingen person registrert",
        aktor=_aktor(metode),
        antall=0,
        request=request,
    )
    log.info("Søkerinnlogging med %s uten registrert person", metode)


@transaction.atomic
def logg_ut(request) -> dict | None:
    """End the applicant session (the whole Django session: nothing of it outlives a logout). Returns what the
    session held, for the logout at ID-porten (its id_token)."""
    d = okt.data(request)
    request.session.flush()
    if d is not None:
        person = Person.objects.select_related("fylke").filter(pk=d["person"]).first()
        logg_innsyn(
            Innsyn.Handling.VIS,
            "Utlogging fra søkerportalen",
            aktor=_aktor(d.get("metode", "")),
            person=person,
            request=request,
        )
        log.info("Søker logget ut: person %s", d["person"])
    return d


def utlop(request, d: dict) -> None:
    """The session ended for inactivity (SokerMiddleware): the applicant's key goes, and a log line says so."""
    request.session.pop(okt.NOKKEL, None)
    request.session.cycle_key()
    log.info("Søkerøkt utløpt etter inaktivitet: person %s", d.get("person"))
