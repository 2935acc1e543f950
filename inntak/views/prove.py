"""Register inntaksprøve results for one tilbud (opplæringsforskrifta § 4-6): the school or the county enters the
result of each applicant who wished the tilbud; the run then fills the tilbud's quota by these results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from inntak import selectors
from inntak.models import Proveresultat
from inntak.motor.kvote import kvoteplasser
from inntak.services.prove import registrer_proveresultater
from vigo.revisjon import logg_innsyn

PER_SIDE = 50


@login_required
@permission_required("inntak.view_proveresultat", raise_exception=True)
def inntaksprove(request, pk: int):
    tilbud = get_object_or_404(selectors.tilbud_for(request.user), pk=pk)
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.sokere_til_tilbud(tilbud)
    if q:
        qs = qs.filter(Q(soknad__person__etternavn__icontains=q) | Q(soknad__person__fornavn__icontains=q))
    side = Paginator(qs, PER_SIDE).get_page(request.GET.get("side"))
    onsker = list(side.object_list)
    resultater = dict(
        Proveresultat.objects.filter(tilbud=tilbud, soknad_id__in=[o.soknad_id for o in onsker]).values_list(
            "soknad_id", "poeng"
        )
    )
    kan_endre = request.user.has_perm("inntak.change_proveresultat") and bool(tilbud.inntakskrav)
    feil: list[dict] = []  # one per bad row: name, field id and message (also shown beside the field)
    radfeil: dict[int | None, str] = {}
    innsendt: dict[int, str] = {}
    if request.method == "POST":
        if not kan_endre:
            raise PermissionDenied
        innsendt = {o.soknad_id: request.POST.get(f"resultat-{o.soknad_id}", "") for o in onsker}
        try:
            tall = registrer_proveresultater(tilbud, innsendt, bruker=request.user)
        except ValidationError as exc:
            navn = {o.soknad_id: f"{o.soknad.person.etternavn}, {o.soknad.person.fornavn}" for o in onsker}
            for sid, meldinger in exc.message_dict.items():
                rad = int(sid) if sid.isdigit() else None
                radfeil[rad] = " ".join(meldinger)
                feil.append({"navn": navn.get(rad, sid), "felt": f"resultat-{sid}", "melding": radfeil[rad]})
        else:
            messages.success(request, _("Lagret: %(r)s nye, %(e)s endret og %(f)s fjernet resultater.")
                             % {"r": tall["registrert"], "e": tall["endret"], "f": tall["fjernet"]})  # fmt: skip
            return redirect(request.get_full_path())
    logg_innsyn("vis", f"Inntaksprøve {tilbud}", request=request, antall=len(onsker), fylke=tilbud.fylke)
    rader = [
        {
            "onske": o,
            "resultat": innsendt.get(o.soknad_id, _komma(resultater.get(o.soknad_id))),
            "feil": radfeil.get(o.soknad_id),
        }
        for o in onsker
    ]
    return render(request, "inntak/inntaksprove.html", {
        "tilbud": tilbud, "side": side, "rader": rader, "q": q, "feil": feil, "kan_endre": kan_endre,
        "kvoteplasser": kvoteplasser(tilbud.plasser, tilbud.kvote_prosent),
        "antall_resultater": Proveresultat.objects.filter(tilbud=tilbud).count(),
    })  # fmt: skip


def _komma(verdi) -> str:
    return "" if verdi is None else f"{verdi:.2f}".replace(".", ",")
