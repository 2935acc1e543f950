"""Lærlingtilskudd for a county and a period: the one writer of Tilskuddsberegning, Tilskuddslinje and
Tilskuddsutbetaling (docs/fagopplaering/tilskudd.md; docs/fagopplaering/domene.md §8).

``beregn`` is set-based: one ``INSERT … SELECT`` over ``generate_series`` of the months writes a line per contract
and month, subtracting avbrudd days with PostgreSQL's date multiranges, and one more statement sums the lines per
company. The SQL is the rule of ``fagopplaering.regler.tilskudd`` written for the database; the tests compare the two
on varied contracts, and the tilskudd job (5A113) compares them again for every line it explains.

The rates are read per month from the parameters of the month's school year (August–July): the first half-year
(January–June) lies in one school year, the second (July–December) takes July from the school year that ends and
August–December from the one that starts. When tilskudd starts (``fagopplaering.tilskudd_start``) is read from the
school year of the period's first month.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from fagopplaering.models import (
    Avbrudd,
    Hendelsestype,
    Kontrakt,
    Kontraktstype,
    Tilskuddsberegning,
    Tilskuddslinje,
    Tilskuddsutbetaling,
)
from fagopplaering.regler import tilskudd as regel
from fagopplaering.regler.datoer import maneder
from fagopplaering.services.felles import hendelse, krev

SATS_BT1 = "fagopplaering.basistilskudd_1"
SATS_BT2 = "fagopplaering.basistilskudd_2"
SATS_LK = "fagopplaering.tilskudd_laerekandidat"
START = "fagopplaering.tilskudd_start"
SATSNAVN = {
    SATS_BT1: "Basistilskudd I",
    SATS_BT2: "Basistilskudd II",
    SATS_LK: "Tilskudd for lærekandidat",
}


def _t(modell) -> str:
    return connection.ops.quote_name(modell._meta.db_table)


def skolear_for_maned(maned: datetime.date) -> str:
    """The school year (code) a month belongs to for the rates: August starts a school year."""
    start = maned.year if maned.month >= 8 else maned.year - 1
    return f"{start}-{start + 1}"


def les_satser(fylke_id: int, fra: datetime.date, til: datetime.date) -> dict[str, Any]:
    """The rates of every month in [fra, til] and the start rule, as stored on the computation (``satser``):
    ``{"tilskudd_start": …, "skolear": {kode: {bt1, bt2, lk}}, "maneder": {"2026-01-01": kode}}``."""
    from vigo.parametere.selectors import parametere

    koder = sorted({skolear_for_maned(m) for m in maneder(fra, til)})
    per_ar = {}
    for kode in koder:
        p = parametere(fylke_id, kode, "fagopplaering")
        per_ar[kode] = {"bt1": str(p[SATS_BT1]), "bt2": str(p[SATS_BT2]), "lk": str(p[SATS_LK])}
    start = parametere(fylke_id, skolear_for_maned(fra), "fagopplaering")[START]
    return {
        "tilskudd_start": start,
        "skolear": per_ar,
        "maneder": {m.isoformat(): skolear_for_maned(m) for m in maneder(fra, til)},
    }


def satser_for(satser: dict[str, Any]):
    """``maned -> regel.Satser`` from the stored ``satser`` of a computation."""

    lest: dict[datetime.date, regel.Satser] = {}

    def hent(maned: datetime.date) -> regel.Satser:
        if maned not in lest:
            kode = satser["maneder"].get(maned.isoformat()) or skolear_for_maned(maned)
            s = satser["skolear"][kode]
            lest[maned] = regel.Satser(Decimal(s["bt1"]), Decimal(s["bt2"]), Decimal(s["lk"]), skolear=kode)
        return lest[maned]

    hent.startregel = satser.get("tilskudd_start", regel.FRA_LAERETID)
    return hent


def sjekk_satser(satser: dict[str, Any], *, lk_brukt: bool = False) -> None:
    """ValidationError naming every rate not set (0 kr) that the computation needs: BT1 and BT2 always, the
    lærekandidat addition when a lærekandidat gets tilskudd in the period."""
    mangler = []
    for kode, s in sorted(satser["skolear"].items()):
        for nokkel, felt in ((SATS_BT1, "bt1"), (SATS_BT2, "bt2")) + (((SATS_LK, "lk"),) if lk_brukt else ()):
            if Decimal(s[felt]) <= 0:
                mangler.append(
                    _("«%(navn)s» er ikke fastsatt for skoleåret %(ar)s (systemparameter %(nokkel)s).")
                    % {"navn": SATSNAVN[nokkel], "ar": kode, "nokkel": nokkel}
                )
    if mangler:
        raise ValidationError(
            [_("Tilskuddet kan ikke beregnes før satsene er satt:")]
            + mangler
            + [_("Sett satsene under Systemparametere, området Fagopplæring.")]
        )


def sjekk_periode(fra: datetime.date, til: datetime.date) -> None:
    feil = regel.sjekk_periode(fra, til)
    if feil:
        raise ValidationError(feil)


# --- The set-based rule -----------------------------------------------------------------------------------------
# Parameters: beregning, fylke, fra, til, start ('laeretid_fra' | 'maned_for_godkjenning') and one array per
# month of the period (maneder, bt1, bt2, lk) with the rates of the month's school year. Column for column this is
# fagopplaering.regler.tilskudd: utelukket (WHERE of k), tilskudd_fra/tilskudd_til (s, e), lopende_dager (dager),
# manedssats (sats), beregn_maned (belop).
_LINJER_SQL = """
WITH satser AS (
    SELECT * FROM unnest(%(maneder)s::date[], %(bt1)s::numeric[], %(bt2)s::numeric[], %(lk)s::numeric[])
        AS s(maned, bt1, bt2, lk)
),
mnd AS (
    SELECT g.m::date AS maned, (g.m + interval '1 month' - interval '1 day')::date AS slutt,
           extract(day FROM g.m + interval '1 month' - interval '1 day')::int AS dim, s.bt1, s.bt2, s.lk
    FROM generate_series(%(fra)s::date, %(til)s::date, interval '1 month') AS g(m)
    JOIN satser s ON s.maned = g.m::date
),
k0 AS (
    SELECT k.id, k.bedrift_id,
           CASE WHEN kt.kandidattype = 'fagbrev_pa_jobb' OR NOT k.ungdomsrett THEN 'BT2' ELSE 'BT1' END AS grunn,
           kt.kandidattype = 'laerekandidat' AS kandidat,
           greatest(k.netto_laeretid_mnd - k.godskriving_mnd, 0) AS mnd_bedrift,
           k.netto_opplaeringstid_mnd AS opp,
           CASE WHEN %(start)s = 'maned_for_godkjenning'
                THEN greatest(k.laeretid_fra, (date_trunc('month', k.godkjent_dato) - interval '1 month')::date)
                ELSE k.laeretid_fra END AS s,
           CASE WHEN k.avsluttet_dato IS NOT NULL THEN least(k.laeretid_til, k.avsluttet_dato)
                ELSE k.laeretid_til END AS e
    FROM {kontrakt} k
    JOIN {kontraktstype} kt ON kt.id = k.kontraktstype_id
    WHERE k.fylke_id = %(fylke)s
      AND k.status IN ('godkjent', 'avsluttet') AND k.godkjent_dato IS NOT NULL
      AND k.tilskudd AND kt.gir_tilskudd
      AND k.laeretid_fra <= %(til)s AND k.laeretid_til >= %(fra)s
),
k AS (SELECT * FROM k0 WHERE s <= e AND s <= %(til)s AND e >= %(fra)s),
a AS (
    SELECT av.kontrakt_id, range_agg(daterange(av.fra, av.til, '[]')) AS mr
    FROM {avbrudd} av
    WHERE av.kontrakt_id IN (SELECT id FROM k)
    GROUP BY av.kontrakt_id
),
x AS (
    SELECT k.id, k.bedrift_id, k.grunn, k.kandidat, k.mnd_bedrift, k.opp, m.maned, m.dim, m.bt1, m.bt2, m.lk,
           (SELECT coalesce(sum(upper(r) - lower(r)), 0)
            FROM unnest(datemultirange(daterange(greatest(k.s, m.maned), least(k.e, m.slutt), '[]'))
                        - coalesce(a.mr, '{{}}'::datemultirange)) AS r) AS dager
    FROM k
    JOIN mnd m ON m.maned <= k.e AND m.slutt >= k.s
    LEFT JOIN a ON a.kontrakt_id = k.id
),
y AS (
    SELECT x.*,
           CASE WHEN grunn = 'BT1'
                THEN round(CASE WHEN opp IS NOT NULL AND mnd_bedrift > 0 AND opp < mnd_bedrift
                                THEN bt1 * opp / (12 * mnd_bedrift) ELSE bt1 / 12 END, 2)
                ELSE round(bt2, 2) END
           + CASE WHEN kandidat THEN round(lk / 12, 2) ELSE 0 END AS sats
    FROM x
    WHERE dager > 0
)
INSERT INTO {linje} (beregning_id, kontrakt_id, bedrift_id, maned, ordning, dager, dager_i_maned, sats, belop)
SELECT %(beregning)s, id, bedrift_id, maned, CASE WHEN kandidat THEN 'LK' ELSE grunn END, dager, dim, sats,
       round(sats * dager / dim, 2)
FROM y
"""

_UTBETALING_SQL = """
INSERT INTO {utbetaling} (beregning_id, bedrift_id, antall_kontrakter, belop)
SELECT beregning_id, bedrift_id, count(DISTINCT kontrakt_id), sum(belop)
FROM {linje} WHERE beregning_id = %(beregning)s
GROUP BY beregning_id, bedrift_id
"""

_SUM_SQL = """
SELECT count(DISTINCT kontrakt_id), count(DISTINCT bedrift_id), coalesce(sum(belop), 0),
       array_agg(DISTINCT maned) FILTER (WHERE ordning = 'LK')
FROM {linje} WHERE beregning_id = %(beregning)s
"""


def _sql(mal: str) -> str:
    return mal.format(
        kontrakt=_t(Kontrakt), kontraktstype=_t(Kontraktstype), avbrudd=_t(Avbrudd), linje=_t(Tilskuddslinje),
        utbetaling=_t(Tilskuddsutbetaling),
    )  # fmt: skip


def _slett(beregning_ider: list[int]) -> None:
    """Earlier computations of the same county and period, set-based (the ORM's cascade would load every line)."""
    if not beregning_ider:
        return
    with connection.cursor() as c:
        for tabell in (Tilskuddslinje, Tilskuddsutbetaling, Tilskuddsberegning):
            kolonne = "id" if tabell is Tilskuddsberegning else "beregning_id"
            c.execute(f"DELETE FROM {_t(tabell)} WHERE {kolonne} = ANY(%s)", [beregning_ider])


@transaction.atomic
def beregn(
    bruker, *, fylke_id: int, fra: datetime.date, til: datetime.date, kjoring=None
) -> Tilskuddsberegning:
    """Compute the tilskudd of every contract of the county for the whole months in [fra, til].

    A new computation of the same county and period replaces the earlier one (one payment list per period).
    Refused (ValidationError, nothing written) when the period is not whole months or a rate it needs is 0."""
    krev(bruker, "add", Tilskuddsberegning, fylke_id)
    sjekk_periode(fra, til)
    satser = les_satser(fylke_id, fra, til)
    sjekk_satser(satser)
    # One computation of a county and period at a time: a second run waits for the first to commit.
    with connection.cursor() as c:
        c.execute("SELECT pg_advisory_xact_lock(%s, %s)", [815_113, int(fylke_id)])
    tidligere = list(
        Tilskuddsberegning.objects.filter(fylke_id=fylke_id, fra=fra, til=til).values_list("pk", flat=True)
    )
    _slett(tidligere)
    beregning = Tilskuddsberegning.objects.create(
        fylke_id=fylke_id, fra=fra, til=til, kjoring=kjoring, satser=satser
    )
    mnd = maneder(fra, til)
    hent = satser_for(satser)
    param = {
        "beregning": beregning.pk,
        "fylke": fylke_id,
        "fra": fra,
        "til": til,
        "start": satser["tilskudd_start"],
        "maneder": mnd,
        "bt1": [hent(m).basistilskudd_1 for m in mnd],
        "bt2": [hent(m).basistilskudd_2 for m in mnd],
        "lk": [hent(m).laerekandidat for m in mnd],
    }
    with connection.cursor() as c:
        c.execute(_sql(_LINJER_SQL), param)
        c.execute(_sql(_UTBETALING_SQL), param)
        c.execute(_sql(_SUM_SQL), param)
        kontrakter, bedrifter, total, lk_maneder = c.fetchone()
    if lk_maneder:
        brukt = {m.isoformat() for m in lk_maneder}
        sjekk_satser(
            {**satser, "skolear": {kode: s for kode, s in satser["skolear"].items()
                                   if any(satser["maneder"][m] == kode for m in brukt)}},
            lk_brukt=True,
        )  # fmt: skip
    beregning.antall_kontrakter = kontrakter
    beregning.antall_bedrifter = bedrifter
    beregning.sum = total
    beregning.save(update_fields=["antall_kontrakter", "antall_bedrifter", "sum"])
    tekst = _("Tilskudd beregnet for %(fra)s–%(til)s: %(k)s kontrakter, %(b)s bedrifter, %(sum)s.") % {
        "fra": regel.dato(fra), "til": regel.dato(til), "k": kontrakter, "b": bedrifter, "sum": regel.kr(total),
    }  # fmt: skip
    if tidligere:
        tekst += " " + _("Erstatter en tidligere beregning for samme periode.")
    hendelse(
        Hendelsestype.TILSKUDD_BEREGNET,
        bruker=bruker,
        fylke_id=fylke_id,
        tekst=tekst,
        data={"beregning": beregning.pk, "fra": fra.isoformat(), "til": til.isoformat(), "erstatter": tidligere,
              "kjoring": getattr(kjoring, "pk", None)},
    )  # fmt: skip
    return beregning
