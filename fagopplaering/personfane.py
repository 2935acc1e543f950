"""The «Fagopplæring» section on the core person page (``vigo.dashbord.registrer_personfane``): the person's
contracts (kind, lærefag, lærebedrift and medlemsbedrift by name, læretid, avbrudd, status and avslutningskode) and
formidlinger per school year. The person page itself writes the audit row (``vigo.views.person_detalj``).

Also the scoping links the lead registers for ``vigo.Person`` (``legg_til_fylkekobling``): the county that owns a
contract or a formidling sees the person, also when the person is registered in another county."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fagopplaering.selectors import oversikt as sel


def personfane(request, person) -> dict | None:
    bruker = request.user
    kontrakter = (
        sel.kontrakter_for_person(bruker, person) if bruker.has_perm("fagopplaering.view_kontrakt") else []
    )
    formidlinger = (
        sel.formidlinger_for_person(bruker, person)
        if bruker.has_perm("fagopplaering.view_formidling")
        else []
    )
    if not (kontrakter or formidlinger):
        return None
    return {
        "tittel": _("Fagopplæring"),
        "mal": "fagopplaering/personfane.html",
        "kontrakter": kontrakter,
        "formidlinger": formidlinger,
    }


def person_via_kontrakt(fylke_id: int) -> QuerySet:
    """County link for Person: the persons with a contract the county owns (index kontrakt_fylke_person)."""
    from fagopplaering.models import Kontrakt

    return Kontrakt.objects.filter(fylke_id=fylke_id).values("person_id")


def person_via_formidling(fylke_id: int) -> QuerySet:
    """County link for Person: the persons in the county's formidling list (index formidling_fylke_person)."""
    from fagopplaering.models import Formidling

    return Formidling.objects.filter(fylke_id=fylke_id).values("person_id")
