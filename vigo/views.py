"""Core pages: dashboard, person search and page, job runs. Thin: reads via selectors, writes via services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigo import jobber, selectors
from vigo.jobber import tilgang, tjenester
from vigo.models import KjoringFil
from vigo.revisjon import eneste_person, logg_innsyn, sokebeskrivelse


@login_required
def dashboard(request):
    from vigo.dashbord import paneler_for

    kjoringer = selectors.kjoringer_for(request.user)
    return render(
        request,
        "vigo/dashboard.html",
        {
            "antall_personer": selectors.sok_personer(request.user).count(),
            "aktive": kjoringer.filter(status__in=["venter", "kjorer"])[:10],
            "siste": kjoringer[:5],
            "paneler": paneler_for(request),
        },
    )


@login_required
@permission_required("vigo.view_person", raise_exception=True)
def person_liste(request):
    q = request.GET.get("q", "")
    qs = selectors.sok_personer(request.user, q)
    side = Paginator(qs, 50).get_page(request.GET.get("side"))
    if q:
        # A search that lands on one person (e.g. a fødselsnummer) is linked to that person; the number or name
        # is then not written into the log text.
        person = eneste_person(qs) if side.paginator.count else None
        logg_innsyn("sok", f"Personsøk {sokebeskrivelse(q, person)}", request=request,
                    antall=side.paginator.count, person=person)  # fmt: skip
    elif side.object_list:
        logg_innsyn("vis", "Personliste", request=request, antall=len(side.object_list))
    mal = "vigo/_person_tabell.html" if request.htmx else "vigo/person_liste.html"
    return render(request, mal, {"side": side, "q": q})


@login_required
@permission_required("vigo.view_person", raise_exception=True)
def person_detalj(request, pk: int):
    person = get_object_or_404(selectors.sok_personer(request.user), pk=pk)
    logg_innsyn("vis", "Personside", request=request, person=person)  # who: the person link, not the name
    historikk = person.history.select_related("history_user")[:20]
    return render(
        request,
        "vigo/person_detalj.html",
        {
            "person": person,
            "foresatte": person.foresatte.select_related("foresatt"),
            "historikk": historikk,
            "innsyn": person.innsyn.select_related("bruker")[:20],
            "tilleggsfaner": _personfaner(request, person),
        },
    )


def _personfaner(request, person) -> list:
    """Other apps add sections to the person page (e.g. inntak: søknader) without the core knowing them."""
    from vigo.dashbord import personfaner_for

    return personfaner_for(request, person)


@login_required
@permission_required("vigo.view_kjoring", raise_exception=True)
def kjoring_liste(request):
    qs = selectors.kjoringer_for(request.user)
    kode = request.GET.get("kode")
    if kode:
        qs = qs.filter(kode=kode)
    side = Paginator(qs, 30).get_page(request.GET.get("side"))
    return render(
        request,
        "vigo/kjoring_liste.html",
        {"side": side, "jobbtyper": jobber.alle(), "kode": kode},
    )


@login_required
@permission_required("vigo.view_kjoring", raise_exception=True)
def kjoring_rader(request):
    ids = [int(i) for i in request.GET.getlist("id") if i.isdigit()]
    kjoringer = selectors.kjoringer_for(request.user).filter(pk__in=ids)
    return render(request, "vigo/_kjoring_rader.html", {"kjoringer": kjoringer})


@login_required
@permission_required("vigo.add_kjoring", raise_exception=True)
def kjoring_ny(request, kode: str):
    try:
        jt = jobber.hent(kode)
    except KeyError:
        raise Http404 from None
    # The form is not even shown to someone who may not start the job (the service checks again).
    tilgang.krev_start(request.user, jt)
    fylke = request.user.fylke
    if fylke is None:
        raise PermissionDenied("Brukeren har ikke noe fylke.")
    if jt.startside:
        url = reverse(jt.startside)
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    if request.method == "POST":
        skjema = jt.skjema(data=request.POST)
    else:  # links from a run page prefill the parameters (e.g. skoleår, nivå and runde for 1I002)
        skjema = jt.skjema(initial={k: v for k, v in request.GET.items() if k in jt.skjema.base_fields})
    if request.method == "POST" and skjema.is_valid():
        try:
            kj = tjenester.start_kjoring(
                kode,
                fylke,
                request.user,
                parametere=request.POST.dict(),
                overstyring=request.POST.get("overstyring", ""),
            )
        except (tjenester.KjoringFeil, PermissionDenied) as e:
            # PermissionDenied here is the publish right (starting was checked above): say why on the form.
            skjema.add_error(None, str(e))
        else:
            messages.success(
                request, _("Kjøring %(kode)s %(navn)s er startet.") % {"kode": kj.kode, "navn": kj.navn}
            )
            return redirect("kjoring_detalj", pk=kj.pk)
    from vigo.jobber.rekkefolge import forgjengere_for

    return render(
        request,
        "vigo/kjoring_ny.html",
        {"jobbtype": jt, "skjema": skjema, "forgjengere": forgjengere_for(jt)},
    )


def _kjoring(request, pk):
    return get_object_or_404(selectors.kjoringer_for(request.user), pk=pk)


@login_required
@permission_required("vigo.view_kjoring", raise_exception=True)
def kjoring_detalj(request, pk: int):
    kj = _kjoring(request, pk)
    return render(
        request, "vigo/kjoring_detalj.html", {"k": kj, "logg": kj.logg.all()[:500], "filer": kj.filer.all()}
    )


@login_required
@permission_required("vigo.view_kjoring", raise_exception=True)
def kjoring_fremdrift(request, pk: int):
    kj = _kjoring(request, pk)
    resp = render(
        request, "vigo/_fremdrift.html", {"k": kj, "logg": kj.logg.all()[:500], "filer": kj.filer.all()}
    )
    if not kj.aktiv:
        resp["HX-Trigger"] = "kjoringFerdig"
    return resp


@login_required
@require_POST
@permission_required("vigo.add_kjoring", raise_exception=True)
def kjoring_avbryt(request, pk: int):
    kj = _kjoring(request, pk)
    if tjenester.avbryt(kj, request.user):
        messages.info(request, _("Kjøringen er avbrutt."))
    return redirect("kjoring_detalj", pk=kj.pk)


@login_required
@permission_required("vigo.view_kjoring", raise_exception=True)
def kjoring_fil(request, pk: int):
    kjoringer = selectors.kjoringer_for(request.user)
    fil = get_object_or_404(KjoringFil.objects.filter(kjoring__in=kjoringer).select_related("kjoring"), pk=pk)
    if fil.inneholder_personopplysninger:
        logg_innsyn("nedlasting", f"Fil {fil.navn} fra kjøring {fil.kjoring.kode}", request=request,
                    fylke=fil.kjoring.fylke, antall=fil.kjoring.resultat.get("personer", 0) or 1)  # fmt: skip
    return FileResponse(
        fil.fil.open("rb"), as_attachment=True, filename=fil.navn, content_type=fil.innholdstype
    )
