"""§ 4-6 quotas in a run built from the database (docs/regler.md, «Kvote etter § 4-6»).

The engine side is :mod:`inntak.motor.kvote`.

A tilbud with ``kvote_prosent`` > 0 and at least one applicant in the run with a ``Proveresultat`` for it is split
in the snapshot: the quota ``"<id>/prove"`` gets ``kvote_prosent`` % of the places (rounded down, at most half),
the tilbud keeps the rest. Each such applicant's wish to the tilbud is preceded by a wish to the quota with the
result as points and the wish's group. A place kept from the quota in an earlier round is kept in the quota.
Two queries, only for the county's tilbud with a quota.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from inntak.models import Proveresultat, Tilbud
from inntak.motor.kvote import kvote_id, kvoteplasser

_RESULTATER = """
SELECT pr.soknad_id, pr.tilbud_id, pr.poeng, t.kvote_prosent
  FROM {prove} pr JOIN {tilbud} t ON t.id = pr.tilbud_id
 WHERE t.id = ANY(%s) AND t.kvote_prosent > 0 AND t.inntakskrav <> ''
"""


def utvid_med_kvoter(snapshot: dict[str, Any], *, beholdt_i_kvote: set[int]) -> list[str]:
    """Split the quota tilbud of ``snapshot`` (a plain dict, changed in place); returns one note per quota.

    ``beholdt_i_kvote``: søknader whose place after the latest published round was won in a quota (read with the
    other earlier-round state in ``snapshot._tidligere_tilstand``)."""
    tilbud_ider = [int(t["id"]) for t in snapshot["tilbud"]]
    if not tilbud_ider:
        return []
    sql = _RESULTATER.format(
        prove=connection.ops.quote_name(Proveresultat._meta.db_table),
        tilbud=connection.ops.quote_name(Tilbud._meta.db_table),
    )
    with connection.cursor() as c:
        c.execute(sql, [tilbud_ider])
        rader = c.fetchall()
    if not rader:
        return []
    resultat: dict[tuple[str, str], str] = {}
    prosent: dict[str, int] = {}
    for sid, tid, poeng, pst in rader:
        resultat[(str(sid), str(tid))] = f"{poeng:.2f}"
        prosent[str(tid)] = pst

    def _tid(onske: Any) -> str:
        return onske if isinstance(onske, str) else onske["tilbud"]

    med_resultat: dict[str, int] = {}  # tilbud -> applicants in the run with a result who wish it
    for rad in snapshot["sokere"]:
        for onske in rad["onsker"]:
            if (rad["id"], _tid(onske)) in resultat:
                med_resultat[_tid(onske)] = med_resultat.get(_tid(onske), 0) + 1
    delt: dict[str, tuple[int, int]] = {}  # tilbud -> (quota places, places in all)
    for t in snapshot["tilbud"]:
        n = kvoteplasser(t["plasser"], prosent[t["id"]]) if t["id"] in med_resultat else 0
        if n:
            delt[t["id"]] = (n, t["plasser"])
    if not delt:
        return []

    tilbud: list[dict[str, Any]] = []
    for t in snapshot["tilbud"]:
        tilbud.append(t)
        if t["id"] in delt:
            n = delt[t["id"]][0]
            t["plasser"] -= n
            tilbud.append(
                {"id": kvote_id(t["id"]), "inntakskrav": "inntaksprove", "kvote_av": t["id"], "plasser": n}
            )
    snapshot["tilbud"] = tilbud

    for rad in snapshot["sokere"]:
        nye: list[Any] = []
        for onske in rad["onsker"]:
            tid = _tid(onske)
            prove = resultat.get((rad["id"], tid)) if tid in delt else None
            if prove is not None:
                kvote: dict[str, Any] = {"tilbud": kvote_id(tid), "poeng": prove}
                if isinstance(onske, dict) and "gruppe" in onske:
                    kvote["gruppe"] = onske["gruppe"]
                nye.append(kvote)
            nye.append(onske)
        rad["onsker"] = nye
        beholdt = rad.get("beholdt")
        if beholdt in delt and int(rad["id"]) in beholdt_i_kvote and (rad["id"], beholdt) in resultat:
            rad["beholdt"] = kvote_id(beholdt)  # a place won in the quota is kept in the quota
    return [
        f"Tilbud {tid}: {n} av {alle} plasser fordeles etter inntaksprøve eller dokumentert ferdighet (§ 4-6); "
        f"{med_resultat[tid]} søkere har resultat."
        for tid, (n, alle) in sorted(delt.items(), key=lambda x: int(x[0]))
    ]
