"""The intake figures (docs/statistikk.md, «Inntak»): one GROUP BY each, counts only, filters applied in SQL.

Scoping arrives in the ``Filter`` (``rapporter.statistikk.tilgang`` builds it from the user): ``fylke_ider`` limits
to the county that handles the søknad or ran the round, ``skole_ider`` (a school user) to the school of the place
or, for an applicant without a place, of the first wish – the same rule the chosen school follows.
"""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext_lazy

from kodeverk.niva import Niva
from rapporter.statistikk.figur import Filter, Nokkeltall, Tabell, registrer

UTEN_PROGRAM = "Uten utdanningsprogram"
# Placed through a published, real round only: simulations (prøveinntak) are never the county's decision.
PUBLISERT = "ik.publisert AND NOT ik.simulering"


def _hent(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as c:
        c.execute(sql, params)
        return c.fetchall()


def _vilkar(f: Filter, *, fylke: str, skole: str, skolear: str | None = "sa.kode") -> tuple[list[str], list]:
    """WHERE parts for the filter: ``fylke``/``skole`` are the SQL columns that carry county and school."""
    deler: list[str] = []
    params: list = []
    if f.fylke_ider is not None:
        deler.append(f"{fylke} = ANY(%s)")
        params.append(list(f.fylke_ider))
    if f.skole_ider is not None:
        deler.append(f"{skole} = ANY(%s)")
        params.append(list(f.skole_ider))
    if f.skole_id is not None:
        deler.append(f"{skole} = %s")
        params.append(f.skole_id)
    if f.utdanningsprogram:
        deler.append("up.kode = %s")
        params.append(f.utdanningsprogram)
    if f.skolear and skolear:
        deler.append(f"{skolear} = %s")
        params.append(f.skolear)
    return deler, params


# --- a) applicants per programme of the first wish -----------------------------------------------------------
def sokere_per_program(f: Filter) -> Tabell:
    # Counted per first-wish tilbud first (one pass over the county's søknader), then the few thousand tilbud are
    # joined to school, programme and year: the filters on those apply to the small result, not to every søknad.
    indre, indre_params = ["s.status NOT IN ('preutfylt', 'trukket')"], []
    if f.fylke_ider is not None:
        indre.append("s.fylke_id = ANY(%s)")
        indre_params.append(list(f.fylke_ider))
    if f.skolear:
        indre.append("s.skolear_id = (SELECT id FROM kodeverk_skolear WHERE kode = %s)")
        indre_params.append(f.skolear)
    deler, params = _vilkar(Filter(skole_id=f.skole_id, utdanningsprogram=f.utdanningsprogram,
                                   skole_ider=f.skole_ider), fylke="", skole="tb.skole_id")  # fmt: skip
    sql = f"""
        WITH per_tilbud AS (
            SELECT o.tilbud_id, s.skolear_id, COUNT(*) AS antall
            FROM inntak_soknad s
            JOIN inntak_onske o ON o.soknad_id = s.id AND o.nr = 1
            WHERE {" AND ".join(indre)}
            GROUP BY 1, 2
        )
        SELECT COALESCE(up.navn, %s) AS program, sa.kode, SUM(pt.antall)
        FROM per_tilbud pt
        JOIN inntak_tilbud tb ON tb.id = pt.tilbud_id
        JOIN kodeverk_programomrade po ON po.id = tb.programomrade_id
        LEFT JOIN kodeverk_utdanningsprogram up ON up.id = po.utdanningsprogram_id
        JOIN kodeverk_skolear sa ON sa.id = pt.skolear_id
        WHERE TRUE {"".join(" AND " + d for d in deler)}
        GROUP BY 1, 2
        ORDER BY 1, 2
    """
    rader = _hent(sql, [*indre_params, UTEN_PROGRAM, *params])
    return Tabell(
        kolonner=("Utdanningsprogram", "Skoleår", "Søkere"),
        rader=[(p, ar, int(n)) for p, ar, n in rader],
        diagram="stolper",
        kategori_kolonne=0,
        serie_fra_kolonne=1,
        verdi_kolonne=2,
        forklaring=(
            "Søknader som er sendt (ikke preutfylte eller trukne), talt etter utdanningsprogrammet til "
            "tilbudet i førsteønsket og skoleåret søknaden gjelder. Valgt skole er skolen i førsteønsket. "
            "Se docs/statistikk.md."
        ),
        enhet="søkere",
    )


# --- b) intake result per published round --------------------------------------------------------------------
RESULTAT_KOLONNER = ("Runde", "Ønske 1", "Ønske 2", "Ønske 3 eller senere", "Fast plass utenfor ønskene",
                     "Uten plass")  # fmt: skip


def inntaksresultat_per_runde(f: Filter) -> Tabell:
    deler, params = _vilkar(f, fylke="ik.fylke_id", skole="tb.skole_id")
    if f.skole_id is None and f.skole_ider is None and not f.utdanningsprogram:
        # The whole county: the counts the intake run stored when it was written (inntak/kjoring/lagring.py, the
        # same numbers the run's own page shows), summed over the counties in the view.
        sql = f"""
            SELECT sa.kode, ik.niva, ik.runde, SUM(ik.antall_onske1), SUM(ik.antall_onske2),
                   SUM(ik.antall_onske3_pluss), SUM(ik.antall_utenfor_onsker), SUM(ik.antall_uten_plass)
            FROM inntak_inntakskjoring ik
            JOIN kodeverk_skolear sa ON sa.id = ik.skolear_id
            WHERE {PUBLISERT} {"".join(" AND " + d for d in deler)}
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
        """
    else:
        # Per school or programme: from the tildelinger. A placed applicant counts at the place, an unplaced one
        # at the first wish.
        sql = f"""
            SELECT sa.kode, ik.niva, ik.runde,
                   COUNT(*) FILTER (WHERE t.tilbud_id IS NOT NULL AND t.onske_nr = 1),
                   COUNT(*) FILTER (WHERE t.tilbud_id IS NOT NULL AND t.onske_nr = 2),
                   COUNT(*) FILTER (WHERE t.tilbud_id IS NOT NULL AND t.onske_nr >= 3),
                   COUNT(*) FILTER (WHERE t.tilbud_id IS NOT NULL AND t.onske_nr = 0),
                   COUNT(*) FILTER (WHERE t.tilbud_id IS NULL)
            FROM inntak_tildeling t
            JOIN inntak_inntakskjoring ik ON ik.id = t.inntakskjoring_id
            JOIN kodeverk_skolear sa ON sa.id = ik.skolear_id
            LEFT JOIN inntak_onske o1 ON t.tilbud_id IS NULL AND o1.soknad_id = t.soknad_id AND o1.nr = 1
            JOIN inntak_tilbud tb ON tb.id = COALESCE(t.tilbud_id, o1.tilbud_id)
            JOIN kodeverk_programomrade po ON po.id = tb.programomrade_id
            LEFT JOIN kodeverk_utdanningsprogram up ON up.id = po.utdanningsprogram_id
            WHERE {PUBLISERT} {"".join(" AND " + d for d in deler)}
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
        """
    navn = dict(Niva.choices)
    rader = [
        (f"{ar} {navn.get(niva, niva)} runde {runde}", *(int(x) for x in tall))
        for ar, niva, runde, *tall in _hent(sql, params)
    ]
    return Tabell(
        kolonner=RESULTAT_KOLONNER,
        rader=rader,
        diagram="stablet",
        kategori_kolonne=0,
        forklaring=(
            "Hver publiserte inntaksrunde (ikke prøveinntak): søkere som fikk plass på ønske 1, ønske 2 eller "
            "ønske 3 og senere, fast plass eller beholdt plass utenfor ønskene, og søkere uten plass. Med valgt "
            "skole eller program telles søkere med plass der plassen er, og søkere uten plass etter "
            "førsteønsket. Se docs/statistikk.md."
        ),
        enhet="søkere",
    )


# --- c) points thresholds per tilbud over the years ---------------------------------------------------------
def poenggrenser_over_ar(f: Filter) -> Tabell:
    # The thresholds the intake engine stored per tilbud and run (inntak.Poenggrense, the public page's data):
    # the lowest over the year's published rounds is the lowest points anyone was admitted with that year.
    deler, params = _vilkar(f, fylke="ik.fylke_id", skole="tb.skole_id", skolear=None)
    sql = f"""
        SELECT sk.navn || ' – ' || po.navn AS tilbud, sa.kode, MIN(pg.poeng)
        FROM inntak_poenggrense pg
        JOIN inntak_inntakskjoring ik ON ik.id = pg.inntakskjoring_id
        JOIN inntak_tilbud tb ON tb.id = pg.tilbud_id
        JOIN kodeverk_skole sk ON sk.id = tb.skole_id
        JOIN kodeverk_programomrade po ON po.id = tb.programomrade_id
        LEFT JOIN kodeverk_utdanningsprogram up ON up.id = po.utdanningsprogram_id
        JOIN kodeverk_skolear sa ON sa.id = ik.skolear_id
        WHERE {PUBLISERT} AND pg.kvote = '' AND pg.status = 'poeng' AND pg.poeng IS NOT NULL
              {"".join(" AND " + d for d in deler)}
        GROUP BY 1, 2
        ORDER BY 1, 2
    """
    return Tabell(
        kolonner=("Tilbud", "Skoleår", "Poenggrense"),
        rader=_hent(sql, params),
        diagram="linje",
        kategori_kolonne=1,
        serie_fra_kolonne=0,
        verdi_kolonne=2,
        forklaring=(
            "Laveste poengsum som ga plass på tilbudet, per skoleår: den laveste poenggrensen i årets publiserte "
            "runder (kvoten etter poeng; tilbud der alle søkere ble tatt inn har ingen grense). Velg skole eller "
            "utdanningsprogram for å se færre tilbud. Se docs/statistikk.md."
        ),
        enhet="poeng",
    )


registrer(
    Nokkeltall(
        kode="sokere-per-program",
        tittel=gettext_lazy("Søkere per utdanningsprogram og førsteønske"),
        omrade="Inntak",
        beregn=sokere_per_program,
        beskrivelse=gettext_lazy("Antall søkere etter utdanningsprogrammet i førsteønsket, per skoleår."),
    )
)
registrer(
    Nokkeltall(
        kode="inntaksresultat-per-runde",
        tittel=gettext_lazy("Inntaksresultat per runde"),
        omrade="Inntak",
        beregn=inntaksresultat_per_runde,
        beskrivelse=gettext_lazy(
            "Plass på ønske 1, 2, 3 eller senere, og uten plass, i hver publiserte runde."
        ),
    )
)
registrer(
    Nokkeltall(
        kode="poenggrenser",
        tittel=gettext_lazy("Poenggrenser per tilbud over år"),
        omrade="Inntak",
        beregn=poenggrenser_over_ar,
        beskrivelse=gettext_lazy("Laveste poengsum som ga plass, per tilbud og skoleår."),
        filtre=("skole", "utdanningsprogram"),
    )
)
