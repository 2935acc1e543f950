"""Reads of the intake run, always scoped with ``vigo.scoping.avgrens`` (county; school users see their tilbud)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from inntak.models import (
    Inntakskjoring,
    Poenggrense,
    Soknad,
    Svar,
    Tilbud,
    Tildeling,
    Venteliste,
)
from inntak.motor import Resultat, Snapshot, forklar, les_resultat, les_snapshot
from vigo.scoping import avgrens

GRUPPER_VG1 = {1: "fortrinn", 2: "ungdom med rett, heltid", 3: "ungdom med rett, deltid", 4: "gjesteelev",
               5: "ungdom uten rett", 6: "voksen med rett", 7: "voksen uten rett, ikke bestått",
               8: "voksen uten rett med kompetanse"}  # fmt: skip
GRUPPER_VG23 = {**GRUPPER_VG1, 5: "voksen med rett", 6: "ungdom uten rett"}


def gruppenavn(niva: str, gruppe: int | None) -> str:
    if gruppe is None:
        return "–"
    navn = (GRUPPER_VG1 if niva.upper() == "VG1" else GRUPPER_VG23).get(gruppe, "")
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
    ).order_by("tilbud__skole__navn", "tilbud__programomrade__kode")


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
        .order_by("plass")
    )


# --- "Why not wish 1?" -------------------------------------------------------------------------------------
_CACHE: OrderedDict[int, tuple[Snapshot, Resultat]] = OrderedDict()
_CACHE_STORRELSE = 3


def les_kjoring(ik_pk: int) -> tuple[Snapshot, Resultat]:
    """Parsed snapshot and result of a run (runs are immutable; a few are kept in memory per process)."""
    if ik_pk in _CACHE:
        _CACHE.move_to_end(ik_pk)
        return _CACHE[ik_pk]
    snap, res = Inntakskjoring.objects.filter(pk=ik_pk).values_list("snapshot", "resultat").get()
    verdi = (les_snapshot(snap), les_resultat(res))
    _CACHE[ik_pk] = verdi
    while len(_CACHE) > _CACHE_STORRELSE:
        _CACHE.popitem(last=False)
    return verdi


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
    snapshot, resultat = les_kjoring(ik.pk)
    try:
        linjer = forklar(snapshot, resultat, str(soknad.pk))
    except KeyError:
        return None
    ids = {int(r["tilbud"]) for r in linjer if r.get("tilbud")}
    navn = {tb.pk: tb for tb in Tilbud.objects.filter(pk__in=ids).select_related("skole", "programomrade")}
    onsker = dict(soknad.onsker.values_list("tilbud_id", "nr"))
    for r in linjer:
        r["poeng"] = komma(r.get("poeng"))
        if r.get("poenggrense"):
            r["poenggrense"]["poeng"] = komma(r["poenggrense"]["poeng"])
        if r.get("siste_inntatt"):
            r["siste_inntatt"]["poeng"] = komma(r["siste_inntatt"]["poeng"])
        tb = navn.get(int(r["tilbud"])) if r.get("tilbud") else None
        r["tilbud_obj"] = tb
        r["nr"] = onsker.get(tb.pk, 0) if tb else 0
        r["gruppe_tekst"] = gruppenavn(ik.niva, r.get("gruppe"))
        sist = r.get("siste_inntatt")
        r["siste_tekst"] = f"{gruppenavn(ik.niva, sist['gruppe'])}, {sist['poeng']} poeng" if sist else ""
    svar = Svar.objects.filter(inntakskjoring=ik, soknad=soknad).first()
    venter = list(Venteliste.objects.filter(inntakskjoring=ik, soknad=soknad).select_related(
        "tilbud__skole", "tilbud__programomrade").order_by("onske_nr"))  # fmt: skip
    return Forklaring(ik, t, linjer, svar, venter)


# --- Compare two runs ----------------------------------------------------------------------------------------
_FLYTTET = """
SELECT COALESCE(a.soknad_id, b.soknad_id), a.tilbud_id, a.onske_nr, b.tilbud_id, b.onske_nr
  FROM (SELECT * FROM {t} WHERE inntakskjoring_id = %s) a
  FULL OUTER JOIN (SELECT * FROM {t} WHERE inntakskjoring_id = %s) b ON a.soknad_id = b.soknad_id
 WHERE a.tilbud_id IS DISTINCT FROM b.tilbud_id
 ORDER BY 1
 LIMIT %s
"""


def sammenlign(a: Inntakskjoring, b: Inntakskjoring, bruker, grense: int = 2000) -> dict[str, Any]:
    """Søkere whose placement differs between two runs, and per-tilbud deltas (capacity, placed, threshold)."""
    with connection.cursor() as c:
        c.execute(
            _FLYTTET.format(t=connection.ops.quote_name(Tildeling._meta.db_table)), [a.pk, b.pk, grense + 1]
        )
        rader = c.fetchall()
    soknader = {s.pk: s for s in avgrens(Soknad.objects.filter(pk__in=[r[0] for r in rader]), bruker)
                .select_related("person", "poeng")}  # fmt: skip
    tilbud_ids = {r[i] for r in rader for i in (1, 3) if r[i]}
    tilbud = {
        t.pk: t for t in Tilbud.objects.filter(pk__in=tilbud_ids).select_related("skole", "programomrade")
    }
    flyttet = [
        {"soknad": soknader[sid], "fra": tilbud.get(ta), "fra_nr": na, "til": tilbud.get(tb), "til_nr": nb}
        for sid, ta, na, tb, nb in rader[:grense] if sid in soknader
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
    return {"flyttet": flyttet, "flere": len(rader) > grense, "deltaer": deltaer}


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
            "tilbud__programomrade__kode", "inntakskjoring__niva", "inntakskjoring__runde",
        )
        .order_by("inntakskjoring__niva", "runde", "tilbud__programomrade__navn", "tilbud__skole__navn")
    )  # fmt: skip


def svaroversikt(ik: Inntakskjoring, bruker) -> dict[str, Any]:
    from inntak.kjoring.svar import trenger_svar

    ma = trenger_svar(ik)
    svar = {s.soknad_id: s for s in Svar.objects.filter(inntakskjoring=ik)}
    telling: dict[str, int] = {}
    for s in svar.values():
        if s.svar:
            telling[s.get_svar_display()] = telling.get(s.get_svar_display(), 0) + 1
    mangler = [sid for sid in ma if not (svar.get(sid) and svar[sid].svar)]
    soknader = avgrens(Soknad.objects.filter(pk__in=mangler), bruker).select_related("person")
    rader = [
        {"soknad": s, "svar": svar.get(s.pk)} for s in soknader.order_by("person__etternavn", "pk")[:500]
    ]
    return {"ma_svare": len(ma), "telling": telling, "mangler": rader, "antall_mangler": len(mangler)}
