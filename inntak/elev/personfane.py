"""The «Elevdatabasen» section on the core person page (registered with vigo.dashbord.registrer_personfane).

Per skoleår, newest first: the elevkurs with names, dates, elevstatus and kursprosent with their explanations,
the fag lines and vitnemålsmerknader; then the person's rett (stored per skoleår and explained line by line) and
the OT status (no notes here). The person page itself writes the audit row (vigo.views.person_detalj).
"""

from __future__ import annotations

import logging
from itertools import groupby

from django.urls import reverse
from django.utils.translation import gettext as _

from inntak.elev.selectors import elevkurs as sel

logger = logging.getLogger(__name__)


def personfane(request, person) -> dict | None:
    bruker = request.user
    if not bruker.has_perm("elev.view_elevforhold"):
        return None
    elevkurs = sel.elevkurs_for_person(bruker, person)
    rett = sel.rett_for_person(bruker, person)
    ot = sel.ot_for_person(bruker, person)
    if not (elevkurs or rett or ot):
        return None
    forklaringer = _forklar_mange(elevkurs)
    for ek in elevkurs:
        ek.forklaring = forklaringer.get(ek.pk)
    per_ar = [
        {"skolear": ar, "elevkurs": list(rader)} for ar, rader in groupby(elevkurs, key=lambda e: e.skolear)
    ]
    return {
        "tittel": _("Elevdatabasen"),
        "mal": "elev/person/_personfane.html",
        "per_ar": per_ar,
        "rett": rett,
        "rett_forklaring": _forklar_rett(person) if bruker.has_perm("elev.view_rett") else None,
        "vis_rett": bruker.has_perm("elev.view_rett"),
        "ot": [{"rad": o, "url": ot_url(o.pk)} for o in ot],
        "ny_url": reverse("elev:elevkurs_ny", args=[person.pk])
        if bruker.has_perm("elev.add_elevforhold")
        else None,
    }


def _forklar_elevkurs(ek) -> dict | None:
    """The other helper's explanation, or None («ikke beregnet») while it is missing or fails: the page must
    still show the stored data."""
    try:
        from inntak.elev.selectors.beregning import forklar_elevkurs
    except ImportError:
        return None
    try:
        return forklar_elevkurs(ek)
    except Exception:  # an explanation that fails must not take the person page down with it
        logger.exception("Forklaring av elevkurs feilet", extra={"elevkurs_id": ek.pk})
        return None


def _forklar_mange(elevkurs: list) -> dict[int, dict | None]:
    """Explanations for all the person's elevkurs in a fixed number of queries.

    ``selectors.beregning.forklar_elevkurs`` reads its inputs per elevkurs (four queries each); the section must
    not grow with the number of elevkurs, so the same inputs are read once for all of them with the module's own
    ``grunnlag_rader``/``lag_grunnlag``/``hent_kodeverk`` and the rules applied exactly as ``forklar_elevkurs`` does. A batch function
    ``forklar_elevkurser(elevkurs) -> {id: dict}`` in that module is preferred when it exists."""
    if not elevkurs:
        return {}
    try:
        from inntak.elev.selectors import beregning as b
    except ImportError:
        return {}
    try:
        if hasattr(b, "forklar_elevkurser"):
            return b.forklar_elevkurser(elevkurs)
        ids = [ek.pk for ek in elevkurs]
        if not all(
            hasattr(b, n) for n in ("hent_kodeverk", "elevstatus", "kursprosent", "linje", "ELEVSTATUS")
        ):
            return {ek.pk: _forklar_elevkurs(ek) for ek in elevkurs}
        kv = b.hent_kodeverk()
        if hasattr(b, "grunnlag_rader") and hasattr(b, "lag_grunnlag"):
            rader = (b.lag_grunnlag(r, kv) for bit in b.grunnlag_rader(elevkurs_ids=ids) for r in bit)
        elif hasattr(b, "grunnlag"):
            rader = (g for bit in b.grunnlag(elevkurs_ids=ids, kodeverk=kv) for g in bit)
        else:
            return {ek.pk: _forklar_elevkurs(ek) for ek in elevkurs}
        grunnlag = {g.id: g for g in rader}
        return {ek.pk: _fra_grunnlag(b, ek, grunnlag.get(ek.pk)) for ek in elevkurs}
    except Exception:  # an explanation that fails must not take the person page down with it
        logger.exception("Forklaring av elevkurs feilet", extra={"person_id": elevkurs[0].person_id})
        return {}


def _fra_grunnlag(b, ek, g) -> dict | None:
    """The dict of ``forklar_elevkurs`` from an already read ``Grunnlag`` (same rules, same lines)."""
    if g is None:
        return None
    kode, forklaring = b.elevstatus(g.kurs)
    if g.kurs.manuell:
        grunn = ek.elevstatus_manuell_grunn or "ingen grunn oppgitt"
        forklaring.append(
            b.linje(
                f"Manuell elevstatus {g.kurs.manuell} er satt og overstyrer beregningen (grunn: {grunn}).",
                "9.4",
            )
        )
    prosent = mangler = None
    if not g.arstimer:
        mangler = b.linje(
            f"Programområdet {g.programomrade} har ikke årstimer i kodeverket, så kursprosenten kan ikke beregnes.",
            "9.3",
        )
    else:
        prosent = b.kursprosent(g.linjer, dict(g.grep_timer), g.arstimer)
    return {
        "elevstatus": kode,
        "elevstatus_navn": b.ELEVSTATUS.get(kode, kode),
        "elevstatus_forklaring": forklaring,
        "manuell": bool(g.kurs.manuell),
        "kursprosent": prosent,
        "kursprosent_mangler": mangler,
    }


def _forklar_rett(person):
    try:
        from inntak.elev.selectors.rett import forklar_rett
    except ImportError:
        return None
    try:
        return forklar_rett(person)
    except Exception:  # as above: the stored rows are shown even when the explanation cannot be computed
        logger.exception("Forklaring av rett feilet", extra={"person_id": person.pk})
        return None


def ot_url(pk: int) -> str | None:
    """The OT page of another helper; no link until its URL exists."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("elev:ot_ungdom", args=[pk])
    except NoReverseMatch:
        return None
