"""The "Søknader" section on the core person page (registered with vigo.dashbord.registrer_personfane)."""

from __future__ import annotations

from inntak import selectors


def personfane(request, person) -> dict | None:
    if not request.user.has_perm("inntak.view_soknad"):
        return None
    soknader = list(selectors.soknader_for_person(request.user, person))
    if not soknader:
        return None
    return {"tittel": "Søknader", "mal": "inntak/_personfane.html", "soknader": soknader}


def person_via_soknad(skole_id: int):
    """School link for Person: persons who applied to a tilbud at the school (vigo.scoping)."""
    from django.db.models import Q

    return Q(soknader__onsker__tilbud__skole_id=skole_id)


def person_via_soknad_i_fylket(fylke_id: int):
    """County link for Person: a gjesteelev registered by another county, applying to this one (§ 6-4)."""
    from django.db.models import Q

    return Q(soknader__fylke_id=fylke_id)


def dashbordpanel(request) -> dict | None:
    """The intake panel on the dashboard: søknader per level, points computed, cases awaiting a vedtak."""
    if not request.user.has_perm("inntak.view_soknad"):
        return None
    skolear = selectors.standard_skolear(request.user)
    if skolear is None:
        return None
    return {
        "tittel": f"Inntak {skolear.kode}",
        "mal": "inntak/_dashbord.html",
        "skolear": skolear,
        "nivaer": selectors.antall_per_niva(request.user, skolear),
        "arbeidsko": selectors.arbeidsko(request.user, skolear).count(),
    }
