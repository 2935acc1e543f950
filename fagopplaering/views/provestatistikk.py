"""The prøve statistics page (docs/fagopplaering/domene.md §10.2): avlagte and beståtte prøver per lærefag and SSB
school year (1 October–30 September), as a server-side SVG bar chart, the same numbers as a table, and a CSV file.

Aggregate counts only, no person, so no Innsyn row; still scoped to the user's county by the selector."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from fagopplaering.forms_nemnd import ProvestatistikkFilter
from fagopplaering.selectors import provestatistikk as sel

TILLATELSE = "fagopplaering.view_prove"

# The chart's drawing area (viewBox units); bars are scaled to the largest avlagt count.
BREDDE, HOYDE, VENSTRE, TOPP, BUNN = 640, 240, 48, 28, 196


def _filtre(request) -> tuple[ProvestatistikkFilter, dict]:
    filter_ = ProvestatistikkFilter(request.GET or None)
    d = filter_.cleaned_data if filter_.is_valid() else {}
    standard_fra, standard_til = sel.standard_periode(timezone.localdate())
    fra, til = d.get("fra_ar"), d.get("til_ar")
    if fra is None and til is None:
        fra, til = standard_fra, standard_til
    elif fra is None:
        fra = til - (standard_til - standard_fra)
    elif til is None:
        til = min(max(fra, standard_til), fra + 29)  # the form caps a range at 30 years
    return filter_, {"fra_ar": fra, "til_ar": til, "laerefag": d.get("laerefag"),
                     "kandidattype": d.get("kandidattype") or None}  # fmt: skip


def _k(v: float) -> str:
    """A coordinate as text: strings are not localised, so the SVG never gets a decimal comma."""
    return f"{v:.1f}"


def diagram(per_ar: list) -> dict:
    """Geometry of the grouped bar chart: per year a bar for avlagt and one for bestått, the share above them."""
    storst = max((s.avlagt for s in per_ar), default=0) or 1
    plass = (BREDDE - VENSTRE - 8) / max(len(per_ar), 1)
    stolpe = min(28.0, plass / 3)
    hoyde = BUNN - TOPP
    grupper = []
    for i, s in enumerate(per_ar):
        x = VENSTRE + i * plass + (plass - 2 * stolpe) / 2
        h_avlagt, h_bestatt = hoyde * s.avlagt / storst, hoyde * s.bestatt / storst
        grupper.append({
            "skolear": s.skolear, "avlagt": s.avlagt, "bestatt": s.bestatt, "andel": s.andel,
            "x_avlagt": _k(x), "x_bestatt": _k(x + stolpe), "bredde": _k(stolpe),
            "y_avlagt": _k(BUNN - h_avlagt), "h_avlagt": _k(h_avlagt),
            "y_bestatt": _k(BUNN - h_bestatt), "h_bestatt": _k(h_bestatt),
            "x_midt": _k(x + stolpe), "y_andel": _k(BUNN - h_avlagt - 6),
        })  # fmt: skip
    return {"grupper": grupper, "bredde": str(BREDDE), "hoyde": str(HOYDE), "bunn": str(BUNN),
            "venstre": str(VENSTRE), "storst": storst, "y_etikett": str(BUNN + 18), "y_topp": str(TOPP),
            "y_forklaring": str(HOYDE - 12)}  # fmt: skip


@login_required
@permission_required(TILLATELSE, raise_exception=True)
def provestatistikk(request):
    filter_, valg = _filtre(request)
    stat = sel.statistikk(request.user, **valg)
    sporring = request.GET.urlencode()
    return render(request, "fagopplaering/provestatistikk.html", {
        "filter": filter_, "stat": stat, "diagram": diagram(stat.per_ar), "sporring": sporring,
        "meny": "provestatistikk",
    })  # fmt: skip


def _tall(d: Decimal | None) -> str:
    """Norwegian decimal comma in the file (Excel in Norwegian reads it as a number)."""
    return "" if d is None else str(d).replace(".", ",")


@login_required
@permission_required(TILLATELSE, raise_exception=True)
def provestatistikk_csv(request):
    _filter, valg = _filtre(request)
    stat = sel.statistikk(request.user, **valg)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(
        [_("Skoleår"), _("Lærefagkode"), _("Lærefag"), _("Avlagt"), _("Bestått"), _("Bestått-andel (%)")]
    )
    for r in stat.rader:
        w.writerow([r.skolear, r.laerefag_kode, r.laerefag_navn, r.avlagt, r.bestatt, _tall(r.andel)])
    for s in stat.per_ar:
        w.writerow([s.skolear, "", _("Alle lærefag"), s.avlagt, s.bestatt, _tall(s.andel)])
    svar = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    navn = f"provestatistikk_{stat.fra_ar}-{stat.til_ar + 1}.csv"
    svar["Content-Disposition"] = f'attachment; filename="{navn}"'
    return svar


urlpatterns = [
    path("statistikk/prover/", provestatistikk, name="provestatistikk"),
    path("statistikk/prover.csv", provestatistikk_csv, name="provestatistikk_csv"),
]
