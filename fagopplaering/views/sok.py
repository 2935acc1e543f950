"""One search box for fagopplæringen: companies (name, organisasjonsnummer), persons in training (name,
fødselsnummer) with their contracts and formidlinger, and contracts. Three scoped, paginated and counted result
lists; a search that shows persons writes one ``Innsyn`` row like the core person search (the term is never written
out when it is a fødselsnummer or lands on one person)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from fagopplaering.selectors import sok as sel
from vigo.revisjon import eneste_person, logg_innsyn, sokebeskrivelse

PER_SIDE = 20
HVA = ("alle", "bedrifter", "personer", "kontrakter")


def _side(request, qs, navn: str):
    return Paginator(qs, PER_SIDE).get_page(request.GET.get(navn))


@login_required
@permission_required("fagopplaering.view_kontrakt", raise_exception=True)
def sok(request):
    bruker = request.user
    q = sel.Soketekst.les(request.GET.get("q"))
    hva = request.GET.get("hva") if request.GET.get("hva") in HVA else "alle"
    vis = {n: hva in ("alle", n) for n in HVA[1:]}
    vis["bedrifter"] &= bruker.has_perm("fagopplaering.view_bedrift")
    # Persons need the right to see persons too (the person page is the core's).
    vis["personer"] &= bruker.has_perm("vigo.view_person")
    bedrifter = personer = kontrakter = None
    if not q.tom:
        if vis["bedrifter"]:
            bedrifter = _side(request, sel.sok_bedrifter(bruker, q), "side_b")
        if vis["personer"]:
            personer = _side(request, sel.sok_personer(bruker, q), "side_p")
        if vis["kontrakter"]:
            kontrakter = _side(request, sel.sok_kontrakter(bruker, q), "side_k")
        if personer is not None or kontrakter is not None:
            _logg(request, q, personer, kontrakter)
    return render(
        request,
        "fagopplaering/sok.html",
        {
            "meny": "sok",
            "q": q.tekst,
            "hva": hva,
            "bedrifter": bedrifter,
            "personer": personer,
            "kontrakter": kontrakter,
            "kan_se_personer": bruker.has_perm("vigo.view_person"),
        },
    )


def _logg(request, q: sel.Soketekst, personer, kontrakter) -> None:
    """One audit row for the persons the search showed (persons and contracts name persons; companies do not)."""
    antall = (personer.paginator.count if personer else 0) + (kontrakter.paginator.count if kontrakter else 0)
    person = None
    if personer is not None and personer.paginator.count:
        person = eneste_person(personer.paginator.object_list)
    elif kontrakter is not None and kontrakter.paginator.count:
        person = eneste_person(kontrakter.paginator.object_list, "person")
    logg_innsyn("sok", f"Fagopplæring: søk {sokebeskrivelse(q.tekst, person)}", request=request, antall=antall,
                person=person)  # fmt: skip


urlpatterns = [path("sok/", sok, name="sok")]
