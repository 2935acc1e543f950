"""Lærlingtilskudd per contract and month (docs/fagopplaering/tilskudd.md; docs/fagopplaering/domene.md §8 and §0.1).

Framework-free: plain Python, ``Decimal`` and ``datetime``. ``fagopplaering.services.tilskudd`` computes the same
numbers set-based in SQL for a whole county; the tests prove both give the same lines, and the job checks it again
line by line when it writes the explanation file. Every line carries its explanation (Norwegian sentences).

The rule, in the order it is applied:

1. **Who gets tilskudd.** Only a contract the county has approved (status godkjent or avsluttet with a
   godkjent dato, C14), whose kontraktstype gives tilskudd (C13, e.g. not Vg3 i skole) and that is not registered
   «uten tilskudd» (e.g. an extension without tilskudd, ofo § 9-55).
2. **From when.** From læretid fra (C05): the approval does not move the start (ol-2023 § 7-2 tredje ledd), or,
   when the county's parameter ``fagopplaering.tilskudd_start`` says so, from the 1st of the month before the
   approval (never before læretid fra).
3. **Until when.** Læretid til (C06, already extended by avbrudd), or the day the contract ended (C10) if earlier.
4. **Days.** In each month: the days in [from, until] that no avbrudd covers (an open avbrudd covers every later
   day); overlapping avbrudd count once.
5. **Ordning.** Basistilskudd I (BT1) with ungdomsrett at the start, Basistilskudd II (BT2) without it and always
   for fagbrev på jobb. A lærekandidat gets the county's lærekandidat addition on top: the line's ordning is then
   LK and its sats the sum of both parts.
6. **Monthly sats.** BT1 is a yearly amount per year of opplæring spread evenly over the whole læretid in bedrift:
   yearly × opplæringstid / (12 × læretid i bedrift), which is yearly / 12 when the opplæringstid (C18) is not
   registered or is the whole læretid. BT2 is monthly. The LK addition is yearly / 12. Each part is rounded to
   øre (ROUND_HALF_UP) and the parts are added.
7. **Amount.** sats × days / days in the month, rounded to øre (ROUND_HALF_UP); a whole month gives the sats.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from fagopplaering.regler.datoer import (
    dager_i_maned,
    forste_i_maned,
    legg_til_maneder,
    maneder,
    siste_i_maned,
)

DOK = "docs/fagopplaering/tilskudd.md"
KILDE = "docs/fagopplaering/domene.md §8"
ORE = Decimal("0.01")

BT1 = "BT1"
BT2 = "BT2"
LK = "LK"
ORDNINGSNAVN = {BT1: "Basistilskudd I", BT2: "Basistilskudd II", LK: "Tilskudd for lærekandidat"}

FRA_LAERETID = "laeretid_fra"
FRA_MANED_FOR_GODKJENNING = "maned_for_godkjenning"
STARTREGLER = (FRA_LAERETID, FRA_MANED_FOR_GODKJENNING)

GODKJENTE_STATUSER = ("godkjent", "avsluttet")
FAGBREV_PA_JOBB = "fagbrev_pa_jobb"
LAEREKANDIDAT = "laerekandidat"

MANEDSNAVN = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
              "november", "desember")  # fmt: skip


def rund(belop: Decimal) -> Decimal:
    """To øre, half up (PostgreSQL's ``round(numeric, 2)`` does the same for the positive amounts here)."""
    return belop.quantize(ORE, rounding=ROUND_HALF_UP)


def kr(belop: Decimal) -> str:
    """«183 093,00 kr»."""
    return f"{rund(Decimal(belop)):,.2f}".replace(",", " ").replace(".", ",") + " kr"


def dato(d: datetime.date) -> str:
    return f"{d:%d.%m.%Y}"


def manedsnavn(maned: datetime.date) -> str:
    return f"{MANEDSNAVN[maned.month - 1]} {maned.year}"


@dataclass(frozen=True)
class Satser:
    """The county's rates that apply to one month (read from the parameters of the month's school year)."""

    basistilskudd_1: Decimal  # kr per year of full-time opplæring
    basistilskudd_2: Decimal  # kr per month
    laerekandidat: Decimal  # kr per year, on top of BT1/BT2
    skolear: str = ""


@dataclass(frozen=True)
class Kontraktgrunnlag:
    """What the rule reads of a contract (``fagopplaering.selectors.tilskudd.grunnlag`` builds it from a Kontrakt)."""

    laeretid_fra: datetime.date
    laeretid_til: datetime.date
    netto_laeretid_mnd: int
    status: str
    godkjent_dato: datetime.date | None
    ungdomsrett: bool = True
    kandidattype: str = "laerling"
    kontraktstype: str = "LK"
    gir_tilskudd: bool = True
    tilskudd: bool = True
    netto_opplaeringstid_mnd: int | None = None
    godskriving_mnd: int = 0
    avsluttet_dato: datetime.date | None = None
    avbrudd: tuple[tuple[datetime.date, datetime.date | None], ...] = ()


@dataclass(frozen=True)
class Linje:
    """What one contract earns in one month, with the sentences that explain it."""

    maned: datetime.date
    ordning: str
    dager: int
    dager_i_maned: int
    sats: Decimal
    belop: Decimal
    forklaring: tuple[str, ...] = ()


@dataclass
class Resultat:
    linjer: list[Linje] = field(default_factory=list)
    forklaring: list[str] = field(default_factory=list)  # about the contract as a whole

    @property
    def sum(self) -> Decimal:
        return sum((linje.belop for linje in self.linjer), Decimal("0.00"))


# --- The pieces of the rule -------------------------------------------------------------------------------------


def utelukket(k: Kontraktgrunnlag) -> str | None:
    """Why the contract gives no tilskudd at all, or None."""
    if k.status not in GODKJENTE_STATUSER or k.godkjent_dato is None:
        return (
            "Kontrakten er ikke godkjent av fylkeskommunen, og tilskudd gis bare for godkjente kontrakter "
            f"({KILDE}; {DOK})."
        )
    if not k.gir_tilskudd:
        return f"Kontraktstypen {k.kontraktstype} gir ikke lærlingtilskudd ({DOK}, «Hvem får tilskudd»)."
    if not k.tilskudd:
        return (
            "Kontrakten er registrert uten tilskudd (for eksempel forlenget uten tilskudd, "
            f"opplæringsforskrifta § 9-55) ({DOK})."
        )
    return None


def tilskudd_fra(k: Kontraktgrunnlag, startregel: str) -> datetime.date:
    """The first day that can give tilskudd (only meaningful for an approved contract)."""
    if startregel == FRA_MANED_FOR_GODKJENNING and k.godkjent_dato is not None:
        return max(k.laeretid_fra, legg_til_maneder(forste_i_maned(k.godkjent_dato), -1))
    return k.laeretid_fra


def tilskudd_til(k: Kontraktgrunnlag) -> datetime.date:
    """The last day that can give tilskudd: læretid til, or the day the contract ended if earlier (included)."""
    if k.avsluttet_dato is not None:
        return min(k.laeretid_til, k.avsluttet_dato)
    return k.laeretid_til


def ordning(k: Kontraktgrunnlag) -> str:
    """The line's ordning: BT1/BT2 for the base, LK when the lærekandidat addition comes on top."""
    if k.kandidattype == LAEREKANDIDAT:
        return LK
    return grunnordning(k)


def grunnordning(k: Kontraktgrunnlag) -> str:
    if k.kandidattype == FAGBREV_PA_JOBB or not k.ungdomsrett:
        return BT2
    return BT1


def maneder_i_bedrift(k: Kontraktgrunnlag) -> int:
    """Læretid in bedrift in months: netto læretid (C16) less godskriving, as læretid til is computed."""
    return max(k.netto_laeretid_mnd - k.godskriving_mnd, 0)


def bt1_andel(k: Kontraktgrunnlag) -> tuple[int, int] | None:
    """(opplæringstid, læretid i bedrift) when BT1 is spread over a læretid longer than the opplæringstid."""
    mnd = maneder_i_bedrift(k)
    opp = k.netto_opplaeringstid_mnd
    if opp is None or mnd <= 0 or opp >= mnd:
        return None
    return opp, mnd


def manedssats(k: Kontraktgrunnlag, satser: Satser) -> tuple[Decimal, list[str]]:
    """The monthly sats of the contract and the sentences that show how it is made."""
    setninger: list[str] = []
    skolear = f" (satsen for skoleåret {satser.skolear})" if satser.skolear else ""
    if grunnordning(k) == BT1:
        andel = bt1_andel(k)
        if andel is None:
            grunn = rund(satser.basistilskudd_1 / 12)
            setninger.append(
                f"Basistilskudd I: {kr(satser.basistilskudd_1)} per år / 12 = {kr(grunn)} per måned{skolear}."
            )
        else:
            opp, mnd = andel
            grunn = rund(satser.basistilskudd_1 * opp / (12 * mnd))
            setninger.append(
                f"Basistilskudd I: {kr(satser.basistilskudd_1)} per år med opplæring × {opp} måneder opplæringstid "
                f"fordelt jevnt over {mnd} måneder læretid i bedrift = {kr(grunn)} per måned{skolear}."
            )
    else:
        grunn = rund(satser.basistilskudd_2)
        setninger.append(f"Basistilskudd II: {kr(grunn)} per måned{skolear}.")
    if k.kandidattype != LAEREKANDIDAT:
        return grunn, setninger
    tillegg = rund(satser.laerekandidat / 12)
    setninger.append(
        f"Tillegg for lærekandidat: {kr(satser.laerekandidat)} per år / 12 = {kr(tillegg)} per måned; "
        f"sats i alt {kr(grunn)} + {kr(tillegg)} = {kr(grunn + tillegg)} per måned."
    )
    return grunn + tillegg, setninger


def _dekket(avbrudd: Iterable[tuple[datetime.date, datetime.date | None]], fra, til) -> list[tuple]:
    """The parts of [fra, til] the avbrudd cover, merged (overlapping avbrudd count once)."""
    deler = []
    for a_fra, a_til in avbrudd:
        s, e = max(a_fra, fra), min(a_til or til, til)
        if s <= e:
            deler.append((s, e))
    deler.sort()
    slatt: list[list] = []
    for s, e in deler:
        if slatt and s <= slatt[-1][1] + datetime.timedelta(days=1):
            slatt[-1][1] = max(slatt[-1][1], e)
        else:
            slatt.append([s, e])
    return [(s, e) for s, e in slatt]


def lopende_dager(k: Kontraktgrunnlag, maned: datetime.date, startregel: str) -> tuple[int, list[str]]:
    """Days of the month that give tilskudd, with what limited them."""
    m0, m1 = forste_i_maned(maned), siste_i_maned(maned)
    fra, til = max(tilskudd_fra(k, startregel), m0), min(tilskudd_til(k), m1)
    if fra > til:
        return 0, []
    grenser = []
    if fra > m0:
        grenser.append(f"tilskudd fra {dato(fra)}")
    if til < m1:
        grenser.append(f"til og med {dato(til)}")
    dekket = _dekket(k.avbrudd, fra, til)
    avbruddsdager = sum((e - s).days + 1 for s, e in dekket)
    if dekket:
        perioder = ", ".join(f"{dato(s)}–{dato(e)}" for s, e in dekket)
        grenser.append(f"{avbruddsdager} dager i avbrudd ({perioder}) trukket fra")
    return (til - fra).days + 1 - avbruddsdager, grenser


# --- The rule -------------------------------------------------------------------------------------------------


def beregn_maned(k: Kontraktgrunnlag, maned: datetime.date, satser: Satser, startregel: str) -> Linje | None:
    """The line for one month, or None when the contract gives nothing that month."""
    if utelukket(k) is not None:
        return None
    maned = forste_i_maned(maned)
    dager, grenser = lopende_dager(k, maned, startregel)
    if dager <= 0:
        return None
    dim = dager_i_maned(maned)
    sats, satsforklaring = manedssats(k, satser)
    belop = rund(sats * dager / dim)
    ordn = ordning(k)
    hvorfor = {
        BT1: "lærling eller lærekandidat med ungdomsrett ved kontraktens start",
        BT2: "fagbrev på jobb"
        if k.kandidattype == FAGBREV_PA_JOBB
        else "uten ungdomsrett ved kontraktens start",
    }[grunnordning(k)]
    setninger = [
        f"{manedsnavn(maned).capitalize()}: kontrakten gir tilskudd {dager} av {dim} dager"
        + (f" ({'; '.join(grenser)})" if grenser else "")
        + f" ({DOK}, «Dager»).",
        f"Ordning {ordn}: {ORDNINGSNAVN[grunnordning(k)]} fordi det gjelder {hvorfor}"
        + (", med tillegg for lærekandidat" if ordn == LK else "")
        + f" ({KILDE}).",
        f"Kontrakten er godkjent {dato(k.godkjent_dato)} og gjelder fra læretiden startet {dato(k.laeretid_fra)} "
        "(opplæringslova 2023 § 7-2 tredje ledd).",
        *satsforklaring,
        (
            f"Beløp: {kr(sats)} for hele måneden."
            if dager == dim
            else f"Beløp: {kr(sats)} × {dager}/{dim} dager = {kr(belop)} (avrundet til hele øre)."
        ),
    ]
    return Linje(maned, ordn, dager, dim, sats, belop, tuple(setninger))


def forklar_kontrakt(k: Kontraktgrunnlag, startregel: str) -> list[str]:
    """Sentences about the contract as a whole: whether and from/to when it gives tilskudd."""
    grunn = utelukket(k)
    if grunn is not None:
        return [grunn]
    fra, til = tilskudd_fra(k, startregel), tilskudd_til(k)
    if startregel == FRA_MANED_FOR_GODKJENNING:
        start = (
            f"Fylket gir tilskudd fra den 1. i måneden før kontrakten ble godkjent ({dato(k.godkjent_dato)}), "
            f"men ikke før læretiden startet ({dato(k.laeretid_fra)}): fra {dato(fra)}."
        )
    else:
        start = (
            f"Kontrakten ble godkjent {dato(k.godkjent_dato)} og gjelder fra læretiden startet {dato(k.laeretid_fra)} "
            f"(opplæringslova 2023 § 7-2 tredje ledd), så tilskuddet regnes fra {dato(fra)}."
        )
    slutt = (
        f"Kontrakten ble avsluttet {dato(k.avsluttet_dato)}; tilskudd til og med {dato(til)}."
        if k.avsluttet_dato is not None and k.avsluttet_dato < k.laeretid_til
        else f"Læretiden varer til {dato(k.laeretid_til)} (forlenget med registrerte avbrudd); tilskudd til og med "
        f"{dato(til)}."
    )
    setninger = [start, slutt]
    if fra > til:
        setninger.append("Perioden med tilskudd er tom.")
    if any(t is None for _, t in k.avbrudd):
        setninger.append(
            "Et avbrudd uten sluttdato stopper tilskuddet fra avbruddet starter til det avsluttes."
        )
    setninger.append(f"Regelen er beskrevet i {DOK} ({KILDE}).")
    return setninger


def beregn(
    k: Kontraktgrunnlag,
    fra: datetime.date,
    til: datetime.date,
    satser_for: Callable[[datetime.date], Satser],
    startregel: str = FRA_LAERETID,
) -> Resultat:
    """Every month of [fra, til] (whole months) that gives tilskudd. ``satser_for(maned)`` gives the month's rates."""
    if startregel not in STARTREGLER:
        raise ValueError(f"Ukjent regel for når tilskudd starter: {startregel!r}")
    resultat = Resultat(forklaring=forklar_kontrakt(k, startregel))
    if utelukket(k) is not None:
        return resultat
    for maned in maneder(fra, til):
        linje = beregn_maned(k, maned, satser_for(maned), startregel)
        if linje is not None:
            resultat.linjer.append(linje)
    return resultat


def halvar(ar: int, halvdel: int) -> tuple[datetime.date, datetime.date]:
    """1. halvår = January–June, 2. halvår = July–December (paid in arrears in July and January, §8)."""
    if halvdel not in (1, 2):
        raise ValueError("Halvår må være 1 eller 2.")
    if halvdel == 1:
        return datetime.date(ar, 1, 1), datetime.date(ar, 6, 30)
    return datetime.date(ar, 7, 1), datetime.date(ar, 12, 31)


def sjekk_periode(fra: datetime.date, til: datetime.date) -> list[str]:
    """What is wrong with a computation period (whole months, fra before til, at most 12 months)."""
    feil = []
    if fra != forste_i_maned(fra):
        feil.append(f"Perioden må starte den 1. i en måned (fikk {dato(fra)}).")
    if til != siste_i_maned(til):
        feil.append(f"Perioden må slutte den siste dagen i en måned (fikk {dato(til)}).")
    if til < fra:
        feil.append("Periodens slutt er før starten.")
    elif len(maneder(fra, til)) > 12:
        feil.append("En beregning kan omfatte høyst 12 måneder.")
    return feil


def sum_linjer(linjer: Sequence[Linje]) -> Decimal:
    return sum((linje.belop for linje in linjer), Decimal("0.00"))
