"""Write a run's placements, waitlists and thresholds as rows (COPY: a county run writes ~10⁵ rows in < 1 s)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection

from inntak.kjoring.snapshot import Grunnlag
from inntak.models import Inntakskjoring, Poenggrense, Tildeling, Venteliste
from inntak.models.inntakskjoring import GrenseStatus
from inntak.motor import Resultat, Snapshot
from inntak.motor.kvote import tilbud_og_kvote
from inntak.motor.modell import poeng_til_tekst


def _verdi(v: object) -> str:
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    return str(v)


def kopier(modell, kolonner: list[str], rader: Iterable[tuple]) -> int:
    """COPY rows into ``modell``'s table in chunks of 50 000 (bounded memory)."""
    tabell = connection.ops.quote_name(modell._meta.db_table)
    sql = f"COPY {tabell} ({', '.join(kolonner)}) FROM STDIN"
    antall = 0
    with connection.cursor() as c:
        buf = io.StringIO()
        i = 0
        for rad in rader:
            buf.write("\t".join(_verdi(v) for v in rad))
            buf.write("\n")
            i += 1
            if i % 50_000 == 0:
                buf.seek(0)
                c.cursor.copy_expert(sql, buf)
                buf = io.StringIO()
        buf.seek(0)
        if buf.getvalue():
            c.cursor.copy_expert(sql, buf)
        antall = i
    return antall


def skriv_rader(
    ik: Inntakskjoring, snapshot: Snapshot, resultat: Resultat, grunnlag: Grunnlag
) -> dict[str, int]:
    """Tildeling (one per søker), Venteliste and Poenggrense rows; returns the summary numbers."""
    tall = dict.fromkeys(
        ("antall_sokere", "antall_tildelt", "antall_onske1", "antall_onske2", "antall_onske3_pluss",
         "antall_utenfor_onsker", "antall_uten_plass", "antall_fast_plass"), 0,
    )  # fmt: skip
    tildelt_per_tilbud: dict[str, int] = {}
    beholdt_per_tilbud: dict[
        str, int
    ] = {}  # places kept from an earlier round, to tell "beholdt" from "fortrinn"

    def tildelinger():
        for s in snapshot.sokere:
            t = resultat.tildelinger.get(s.id)
            sid = int(s.id)
            tall["antall_sokere"] += 1
            if t is None:
                tall["antall_uten_plass"] += 1
                yield (ik.pk, sid, None, 0, ik.runde, False, False, "")
                continue
            ekte, kvote = tilbud_og_kvote(t.tilbud)
            nr = grunnlag.onske_nr(sid, int(ekte))
            tall["antall_tildelt"] += 1
            tildelt_per_tilbud[t.tilbud] = tildelt_per_tilbud.get(t.tilbud, 0) + 1
            fast = s.fast_plass is not None
            tall["antall_fast_plass"] += fast
            if t.tilbud == s.beholdt:
                beholdt_per_tilbud[t.tilbud] = beholdt_per_tilbud.get(t.tilbud, 0) + 1
            if nr == 0:
                tall["antall_utenfor_onsker"] += 1
            else:
                tall[
                    "antall_onske1" if nr == 1 else "antall_onske2" if nr == 2 else "antall_onske3_pluss"
                ] += 1
            yield (ik.pk, sid, int(ekte), nr, ik.runde, fast, t.tilbud == s.beholdt, kvote)

    kopier(Tildeling, ["inntakskjoring_id", "soknad_id", "tilbud_id", "onske_nr", "runde", "fast_plass",
                       "beholdt", "kvote"], tildelinger())  # fmt: skip

    # § 4-6: a søker placed in one of a tilbud's two quotas is not on the other's waitlist at the same tilbud.
    kvoter = {t.id for t in snapshot.tilbud if t.kvote_av is not None}
    plassert_ved: dict[str, str] = {}
    if kvoter:
        for sid, t in resultat.tildelinger.items():
            if t is not None:
                plassert_ved[sid] = tilbud_og_kvote(t.tilbud)[0]
    antall_venteliste: dict[str, int] = {}

    def ventelister():
        for tid, liste in resultat.ventelister.items():
            ekte, kvote = tilbud_og_kvote(tid)
            t = int(ekte)
            plass = 0
            for sid in liste:
                if plassert_ved and plassert_ved.get(sid) == ekte:
                    continue
                plass += 1
                yield (ik.pk, t, int(sid), plass, grunnlag.onske_nr(int(sid), t), kvote)
            antall_venteliste[tid] = plass

    kopier(
        Venteliste,
        ["inntakskjoring_id", "tilbud_id", "soknad_id", "plass", "onske_nr", "kvote"],
        ventelister(),
    )
    grenser = []
    for t in snapshot.tilbud:
        g = resultat.poenggrenser[t.id]
        status = g.status
        if status == GrenseStatus.FORTRINN and beholdt_per_tilbud.get(t.id):
            status = GrenseStatus.BEHOLDT  # the places are held from an earlier round (and maybe by vedtak)
        ekte, kvote = tilbud_og_kvote(t.id)
        grenser.append(
            Poenggrense(
                inntakskjoring=ik, tilbud_id=int(ekte), kvote=kvote, runde=ik.runde, status=status,
                poeng=None if g.poeng is None else Decimal(poeng_til_tekst(g.poeng)), plasser=t.plasser,
                antall_tildelt=tildelt_per_tilbud.get(t.id, 0), antall_venteliste=antall_venteliste.get(t.id, 0),
                overfylt=resultat.overfylt.get(t.id, 0),
            )
        )  # fmt: skip
    Poenggrense.objects.bulk_create(grenser, batch_size=2000)
    oppdater_statistikk(Tildeling, Venteliste, Poenggrense)
    return tall


def oppdater_statistikk(*modeller) -> None:
    """ANALYZE the tables a run just filled. The pages read a round at once after it is written (answers, lists);
    with the planner's statistics from before the COPY it can take a table of thousands for a handful of rows and
    choose nested loops that run for minutes. ANALYZE samples at most 30 000 rows a table, and it sees this
    transaction's own rows."""
    tabeller = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in modeller)
    with connection.cursor() as c:
        c.execute(f"ANALYZE {tabeller}")
