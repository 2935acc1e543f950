"""Reads of the intake run, always scoped with ``vigo.scoping.avgrens`` (county; school users see their tilbud)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from inntak.models import (
    Inntakskjoring,
    Poenggrense,
    Soknad,
    Svar,
    Tilbud,
    Tildeling,
    Venteliste,
)
from inntak.motor import prioritet
from inntak.motor.kvote import tilbud_og_kvote
from inntak.motor.prioritet_2024 import FORSKRIFT_2024, Regelsett2024, gruppenavn_2024
from vigo.scoping import avgrens


def gruppenavn(niva: str, gruppe: int | None, regelsett: str) -> str:
    """«2 (ungdom med rett, heltid)»: the group's label under the run's own rule set."""
    if gruppe is None:
        return "–"
    try:
        if regelsett == FORSKRIFT_2024:
            # Every group's label, also 8/9, which only the county reading voksenrett_som_rett=nei uses.
            navn = gruppenavn_2024(gruppe, Regelsett2024(voksenrett_som_rett=False))
        else:
            navn = prioritet.gruppenavn(niva.lower(), gruppe, regelsett)
    except ValueError:  # a rule set this version no longer knows: the number alone
        navn = ""
    return f"{gruppe} ({navn})" if navn else str(gruppe)


def komma(poeng: str | None) -> str | None:
    """Engine points "45.60" shown the Norwegian way, "45,60"."""
    return None if poeng is None else poeng.replace(".", ",")


def kjoringer_for(bruker) -> QuerySet[Inntakskjoring]:
    return avgrens(
        Inntakskjoring.objects.select_related("fylke", "skolear", "kjoring").defer("snapshot", "resultat"),
        bruker,
    )


def per_tilbud(ik: Inntakskjoring, bruker) -> QuerySet[Poenggrense]:
    return avgrens(
        Poenggrense.objects.filter(inntakskjoring=ik).select_related(
            "tilbud__skole", "tilbud__programomrade"
        ),
        bruker,
    ).order_by("tilbud__skole__navn", "tilbud__programomrade__kode", "kvote")


def fordeling(ik: Inntakskjoring) -> list[dict[str, Any]]:
    """Wish-number distribution for the bar chart (bars with label, count and width in %)."""
    rader = [("1. ønske", ik.antall_onske1), ("2. ønske", ik.antall_onske2), ("3. ønske eller lavere",
             ik.antall_onske3_pluss), ("Fast plass utenfor ønskene", ik.antall_utenfor_onsker),
             ("Uten plass", ik.antall_uten_plass)]  # fmt: skip
    storst = max([n for _, n in rader] + [1])
    return [
        {"navn": navn, "antall": n, "bredde": round(300 * n / storst), "y": i * 34,
         "prosent": round(100 * n / ik.antall_sokere, 1) if ik.antall_sokere else 0}
        for i, (navn, n) in enumerate(rader)
    ]  # fmt: skip


def tildelte(ik: Inntakskjoring, tilbud: Tilbud) -> QuerySet[Tildeling]:
    return (
        Tildeling.objects.filter(inntakskjoring=ik, tilbud=tilbud)
        .select_related("soknad__person", "soknad__poeng")
        .order_by("-fast_plass", "-beholdt", "-soknad__poeng__poeng", "soknad__person__etternavn")
    )


def venteliste(ik: Inntakskjoring, tilbud: Tilbud) -> QuerySet[Venteliste]:
    return (
        Venteliste.objects.filter(inntakskjoring=ik, tilbud=tilbud)
        .select_related("soknad__person", "soknad__poeng")
        .order_by("kvote", "plass")
    )


# --- "Why not wish 1?" -------------------------------------------------------------------------------------
@dataclass
class Forklaring:
    inntakskjoring: Inntakskjoring
    tildeling: Tildeling
    linjer: list[dict[str, Any]]
    svar: Svar | None
    venter_pa: list[Venteliste]


def siste_tildeling(soknad: Soknad, bruker) -> Tildeling | None:
    """The søknad's row in its latest published run, else in its latest simulation."""
    return (
        Tildeling.objects.filter(soknad=soknad, inntakskjoring__in=kjoringer_for(bruker))
        .select_related(
            "inntakskjoring__fylke", "inntakskjoring__skolear", "tilbud__skole", "tilbud__programomrade"
        )
        .defer("inntakskjoring__snapshot", "inntakskjoring__resultat")
        .order_by("-inntakskjoring__publisert", "-inntakskjoring__runde", "-inntakskjoring__opprettet")
        .first()
    )


def forklaring(soknad: Soknad, bruker) -> Forklaring | None:
    """Per wish: the engine's ``forklar`` with tilbud names and group labels, plus the round's answer."""
    t = siste_tildeling(soknad, bruker)
    if t is None:
        return None
    ik = t.inntakskjoring
    from inntak.kjoring.tidslinje import forklar_soker  # only the søker's part of the run (not les_kjoring)

    try:
        linjer = forklar_soker(ik.pk, soknad.pk)
    except KeyError:
        return None
    ids = {int(tilbud_og_kvote(r["tilbud"])[0]) for r in linjer if r.get("tilbud")}
    navn = {tb.pk: tb for tb in Tilbud.objects.filter(pk__in=ids).select_related("skole", "programomrade")}
    onsker = dict(soknad.onsker.values_list("tilbud_id", "nr"))
    for r in linjer:
        r["poeng"] = komma(r.get("poeng"))
        if r.get("poenggrense"):
            r["poenggrense"]["poeng"] = komma(r["poenggrense"]["poeng"])
        if r.get("siste_inntatt"):
            r["siste_inntatt"]["poeng"] = komma(r["siste_inntatt"]["poeng"])
        ekte, kvote = tilbud_og_kvote(r["tilbud"]) if r.get("tilbud") else ("", "")
        tb = navn.get(int(ekte)) if ekte else None
        r["tilbud_obj"] = tb
        r["kvote"] = (
            kvote  # § 4-6: the wish to the tilbud's inntaksprøve quota (its points are the test result)
        )
        r["nr"] = onsker.get(tb.pk, 0) if tb else 0
        r["gruppe_tekst"] = gruppenavn(ik.niva, r.get("gruppe"), ik.regelsett)
        sist = r.get("siste_inntatt")
        r["siste_tekst"] = (
            f"{gruppenavn(ik.niva, sist['gruppe'], ik.regelsett)}, {sist['poeng']} poeng" if sist else ""
        )
    svar = Svar.objects.filter(inntakskjoring=ik, soknad=soknad).first()
    venter = list(Venteliste.objects.filter(inntakskjoring=ik, soknad=soknad).select_related(
        "tilbud__skole", "tilbud__programomrade").order_by("onske_nr"))  # fmt: skip
    return Forklaring(ik, t, linjer, svar, venter)


# --- Compare two runs ----------------------------------------------------------------------------------------
RETNINGER = {
    "fikk_plass": "Fikk plass", "mistet_plass": "Mistet plassen", "bedre": "Høyere ønske",
    "verre": "Lavere ønske", "annen": "Annet tilbud, samme ønskenummer",
}  # fmt: skip

_FLYTTET = """
WITH a AS (SELECT soknad_id, tilbud_id, onske_nr FROM {t} WHERE inntakskjoring_id = %s),
     b AS (SELECT soknad_id, tilbud_id, onske_nr FROM {t} WHERE inntakskjoring_id = %s),
     f AS (
SELECT COALESCE(a.soknad_id, b.soknad_id) AS soknad_id, a.tilbud_id AS fra, a.onske_nr AS fra_nr,
       b.tilbud_id AS til, b.onske_nr AS til_nr,
       CASE WHEN a.tilbud_id IS NULL THEN 'fikk_plass' WHEN b.tilbud_id IS NULL THEN 'mistet_plass'
            WHEN b.onske_nr > 0 AND (a.onske_nr = 0 OR b.onske_nr < a.onske_nr) THEN 'bedre'
            WHEN a.onske_nr > 0 AND (b.onske_nr = 0 OR b.onske_nr > a.onske_nr) THEN 'verre'
            ELSE 'annen' END AS retning
  FROM a FULL OUTER JOIN b ON a.soknad_id = b.soknad_id
 WHERE a.tilbud_id IS DISTINCT FROM b.tilbud_id)
SELECT soknad_id, fra, fra_nr, til, til_nr, retning, COUNT(*) OVER () FROM f
 WHERE soknad_id IN ({synlige}) {filter}
 ORDER BY soknad_id LIMIT %s OFFSET %s
"""
_RETNINGER_SQL = """
WITH a AS (SELECT soknad_id, tilbud_id, onske_nr FROM {t} WHERE inntakskjoring_id = %s),
     b AS (SELECT soknad_id, tilbud_id, onske_nr FROM {t} WHERE inntakskjoring_id = %s)
SELECT CASE WHEN a.tilbud_id IS NULL THEN 'fikk_plass' WHEN b.tilbud_id IS NULL THEN 'mistet_plass'
            WHEN b.onske_nr > 0 AND (a.onske_nr = 0 OR b.onske_nr < a.onske_nr) THEN 'bedre'
            WHEN a.onske_nr > 0 AND (b.onske_nr = 0 OR b.onske_nr > a.onske_nr) THEN 'verre'
            ELSE 'annen' END, COUNT(*)
  FROM a FULL OUTER JOIN b ON a.soknad_id = b.soknad_id
 WHERE a.tilbud_id IS DISTINCT FROM b.tilbud_id AND COALESCE(a.soknad_id, b.soknad_id) IN ({synlige})
 GROUP BY 1
"""


def i_rekkefolge(x: Inntakskjoring, y: Inntakskjoring) -> tuple[Inntakskjoring, Inntakskjoring]:
    """(before, after): the comparison always reads from the older run to the newer one."""
    return (x, y) if (x.opprettet, x.pk) <= (y.opprettet, y.pk) else (y, x)


def totaler(ik: Inntakskjoring) -> dict[str, int]:
    return {
        "sokere": ik.antall_sokere, "tildelt": ik.antall_tildelt, "onske1": ik.antall_onske1,
        "onske2": ik.antall_onske2, "onske3": ik.antall_onske3_pluss, "utenfor": ik.antall_utenfor_onsker,
        "uten_plass": ik.antall_uten_plass,
        "rett_uten_plass": Tildeling.objects.filter(
            inntakskjoring=ik, tilbud__isnull=True, soknad__rettstatus="ungdomsrett").count(),
    }  # fmt: skip


def sammenlign(
    a: Inntakskjoring,
    b: Inntakskjoring,
    bruker,
    *,
    retning: str = "",
    tilbud_id: int | None = None,
    side: int = 1,
    per_side: int = 100,
) -> dict[str, Any]:
    """Run ``a`` (before) against ``b`` (after): totals side by side, per-tilbud changes, and the søkere who
    moved (filterable by direction and tilbud, paginated with the total count)."""
    t = connection.ops.quote_name(Tildeling._meta.db_table)
    try:
        synlige, synlige_params = avgrens(Soknad.objects.all(), bruker).values("pk").query.sql_with_params()
    except EmptyResultSet:
        synlige, synlige_params = "SELECT NULL::integer", ()
    filter_sql, filter_params = "", []
    if retning in RETNINGER:
        filter_sql += " AND retning = %s"
        filter_params.append(retning)
    if tilbud_id:
        filter_sql += " AND (fra = %s OR til = %s)"
        filter_params += [tilbud_id, tilbud_id]
    side = max(1, side)
    with connection.cursor() as c:
        c.execute(
            _FLYTTET.format(t=t, synlige=synlige, filter=filter_sql),
            [a.pk, b.pk, *synlige_params, *filter_params, per_side, (side - 1) * per_side],
        )
        rader = c.fetchall()
        c.execute(_RETNINGER_SQL.format(t=t, synlige=synlige), [a.pk, b.pk, *synlige_params])
        per_retning = dict(c.fetchall())
    antall = rader[0][6] if rader else 0
    soknader = {s.pk: s for s in Soknad.objects.filter(pk__in=[r[0] for r in rader])
                .select_related("person", "poeng")}  # fmt: skip
    tilbud_ids = {r[i] for r in rader for i in (1, 3) if r[i]}
    tilbud = {
        t.pk: t for t in Tilbud.objects.filter(pk__in=tilbud_ids).select_related("skole", "programomrade")
    }
    flyttet = [
        {"soknad": soknader[sid], "fra": tilbud.get(ta), "fra_nr": na, "til": tilbud.get(tb), "til_nr": nb,
         "retning": r, "retning_tekst": RETNINGER[r]}
        for sid, ta, na, tb, nb, r, _ in rader if sid in soknader
    ]  # fmt: skip
    ga = {g.tilbud_id: g for g in per_tilbud(a, bruker)}
    gb = {g.tilbud_id: g for g in per_tilbud(b, bruker)}
    deltaer = []
    for tid in sorted(set(ga) | set(gb), key=lambda t: str((ga.get(t) or gb.get(t)).tilbud)):
        x, y = ga.get(tid), gb.get(tid)
        if x and y and (x.plasser, x.antall_tildelt, x.poeng, x.status) == (y.plasser, y.antall_tildelt, y.poeng,
                                                                            y.status):  # fmt: skip
            continue
        deltaer.append({"tilbud": (x or y).tilbud, "a": x, "b": y,
                        "delta_tildelt": (y.antall_tildelt if y else 0) - (x.antall_tildelt if x else 0)})  # fmt: skip
    ta, tb = totaler(a), totaler(b)
    return {
        "flyttet": flyttet, "antall": antall, "side": side, "sider": max(1, -(-antall // per_side)),
        "per_side": per_side, "fra_nr": (side - 1) * per_side + 1 if antall else 0,
        "til_nr": min(side * per_side, antall), "per_retning": [(k, v, per_retning.get(k, 0)) for k, v in
                                                                  RETNINGER.items()],
        "totaler": [(navn, ta[k], tb[k], tb[k] - ta[k]) for k, navn in (
            ("sokere", "Søkere"), ("tildelt", "Tildelt plass"), ("onske1", "1. ønske"), ("onske2", "2. ønske"),
            ("onske3", "3. ønske eller lavere"), ("utenfor", "Fast plass utenfor ønskene"),
            ("uten_plass", "Uten plass"), ("rett_uten_plass", "Ungdomsrett uten plass"))],
        "deltaer": deltaer, "tilbudvalg": [d["tilbud"] for d in deltaer],
    }  # fmt: skip


# --- Rett guarantee ------------------------------------------------------------------------------------------
def rett_uten_plass(ik: Inntakskjoring, bruker) -> list[dict[str, Any]]:
    """Applicants with ungdomsrett and no place in the run, with the utdanningsprogram of their first three."""
    qs = avgrens(
        Soknad.objects.filter(tildelinger__inntakskjoring=ik, tildelinger__tilbud__isnull=True,
                              rettstatus="ungdomsrett"),
        bruker,
    ).select_related("person", "poeng").prefetch_related("onsker__tilbud__programomrade__utdanningsprogram",
                                                         "onsker__tilbud__skole")  # fmt: skip
    ut = []
    for s in qs.order_by("person__etternavn", "person__fornavn", "pk"):
        programmer: list[str] = []
        for o in sorted(s.onsker.all(), key=lambda o: o.nr):
            up = o.tilbud.programomrade.utdanningsprogram
            navn = up.navn if up else o.tilbud.programomrade.navn
            if navn not in programmer:
                programmer.append(navn)
        ut.append({"soknad": s, "programmer": programmer[:3], "antall_onsker": len(s.onsker.all())})
    return ut


# --- Public thresholds --------------------------------------------------------------------------------------
def publiserte_grenser(fylke_id: int, skolear_id: int, runde: int | None = None) -> QuerySet[Poenggrense]:
    """Published thresholds (public page, no login): no personal data, only tilbud-level numbers."""
    qs = Poenggrense.objects.filter(
        inntakskjoring__publisert=True,
        inntakskjoring__fylke_id=fylke_id,
        inntakskjoring__skolear_id=skolear_id,
    )
    if runde:
        qs = qs.filter(runde=runde)
    # Only the run's niva: select_related("inntakskjoring") would pull every run's snapshot and result JSON into
    # each row of a public page (98 s and several GB after a few rounds).
    return (
        qs.select_related("tilbud__skole", "tilbud__programomrade", "inntakskjoring")
        .only(
            "runde", "status", "poeng", "plasser", "antall_tildelt", "antall_venteliste", "overfylt",
            "tilbud__skole__navn", "tilbud__programomrade__navn",
            "tilbud__programomrade__kode", "inntakskjoring__niva", "inntakskjoring__runde", "kvote",
        )
        .order_by("inntakskjoring__niva", "runde", "tilbud__programomrade__navn", "tilbud__skole__navn", "kvote")
    )  # fmt: skip


# --- Publishing: what will be sent --------------------------------------------------------------------------
def publiseringsgrunnlag(ik: Inntakskjoring) -> dict[str, Any]:
    """The numbers a caseworker confirms before a round reaches the applicants (county-level, no names)."""
    from inntak.kjoring.svar import trenger_svar

    tildelt = Tildeling.objects.filter(inntakskjoring=ik)
    return {
        "per_onske": [
            ("1. ønske", ik.antall_onske1),
            ("2. ønske", ik.antall_onske2),
            ("3. ønske eller lavere", ik.antall_onske3_pluss),
            ("Fast plass utenfor ønskene", ik.antall_utenfor_onsker),
        ],  # fmt: skip
        "uten_plass": ik.antall_uten_plass,
        "rett_uten_plass": tildelt.filter(tilbud__isnull=True, soknad__rettstatus="ungdomsrett").count(),
        "apne_vedtak": tildelt.filter(
            soknad__behandlingskategori__gruppe__in=("fortrinn", "individuell"), soknad__vedtak__isnull=True
        ).count(),
        "bare_venteliste": tildelt.filter(tilbud__isnull=True, soknad__ventelister__inntakskjoring=ik)
        .values("soknad_id")
        .distinct()
        .count(),
        "ma_svare": len(trenger_svar(ik)),
        "beholdt": tildelt.filter(beholdt=True).count(),
    }


def endret_kapasitet(ik: Inntakskjoring) -> list[dict[str, Any]]:
    """A simulation's capacity changes by tilbud name: today's capacity → the simulated one."""
    endring = {int(k): v for k, v in (ik.kapasitetsoverstyring or {}).items() if str(k).isdigit()}
    tilbud = Tilbud.objects.filter(pk__in=endring).select_related("skole", "programomrade")
    return [
        {"tilbud": t, "fra": t.plasser, "til": endring[t.pk]}
        for t in sorted(tilbud, key=lambda t: (t.skole.navn, t.programomrade.navn))
    ]


def kapasitetstabell(bruker, fylke, skolear_kode: str | None, niva: str | None) -> list[dict[str, Any]]:
    """The county's open tilbud of a skoleår and nivå for the capacity table of a new simulation."""
    if not skolear_kode or not niva:
        return []
    qs = (
        avgrens(Tilbud.objects.select_related("skole", "programomrade"), bruker)
        .filter(fylke=fylke, skolear__kode=skolear_kode, programomrade__niva__iexact=niva, status="apen")
        .order_by("skole__navn", "programomrade__navn")
        .only("pk", "plasser", "skole__navn", "programomrade__navn", "programomrade__kode")
    )
    return [{"tilbud": t, "plasser": t.plasser, "ny": t.plasser} for t in qs]


def les_kapasitetstabell(rader: list[dict[str, Any]], data) -> tuple[dict[int, int], list[str]]:
    """(tilbud-id -> new capacity where it differs from today, errors naming the tilbud)."""
    endringer: dict[int, int] = {}
    feil: list[str] = []
    for rad in rader:
        t = rad["tilbud"]
        verdi = (data.get(f"kap_{t.pk}") or "").strip().replace(" ", "").replace("\xa0", "")
        if verdi == "":
            continue
        if not verdi.isdigit() or int(verdi) > 10_000:
            feil.append(f"{t.skole.navn} – {t.programomrade.navn}: kapasiteten må være et helt tall fra 0 til "
                        f"10 000 (fikk «{verdi[:20]}»).")  # fmt: skip
        elif int(verdi) != t.plasser:
            endringer[t.pk] = int(verdi)
    return endringer, feil


def publiserte_runder(fylke_id: int, skolear_id: int) -> list[int]:
    return sorted(
        Inntakskjoring.objects.filter(fylke_id=fylke_id, skolear_id=skolear_id, publisert=True)
        .values_list("runde", flat=True)
        .distinct()
    )


def publiserte_grenser_gruppert(
    fylke_id: int, skolear_id: int, runde: int | None, sok: str = ""
) -> list[dict[str, Any]]:
    """The public thresholds as plain rows grouped per nivå and round (no model instances: a county's every
    round is about a thousand rows). ``sok`` matches school or programområde names."""
    from django.db.models import Q

    from inntak.models.inntakskjoring import GrenseStatus
    from inntak.models.soknad import Niva

    qs = publiserte_grenser(fylke_id, skolear_id, runde)
    if sok:
        qs = qs.filter(Q(tilbud__skole__navn__icontains=sok) | Q(tilbud__programomrade__navn__icontains=sok))
    status = dict(GrenseStatus.choices)
    nivaer = dict(Niva.choices)
    grupper: dict[tuple[str, int], dict[str, Any]] = {}
    for niva, r, po, skole, plasser, st, poeng, kvote in qs.values_list(
        "inntakskjoring__niva", "runde", "tilbud__programomrade__navn", "tilbud__skole__navn", "plasser",
        "status", "poeng", "kvote",
    ):  # fmt: skip
        gruppe = grupper.setdefault((niva, r), {"niva": nivaer.get(niva, niva), "runde": r, "rader": []})
        grense = (
            komma(f"{poeng:.2f}") if st == GrenseStatus.POENG and poeng is not None else status.get(st, st)
        )
        if kvote:  # § 4-6: the inntaksprøve quota's threshold is a test result, not points
            po = _("%(po)s – kvote for inntaksprøve") % {"po": po}
            if st == GrenseStatus.POENG:
                grense = _("%(grense)s (resultat på inntaksprøven)") % {"grense": grense}
        gruppe["rader"].append((po, skole, plasser, grense))
    return list(grupper.values())
