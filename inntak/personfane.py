"""The "Søknader" section on the core person page (registered with vigo.dashbord.registrer_personfane)."""

from __future__ import annotations

from inntak import selectors


def personfane(request, person) -> dict | None:
    if not request.user.has_perm("inntak.view_soknad"):
        return None
    soknader = list(selectors.soknader_for_person(request.user, person))
    if not soknader:
        return None
    runder = request.user.has_perm("inntak.view_inntakskjoring")
    if runder:
        siste = _siste_publiserte_runde(request.user, [s.pk for s in soknader])
        for s in soknader:
            s.siste_runde = siste.get(s.pk)
    return {"tittel": "Søknader", "mal": "inntak/_personfane.html", "soknader": soknader, "runder": runder}


def _siste_publiserte_runde(bruker, soknad_ids: list[int]) -> dict:
    """Søknad id -> its row in the latest published round (one query, names joined, no snapshot)."""
    from django.db.models import F

    from inntak.kjoring.selectors import kjoringer_for
    from inntak.models import Tildeling

    rader = (
        Tildeling.objects.filter(
            soknad_id__in=soknad_ids,
            inntakskjoring__publisert=True,
            inntakskjoring__in=kjoringer_for(bruker).values("pk"),
        )
        .select_related("tilbud__skole", "tilbud__programomrade")
        .annotate(runde_nr=F("inntakskjoring__runde"))
        .order_by("soknad_id", "-inntakskjoring__runde")
        .distinct("soknad_id")
    )
    return {t.soknad_id: t for t in rader}


def person_via_soknad(skole_id: int):
    """School link for Person: persons who applied to a tilbud at the school (vigo.scoping). Their ids, not a
    join from Person: tilbud (skole) -> onske (tilbud_id) -> soknad (pk), all by index."""
    from inntak.models import Onske

    return Onske.objects.filter(tilbud__skole_id=skole_id).values("soknad__person_id")


def person_via_soknad_i_fylket(fylke_id: int):
    """County link for Person: a gjesteelev registered by another county, applying to this one (§ 6-4). Their
    ids from the index inntak_soknad (fylke_id, person_id); vigo.scoping leaves out the county's own persons."""
    from inntak.models import Soknad

    return Soknad.objects.filter(fylke_id=fylke_id).values("person_id")


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
