"""Key figures from fagopplæring (docs/statistikk.md «Fagopplæring»; docs/fagopplaering/domene.md §10.2):
contracts løpende per lærefag, formidlingsgrad and prøver avlagt/bestått.

The county of a row is the county that owns it (``Kontrakt.fylke``, ``Formidling.fylke``, ``Prove.fylke``, as their
``scoping``). These figures are not per school: the page offers no school filter, the permission
(``fagopplaering.view_*``) keeps school users out, and a filter that still carries a school gives an empty table
rather than county numbers. Each figure is one ``GROUP BY``; counts only."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fagopplaering.models import Formidling, Kandidattype, Kontrakt, Prove
from fagopplaering.selectors import provestatistikk as ps
from fagopplaering.selectors.kontrakt import lopende_q
from kodeverk.skolear import skolear_for_dato, skolear_for_kode, skolear_som_starter
from rapporter.statistikk.figur import Filter, Nokkeltall, Tabell, registrer

OMRADE = "Fagopplæring"
DOK = "docs/statistikk.md"
FILTRE = ("skolear", "utdanningsprogram")
TOPP = 15
"""Lærefag shown one by one in «Lærekontrakter løpende»; the rest are summed as «Andre lærefag»."""
ANTALL_AR = 5
"""Years shown when no school year is chosen."""


def _idag() -> datetime.date:
    return timezone.localdate()


def _per_skole(f: Filter) -> bool:
    return f.skole_ider is not None or f.skole_id is not None


def _tom(kolonner: tuple[str, ...]) -> Tabell:
    return Tabell(kolonner=kolonner, rader=[],
                  forklaring=_("Tallene for fagopplæring gjelder fylket og vises ikke per skole."))  # fmt: skip


def _avgrens(qs: QuerySet, f: Filter) -> QuerySet:
    """County (the row's owner) and utdanningsprogram (the lærefag's)."""
    if f.fylke_ider is not None:
        qs = qs.filter(fylke_id__in=f.fylke_ider)
    if f.utdanningsprogram:
        qs = qs.filter(programomrade__utdanningsprogram__kode=f.utdanningsprogram)
    return qs


def _kandidattype_navn(verdi: str | None) -> str:
    try:
        return str(Kandidattype(verdi).label)
    except ValueError:
        return _("Ukjent")


# --- 3. Lærekontrakter løpende per lærefag ----------------------------------------------------------------------
def telledato(f: Filter, idag: datetime.date | None = None) -> datetime.date:
    """1 October of the chosen school year (SSB's and Udir's count date, domene §10.1), today when none is chosen
    or when that 1 October has not come yet."""
    idag = idag or _idag()
    if not f.skolear:
        return idag
    return min(datetime.date(skolear_for_kode(f.skolear).startar, 10, 1), idag)


def kontrakter_lopende(f: Filter) -> Tabell:
    kolonner = (_("Lærefag"), _("Kandidattype"), _("Løpende kontrakter"))
    if _per_skole(f):
        return _tom(kolonner)
    dato = telledato(f)
    db = (
        _avgrens(Kontrakt.objects.filter(lopende_q(dato)), f)
        .values("programomrade__kode", "programomrade__navn", "kontraktstype__kandidattype")
        .annotate(antall=Count("pk"))
        .order_by()
    )
    per_fag: dict[tuple[str, str], dict[str, int]] = {}
    for r in db:
        fag = per_fag.setdefault((r["programomrade__navn"], r["programomrade__kode"]), {})
        fag[r["kontraktstype__kandidattype"]] = fag.get(r["kontraktstype__kandidattype"], 0) + r["antall"]
    # The largest lærefag first (ties by name); the tail folded into one bar so the chart stays readable.
    rekke = sorted(per_fag, key=lambda n: (-sum(per_fag[n].values()), n))
    andre: dict[str, int] = {}
    for n in rekke[TOPP:]:
        for k, v in per_fag[n].items():
            andre[k] = andre.get(k, 0) + v
    grupper = [(navn, per_fag[(navn, kode)]) for navn, kode in rekke[:TOPP]]
    if andre:
        grupper.append((_("Andre lærefag"), andre))
    orden = {k: i for i, k in enumerate(Kandidattype.values)}
    rader = [
        (navn, _kandidattype_navn(k), antall)
        for navn, tall in grupper
        for k, antall in sorted(tall.items(), key=lambda kv: orden.get(kv[0], len(orden)))
    ]
    return Tabell(
        kolonner=kolonner,
        rader=rader,
        diagram="stablet",
        kategori_kolonne=0,
        serie_fra_kolonne=1,
        verdi_kolonne=2,
        forklaring=_(
            "Kontrakter løpende %(dato)s per lærefag og kandidattype (kontraktstypens), med Udirs regel: godkjent, "
            "læretid fra ≤ dato ≤ læretid til, ingen avbrudd som dekker datoen og ingen avslutningskode "
            "(docs/fagopplaering/domene.md §0.4). Datoen er 1. oktober i valgt skoleår (telledatoen), ellers i dag. "
            "De %(topp)s største lærefagene vises hver for seg, resten som «Andre lærefag». Fylket er "
            "kontraktseieren (%(dok)s)."
        )
        % {"dato": dato.strftime("%d.%m.%Y"), "topp": TOPP, "dok": DOK},
    )


# --- 4. Formidlingsgrad -----------------------------------------------------------------------------------------
# Udir «Søkere som har fått lærekontrakt» (domene §10.2): søkere with læreplass as 1st wish (or registered by hand,
# i.e. found a place without applying through the intake), withdrawn and non-responding removed; got a contract if
# one started and was approved in the calendar year the school year starts.
UTENFOR = (Formidling.Status.TRUKKET, Formidling.Status.IKKE_SVART)


def _arsrekke(f: Filter) -> list[str]:
    if f.skolear:
        return [f.skolear]
    til = skolear_for_dato(_idag()).startar
    return [skolear_som_starter(ar).kode for ar in range(til - ANTALL_AR + 1, til + 1)]


def formidlingsgrad(f: Filter) -> Tabell:
    kolonner = (
        _("Skoleår"),
        _("Utdanningsprogram"),
        _("Søkere"),
        _("Fått lærekontrakt"),
        _("Formidlingsgrad"),
    )
    if _per_skole(f):
        return _tom(kolonner)
    kontrakt = Kontrakt.objects.filter(
        person_id=OuterRef("person_id"),
        godkjent_dato__isnull=False,
        laeretid_fra__year=OuterRef("ar"),
        godkjent_dato__year=OuterRef("ar"),
    ).exclude(status=Kontrakt.Status.ANNULLERT)
    db = (
        _avgrens(Formidling.objects.filter(skolear__kode__in=_arsrekke(f)), f)
        .filter(Q(onskenr=1) | Q(onskenr__isnull=True))
        .exclude(status__in=UTENFOR)
        .annotate(ar=ExtractYear("skolear__startdato"))
        .annotate(fikk=Exists(kontrakt))
        .values("ar", "skolear__kode", "programomrade__utdanningsprogram__navn")
        .annotate(
            sokere=Count("person_id", distinct=True),
            fikk_kontrakt=Count(
                Case(When(fikk=True, then="person_id"), output_field=IntegerField()), distinct=True
            ),
        )
        .order_by("ar", "programomrade__utdanningsprogram__navn")
    )
    rader = [
        (r["skolear__kode"], r["programomrade__utdanningsprogram__navn"] or _("Uten utdanningsprogram"),
         r["sokere"], r["fikk_kontrakt"], ps.andel(r["fikk_kontrakt"], r["sokere"]))
        for r in db
    ]  # fmt: skip
    flere_ar = len({r[0] for r in rader}) > 1
    return Tabell(
        kolonner=kolonner,
        rader=rader,
        # Over years: one line per programme; one year: bars per programme.
        diagram="linje" if flere_ar else "stolper",
        kategori_kolonne=0 if flere_ar else 1,
        serie_fra_kolonne=1 if flere_ar else 0,
        verdi_kolonne=4,
        enhet="%",
        forklaring=_(
            "Udirs indikator «Søkere som har fått lærekontrakt» (docs/fagopplaering/domene.md §10.2): søkere til "
            "læreplass i fylket med læreplass som 1. ønske, og søkere registrert for hånd (som har skaffet seg "
            "læreplass selv); trukne søkere og søkere som ikke svarte på tilbud er tatt ut. Fått lærekontrakt: en "
            "kontrakt (i hvilket som helst fylke) som både startet og ble godkjent i kalenderåret skoleåret "
            "starter, og som ikke er annullert. Søkeren telles under utdanningsprogrammet til lærefaget hen søkte. "
            "Formidlingsgrad = fått lærekontrakt / søkere, i prosent (%(dok)s)."
        )
        % {"dok": DOK},
    )


# --- 5. Prøver avlagt og bestått (fagopplaering.selectors.provestatistikk) ---------------------------------------
# ``provestatistikk.grunnlag`` scopes by user, not by a Filter, so the population is written here with its rules
# and constants (status vurdert, SSB school year of resultat_dato, BESTATT) and its year expression.
def _prover(f: Filter, fra_ar: int, til_ar: int) -> QuerySet:
    qs = Prove.objects.filter(
        status=Prove.Status.VURDERT,
        resultat_dato__gte=datetime.date(fra_ar, ps.START_MANED, 1),
        resultat_dato__lt=datetime.date(til_ar + 1, ps.START_MANED, 1),
    )
    return _avgrens(qs, f)


def _telling() -> dict:
    return {"avlagt": Count("pk"), "bestatt": Count("pk", filter=Q(resultat__in=ps.BESTATT))}


def _ssb_ar(f: Filter) -> int:
    """The chosen school year «2025-2026» is SSB's year from 1 October 2025; none chosen = the running one."""
    return skolear_for_kode(f.skolear).startar if f.skolear else ps.ssb_skolear(_idag())


def prover_per_ar(f: Filter) -> Tabell:
    kolonner = (_("Skoleår (1.10–30.9)"), _("Avlagt"), _("Bestått"), _("Andel bestått"))
    if _per_skole(f):
        return _tom(kolonner)
    if f.skolear:
        fra_ar = til_ar = _ssb_ar(f)
    else:
        fra_ar, til_ar = ps.standard_periode(_idag())
    db = {
        r["ar"]: r
        for r in _prover(f, fra_ar, til_ar).annotate(ar=ps.ar_uttrykk()).values("ar").annotate(**_telling())
        .order_by("ar")
    }  # fmt: skip
    # Every year in the range, also one without prøver, so a gap shows as zero.
    rader = []
    for ar in range(fra_ar, til_ar + 1):
        r = db.get(ar, {"avlagt": 0, "bestatt": 0})
        rader.append((ps.skolear_navn(ar), r["avlagt"], r["bestatt"], ps.andel(r["bestatt"], r["avlagt"])))
    return Tabell(
        kolonner=kolonner,
        rader=rader,
        diagram="stolper",
        kategori_kolonne=0,
        serie_kolonner=(1, 2),
        forklaring=f"{ps.FORKLARING} "
        + _("Fylket er fylket prøven er meldt opp til (%(dok)s).") % {"dok": DOK},
    )


def prover_per_laerefag(f: Filter) -> Tabell:
    kolonner = (_("Lærefag"), _("Avlagt"), _("Bestått"), _("Andel bestått"))
    if _per_skole(f):
        return _tom(kolonner)
    ar = _ssb_ar(f)
    db = (
        _prover(f, ar, ar)
        .values("programomrade__navn", "programomrade__kode")
        .annotate(**_telling())
        .order_by("-avlagt", "programomrade__navn", "programomrade__kode")
    )
    db = list(db)
    # The largest lærefag one by one, the tail summed (the chart stays readable; the sums stay right).
    rader = [
        (r["programomrade__navn"], r["avlagt"], r["bestatt"], ps.andel(r["bestatt"], r["avlagt"]))
        for r in db[:TOPP]
    ]
    if len(db) > TOPP:
        avlagt, bestatt = sum(r["avlagt"] for r in db[TOPP:]), sum(r["bestatt"] for r in db[TOPP:])
        rader.append((_("Andre lærefag"), avlagt, bestatt, ps.andel(bestatt, avlagt)))
    return Tabell(
        kolonner=kolonner,
        rader=rader,
        diagram="stolper",
        kategori_kolonne=0,
        serie_kolonner=(1, 2),
        forklaring=f"{ps.FORKLARING} "
        + _("Skoleåret %(ar)s (1. oktober %(start)s–30. september %(slutt)s). De %(topp)s lærefagene med flest "
            "avlagte prøver vises hver for seg, resten som «Andre lærefag». Fylket er fylket prøven er meldt opp "
            "til (%(dok)s).") % {"ar": ps.skolear_navn(ar), "start": ar, "slutt": ar + 1, "topp": TOPP, "dok": DOK},
    )  # fmt: skip


registrer(Nokkeltall(
    kode="kontrakter-lopende",
    tittel=gettext_lazy("Lærekontrakter løpende per lærefag"),
    omrade=OMRADE,
    beregn=kontrakter_lopende,
    beskrivelse=gettext_lazy("Kontrakter løpende 1. oktober (eller i dag) per lærefag og kandidattype."),
    filtre=FILTRE,
    tillatelse="fagopplaering.view_kontrakt",
))  # fmt: skip
registrer(Nokkeltall(
    kode="formidlingsgrad",
    tittel=gettext_lazy("Formidlingsgrad"),
    omrade=OMRADE,
    beregn=formidlingsgrad,
    beskrivelse=gettext_lazy("Andel søkere til læreplass som har fått lærekontrakt, per utdanningsprogram og år."),
    filtre=FILTRE,
    tillatelse="fagopplaering.view_formidling",
))  # fmt: skip
registrer(Nokkeltall(
    kode="prover-per-ar",
    tittel=gettext_lazy("Prøver avlagt og bestått per år"),
    omrade=OMRADE,
    beregn=prover_per_ar,
    beskrivelse=gettext_lazy("Fag-, svenne- og andre prøver avlagt og bestått per skoleår (1. oktober–30. september)."),
    filtre=FILTRE,
    tillatelse="fagopplaering.view_prove",
))  # fmt: skip
registrer(Nokkeltall(
    kode="prover-per-laerefag",
    tittel=gettext_lazy("Prøver bestått per lærefag"),
    omrade=OMRADE,
    beregn=prover_per_laerefag,
    beskrivelse=gettext_lazy("Prøver avlagt og bestått per lærefag i et skoleår (1. oktober–30. september)."),
    filtre=FILTRE,
    tillatelse="fagopplaering.view_prove",
))  # fmt: skip
