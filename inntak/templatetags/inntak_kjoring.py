"""``{% inntaksplassering soknad %}``: the applicant page's section on the intake run ("why not wish 1?")."""

from __future__ import annotations

from django import template

from inntak.kjoring import selectors
from inntak.kjoring.skjema import SvarSkjema, UnntakSkjema
from inntak.models import Inntakskjoring
from vigo.parametere.selectors import parameter

register = template.Library()


@register.inclusion_tag("inntak/kjoring/_plassering.html", takes_context=True)
def inntaksplassering(context, soknad) -> dict:
    request = context["request"]
    bruker = request.user
    if not bruker.has_perm("inntak.view_inntakskjoring"):
        return {"vis": False}
    f = selectors.forklaring(soknad, bruker)
    if f is None:
        return {"vis": True, "f": None}
    ik = f.inntakskjoring
    senere = Inntakskjoring.objects.filter(
        fylke_id=ik.fylke_id, skolear_id=ik.skolear_id, niva=ik.niva, publisert=True, runde__gt=ik.runde
    ).exists()
    apen = ik.publisert and ik.svarfrist_behandlet is None and not senere
    # The county's parameter for the school year: the rule inntak.kjoring.svar applies.
    tillat_vl = parameter(ik.fylke, ik.skolear_id, "inntak.tillat_venteliste_ved_ja")
    return {
        "vis": True,
        "f": f,
        "ik": ik,
        "soknad": soknad,
        "apen": apen,
        "kan_svare": apen and bruker.has_perm("inntak.add_svar"),
        "kan_unntak": apen and bruker.has_perm("inntak.change_svar"),
        "svar_skjema": SvarSkjema(
            venteliste=f.venter_pa,
            plassert=f.tildeling.tilbud_id is not None,
            tillat_vl=tillat_vl,
            initial={
                "svar": f.svar.svar if f.svar and f.svar.svar else None,
                "venteliste_tilbud": f.svar.venteliste_tilbud if f.svar else [],
            },
        ),  # fmt: skip
        "unntak_skjema": UnntakSkjema(),
        "tillat_venteliste_ved_ja": tillat_vl,
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
    }
