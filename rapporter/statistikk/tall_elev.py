"""Key figures from the student register (docs/statistikk.md «Elever»; docs/elev.md): pupils per elevstatus and
utdanningsprogram, kursprosent in bands, and how much of the right (rett) has been used.

Every figure is one ``GROUP BY`` over ``Elevforhold`` (the elevkurs) with every filter of ``Filter`` applied in
SQL: the county and school scope through the school of the elevkurs (``Elevforhold.scoping``), the chosen school,
the utdanningsprogram of the programområde and the school year. Counts only: no person leaves the database."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inntak.elev.models import Elevforhold, Rett
from kodeverk.models import Skolear
from kodeverk.skolear import skolear_for_dato
from rapporter.statistikk.figur import Filter, Nokkeltall, Tabell, registrer

OMRADE = "Elever"
DOK = "docs/statistikk.md"


def _idag():
    return timezone.localdate()


# --- Shared: the scoped population and the default school year ------------------------------------------------
def elevkurs(f: Filter) -> QuerySet:
    """The elevkurs inside the filter, every school year (the caller picks the year)."""
    qs = Elevforhold.objects.all()
    if f.fylke_ider is not None:
        qs = qs.filter(skole__fylke_id__in=f.fylke_ider)
    if f.skole_ider is not None:
        qs = qs.filter(skole_id__in=f.skole_ider)
    if f.skole_id is not None:
        qs = qs.filter(skole_id=f.skole_id)
    if f.utdanningsprogram:
        qs = qs.filter(programomrade__utdanningsprogram__kode=f.utdanningsprogram)
    return qs


def valgt_skolear(f: Filter, qs: QuerySet) -> str:
    """The chosen school year, else the newest one with elevkurs in the filter that has started (early in August
    the new year has no SAS data yet, so the previous year is shown); else the running one. One small query:
    the EXISTS stops at the first elevkurs of each year."""
    if f.skolear:
        return f.skolear
    naa = skolear_for_dato(_idag()).kode
    kode = (
        Skolear.objects.filter(kode__lte=naa)
        .filter(Exists(qs.filter(skolear=OuterRef("pk"))))
        .order_by("-kode")
        .values_list("kode", flat=True)
        .first()
    )
    return kode or naa


def _program_navn(navn: str | None) -> str:
    return navn or _("Uten utdanningsprogram")


# --- 1. Elever per elevstatus og utdanningsprogram --------------------------------------------------------------
def elever_per_elevstatus(f: Filter) -> Tabell:
    qs = elevkurs(f)
    ar = valgt_skolear(f, qs)
    rader_db = (
        qs.filter(skolear__kode=ar)
        .values("programomrade__utdanningsprogram__navn", "elevstatus__kode", "elevstatus__navn")
        .annotate(antall=Count("pk"))
        .order_by("programomrade__utdanningsprogram__navn", "elevstatus__kode")
    )
    rader = [
        (_program_navn(r["programomrade__utdanningsprogram__navn"]), r["elevstatus__navn"] or _("Ikke beregnet"),
         r["antall"])
        for r in rader_db
    ]  # fmt: skip
    return Tabell(
        kolonner=(_("Utdanningsprogram"), _("Elevstatus"), _("Antall elevkurs")),
        rader=rader,
        diagram="stablet",
        kategori_kolonne=0,
        serie_fra_kolonne=1,
        verdi_kolonne=2,
        forklaring=_(
            "Elevkurs i skoleåret %(ar)s per utdanningsprogram (programområdets) og elevstatus slik jobben 5A020 "
            "beregnet den, en manuelt satt elevstatus medregnet (docs/elev.md §2, §9). En elev med to elevkurs "
            "samme år telles to ganger. «Ikke beregnet» er elevkurs som ikke har elevstatus ennå (%(dok)s)."
        )
        % {"ar": ar, "dok": DOK},
    )


# --- 2. Kursprosent per utdanningsprogram -----------------------------------------------------------------------
def _baand() -> list[str]:
    return [_("0 %"), _("1–49 %"), _("50–99 %"), _("100 %"), _("Over 100 %"), _("Ukjent")]


# The bands as one CASE in SQL (index into _baand()). Values between whole numbers fall in the band below the
# next bound (e.g. 49,5 in «1–49 %»), since the job rounds to whole percent by default (docs/elev.md §3.6).
BAAND_SQL = Case(
    When(kursprosent__isnull=True, then=Value(5)),
    When(kursprosent=0, then=Value(0)),
    When(kursprosent__lt=50, then=Value(1)),
    When(kursprosent__lt=100, then=Value(2)),
    When(kursprosent=100, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def kursprosent(f: Filter) -> Tabell:
    qs = elevkurs(f)
    ar = valgt_skolear(f, qs)
    rader_db = (
        qs.filter(skolear__kode=ar)
        .annotate(baand=BAAND_SQL)
        .values("programomrade__utdanningsprogram__navn", "baand")
        .annotate(antall=Count("pk"))
        .order_by("programomrade__utdanningsprogram__navn", "baand")
    )
    navn = _baand()
    rader = [(_program_navn(r["programomrade__utdanningsprogram__navn"]), navn[r["baand"]], r["antall"])
             for r in rader_db]  # fmt: skip
    return Tabell(
        kolonner=(_("Utdanningsprogram"), _("Kursprosent"), _("Antall elevkurs")),
        rader=rader,
        diagram="stablet",
        kategori_kolonne=0,
        serie_fra_kolonne=1,
        verdi_kolonne=2,
        forklaring=_(
            "Elevkurs i skoleåret %(ar)s per utdanningsprogram, gruppert etter kursprosenten jobben 5A020 "
            "beregnet: andelen av programområdets årstimer eleven følger (docs/elev.md §3). Etter gammel lov bruker "
            "et elevkurs med kursprosent høyst en tredjedel ikke av retten (docs/elev.md §5.5). «Ukjent» er elevkurs uten "
            "kursprosent, for eksempel fordi programområdet mangler årstimer (docs/elev.md §9.3). Over 100 prosent "
            "forekommer bare når fylket har slått av taket på 100 (%(dok)s)."
        )
        % {"ar": ar, "dok": DOK},
    )


# --- 3. Brukt rett ----------------------------------------------------------------------------------------------
def _rettstyper() -> dict[str, str]:
    return {"U": _("Ungdomsrett"), "V": _("Voksenrett"), "F": _("Fullføringsrett")}


def _ar_brukt_navn(ar: int | None) -> str:
    if ar is None:
        return _("Ikke beregnet")
    if ar >= 4:
        return _("4 år eller mer")
    return _("%(n)s år") % {"n": ar}


def brukt_rett(f: Filter) -> Tabell:
    """Persons with an elevkurs in the filter and the year, by the right 5A019 stored for them for that year
    (``Rett``: rettstype and år brukt before the year). One statement on the scoped elevkurs (the ORM's SQL, so the
    filters are the same as the other figures)."""
    qs = elevkurs(f)
    ar = valgt_skolear(f, qs)
    # The year as a one-time subquery (an InitPlan), not a join: this figure reads the scoped elevkurs twice.
    ar_id = Subquery(Skolear.objects.filter(kode=ar).values("pk")[:1])
    indre, params = (
        qs.filter(skolear_id=ar_id).values("person_id", "skolear_id").order_by().query.sql_with_params()
    )
    rett = Rett._meta.db_table
    # The rights of the persons with a scoped elevkurs are found with a semi-join (``Rett`` is unique per person and
    # year, so nobody is counted twice without a DISTINCT over every elevkurs, which is slower at 200 000 pupils:
    # bench/statistikk_bench.py), the persons without a right for the year («Ikke beregnet») with an anti-join.
    # CASE rather than LEAST(): LEAST skips NULL in PostgreSQL and would turn «no Rett row» into 4 years.
    sql = (
        f"SELECT r.rettstype, CASE WHEN r.ar_brukt >= 4 THEN 4 ELSE r.ar_brukt END AS ar, COUNT(*) FROM {rett} r "
        f"WHERE r.skolear_id = (SELECT id FROM {Skolear._meta.db_table} WHERE kode = %s) "
        f"AND r.person_id IN (SELECT e.person_id FROM ({indre}) e) GROUP BY 1, 2 "
        f"UNION ALL SELECT NULL, NULL, COUNT(DISTINCT e.person_id) FROM ({indre}) e WHERE NOT EXISTS "
        f"(SELECT 1 FROM {rett} r WHERE r.person_id = e.person_id AND r.skolear_id = e.skolear_id) "
        f"HAVING COUNT(DISTINCT e.person_id) > 0 ORDER BY 2 NULLS LAST, 1 NULLS LAST"
    )
    with connection.cursor() as c:
        c.execute(sql, (ar, *params, *params))
        db = c.fetchall()
    typer = _rettstyper()
    rader = []
    for rettstype, brukt, antall in db:
        if brukt is None:  # no Rett row: 5A019 has not run for the person and year
            serie = _("Ikke beregnet")
        else:
            serie = typer.get(rettstype or "", _("Uten rett (eller ukjent)"))
        rader.append((_ar_brukt_navn(brukt), serie, antall))
    return Tabell(
        kolonner=(_("År av retten brukt før skoleåret"), _("Rettstype"), _("Antall elever")),
        rader=rader,
        diagram="stablet",
        kategori_kolonne=0,
        serie_fra_kolonne=1,
        verdi_kolonne=2,
        forklaring=_(
            "Elever (personer) med elevkurs i utvalget i skoleåret %(ar)s, etter retten jobben 5A019 regnet for "
            "skoleåret: rettstype ved inntak (U ungdomsrett, V voksenrett, F fullføringsrett) og antall år av "
            "retten brukt i tidligere skoleår (docs/elev.md §5.4–§5.5, §10). Et år brukes ikke når kursprosenten "
            "er høyst 1/3, ved avbrudd før telledatoen eller i innføringsår. Etter ny lov (fra 2024-2025) regnes "
            "brukte år bare til statistikk. «Ikke beregnet»: 5A019 har ikke kjørt for personen og året (%(dok)s)."
        )
        % {"ar": ar, "dok": DOK},
    )


FILTRE = ("skolear", "skole", "utdanningsprogram")

registrer(Nokkeltall(
    kode="elever-per-elevstatus",
    tittel=gettext_lazy("Elever per elevstatus og utdanningsprogram"),
    omrade=OMRADE,
    beregn=elever_per_elevstatus,
    beskrivelse=gettext_lazy("Elevkurs i et skoleår per utdanningsprogram, delt på elevstatus."),
    filtre=FILTRE,
))  # fmt: skip
registrer(Nokkeltall(
    kode="kursprosent",
    tittel=gettext_lazy("Kursprosent per utdanningsprogram"),
    omrade=OMRADE,
    beregn=kursprosent,
    beskrivelse=gettext_lazy("Elevkurs i et skoleår per utdanningsprogram, gruppert etter kursprosent."),
    filtre=FILTRE,
))  # fmt: skip
registrer(Nokkeltall(
    kode="brukt-rett",
    tittel=gettext_lazy("Rett og brukte år"),
    omrade=OMRADE,
    beregn=brukt_rett,
    beskrivelse=gettext_lazy("Elever i et skoleår etter rettstype og hvor mange år av retten de har brukt."),
    filtre=FILTRE,
))  # fmt: skip
