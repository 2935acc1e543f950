"""Reads of the student register outside the API (the API's reads are in ``inntak.elev.api.selectors``)."""

from __future__ import annotations

from django.db.models import QuerySet

from inntak.elev.models import Elevforhold


def person_via_elevforhold(skole_id: int) -> QuerySet:
    """A school sees the persons who have an elevforhold at the school (their ids, by the school's index).

    Registered as a scoping link of ``vigo.Person`` in ``ElevConfig.ready`` (``vigo.scoping.legg_til_skolekobling``).
    """
    return Elevforhold.objects.filter(skole_id=skole_id).values("person_id")
