"""The «Elevdatabasen» section on the core person page (registered with vigo.dashbord.registrer_personfane)."""

from __future__ import annotations


def personfane(request, person) -> dict | None:
    return None
